"""Assessed applicants of the test campaign, their alternates, and two member departments.

East county, 市级文明单位: East Unit and East Extra assessed, East Alt 1 (rank 3) and
East Alt 2 (rank 4) alternates; west county: West Unit assessed, West Alt alternate.
Member departments of the city: Police Bureau (``cast.reviewer``) and Tax Bureau
(``tax_reviewer``); the east county's own member department is not asked.
"""

import io
from dataclasses import dataclass

import pytest
from django.db import transaction
from pypdf import PdfWriter
from tests.campaigns.conftest import Setup, campaign  # noqa: F401 - the fixture, reused
from tests.factories import BodyFactory, OrganizationFactory, UserFactory, reach_stage, with_role

from wenming.accounts.models import Role, User
from wenming.campaigns.models import Application
from wenming.campaigns.services import application_move
from wenming.domain.application_states import Action
from wenming.registry.models import Body, Organization

TO_ASSESSED = (Action.SUBMIT, Action.RECOMMEND, Action.ASSESS)
TO_ALTERNATE = (Action.SUBMIT, Action.KEEP_AS_ALTERNATE)


def applicant(
    setup: Setup, org: Organization, actions: tuple[Action, ...], user: User, rank: int
) -> Application:
    """An application of ``org`` moved through ``actions`` by the state machine."""
    region = org.region
    while region.level not in ("county", "city"):
        region = region.parent
    application = Application.objects.create(
        campaign=setup.campaign,
        award=setup.unit,
        organization=org,
        region=region,
        rank=rank,
        created_by=user,
    )
    with transaction.atomic():
        for act in actions:
            application_move(acting_user=user, applications=application, action=act)
    return application


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass
class Screening:
    setup: Setup
    apps: dict[str, Application]
    police: Body
    tax: Body
    tax_reviewer: User


@pytest.fixture
def screening(world, cast, campaign) -> Screening:  # noqa: F811 - the fixture above
    names = [
        ("East Unit", world.east, TO_ASSESSED, 1),
        ("East Extra", world.east, TO_ASSESSED, 2),
        ("East Alt 2", world.east, TO_ALTERNATE, 4),
        ("East Alt 1", world.east, TO_ALTERNATE, 3),
        ("West Unit", world.west, TO_ASSESSED, 1),
        ("West Alt", world.west, TO_ALTERNATE, 2),
    ]
    apps = {}
    for name, region, actions, rank in names:
        org = (
            world.east_unit
            if name == "East Unit"
            else world.west_unit
            if name == "West Unit"
            else OrganizationFactory(name=name, region=region)
        )
        apps[name] = applicant(campaign, org, actions, cast.city, rank)
    tax = BodyFactory(name="Tax Bureau", region=world.city, supervises=False, screens=True)
    BodyFactory(name="East Police", region=world.east, supervises=False, screens=True)
    cast.reviewer.email = "police@example.org"
    cast.reviewer.save()
    tax_reviewer = with_role(
        UserFactory(username="tax", email="tax@example.org"), Role.REVIEWER, body=tax
    )
    reach_stage(campaign.campaign, "screening")
    return Screening(campaign, apps, world.screening, tax, tax_reviewer)
