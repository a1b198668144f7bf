"""The only writers of the work rules' data: each a transaction with its check and audit
event. One module per part: ``meetings`` (scheduling, papers, leave, attendance, minutes,
a joint meeting's decisions), ``liaisons`` (the liaison register), ``reports`` (information
reports, adoption and the 通报), ``training`` (study and training sessions)."""

from .liaisons import liaison_appoint, liaison_leave, liaison_update
from .meetings import (
    Scheduled,
    TaskSpec,
    attendance_record,
    attendee_leave,
    decision_split,
    meeting_schedule,
    minutes_record,
    paper_add,
    papers_circulate,
)
from .reports import bulletin_create, bulletin_number, report_decide, report_submit
from .training import training_attendance_set, training_create

__all__ = [
    "Scheduled",
    "TaskSpec",
    "attendance_record",
    "attendee_leave",
    "bulletin_create",
    "bulletin_number",
    "decision_split",
    "liaison_appoint",
    "liaison_leave",
    "liaison_update",
    "meeting_schedule",
    "minutes_record",
    "paper_add",
    "papers_circulate",
    "report_decide",
    "report_submit",
    "training_attendance_set",
    "training_create",
]
