"""A creation plan of the test world's east unit for the campaign's 市级文明单位.

The plan is set-up data, written straight to the rows (each part's services have their
own tests). The east unit has two departments:

- 办公室: head ``office_head``, leader ``office_leader``, one member without a login;
- 机关党委: head ``party_head``, leader ``party_leader``.

``cast.applicant`` is the unit's applicant contact, so it runs the plan (the creation
office). The application is a draft: accepted material is copied onto it.
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone
from tests.campaigns.conftest import Setup, campaign  # noqa: F401  (the fixture)
from tests.factories import UserFactory

from wenming.accounts.models import User
from wenming.campaigns import services as campaign_services
from wenming.campaigns.models import Application
from wenming.creation.models import (
    Department,
    GroupBody,
    GroupMember,
    GroupPosition,
    Phase,
    Plan,
    PlanStatus,
    StaffMember,
)


@dataclass
class Creation:
    setup: Setup
    plan: Plan
    application: Application
    office: Department  # 办公室
    party: Department  # 机关党委
    office_head: User
    office_leader: User
    party_head: User
    party_leader: User
    no_login: StaffMember  # a member of 办公室 without an account


def _staff(organization, name: str, position: str, username: str | None) -> StaffMember:
    user = UserFactory(username=username, display_name=name) if username else None
    return StaffMember.objects.create(
        organization=organization, name=name, position=position, user=user
    )


@pytest.fixture
def creation(world, cast, campaign: Setup) -> Creation:  # noqa: F811  (the fixture above)
    unit = world.east_unit
    application = campaign_services.application_start(
        acting_user=cast.applicant,
        campaign=campaign.campaign,
        award=campaign.unit,
        organization=unit,
    )
    plan = Plan.objects.create(
        organization=unit,
        award=campaign.unit,
        title="East Unit 2026年创建市级文明单位实施方案",
        year=timezone.localdate().year,
        status=PlanStatus.ACTIVE,
        created_by=cast.applicant,
    )
    chief = _staff(unit, "王组长", "党委书记", "chief")
    office_head = _staff(unit, "李主任", "办公室主任", "office_head")
    office_leader = _staff(unit, "张副校长", "副校长", "office_leader")
    party_head = _staff(unit, "赵书记", "机关党委专职副书记", "party_head")
    party_leader = _staff(unit, "钱副书记", "党委副书记", "party_leader")
    no_login = _staff(unit, "孙干事", "干事", None)
    office = Department.objects.create(
        organization=unit, name="办公室", head=office_head, leader=office_leader, order=1
    )
    office.members.add(no_login)
    party = Department.objects.create(
        organization=unit, name="机关党委", head=party_head, leader=party_leader, order=2
    )
    GroupMember.objects.create(
        plan=plan, body=GroupBody.LEADING_GROUP, position=GroupPosition.LEADER, staff=chief
    )
    GroupMember.objects.create(
        plan=plan, body=GroupBody.OFFICE, position=GroupPosition.DIRECTOR, staff=office_head
    )
    year = plan.year
    for order, (name, start, end) in enumerate(
        (
            ("宣传发动", date(year, 3, 30), date(year, 4, 6)),
            ("全面实施", date(year, 4, 7), date(year, 7, 10)),
            ("申报验收", date(year, 7, 11), date(year, 7, 31)),
        )
    ):
        Phase.objects.create(plan=plan, name=name, starts_on=start, ends_on=end, order=order)
    return Creation(
        setup=campaign,
        plan=plan,
        application=application,
        office=office,
        party=party,
        office_head=office_head.user,
        office_leader=office_leader.user,
        party_head=party_head.user,
        party_leader=party_leader.user,
        no_login=no_login,
    )
