"""Stage gates: what must hold before the office may close a campaign's stage.

A campaign moves 申报 → 推荐 → 测评 → 征求意见 → 公示 → 审定 → 命名. The office closes a
stage and opens the next one; each stage is open for its actions only after the stage
before it was closed. So the order of the stages, together with the gate of each, is
what guarantees that nothing is named without marks, a closed screening, a closed
publicity with no objection open, and a quorate approval.

``stage_conditions`` takes the facts of the campaign for one stage and returns every
condition of its gate, met or not, each with a code and the figures a message needs.
The messages themselves are the campaigns app's (``campaigns.stage_messages``).
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class StageKind(StrEnum):
    APPLICATION = "application"
    RECOMMENDATION = "recommendation"
    ASSESSMENT = "assessment"
    SCREENING = "screening"
    PUBLICITY = "publicity"
    APPROVAL = "approval"
    NAMING = "naming"


#: The stages in the order a campaign passes them.
STAGE_ORDER: tuple[StageKind, ...] = tuple(StageKind)


def previous_stage(kind: StageKind | str) -> StageKind | None:
    """The stage that must be closed before ``kind`` opens, None for the first."""
    i = STAGE_ORDER.index(StageKind(kind))
    return STAGE_ORDER[i - 1] if i else None


def next_stage(kind: StageKind | str) -> StageKind | None:
    i = STAGE_ORDER.index(StageKind(kind))
    return STAGE_ORDER[i + 1] if i + 1 < len(STAGE_ORDER) else None


def missing_stages(kinds: set[str] | frozenset[str]) -> tuple[StageKind, ...]:
    """The stages a campaign's plan lacks: every campaign has all of them."""
    return tuple(k for k in STAGE_ORDER if k.value not in kinds)


@dataclass(frozen=True, slots=True)
class StageFacts:
    """What the apps report of a campaign for the gate of one stage.

    Each field belongs to one stage's gate; the others keep their defaults. Names are
    lists of applicants or departments, so that a message can say who is missing.
    """

    kind: StageKind
    now: datetime
    closes_at: datetime
    # application: exceptional applications (破格) waiting for the office's decision
    exceptional_pending: tuple[str, ...] = ()
    # recommendation
    undecided: tuple[str, ...] = ()  # submitted, neither recommended nor turned down
    units_without_report: tuple[str, ...] = ()  # recommended, report not submitted
    # assessment
    needs_rounds: bool = True  # some scored award (测评打分) has applicants to assess
    rounds: int = 0
    unassigned: tuple[str, ...] = ()  # recommended applicants no group assesses
    missing_mark_sets: tuple[str, ...] = ()  # "applicant · assessor · round", no reason
    ranking_current: bool = False  # a ranking exists and no mark changed since
    # None where the campaign has no such award: families reviewed centrally (集中审核认定)
    # and counties ranked by the 文明城市 composite; else the applicants still waiting.
    unreviewed: tuple[str, ...] | None = None
    cities_unranked: tuple[str, ...] | None = None
    # screening
    screening_sent: bool = False
    unanswered: tuple[str, ...] = ()  # departments with an applicant unanswered
    open_appeals: tuple[str, ...] = ()  # applicants whose appeal (申诉) awaits its answer
    appeal_window_until: date | None = None  # the appeal window's last day, while it runs
    # publicity
    published: bool = False
    publicity_ends_at: datetime | None = None
    open_objections: int = 0
    # approval
    approved: bool = False  # a quorate meeting approved the list
    # naming
    unnamed: tuple[str, ...] = ()  # approved, not yet named
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Condition:
    """One condition of a gate; ``params`` hold the figures its message shows."""

    code: str
    met: bool
    params: dict[str, object] = field(default_factory=dict)


def _names(names: tuple[str, ...], limit: int = 5) -> dict[str, object]:
    shown = "、".join(names[:limit])
    return {"count": len(names), "names": shown, "more": max(len(names) - limit, 0)}


def stage_conditions(facts: StageFacts) -> tuple[Condition, ...]:
    """Every condition of the stage's gate, met or unmet, in the order to show them."""
    kind = facts.kind
    if kind is StageKind.APPLICATION:
        return (
            Condition(
                "exceptional_decided",
                not facts.exceptional_pending,
                _names(facts.exceptional_pending),
            ),
        )
    if kind is StageKind.RECOMMENDATION:
        return (
            Condition("all_decided", not facts.undecided, _names(facts.undecided)),
            Condition(
                "reports_submitted",
                not facts.units_without_report,
                _names(facts.units_without_report),
            ),
        )
    if kind is StageKind.ASSESSMENT:
        return _assessment_conditions(facts)
    if kind is StageKind.SCREENING:
        return (
            Condition("screening_sent", facts.screening_sent),
            Condition(
                "all_answered",
                facts.screening_sent and not facts.unanswered,
                _names(facts.unanswered),
            ),
            Condition("appeals_answered", not facts.open_appeals, _names(facts.open_appeals)),
        )
    if kind is StageKind.PUBLICITY:
        ended = facts.publicity_ends_at is not None and facts.now > facts.publicity_ends_at
        return (
            Condition("published", facts.published),
            Condition(
                "publicity_ended",
                facts.published and ended,
                {"ends_at": facts.publicity_ends_at},
            ),
            Condition(
                "objections_closed", facts.open_objections == 0, {"count": facts.open_objections}
            ),
        )
    if kind is StageKind.APPROVAL:
        return (Condition("approved", facts.approved),)
    return (Condition("all_named", not facts.unnamed, _names(facts.unnamed)),)


def _assessment_conditions(facts: StageFacts) -> tuple[Condition, ...]:
    """Scored awards need rounds, assignments, marks and a current ranking; families and
    cities are assessed on their own paths, each with its own condition."""
    conditions: list[Condition] = []
    if facts.needs_rounds:
        conditions += [
            Condition("rounds_exist", facts.rounds > 0, {"count": facts.rounds}),
            Condition("all_assigned", not facts.unassigned, _names(facts.unassigned)),
            Condition(
                "marks_complete", not facts.missing_mark_sets, _names(facts.missing_mark_sets)
            ),
            Condition("ranking_current", facts.ranking_current),
        ]
    if facts.unreviewed is not None:
        conditions.append(
            Condition("families_reviewed", not facts.unreviewed, _names(facts.unreviewed))
        )
    if facts.cities_unranked is not None:
        conditions.append(
            Condition("cities_ranked", not facts.cities_unranked, _names(facts.cities_unranked))
        )
    return tuple(conditions)


def stage_notices(facts: StageFacts) -> tuple[Condition, ...]:
    """What the office should know before closing, though it does not stop the close:
    closing screening while the appeal window runs ends the window early."""
    if facts.kind is StageKind.SCREENING and facts.appeal_window_until is not None:
        return (Condition("appeal_window_running", False, {"day": facts.appeal_window_until}),)
    return ()


def unmet(facts: StageFacts) -> tuple[Condition, ...]:
    """The conditions that still stop the stage from closing."""
    return tuple(c for c in stage_conditions(facts) if not c.met)


def closing_early(facts: StageFacts) -> bool:
    """Closing before the stage's deadline needs a reason, recorded with the close."""
    return facts.now < facts.closes_at
