"""The city's committee: two member units (the police bureau of the shared world, with its
reviewer, and a civil affairs bureau), two committee members, a liaison officer each."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone
from tests.factories import BodyFactory, UserFactory, with_role

from wenming.accounts.models import Role, User
from wenming.registry.models import Body
from wenming.workrules import services
from wenming.workrules.models import LiaisonOfficer


@dataclass
class Committee:
    police: Body
    civil: Body
    member: User  # the shared cast's committee member
    second: User
    police_officer: LiaisonOfficer
    civil_officer: LiaisonOfficer
    officer_user: User  # the civil bureau's officer's account, holding no role


def ahead(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


@pytest.fixture
def committee(world, cast) -> Committee:
    civil = BodyFactory(
        name="Civil Affairs Bureau", region=world.city, supervises=False, screens=True
    )
    second = with_role(UserFactory(username="member2"), Role.COMMITTEE, region=world.city)
    officer_user = UserFactory(username="civil-liaison")
    police_officer = services.liaison_appoint(
        acting_user=cast.reviewer,
        body=world.screening,
        name="Zhao",
        rank="section",
        mobile="13900000001",
        started_on=ahead(-30),
    )
    civil_officer = services.liaison_appoint(
        acting_user=cast.city,
        body=civil,
        name="Qian",
        rank="deputy_division",
        office_phone="0451-1234567",
        started_on=ahead(-30),
        user=officer_user,
    )
    return Committee(
        world.screening, civil, cast.committee, second, police_officer, civil_officer, officer_user
    )
