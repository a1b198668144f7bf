"""The committed draw (抽签公证) as a process, proven by a stateful property test.

Hypothesis drives random sequences of the real round services over the test world's
assessment campaign (six recommended applicants in two counties and the city): publish
the candidate list (with random seed sources, blank ones included), draw (random public
numbers, malformed ones included; witnesses are published with the list), enlarge
(random ratios, higher or lower), publish or draw a second time, and change the
population between the list and the draw (a late recommended applicant, a withdrawal).
After every step:

- the stored hash is the hash of the stored list, and the list never changes once published;
- a list is published once and a sample drawn once (a second attempt is refused);
- the sample is a subset of the published list, and its picks only grow;
- the public verification page's check (``draw_page(...).check``) passes every step;
- each change of the round has its one audit event, a refusal none.
"""

from datetime import timedelta

import pytest
import time_machine
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
from tests.campaigns.conftest import campaign  # noqa: F401 - the fixture, reused
from tests.factories import OrganizationFactory
from tests.process.attempts import attempt

from wenming.accounts.models import User
from wenming.assessment import services
from wenming.assessment.models import Round, SampleEntry
from wenming.assessment.selectors.draw import draw_page
from wenming.audit.models import AuditEvent
from wenming.campaigns import services as campaigns
from wenming.campaigns.models import Application
from wenming.domain import draw_commitment

ROUND_ACTIONS = (
    "assessment.round_commit",
    "assessment.sample_draw",
    "assessment.sample_extend",
)
RATIOS = st.sampled_from(["0", "0.1", "0.3", "0.5", "0.8", "1", "1.5", "-0.2"])
SOURCES = st.sampled_from(
    ["中国福利彩票双色球2026年12月8日开奖号码", "体彩排列五第26321期", "", "   "]
)
# Digits and separators draw; a letter, a full-width digit or a Chinese character refuses.
NUMBERS = st.text(alphabet="0123456789 ,+-", max_size=20) | st.sampled_from(
    ["03 07 12 19 25 31 + 09", "12a", "１２", "七", ""]
)
WITNESSES = st.lists(
    st.tuples(st.sampled_from(["张三", "李四", "王五", "", "  "]), NUMBERS), max_size=3
)


