"""The only writers of supervision data: each a transaction with its check and audit event.

One module per concern: ``reviews`` (reviews, entries, scores, duty records and
self-assessments), ``groups`` (assessment groups and their visits), ``items``
(supervision items, reminders and bulletins) and ``titles`` (ending a title after a
review); the duty-roster workbook is in ``wenming.supervision.rostering``. The review
services are re-exported here, so ``services.review_create`` keeps working for callers.
"""

from .reviews import (
    duty_record_add,
    entry_add,
    entry_score,
    recompute_for,
    review_create,
    self_assessment_report,
)

__all__ = [
    "duty_record_add",
    "entry_add",
    "entry_score",
    "recompute_for",
    "review_create",
    "self_assessment_report",
]
