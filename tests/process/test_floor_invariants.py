"""The sampling floors as a process, proven by a stateful property test.

Hypothesis drives random sequences of the real services over the test world's
assessment campaign (recommended units in two counties and the city): the office changes
the campaign's floors (campaign page), sets a province on-site round's ratios (the
default and one award's own, some below the floor), publishes the list, draws and
enlarges the sample, and late applicants arrive. After every step:

- a published round's committed ratios are each at or above the floor of the time;
- a drawn sample holds, per category, at least ceil(floor × that category's listed
  applicants) of them;
- a refused change of ratios leaves the round as it was and writes no event.
"""

import math
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from tests.assessment.conftest import Assessment, assessment  # noqa: F401 - fixtures, reused
from tests.assessment.drawing import NUMBERS, SOURCE
from tests.campaigns.conftest import campaign  # noqa: F401 - the fixture, reused
from tests.factories import OrganizationFactory
from tests.process.attempts import attempt

from wenming.accounts.models import User
from wenming.assessment import services
from wenming.assessment.models import Round, SampleEntry
from wenming.audit.models import AuditEvent
from wenming.campaigns import services as campaigns
from wenming.campaigns.models import Application, Campaign

RATIOS = st.sampled_from(["0.1", "0.15", "0.2", "0.3", "0.5", "1"])
FLOORS = st.sampled_from(["0", "0.1", "0.2", "0.3", "0.5"])


class FloorProcess(RuleBasedStateMachine):
    world: Assessment
    office: User
    drawn = 0
    refused = 0

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.floors_at_commit: dict[str, str] | None = None
        self.late = 0

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @initialize()
    def an_onsite_round(self) -> None:
        self.round = services.round_create(
            acting_user=self.office,
            campaign=self.world.setup.campaign,
            kind="provincial_onsite",
            name="省级实地抽查",
        )

    def _round(self) -> Round:
        return Round.objects.select_related("campaign").get(pk=self.round.pk)

    def _campaign(self) -> Campaign:
        return Campaign.objects.get(pk=self.world.setup.campaign.pk)

    @rule(floor=FLOORS)
    def set_unit_floor(self, floor: str) -> None:
        attempt(
            campaigns.campaign_floors_set,
            acting_user=self.office,
            campaign=self._campaign(),
            floors={"unit": Decimal(floor)},
        )

    @rule(default=RATIOS, own=st.none() | RATIOS)
    def set_ratios(self, default: str, own: str | None) -> None:
        before = self._round()
        events = AuditEvent.objects.count()
        ratios = {} if own is None else {f"award:{self.world.setup.unit.pk}": own}
        done = attempt(
            services.round_sampling_set,
            acting_user=self.office,
            round_=before,
            stratum_kind="award",
            default_ratio=default,
            ratios=ratios,
        )
        if done is None:
            FloorProcess.refused += 1
            after = self._round()
            assert (after.default_ratio, after.ratios, after.sampled) == (
                before.default_ratio,
                before.ratios,
                before.sampled,
            )
            assert AuditEvent.objects.count() == events

    @rule()
    def publish_and_draw(self) -> None:
        floors = dict(self._campaign().sampling_floors)
        if attempt(
            services.round_commit_candidates,
            acting_user=self.office,
            round_=self._round(),
            seed_source=SOURCE,
            seed_draw_on=timezone.localdate(),
        ):
            self.floors_at_commit = floors
        if attempt(
            services.sample_draw,
            acting_user=self.office,
            round_=self._round(),
            public_numbers=NUMBERS,
        ):
            FloorProcess.drawn += 1

    @rule(default=RATIOS)
    def enlarge(self, default: str) -> None:
        attempt(
            services.sample_extend,
            acting_user=self.office,
            round_=self._round(),
            default_ratio=default,
            ratios={},
        )

    @rule()
    def a_late_recommendation(self) -> None:
        region = self.world.apps["East Unit"].region
        self.late += 1
        Application.objects.create(
            campaign=self.world.setup.campaign,
            award=self.world.setup.unit,
            organization=OrganizationFactory(name=f"Late Unit {self.late}", region=region),
            status="recommended",
            region=region,
            created_by=self.office,
        )

    @invariant()
    def committed_ratios_meet_the_floor_of_their_time(self) -> None:
        round_ = self._round()
        if round_.committed_at is None:
            return
        assert self.floors_at_commit is not None
        floor = Decimal(self.floors_at_commit["unit"])
        committed = round_.seed_inputs["ratios"]
        assert all(Decimal(value) >= floor for value in committed.values()), committed

    @invariant()
    def the_sample_meets_the_floor(self) -> None:
        round_ = self._round()
        if not round_.seed:
            return
        assert self.floors_at_commit is not None
        listed = len(round_.sample_population)
        sampled = SampleEntry.objects.filter(round=round_).count()
        floor = Decimal(self.floors_at_commit["unit"])
        assert sampled >= math.ceil(floor * listed), (sampled, listed, floor)


@pytest.mark.django_db(transaction=False)
def test_sampling_keeps_the_campaign_floors(cast, assessment):  # noqa: F811 - fixture
    FloorProcess.world, FloorProcess.office = assessment, cast.city
    FloorProcess.drawn = FloorProcess.refused = 0
    run_state_machine_as_test(
        FloorProcess,
        settings=settings(
            max_examples=25,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=[
                HealthCheck.too_slow,
                HealthCheck.data_too_large,
                HealthCheck.function_scoped_fixture,
            ],
        ),
    )
    # Some runs drew and some were refused, so the invariants held over both.
    assert FloorProcess.drawn > 0
    assert FloorProcess.refused > 0
