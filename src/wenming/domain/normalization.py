"""Per-round normalization of each assessor's marks (docs/rules.md#what-if-and-normalization).

A harsh assessor and a lenient one mark the same work differently. When a round says so
(``Round.normalize_marks``), each assessor's marks are put on the round's common scale
before they combine:

- every mark is taken relative to its clause's points (``points / cap``), so clauses of
  different weights compare;
- per assessor, over all their marks in the round: the mean and the (population)
  standard deviation of those shares; each mark becomes its z-score;
- the z-score is mapped back with the round's pooled mean and standard deviation (over
  every mark of every assessor in the round), times the clause's points;
- the result is rounded half up to the marks' unit (a hundredth) and clamped into
  ``[0, points]``, so a normalized mark is always a mark the clause admits.

Degenerate cases leave marks as they were: an assessor with a single mark, an assessor
whose marks all have the same share (standard deviation 0), and a clause worth 0 points.

Marks are whole hundredths (``int``); the arithmetic is ``Decimal`` at 28 digits, so the
result does not depend on the platform's floats.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

_CONTEXT = Context(prec=28, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class RawMark:
    """One mark as normalization sees it: the caller's key for it, who gave it, the points
    given and the clause's points, both in whole hundredths."""

    key: Hashable
    assessor: int
    points: int
    cap: int


@dataclass(frozen=True, slots=True)
class Spread:
    """The mean and the population standard deviation of a set of shares."""

    mean: Decimal
    sd: Decimal


def spread(shares: Sequence[Decimal]) -> Spread | None:
    """The mean and standard deviation of ``shares``; None when there are none."""
    if not shares:
        return None
    n = Decimal(len(shares))
    mean = _CONTEXT.divide(sum(shares, Decimal(0)), n)
    variance = _CONTEXT.divide(sum(((s - mean) ** 2 for s in shares), Decimal(0)), n)
    return Spread(mean, variance.sqrt(_CONTEXT))


def _share(mark: RawMark) -> Decimal:
    return _CONTEXT.divide(Decimal(mark.points), Decimal(mark.cap))


def _scored(marks: Iterable[RawMark]) -> list[RawMark]:
    """The marks that take part: a clause of 0 points has no scale to compare on."""
    return [m for m in marks if m.cap > 0]


def normalize_assessor(marks: Sequence[RawMark], pooled: Spread) -> dict[Hashable, int]:
    """One assessor's marks mapped onto ``pooled``: each mark's z-score among the
    assessor's own shares, times the pooled standard deviation, plus the pooled mean,
    times the clause's points; rounded to a hundredth, clamped into [0, cap]."""
    out = {m.key: m.points for m in marks}
    scored = _scored(marks)
    out.update(_mapped(scored, [_share(m) for m in scored], pooled))
    return out


def _mapped(
    scored: Sequence[RawMark], shares: Sequence[Decimal], pooled: Spread
) -> dict[Hashable, int]:
    """``normalize_assessor`` on marks of clauses with points, their shares given; the
    degenerate cases (one mark, deviation 0) give nothing, so the marks stay."""
    own = spread(shares)
    if len(scored) < 2 or own is None or own.sd == 0:
        return {}
    # mean + sd × (share − own mean) / own sd, times cap, is slope × points + offset × cap:
    # two products per mark (a round may hold millions of marks).
    slope = _CONTEXT.divide(pooled.sd, own.sd)
    offset = pooled.mean - slope * own.mean
    out = {}
    for mark in scored:
        value = int((slope * mark.points + offset * mark.cap).to_integral_value(ROUND_HALF_UP))
        out[mark.key] = min(max(value, 0), mark.cap)
    return out


def normalize_round(marks: Iterable[RawMark]) -> dict[Hashable, int]:
    """Every mark of one round, each assessor's normalized onto the round's pooled
    spread (``normalize_assessor``); keys as given."""
    every = list(marks)
    out = {m.key: m.points for m in every}
    scored = _scored(every)
    shares = [_share(m) for m in scored]  # once each: the pooled and the own spreads read them
    pooled = spread(shares)
    if pooled is None:
        return out
    by_assessor: dict[int, tuple[list[RawMark], list[Decimal]]] = {}
    for mark, share in zip(scored, shares, strict=True):
        own = by_assessor.setdefault(mark.assessor, ([], []))
        own[0].append(mark)
        own[1].append(share)
    for own_marks, own_shares in by_assessor.values():
        out.update(_mapped(own_marks, own_shares, pooled))
    return out


#: (application, round, clause, method) → that key's marks, in hundredths
MarkGroups = Mapping[tuple[int, int, str, str], Sequence[int]]


def figures_of(
    groups: MarkGroups,
) -> dict[int, list[tuple[int, int, str, str, int, int, int, int]]]:
    """Per application, the figure rows (``ranking.ClauseFigures`` order: application,
    round, clause, method, count, sum, lowest, highest) of the given marks, ordered by
    round, clause and method as the ranking's statement returns them."""
    out: dict[int, list[tuple[int, int, str, str, int, int, int, int]]] = {}
    for (app, round_, clause, method), points in sorted(groups.items()):
        if points:
            row = (app, round_, clause, method, len(points), sum(points), min(points), max(points))
            out.setdefault(app, []).append(row)
    return out
