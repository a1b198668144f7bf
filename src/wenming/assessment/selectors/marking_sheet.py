"""The assessor's marking page: its sheet rendered once per framework version, filled per
request.

What a framework version shows (items, clause texts, full marks, methods, every choice) is
the same for every assessor and applicant, so ``mark.html#sheet`` renders it once per
version, language and revision of the template (wenming.frameworks.sheets), kept as
static pieces between numbered slots. A request only fills the slots: the applicant's
self-mark, narrative and evidence (``mark.html#evidence``, for the clauses that have some),
each method's saved state and each choice's checked and disabled attributes. Rendering the
70 KB sheet node by node took four fifths of the page's time (benchmarks/pages.py).
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.campaigns.models import EvidenceKind, Stage
from wenming.campaigns.stages import stage_of
from wenming.domain.frameworks import Framework
from wenming.domain.style import score_text
from wenming.frameworks.models import Framework as FrameworkVersion
from wenming.frameworks.sheets import Skeleton, Slot, Slots, cached_skeleton, fill, sheet_key
from wenming.frameworks.sheets import render_skeleton as render

from ..models import Assignment
from ..presenting import choices
from ..sheet import sheet
from . import marking_reads as reads

TEMPLATE = "assessment/mark.html"


def skeleton_key(version: FrameworkVersion) -> str:
    """The cache key of a framework version's sheet in the current language."""
    return sheet_key("assessment:mark-sheet", version, TEMPLATE)


def _build_skeleton(framework: Framework) -> Skeleton:
    slot = Slots()
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
    no_evidence = render_to_string(f"{TEMPLATE}#evidence", {"evidence": []})
    return render(f"{TEMPLATE}#sheet", {"items": items}, slot, {"no_evidence": no_evidence})


def mark_skeleton(version: FrameworkVersion) -> Skeleton:
    """The static marking sheet of a framework version, kept or rendered now."""
    return cached_skeleton(skeleton_key(version), lambda: _build_skeleton(version.to_framework()))


@dataclass(frozen=True)
class MarkingPage:
    stage: Stage | None  # the campaign's assessment stage
    stage_open: bool
    sheet: SafeString  # every clause: its text, the applicant's part, the assessor's marks


def marking_page(assignment: Assignment, user: User) -> MarkingPage:
    """The marking page of an assignment for one assessor. Four queries (and one on a
    cold cache, for the framework's document)."""
    stage = stage_of.first(assignment.round.campaign_id, "assessment")
    stage_open = stage.is_open() if stage else False
    return MarkingPage(stage, stage_open, _fill(assignment, user, stage_open=stage_open))


def _fill(assignment: Assignment, user: User, *, stage_open: bool) -> SafeString:
    application = assignment.application
    skeleton = mark_skeleton(application.award.framework)
    # No ordering where the rows only fill dictionaries: a mark's default ordering joins
    # its round and campaign.
    self_marks = {
        key: (points, narrative) for key, points, narrative in reads.self_marks.list(application.pk)
    }
    kinds = dict(EvidenceKind.choices)
    evidence: dict[str, list[str]] = {}
    for key, kind, name, activity in reads.evidence_lines.list(application.pk):
        line = " · ".join([str(kinds.get(kind, kind)), name, *([activity] if activity else [])])
        evidence.setdefault(key, []).append(line)
    mine = {
        (clause, method): points
        for clause, method, points in reads.my_marks.list(
            assignment.round_id, application.pk, user.pk
        )
    }
    saved = str(conditional_escape(_("已保存")))
    disabled = "" if stage_open else " disabled"
    no_evidence = skeleton.extras["no_evidence"]

    def value(spec: Slot) -> str:
        kind, key = spec[0], spec[1]
        if kind == "choice":
            mark = mine.get((key, spec[2]))
            return (" checked" if mark is not None and mark == spec[3] else "") + disabled
        if kind == "state":
            return saved if (key, spec[2]) in mine else ""
        if kind == "self":
            return score_text(self_marks[key][0]) if key in self_marks else "—"
        if kind == "narrative":
            narrative = self_marks.get(key, (None, ""))[1]
            return f" · {conditional_escape(narrative)}" if narrative else ""
        if key in evidence:
            return render_to_string(f"{TEMPLATE}#evidence", {"evidence": evidence[key]})
        return no_evidence

    return fill(skeleton, value)
