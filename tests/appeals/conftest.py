"""A campaign whose ranking was frozen on Tuesday 1 December 2026: East Unit first and
West Unit second in 市级文明单位; the screening stage is open. ``cast.applicant`` applies
for East Unit, ``west_applicant`` for West Unit.

Assessment: the test world's round (tests.assessment.conftest), East Unit marked 2 and
West Unit 1 on clause 1.1, ranked and frozen at 10:00 on 1 December 2026 (Beijing time),
so that five working days end on Tuesday 8 December 2026.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from tests.assessment.conftest import Assessment, assessment  # noqa: F401 - fixtures, reused
from tests.assessment.marking import give
from tests.campaigns.conftest import campaign  # noqa: F401 - the fixture, reused
from tests.factories import UserFactory, reach_stage, with_role

from wenming.accounts.models import Role, User
from wenming.assessment import services as assessment_services
from wenming.assessment.services.ranking import ranking_freeze
from wenming.campaigns.models import Application

BEIJING = ZoneInfo("Asia/Shanghai")
FROZEN_AT = datetime(2026, 12, 1, 10, 0, tzinfo=BEIJING)


@pytest.fixture(autouse=True)
def clock(time_machine):
    """Every test starts on Monday 30 November 2026 (the campaign's stages span it)."""
    time_machine.move_to(datetime(2026, 11, 30, 9, tzinfo=BEIJING), tick=False)
    return time_machine


def move(clock, month: int, day: int, hour: int = 12) -> None:
    """Move to a time of day of 2026 in Beijing (the office's time zone)."""
    clock.move_to(datetime(2026, month, day, hour, tzinfo=BEIJING), tick=False)


@dataclass
class Frozen:
    assessment: Assessment
    east: Application
    west: Application
    west_applicant: User

    @property
    def campaign(self):
        return self.assessment.setup.campaign


def rank_and_freeze(cast, marked: Assessment, clock) -> None:
    """Ranked on 30 November, frozen at 10:00 on 1 December, screening opened."""
    held = marked.setup.campaign
    assessment_services.ranking_compute(acting_user=cast.city, campaign=held)
    clock.move_to(FROZEN_AT, tick=False)
    ranking_freeze(acting_user=cast.city, campaign=held)
    reach_stage(held, "screening")


@pytest.fixture
def ranked(world, cast, assessment) -> Frozen:  # noqa: F811 - the fixture above
    """Marked and ranked, not yet frozen."""
    east, west = assessment.apps["East Unit"], assessment.apps["West Unit"]
    give(assessment.round, east, {"1.1": ["2"]})
    give(assessment.round, west, {"1.1": ["1"]})
    west_applicant = with_role(
        UserFactory(username="west-unit-contact"), Role.APPLICANT, organization=world.west_unit
    )
    return Frozen(assessment, east, west, west_applicant)


@pytest.fixture
def frozen(cast, ranked, clock) -> Frozen:
    rank_and_freeze(cast, ranked.assessment, clock)
    return ranked
