"""The only writers of assessment data: each a transaction with its check and audit event."""

from .assignments import Generated, assignment_generate, assignment_move
from .groups import conflict_declare, group_create, group_member_add, group_member_remove
from .marks import Saved, mark_save
from .rounds import (
    ratio_for,
    round_create,
    round_sampling_set,
    sample_draw,
    sample_recompute,
)
from .visits import STEPS, visit_photo_add, visit_record

__all__ = [
    "STEPS",
    "Generated",
    "Saved",
    "assignment_generate",
    "assignment_move",
    "conflict_declare",
    "group_create",
    "group_member_add",
    "group_member_remove",
    "mark_save",
    "ratio_for",
    "round_create",
    "round_sampling_set",
    "sample_draw",
    "sample_recompute",
    "visit_photo_add",
    "visit_record",
]
