"""The application page's self-marks: the framework's items, criteria and scoring points
rendered once per framework version (wenming.frameworks.sheets), filled per request.

The sheet (``application_detail.html#sheet``) holds every scoring point with its self-mark
form and its upload form, the same for every applicant of a framework version; it differs
only between an application the applicant may still edit and one it reads. A request fills
the slots: the form's addresses and CSRF token, the self-mark and narrative, and the
evidence given (``_evidence_block.html#list``, rendered for the points that have some).
Saving one self-mark answers with that scoring point's row of the same sheet (htmx). The
bonus items' claim forms are kept the same way, without slots.
"""

import html
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from wenming.frameworks.sheets import Skeleton, Slot, Slots, cached_skeleton, fill
from wenming.frameworks.sheets import render_skeleton as render
from wenming.frameworks.sheets import sheet_key as key_of

from ..forms import BonusClaimForm, EvidenceForm
from ..models import Application, SelfMark

TEMPLATE = "campaigns/application_detail.html"
_SAFE = "!$&'()*+,;=/~:@"  # what reverse() leaves unquoted in a path (RFC 3986 sub-delims)


def _build(application: Application, *, editable: bool) -> Skeleton:
    framework = application.award.framework.to_framework()
    computed = {rule.criterion for rule in framework.thresholds}
    slot = Slots()
    items = []
    for item in framework.items:
        criteria = []
        for criterion in item.criteria:
            is_computed = criterion.number in computed
            clauses = [
                {
                    "key": clause.key,
                    "text": clause.text,
                    "points": clause.points,
                    "computed": is_computed,
                    "start": slot("start", clause.key),
                    "mark_url": slot("url", "campaigns:self_mark", clause.key),
                    "upload_url": slot("url", "campaigns:evidence_upload", clause.key),
                    "points_value": slot("points", clause.key),
                    "narrative": slot("narrative", clause.key),
                    "status": slot("status", clause.key),
                    "evidence": slot("evidence", clause.key),
                    "end": slot("end", clause.key),
                }
                for clause in criterion.clauses
            ]
            criteria.append(
                {
                    "number": criterion.number,
                    "text": criterion.text,
                    "points": criterion.points,
                    "clauses": clauses,
                    "single": len(clauses) == 1,
                }
            )
        items.append({"name": item.name, "points": item.points, "criteria": criteria})
    context = {
        "items": items,
        "editable": editable,
        "evidence_form": EvidenceForm(),
        "csrf_token": slot("csrf"),
    }
    return render(f"{TEMPLATE}#sheet", context, slot, {})


def _skeleton(application: Application, *, editable: bool) -> Skeleton:
    version = application.award.framework
    key = key_of("campaigns:self-sheet", version, TEMPLATE, "edit" if editable else "read")
    return cached_skeleton(key, lambda: _build(application, editable=editable))


def _filler(
    application: Application,
    *,
    editable: bool,
    csrf_token: str,
    marks: dict[str, SelfMark],
    evidence: dict[str, list[dict[str, Any]]],
    status: str = "",
) -> Any:
    urls = {
        name: reverse(name, args=[application.pk, "__key__"])
        for name in ("campaigns:self_mark", "campaigns:evidence_upload")
    }
    token = str(conditional_escape(csrf_token))
    # The slots' values are plain text (addresses, numbers, what the applicant typed):
    # html.escape is Django's escape() without its lazy-text check, which a sheet of 50
    # scoring points would otherwise pay 150 times a page.

    def value(spec: Slot) -> str:
        kind, key = spec[0], spec[-1]
        mark = marks.get(key)
        if kind == "url":
            # As reverse() quotes a path argument; one reverse per address, not per row.
            url = urls[spec[1]].replace("__key__", quote(key, safe=_SAFE))
            return html.escape(url)
        if kind == "points":
            if mark is None:
                return "" if editable else "—"
            return html.escape(str(localize(mark.points)))
        if kind == "narrative":
            text = html.escape(mark.narrative) if mark else ""
            return text if editable or not text else f" · {text}"
        if kind == "evidence":
            rows = evidence.get(key)
            if not rows:
                return ""
            context = {
                "application": application,
                "editable": editable,
                "evidence_rows": rows,
                "csrf_token": csrf_token,
            }
            return render_to_string("campaigns/_evidence_block.html#list", context)
        if kind == "csrf":
            return token
        if kind == "status":
            return status
        return ""  # a row's start and end

    return value


def self_sheet(
    application: Application,
    *,
    editable: bool,
    csrf_token: str,
    marks: dict[str, SelfMark],
    evidence: dict[str, list[dict[str, Any]]],
) -> SafeString:
    """Every scoring point of the application's framework with its self-mark and evidence
    (a checklist has none: ``presenting.condition_rows``)."""
    if application.award.framework.is_checklist:
        return SafeString("")
    skeleton = _skeleton(application, editable=editable)
    filler = _filler(
        application, editable=editable, csrf_token=csrf_token, marks=marks, evidence=evidence
    )
    return fill(skeleton, filler)


def self_sheet_form(
    application: Application,
    clause_key: str,
    *,
    csrf_token: str,
    marks: dict[str, SelfMark],
    error: str,
) -> SafeString | None:
    """One scoring point's self-mark form after a save, with 已保存 or the refusal in it;
    None for a key the framework does not have (or a point computed, with no form)."""
    skeleton = _skeleton(application, editable=True)
    first = last = None
    for index, spec in enumerate(skeleton.slots):
        if spec == ("start", clause_key):
            first = index
        elif spec == ("end", clause_key):
            last = index
            break
    if first is None or last is None:
        return None
    status = render_to_string(
        f"{TEMPLATE}#mark-status", {"saved": not error, "error": error}
    ).strip()
    filler = _filler(
        application,
        editable=True,
        csrf_token=csrf_token,
        marks=marks,
        evidence={},  # the form holds no evidence
        status=status,
    )
    return fill(skeleton, filler, (first, last))


def bonus_form_fields(application: Application) -> dict[str, SafeString]:
    """Each bonus item's claim form (its fields), by the item's key: the same for every
    applicant of a framework version, so rendered once (``#bonus-fields``)."""
    version = application.award.framework

    def build() -> Skeleton:
        extras: dict[str, str] = {
            rule.key: render_to_string(
                f"{TEMPLATE}#bonus-fields",
                {"form": BonusClaimForm(rule=rule, auto_id=f"id_{rule.key}_%s")},
            )
            for rule in version.to_framework().bonuses
        }
        return Skeleton([""], [], extras)

    kept = cached_skeleton(key_of("campaigns:bonus-forms", version, TEMPLATE), build)
    return {key: mark_safe(html) for key, html in kept.extras.items()}  # noqa: S308 - rendered


def self_total(marks: dict[str, SelfMark]) -> Decimal:
    return sum((m.points for m in marks.values()), Decimal(0))
