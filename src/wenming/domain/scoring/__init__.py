"""The scoring engine (docs/rules.md#scoring, docs/rules.md#arithmetic, docs/rules.md#aggregation).

``Scorer`` compiles a ``Framework`` once and then scores applications: marks per clause
(several assessors each), bonus claims, organization statistics and questionnaire results,
deductions and negative-list findings. The result is a frozen ``Breakdown`` whose numbers
add up exactly to its total. ``score_composite`` scores a ``CompositeFramework``.

Arithmetic is ``Decimal`` throughout. Sums, caps and weights are exact; the one inexact
step is the mean of several assessors' marks, which is kept to ``MEAN_DIGITS`` significant
digits (rounded half up). That bound keeps every later sum exact within the 28 digits of
the default context, so the breakdown always adds up to the total to the last digit.
Displays round with ``quantize2``.

The package's modules, by concept:

- ``arithmetic``: contexts, ``quantize2``, ``ScoringError``, ``Aggregation``, ``combine``;
- ``facts``: what an application brings besides marks (statistics, questionnaires, claims);
- ``conditions``: threshold criteria judged from data;
- ``bonuses``: bonus items and deductions;
- ``breakdown``: the result and its item → criterion → clause tree;
- ``engine``: ``Scorer`` and ``score``;
- ``composite``: composite frameworks (``score_composite``).

This ``__init__`` re-exports the public names other apps and modules import, so that
``from wenming.domain.scoring import ...`` keeps working.
"""

from .arithmetic import (
    MEAN_CONTEXT,
    MEAN_DIGITS,
    SUM_CONTEXT,
    Aggregation,
    ScoringError,
    combine,
    quantize2,
)
from .bonuses import (
    BonusResult,
    ClaimResult,
    DeductionResult,
    bonus_results,
    deduction_results,
)
from .breakdown import Breakdown, ClauseResult, CriterionResult, ItemResult
from .composite import (
    ComponentInput,
    ComponentResult,
    CompositeBreakdown,
    EventResult,
    PartResult,
    score_composite,
)
from .conditions import (
    ConditionResult,
    ConditionStatus,
    ThresholdResult,
    condition_checked,
    condition_counts,
    condition_result,
    condition_status,
    threshold_of,
    threshold_result,
)
from .engine import Scorer, score
from .facts import NO_STATISTICS, BonusClaim, OrganizationStatistics, QuestionnaireResult

__all__ = [
    "MEAN_CONTEXT",
    "MEAN_DIGITS",
    "NO_STATISTICS",
    "SUM_CONTEXT",
    "Aggregation",
    "BonusClaim",
    "BonusResult",
    "Breakdown",
    "ClaimResult",
    "ClauseResult",
    "ComponentInput",
    "ComponentResult",
    "CompositeBreakdown",
    "ConditionResult",
    "ConditionStatus",
    "CriterionResult",
    "DeductionResult",
    "EventResult",
    "ItemResult",
    "OrganizationStatistics",
    "PartResult",
    "QuestionnaireResult",
    "Scorer",
    "ScoringError",
    "ThresholdResult",
    "bonus_results",
    "combine",
    "condition_checked",
    "condition_counts",
    "condition_result",
    "condition_status",
    "deduction_results",
    "quantize2",
    "score",
    "score_composite",
    "threshold_of",
    "threshold_result",
]
