"""Families at the assessment stage: three recommended 文明家庭 applications of the east
county, waiting for the office's central review."""

import pytest
from tests.campaigns.conftest import (
    FamilySetup,
    family,  # noqa: F401 - the fixture, reused
    fill_family_form,
)
from tests.factories import OrganizationFactory, UserFactory, reach_stage, with_role

from wenming.accounts.models import Role
from wenming.campaigns import services
from wenming.campaigns.models import Application


@pytest.fixture
def recommended(world, cast, family: FamilySetup) -> list[Application]:  # noqa: F811
    """张建国家庭, 李家 and 王家, submitted, recommended by the east county office, with
    the application and recommendation stages closed."""
    families = [family.family] + [
        OrganizationFactory(name=name, kind="family", unit_type="", region=world.village_region)
        for name in ("李家", "王家")
    ]
    contacts = [family.contact] + [
        with_role(UserFactory(), Role.APPLICANT, organization=org) for org in families[1:]
    ]
    applications = []
    for org, contact in zip(families, contacts, strict=True):
        application = services.application_start(
            acting_user=contact, campaign=family.campaign, award=family.award, organization=org
        )
        fill_family_form(application, contact, world.village)
        services.application_submit(acting_user=contact, application=application)
        applications.append(application)
    reach_stage(family.campaign, "recommendation")
    services.recommend(
        acting_user=cast.county, award=family.award, recommended=applications, region=world.east
    )
    reach_stage(family.campaign, "assessment")
    return [Application.objects.get(pk=a.pk) for a in applications]
