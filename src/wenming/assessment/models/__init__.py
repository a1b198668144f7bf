"""Assessment records, one module per concern: ``rounds`` (rounds, conflicts, samples,
assignments, marks and mark-set waivers), ``questionnaires`` and ``ranking`` (the
standing (docs/rules.md#ranking), deductions, ranking versions and results) with
``ranking_runs`` (the ranking as the task worker runs it).

Re-exports every model so that Django sees them and callers import them from
``wenming.assessment.models``; ``photo_path`` too, which migration 0001 names.
"""

from wenming.visits.models import photo_path

from .questionnaires import (
    Questionnaire,
    QuestionnaireKind,
    QuestionnaireResponse,
    QuestionnaireToken,
    new_token,
)
from .ranking import DeductionRecord, RankingResult, RankingVersion, Standing
from .ranking_runs import RankingPhase, RankingRun, RankingRunStatus
from .rounds import (
    AGGREGATION_LABELS,
    Assignment,
    AssignmentSource,
    Conflict,
    Mark,
    MarkMethod,
    MarkSetWaiver,
    Round,
    RoundKind,
    SampleEntry,
    StratumKind,
)

__all__ = [
    "AGGREGATION_LABELS",
    "Assignment",
    "AssignmentSource",
    "Conflict",
    "DeductionRecord",
    "Mark",
    "MarkMethod",
    "MarkSetWaiver",
    "Questionnaire",
    "QuestionnaireKind",
    "QuestionnaireResponse",
    "QuestionnaireToken",
    "RankingPhase",
    "RankingResult",
    "RankingRun",
    "RankingRunStatus",
    "RankingVersion",
    "Round",
    "RoundKind",
    "SampleEntry",
    "Standing",
    "StratumKind",
    "new_token",
    "photo_path",
]