class DrawProcess(RuleBasedStateMachine):
    world: Assessment
    office: User
    outsider: User
    drawn = 0  # runs that drew a sample (the invariants are not vacuous)
    extended = 0

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        # The clock ticks: a list and its draw are never the same instant.
        self._traveller = time_machine.travel(timezone.now(), tick=True)
        self.clock = self._traveller.start()
        self.published: list[list[str]] | None = None
        self.picks: set[int] = set()
        self.extends = 0
        self.late = 0

    def teardown(self) -> None:
        self._traveller.stop()
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @initialize(
        stratum=st.sampled_from(["county", "award", "award_county"]),
        ratio=st.sampled_from(["0.3", "0.5", "0.7", "-0.2"]),  # 0.3: below the floor
    )
    def sampled_round(self, stratum: str, ratio: str) -> None:
        created = services.round_create(
            acting_user=self.office,
            campaign=self.world.setup.campaign,
            kind="city_recheck",
            name="市级复核",
        )
        self.round = (
            attempt(
                services.round_sampling_set,
                acting_user=self.office,
                round_=created,
                stratum_kind=stratum,
                default_ratio=ratio,
                ratios={},
            )
            or created
        )

    def _round(self) -> Round:
        return Round.objects.get(pk=self.round.pk)

    # --- rules ----------------------------------------------------------------------------

    @rule(source=SOURCES, by_office=st.booleans(), days=st.integers(-1, 2), witnesses=WITNESSES)
    def commit(
        self, source: str, by_office: bool, days: int, witnesses: list[tuple[str, str]]
    ) -> None:
        """Publish the list naming a public draw ``days`` from today (a past one refused)."""
        before = self._round()
        done = attempt(
            services.round_commit_candidates,
            acting_user=self.office if by_office else self.outsider,
            round_=before,
            seed_source=source,
            seed_draw_on=timezone.localdate() + timedelta(days=days),
            witnesses=witnesses,
        )
        if before.committed_at is not None:
            # Published once: a second list could be chosen for the sample it gives.
            assert done is None
        if done is not None:
            self.published = [list(pair) for pair in self._round().sample_population]

    @rule(public=NUMBERS)
    def draw(self, public: str) -> None:
        before = self._round()
        done = attempt(
            services.sample_draw,
            acting_user=self.office,
            round_=before,
            public_numbers=public,
        )
        if before.seed or before.committed_at is None:
            # Drawn once, and only from a published list.
            assert done is None
            assert self._round().seed == before.seed
        if done is not None:
            DrawProcess.drawn += 1

    @rule(data=st.data(), default=RATIOS)
    def extend(self, data: st.DataObject, default: str) -> None:
        round_ = self._round()
        keys = sorted({key for _id, key in round_.sample_population})
        ratios = {key: data.draw(RATIOS | st.just("")) for key in keys if data.draw(st.booleans())}
        done = attempt(
            services.sample_extend,
            acting_user=self.office,
            round_=round_,
            default_ratio=default,
            ratios=ratios,
        )
        if done is not None:
            self.extends += 1
            DrawProcess.extended += 1

    @rule()
    def publish_and_draw_as_planned(self) -> None:
        """The office's usual steps: the list with its named source, then the numbers."""
        self.commit(
            "中国福利彩票双色球2026年12月8日开奖号码",
            by_office=True,
            days=0,
            witnesses=[("张三", "07"), ("李四", "42")],
        )
        self.draw("03 07 12 19 25 31 + 09")

    @rule(hours=st.integers(1, 30))
    def time_passes(self, hours: int) -> None:
        self.clock.shift(timedelta(hours=hours))

    @rule()
    def extend_to_everyone(self) -> None:
        """The office raises every ratio to the whole list (a larger ratio, unless it is)."""
        if attempt(
            services.sample_extend,
            acting_user=self.office,
            round_=self._round(),
            default_ratio="1",
            ratios={},
        ):
            self.extends += 1
            DrawProcess.extended += 1

    @rule(county=st.sampled_from(["east", "west"]))
    def a_late_recommendation(self, county: str) -> None:
        """Another recommended applicant arrives (set-up, as the world's are)."""
        region = self.world.apps["East Unit" if county == "east" else "West Unit"].region
        self.late += 1
        Application.objects.create(
            campaign=self.world.setup.campaign,
            award=self.world.setup.unit,
            organization=OrganizationFactory(name=f"Late Unit {self.late}", region=region),
            status="recommended",
            region=region,
            created_by=self.office,
        )

    @rule(data=st.data())
    def withdraw(self, data: st.DataObject) -> None:
        listed = list(
            Application.objects.filter(
                campaign=self.world.setup.campaign, status="recommended"
            ).order_by("pk")
        )
        if listed:
            attempt(
                campaigns.application_withdraw,
                acting_user=self.office,
                application=data.draw(st.sampled_from(listed)),
                reason="申报单位主动撤回",
            )

    # --- invariants -----------------------------------------------------------------------

    @invariant()
    def the_published_list_is_frozen_and_its_hash_holds(self) -> None:
        round_ = self._round()
        if round_.committed_at is None:
            assert self.published is None
            assert not round_.candidates_hash
            return
        assert round_.sample_population == self.published
        pairs = [(item_id, key) for item_id, key in round_.sample_population]
        assert round_.candidates_hash == draw_commitment.candidates_hash(pairs)

    @invariant()
    def the_sample_comes_from_the_list_and_only_grows(self) -> None:
        round_ = self._round()
        chosen = list(
            SampleEntry.objects.filter(round=round_).values_list("application_id", flat=True)
        )
        assert len(chosen) == len(set(chosen))
        if not round_.seed:
            assert chosen == []
            return
        assert set(chosen) <= {int(item_id) for item_id, _key in round_.sample_population}
        assert self.picks <= set(chosen), self.picks - set(chosen)
        self.picks = set(chosen)

    @invariant()
    def the_public_check_passes(self) -> None:
        round_ = self._round()
        check = draw_page(round_).check
        if not round_.seed:
            assert check is None
            return
        assert check is not None
        assert (check.hash_ok, check.seed_ok, check.sample_ok, check.order_ok) == (
            True,
            True,
            True,
            True,
        )

    @invariant()
    def each_change_has_one_event(self) -> None:
        round_ = self._round()
        events = AuditEvent.objects.filter(object_type="assessment.round", object_id=str(round_.pk))
        counts = {a: events.filter(action=a).count() for a in ROUND_ACTIONS}
        assert counts == {
            "assessment.round_commit": int(round_.committed_at is not None),
            "assessment.sample_draw": int(bool(round_.seed)),
            "assessment.sample_extend": self.extends,
        }
        if round_.seed:
            drawn = events.get(action="assessment.sample_draw")
            assert drawn.after["seed"] == round_.seed


@pytest.mark.django_db(transaction=False)
def test_the_committed_draw_keeps_its_invariants(cast, assessment):  # noqa: F811 - fixture
    DrawProcess.world, DrawProcess.office, DrawProcess.outsider = assessment, cast.city, cast.county
    DrawProcess.drawn = DrawProcess.extended = 0
    run_state_machine_as_test(
        DrawProcess,
        settings=settings(
            max_examples=12,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[
                HealthCheck.too_slow,
                HealthCheck.data_too_large,
                HealthCheck.function_scoped_fixture,
            ],
        ),
    )
    # Some runs drew a sample, so that the invariants held over real draws.
    assert DrawProcess.drawn > 0
