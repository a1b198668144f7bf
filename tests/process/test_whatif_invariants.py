"""The what-if (模拟测算) as a process, proven by a stateful property test.

Hypothesis drives random trials through the real ``ranking_simulate`` over the test
world's ranked campaign (marks on four applicants, ranked once): random quota places
(negative ones included), round weights, aggregations (an unknown one included) and
normalization, by the office or by someone who may not. Between trials the office really
re-ranks and really switches normalization, so trials run over different real states.
After every step:

- no trial changed any row of the real campaign (ranking versions and results,
  applications' status and rank, rounds' settings, quotas and their changes);
- each trial taken is one ``assessment.ranking_simulated`` event and nothing else; a
  refused one records nothing.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from tests.assessment.conftest import Assessment, assessment  # noqa: F401 - fixtures, reused
from tests.assessment.marking import give
from tests.campaigns.conftest import campaign  # noqa: F401 - the fixture, reused

from wenming.accounts.models import User
from wenming.assessment import services
from wenming.assessment.models import RankingResult, RankingVersion, Round
from wenming.assessment.services.whatif import Changes, RoundChange, ranking_simulate
from wenming.audit.models import AuditEvent
from wenming.campaigns.models import Application, Quota, QuotaChange

REFUSED = (ValidationError, PermissionDenied)
AGGREGATIONS = st.sampled_from(["mean", "trimmed_mean", "median", "mode"]) | st.none()
WEIGHTS = st.sampled_from(["0", "0.5", "1", "2", "-1"]).map(Decimal) | st.none()


def real_state(held) -> tuple:
    """Everything of the campaign a simulation must leave as it was."""
    return (
        list(RankingVersion.objects.filter(campaign=held).order_by("pk").values_list(
            "pk", "number", "computed_at", "frozen_at", "reason")),
        list(RankingResult.objects.filter(campaign=held).order_by("pk").values_list(
            "pk", "application_id", "version_id", "total", "rank", "computed_at")),
        list(Application.objects.filter(campaign=held).order_by("pk").values_list(
            "pk", "status", "rank")),
        list(Round.objects.filter(campaign=held).order_by("pk").values_list(
            "pk", "weight", "aggregation", "trim_from", "normalize_marks")),
        list(Quota.objects.filter(award__campaign=held).order_by("pk").values_list(
            "pk", "places")),
        QuotaChange.objects.count(),
    )  # fmt: skip


class WhatIfProcess(RuleBasedStateMachine):
    world: Assessment
    office: User
    outsider: User
    simulated = 0  # trials taken (the invariants are not vacuous)

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.campaign = self.world.setup.campaign
        self.state = real_state(self.campaign)
        self.events = AuditEvent.objects.count()
        self.trials = 0

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _expect_real_change(self) -> None:
        """A real change: the new state and its own events become the baseline."""
        self.state = real_state(self.campaign)
        self.events = AuditEvent.objects.count()
        self.trials = 0

    @rule(
        data=st.data(),
        by_office=st.booleans(),
        aggregation=AGGREGATIONS,
        weight=WEIGHTS,
        normalize=st.booleans() | st.none(),
    )
    def simulate(
        self,
        data: st.DataObject,
        by_office: bool,
        aggregation: str | None,
        weight: Decimal | None,
        normalize: bool | None,
    ) -> None:
        quotas = list(Quota.objects.filter(award__campaign=self.campaign).order_by("pk"))
        places = {q.pk: data.draw(st.integers(-1, 4)) for q in quotas if data.draw(st.booleans())}
        rounds = list(Round.objects.filter(campaign=self.campaign).order_by("pk"))
        changes = Changes(
            quotas=places,
            rounds={r.pk: RoundChange(weight, aggregation, normalize) for r in rounds[:1]},
        )
        try:
            with transaction.atomic():
                ranking_simulate(
                    acting_user=self.office if by_office else self.outsider,
                    campaign=self.campaign,
                    changes=changes,
                )
        except REFUSED:
            return
        self.trials += 1
        WhatIfProcess.simulated += 1

    @rule()
    def real_rerank(self) -> None:
        services.ranking_compute(
            acting_user=self.office, campaign=self.campaign, reason="补录评分后重新计算"
        )
        self._expect_real_change()

    @rule(normalize=st.booleans())
    def real_normalization(self, normalize: bool) -> None:
        services.round_comparison_set(
            acting_user=self.office,
            round_=self.world.round,
            normalize_marks=normalize,
            disagreement_margin="0.3",
        )
        self._expect_real_change()

    @invariant()
    def the_real_campaign_is_unchanged(self) -> None:
        assert real_state(self.campaign) == self.state

    @invariant()
    def each_trial_is_one_event(self) -> None:
        new = AuditEvent.objects.order_by("id")[self.events :]
        assert [e.action for e in new] == ["assessment.ranking_simulated"] * self.trials


@pytest.mark.django_db(transaction=False)
def test_what_if_never_touches_the_real_campaign(cast, assessment):  # noqa: F811 - fixture
    # Two assessors mark four applicants, so that aggregation and normalization matter.
    points = {"East Unit": "2", "East Village": "1.5", "East Extra": "1", "West Unit": "0.5"}
    for name, value in points.items():
        give(assessment.round, assessment.apps[name], {"1.1": [value, "1"], "1.2": ["2", "0"]})
    services.ranking_compute(acting_user=cast.city, campaign=assessment.setup.campaign)
    WhatIfProcess.world, WhatIfProcess.office, WhatIfProcess.outsider = (
        assessment,
        cast.city,
        cast.applicant,
    )
    WhatIfProcess.simulated = 0
    run_state_machine_as_test(
        WhatIfProcess,
        settings=settings(
            max_examples=12,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[
                HealthCheck.too_slow,
                HealthCheck.data_too_large,
                HealthCheck.function_scoped_fixture,
            ],
        ),
    )
    assert WhatIfProcess.simulated > 0
