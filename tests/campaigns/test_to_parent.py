"""Up to the province: the city's approved list for provincial awards becomes the city's
recommendation in the province's campaign, within the city's quota there."""

from pathlib import Path

import yaml
from tests.campaigns.conftest import complete
from tests.factories import (
    OrganizationFactory,
    TitleFactory,
    UserFactory,
    all_stages_open,
    reach_stage,
    with_role,
)

from wenming.accounts.models import Role
from wenming.audit.models import AuditEvent
from wenming.campaigns import services
from wenming.campaigns.models import Application
from wenming.domain.application_states import Action

TABLE = Path(__file__).parents[2] / "src/wenming/campaigns/data/eligibility-20.yaml"


def test_city_submits_its_approved_provincial_list_to_the_province(world, cast, campaign):
    province_office = with_role(UserFactory(), Role.OFFICE, region=world.province)
    table = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    award = {"category": "unit", "level": "provincial", "framework": campaign.framework}
    parent = services.campaign_create(
        acting_user=province_office,
        name="Province 20th",
        edition=20,
        office=world.province,
        eligibility_table=table,
        stages=all_stages_open(),
        awards=[award],
    )
    services.quota_set(
        acting_user=province_office,
        award=parent.awards.get(),
        places=1,
        reason="initial",
        region=world.city,
    )
    city = campaign.campaign
    city.parent = parent
    city.save()
    provincial = city.awards.create(**award)
    services.quota_set(
        acting_user=cast.city, award=provincial, places=2, reason="initial", region=world.east
    )
    approved = []
    for name in ("First", "Second"):
        org = OrganizationFactory(name=name, region=world.east)
        TitleFactory(organization=org, model=True, edition=19)  # 市级文明单位标兵
        contact = with_role(UserFactory(), Role.APPLICANT, organization=org)
        application = services.application_start(
            acting_user=contact, campaign=city, award=provincial, organization=org
        )
        complete(application, contact)
        services.application_submit(acting_user=contact, application=application)
        approved.append(application)
    reach_stage(city, "recommendation")
    services.recommend(
        acting_user=cast.county, award=provincial, recommended=approved, region=world.east
    )
    for application in approved:
        application.refresh_from_db()
        for action in (Action.ASSESS, Action.SCREEN, Action.PUBLISH, Action.APPROVE):
            services.application_move(
                acting_user=cast.city, applications=application, action=action
            )

    reach_stage(parent, "recommendation")
    services.recommendation_to_parent(acting_user=cast.city, campaign=city)

    upward = {a.organization.name: a for a in Application.objects.filter(campaign=parent)}
    assert {name: a.status for name, a in upward.items()} == {
        "First": "recommended",
        "Second": "alternate",  # the city has one place in the province's campaign
    }
    assert upward["First"].region == world.city
    assert upward["First"].self_marks.count() == approved[0].self_marks.count()
    assert AuditEvent.objects.filter(action="campaign.submit_to_parent").count() == 1
