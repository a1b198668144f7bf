"""A Liaocheng-style mid-year review with a unit in each of the five classes, and a
Mentougou-style monthly review of villages."""

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from tests.factories import OrganizationFactory, TitleFactory

from wenming.frameworks.models import Framework
from wenming.supervision import services
from wenming.supervision.models import Review, ReviewEntry

CLASSES = [  # (held level, applying for)
    ("national", ""),
    ("provincial", "national"),
    ("provincial", ""),
    ("municipal", "provincial"),
    ("municipal", ""),
]


@dataclass
class Midyear:
    review: Review
    entries: list[ReviewEntry]


@pytest.fixture
def frameworks(db) -> None:
    call_command("load_frameworks", stdout=io.StringIO())


def score(entry: ReviewEntry, user, common: str, ledger: str = "90", rating: str = "90") -> None:
    services.entry_score(
        acting_user=user,
        entry=entry,
        inputs={
            "common_criteria": common,
            "community_assistance.ledger_review": ledger,
            "community_assistance.community_rating": rating,
        },
    )


@pytest.fixture
def midyear(world, cast, frameworks) -> Midyear:
    review = services.review_create(
        acting_user=cast.city,
        name="2018年度市直省、市级文明单位年中考核",
        kind="midyear",
        office=world.city,
        framework=Framework.objects.get(code="liaocheng-midyear-2018"),
        period_start=date(2018, 1, 1),
        period_end=date(2018, 8, 2),
    )
    entries = []
    for i, (held, applying) in enumerate(CLASSES):
        for j in range(2):
            organization = OrganizationFactory(name=f"Unit {i}{j}", region=world.east)
            TitleFactory(organization=organization, level=held)
            entry = services.entry_add(
                acting_user=cast.city,
                review=review,
                organization=organization,
                applying_for=applying,
            )
            score(entry, cast.city, str(80 + 5 * j))
            entries.append(entry)
    return Midyear(review, entries)


@pytest.fixture
def monthly(world, cast, frameworks) -> Review:
    review = services.review_create(
        acting_user=cast.city,
        name="2020年6月文明村居擂台赛",
        kind="monthly",
        ranking="league",
        office=world.city,
        framework=Framework.objects.get(code="mentougou-monthly-2020"),
        period_start=date(2020, 6, 1),
        period_end=date(2020, 6, 30),
        fund=Decimal("250000"),
        top_share=Decimal("0.2"),
    )
    for i in range(25):
        village = OrganizationFactory(name=f"Village {i:02d}", kind="village", region=world.east)
        entry = services.entry_add(acting_user=cast.city, review=review, organization=village)
        mark = str(98 - 2 * i)
        services.entry_score(
            acting_user=cast.city,
            entry=entry,
            inputs={"living_environment": mark, "creation_work": mark},
        )
    return review


# The campaign of tests/campaigns (a 20th-edition campaign with 市级文明单位标兵), for the
# revocation test.
from tests.campaigns.conftest import campaign  # noqa: E402, F401  (a fixture, imported to be offered here)
