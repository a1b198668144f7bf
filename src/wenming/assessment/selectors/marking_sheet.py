"""The assessor's marking page: its sheet rendered once per framework version, filled per
request.

What a framework version shows (items, clause texts, full marks, methods, every choice) is
the same for every assessor and applicant, so ``mark.html#sheet`` renders it once per
version, language and revision of the template, and Django's cache keeps the result as
static pieces between numbered slots. A request only fills the slots: the applicant's
self-mark, narrative and evidence (``mark.html#evidence``, for the clauses that have some),
each method's saved state and each choice's checked and disabled attributes. Rendering the
70 KB sheet node by node took four fifths of the page's time (benchmarks/pages.py).
"""

import hashlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.core.cache import cache as django_cache
from django.db.models import QuerySet
from django.template.loader import get_template, render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.campaigns.models import EvidenceKind, Stage
from wenming.domain.frameworks import Framework
from wenming.domain.style import score_text
from wenming.frameworks.models import Framework as FrameworkVersion

from ..models import Assignment, Mark
from ..presenting import choices
from ..sheet import sheet

_SLOT = "\x00"  # brackets a slot's number in the rendered sheet; never in escaped text
_CACHE_SECONDS = 24 * 3600

# One slot: ("self", key), ("narrative", key), ("evidence", key), ("state", key, method)
# or ("choice", key, method, value).
Slot = tuple[Any, ...]


@dataclass(frozen=True)
class Skeleton:
    statics: list[str]  # the static HTML, one piece more than there are slots
    slots: list[Slot]
    no_evidence: str  # ``mark.html#evidence`` for a clause without evidence


@cache
def _template_revision() -> str:
    """The marking template's own revision: a digest of its source, so an edited template
    (a new release) never serves a sheet rendered by the old one."""
    source = get_template("assessment/mark.html").template.source  # type: ignore[attr-defined]
    return hashlib.sha256(source.encode()).hexdigest()[:12]


def skeleton_key(version: FrameworkVersion) -> str:
    """The cache key: the framework's pk, version and save time (a draft is edited in
    place), the language and the template's revision."""
    stamp = version.updated_at.isoformat() if version.updated_at else ""
    return (
        f"assessment:mark-sheet:{version.pk}:{version.version}:{stamp}:"
        f"{get_language()}:{_template_revision()}"
    )


def _build_skeleton(framework: Framework) -> Skeleton:
    slots: list[Slot] = []

    def slot(*spec: Any) -> SafeString:
        slots.append(spec)
        return mark_safe(f"{_SLOT}{len(slots) - 1}{_SLOT}")  # noqa: S308 - digits only

    entries = sheet(framework)
    items = []
    for item in framework.items:
        clauses = []
        for criterion in item.criteria:
            for clause in criterion.clauses:
                entry = entries.get(clause.key)
                if entry is None:
                    continue
                key = clause.key
                clauses.append(
                    {
                        "key": key,
                        "text": clause.text,
                        "points": clause.points,
                        "self": slot("self", key),
                        "narrative": slot("narrative", key),
                        "evidence": slot("evidence", key),
                        "fields": [
                            {
                                "value": method.value,
                                "label": method.label,
                                "state": slot("state", key, method.value),
                                "choices": [
                                    (c, slot("choice", key, method.value, c))
                                    for c in choices(clause.points, framework.step)
                                ],
                            }
                            for method in entry.methods
                        ],
                    }
                )
        if clauses:
            items.append({"number": item.number, "name": item.name, "clauses": clauses})
    parts = render_to_string("assessment/mark.html#sheet", {"items": items}).split(_SLOT)
    statics, numbers = parts[::2], parts[1::2]
    if numbers != [str(n) for n in range(len(slots))]:
        raise ValueError(f"framework {framework.code}: a text holds the slot marker")
    no_evidence = render_to_string("assessment/mark.html#evidence", {"evidence": []})
    return Skeleton(statics, slots, no_evidence)


def mark_skeleton(version: FrameworkVersion) -> Skeleton:
    """The static marking sheet of a framework version, from the cache or rendered now."""
    key = skeleton_key(version)
    found = django_cache.get(key)
    if isinstance(found, Skeleton):
        return found
    built = _build_skeleton(version.to_framework())
    django_cache.set(key, built, _CACHE_SECONDS)
    return built


def marking_assignments() -> QuerySet[Assignment]:
    """Assignments with what the marking page shows, without the large JSON columns it
    never reads (the framework's document is read through the domain cache, loaded on a
    miss only): decoding them cost more than the rest of the query."""
    return Assignment.objects.select_related(
        "round", "group", "application__organization", "application__award__framework"
    ).defer(
        "round__sample_population",
        "round__checklist",
        "application__form",
        "application__eligibility",
        "application__award__framework__document",
    )


@dataclass(frozen=True)
class MarkingPage:
    stage: Stage | None  # the campaign's assessment stage
    stage_open: bool
    sheet: SafeString  # every clause: its text, the applicant's part, the assessor's marks


def marking_page(assignment: Assignment, user: User) -> MarkingPage:
    """The marking page of an assignment for one assessor. Four queries (and one on a
    cold cache, for the framework's document)."""
    stage = Stage.objects.filter(
        campaign_id=assignment.round.campaign_id, kind="assessment"
    ).first()
    stage_open = stage.is_open() if stage else False
    return MarkingPage(stage, stage_open, _fill(assignment, user, stage_open=stage_open))


def _fill(assignment: Assignment, user: User, *, stage_open: bool) -> SafeString:
    application = assignment.application
    skeleton = mark_skeleton(application.award.framework)
    self_marks = {
        key: (points, narrative)
        for key, points, narrative in application.self_marks.values_list(
            "clause_key", "points", "narrative"
        )
    }
    kinds = dict(EvidenceKind.choices)
    evidence: dict[str, list[str]] = {}
    for key, kind, name, activity in application.evidence.values_list(
        "clause_key", "kind", "original_name", "activity"
    ):
        line = " · ".join([str(kinds.get(kind, kind)), name, *([activity] if activity else [])])
        evidence.setdefault(key, []).append(line)
    mine = {
        (clause, method): points
        for clause, method, points in Mark.objects.filter(
            round_id=assignment.round_id, application_id=application.pk, assessor=user
        ).values_list("clause_key", "method", "points")
    }
    saved = str(conditional_escape(_("已保存")))
    disabled = "" if stage_open else " disabled"
    out = [skeleton.statics[0]]
    for spec, static in zip(skeleton.slots, skeleton.statics[1:], strict=True):
        kind, key = spec[0], spec[1]
        if kind == "choice":
            mark = mine.get((key, spec[2]))
            out.append((" checked" if mark is not None and mark == spec[3] else "") + disabled)
        elif kind == "state":
            out.append(saved if (key, spec[2]) in mine else "")
        elif kind == "self":
            out.append(score_text(self_marks[key][0]) if key in self_marks else "—")
        elif kind == "narrative":
            narrative = self_marks.get(key, (None, ""))[1]
            out.append(f" · {conditional_escape(narrative)}" if narrative else "")
        elif key in evidence:
            out.append(
                render_to_string("assessment/mark.html#evidence", {"evidence": evidence[key]})
            )
        else:
            out.append(skeleton.no_evidence)
        out.append(static)
    return mark_safe("".join(out))  # noqa: S308 - the template's output and escaped values
