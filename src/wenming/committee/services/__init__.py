"""The only writers of committee data: meetings (members, attendance, votes, minutes,
the approval) and the naming decision, each a transaction with its audit event.

Re-exports the services other apps and the process tests call, so that
``from wenming.committee import services`` keeps working.
"""

from .meetings import (
    MEETING_FIELDS,
    meeting_approve,
    meeting_create,
    meeting_record_attendance,
    meeting_record_minutes,
    meeting_record_vote,
    require_approval_open,
)
from .naming import DECISION_FIELDS, naming_decide

__all__ = [
    "DECISION_FIELDS",
    "MEETING_FIELDS",
    "meeting_approve",
    "meeting_create",
    "meeting_record_attendance",
    "meeting_record_minutes",
    "meeting_record_vote",
    "naming_decide",
    "require_approval_open",
]
