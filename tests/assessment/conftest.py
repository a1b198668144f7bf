"""A campaign of the test world with recommended applicants in both counties, and a
cross-inspection round with one group from each county.

East: East Unit, East Village, East Extra; west: West Unit, West School; city: Direct Unit.
The east group is led by ``cast.assessor``; the west group by ``west_assessor``.
The assessment stage is open (application and recommendation closed).
"""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from tests.campaigns.conftest import Setup, campaign  # noqa: F401 - the fixture, reused
from tests.factories import OrganizationFactory, UserFactory, reach_stage, with_role

from wenming.accounts.models import Role, User
from wenming.assessment import services
from wenming.assessment.models import Assignment, Mark, Round
from wenming.assessment.sheet import sheet
from wenming.campaigns.models import Application
from wenming.visits.models import Group


@dataclass
class Assessment:
    setup: Setup
    round: Round
    east_group: Group
    west_group: Group
    west_assessor: User
    apps: dict[str, Application]

    def assignment(self, name: str) -> Assignment:
        return Assignment.objects.get(round=self.round, application=self.apps[name])


@pytest.fixture
def assessment(world, cast, campaign) -> Assessment:  # noqa: F811 - the fixture above
    extra = OrganizationFactory(name="East Extra", region=world.east)
    orgs = [world.east_unit, world.village, extra, world.west_unit, world.school, world.direct_unit]
    apps = {}
    for org in orgs:
        region = org.region
        while region.level not in ("county", "city"):
            region = region.parent
        apps[org.name] = Application.objects.create(
            campaign=campaign.campaign,
            award=campaign.unit,
            organization=org,
            status="recommended",
            region=None if org.body_id else region,
            body_id=org.body_id,
            created_by=cast.city,
        )
    reach_stage(campaign.campaign, "assessment")
    round_ = services.round_create(
        acting_user=cast.city, campaign=campaign.campaign, kind="cross_inspection", name="交叉互检"
    )
    east = services.group_create(
        acting_user=cast.city, round_=round_, name="East group", home_county=world.east
    )
    west = services.group_create(
        acting_user=cast.city, round_=round_, name="West group", home_county=world.west
    )
    west_assessor = with_role(UserFactory(username="west_assessor"), Role.ASSESSOR)
    services.group_member_add(acting_user=cast.city, group=east, user=cast.assessor, is_leader=True)
    services.group_member_add(acting_user=cast.city, group=west, user=west_assessor, is_leader=True)
    return Assessment(campaign, round_, east, west, west_assessor, apps)


def give_full(round_: Round, application: Application, user: User, points: str = "1") -> None:
    """Set-up: a complete mark set (every clause of the sheet by each of its methods)."""
    framework = application.award.framework
    Mark.objects.bulk_create(
        Mark(
            round=round_,
            application=application,
            assessor=user,
            clause_key=key,
            method=method,
            points=min(Decimal(points), entry.clause.points),
            framework=framework,
        )
        for key, entry in sheet(framework.to_domain()).items()
        for method in entry.methods
    )
