"""The only writers of assessment data: each a transaction with its check and audit event."""

from .assignments import Generated, assignment_generate, assignment_move
from .deductions import deduction_record
from .groups import conflict_declare, group_create, group_member_add, group_member_remove
from .marks import Saved, mark_save
from .questionnaires import (
    Answered,
    questionnaire_answer,
    questionnaire_tokens_issue,
    questionnaire_tokens_issue_many,
)
from .ranking import Ranked, ranking_compute, ranking_freeze, standing_set
from .ranking_runs import ranking_run_start
from .rounds import (
    round_commit_candidates,
    round_comparison_set,
    round_create,
    round_sampling_set,
    sample_draw,
    sample_extend,
    sample_recompute,
)
from .visits import assignment_visit_record, visit_photo_add
from .waivers import mark_set_waive, mark_set_waiver_remove

__all__ = [
    "Answered",
    "Generated",
    "Ranked",
    "Saved",
    "assignment_generate",
    "assignment_move",
    "assignment_visit_record",
    "conflict_declare",
    "deduction_record",
    "group_create",
    "group_member_add",
    "group_member_remove",
    "mark_save",
    "mark_set_waive",
    "mark_set_waiver_remove",
    "questionnaire_answer",
    "questionnaire_tokens_issue",
    "questionnaire_tokens_issue_many",
    "ranking_compute",
    "ranking_freeze",
    "ranking_run_start",
    "round_commit_candidates",
    "round_comparison_set",
    "round_create",
    "round_sampling_set",
    "sample_draw",
    "sample_extend",
    "sample_recompute",
    "standing_set",
    "visit_photo_add",
]
