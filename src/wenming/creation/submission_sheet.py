"""The printable 资料提交表 (seed 004): the paper a department hands in with its material,
signed by its leader. Made once, when the leader signs off, and kept with the occurrence.

It is a form (a table), not a 公文, so it is an HTML template printed by WeasyPrint with
the documents' fonts, like the committee's papers.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.campaigns.evidence_messages import caption_label
from wenming.documents.fonts import font_css
from wenming.documents.pdf import render_pdf
from wenming.domain.evidence import CaptionField

from .models import Material, Occurrence
from .services.assignments import framework_clauses, plan_framework


@dataclass(frozen=True)
class SheetRow:
    material: Material
    captions: list[tuple[str, str]]


def person_name(user: User | None) -> str:
    """How a person signs: the display name, else the login."""
    if user is None:
        return ""
    return str(getattr(user, "display_name", "") or user.get_username())


def clause_text(occurrence: Occurrence) -> str:
    """The task's scoring point as the framework words it ("" when it has none)."""
    task = occurrence.task
    key = task.clause_key or (task.list_item.clause_key if task.list_item else "")
    if not key:
        return task.list_item.standard if task.list_item else ""
    clause = framework_clauses(plan_framework(task.plan)).get(key)
    return f"{key} {clause.text}" if clause is not None else key


def caption_rows(material: Material) -> list[tuple[str, str]]:
    """A material's captions as (label, value), in the rules' order."""
    return [
        (caption_label(field.value), str(material.captions[field.value]))
        for field in CaptionField
        if material.captions.get(field.value)
    ]


def sheet_name(occurrence: Occurrence) -> str:
    """The stored sheet's key (ASCII; the download is named in Chinese by the view)."""
    return f"submission-{occurrence.pk}.pdf"


def download_name(occurrence: Occurrence) -> str:
    """资料提交表-<任务>-<期次>.pdf."""
    parts = [_("资料提交表"), occurrence.task.title, occurrence.label]
    return "-".join(p for p in parts if p) + ".pdf"


def sheet_pdf(occurrence: Occurrence) -> bytes:
    """The 资料提交表 of a signed-off occurrence, A4."""
    task = occurrence.task
    rows = [SheetRow(m, caption_rows(m)) for m in occurrence.materials.all()]
    html = render_to_string(
        "creation/occurrence_sheet_pdf.html",
        {
            "occurrence": occurrence,
            "task": task,
            "organization": task.plan.organization,
            "clause": clause_text(occurrence),
            "rows": rows,
            "submitter": person_name(occurrence.submitted_by),
            "leader": person_name(occurrence.signed_off_by),
            "font_css": font_css(),
            "printed_at": timezone.now(),
        },
    )
    return render_pdf(html)
