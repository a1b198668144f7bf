"""Factories for test data."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from wenming.accounts.models import Role, RoleAssignment, User
from wenming.campaigns.models import Stage
from wenming.domain.stage_gates import STAGE_ORDER, StageKind
from wenming.publicity.models import HolidayYear
from wenming.registry.models import Body, Organization, Region, Title


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    code = factory.Sequence(lambda n: f"99{n:04d}")
    name = factory.Sequence(lambda n: f"Region {n}")
    level = "county"


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"Body {n}")
    region = factory.SubFactory(RegionFactory, level="city")
    supervises = True


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    code = factory.Sequence(lambda n: f"ORG{n:06d}")
    name = factory.Sequence(lambda n: f"Organization {n}")
    kind = "unit"
    unit_type = "institution"
    region = factory.SubFactory(RegionFactory)
    staff_count = 120
    party_members = 40


class TitleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Title

    organization = factory.SubFactory(OrganizationFactory)
    category = "unit"
    level = "municipal"
    model = False
    edition = 19
    naming_body = "City committee"
    document_number = factory.Sequence(lambda n: f"Doc-2019-{n}")
    named_on = date(2019, 12, 20)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.LazyAttribute(lambda u: u.username)
    password = factory.django.Password("pw-test-2026")


def with_role(user: User, role: Role, **scope: object) -> User:
    RoleAssignment.objects.create(user=user, role=role, **scope)
    return user


def enter_next_year() -> None:
    """Enter next year's holidays as an office would (only New Year's Day off).

    Tests that publish from today would otherwise run off the bundled calendar (it ends
    with 2026) late in December, where the software rightly refuses to guess.
    """
    year = timezone.localdate().year + 1
    clerk, _ = User.objects.get_or_create(username="calendar-clerk")
    HolidayYear.objects.get_or_create(
        year=year,
        defaults={
            "days_off": [date(year, 1, 1).isoformat()],
            "makeup_workdays": [],
            "document_number": "test",
            "entered_by": clerk,
        },
    )


def all_stages_open(days_before: int = 1, days_after: int = 10) -> dict:
    """Every stage of a campaign's plan with a window around now (for campaign_create)."""
    now = timezone.now()
    window = (now - timedelta(days=days_before), now + timedelta(days=days_after))
    return {kind.value: window for kind in STAGE_ORDER}


def reach_stage(campaign, kind: str) -> None:
    """Set-up: the stages before ``kind`` are closed, as an office closes them once their
    gates hold. Tests of a later stage start there; the gates have their own tests, and
    browser tests close stages from the campaign page instead."""
    earlier = [k.value for k in STAGE_ORDER[: STAGE_ORDER.index(StageKind(kind))]]
    Stage.objects.filter(campaign=campaign, kind__in=earlier, closed_at__isnull=True).update(
        closed_at=timezone.now()
    )
