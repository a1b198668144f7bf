"""What ``rank`` is given: the rounds' settings and, per applicant, its figures (the
marks' count, sum, lowest and highest per round, clause and method) and its other facts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from wenming.domain.frameworks import ONE
from wenming.domain.scoring import (
    Aggregation,
    BonusClaim,
    OrganizationStatistics,
    QuestionnaireResult,
)


class ClauseFigures(NamedTuple):
    """One row of the figure aggregate: what the database gathers for one application,
    round, clause and method. ``total``, ``low`` and ``high`` are whole hundredths (a mark
    of 1.5 is 150). Plain tuples in this field order do as well."""

    application: int
    round: int
    clause: str
    method: str
    n: int  # how many marks
    total: int
    low: int
    high: int


#: A row of figures: a ``ClauseFigures`` or a plain tuple in its field order.
Row = tuple[Any, ...]

#: The marks of one (round, clause, method) in hundredths, in any order: a median of five
#: marks or more needs them (up to four, the four figures give it).
MarkKey = tuple[int, str, str]


@dataclass(frozen=True, slots=True)
class RoundSettings:
    key: int
    weight: Decimal = ONE
    aggregation: Aggregation = Aggregation.MEAN
    trim_from: int = 5
    # Weights of the marking methods of one clause (material, on-site); none: equal.
    method_weights: Mapping[str, Decimal] | None = None


@dataclass(frozen=True, slots=True)
class Applicant:
    key: int
    name: str
    rounds: tuple[int, ...]  # the rounds that cover it
    figures: Sequence[Row] = ()  # ClauseFigures or plain tuples in its field order
    statistics: OrganizationStatistics | None = None
    questionnaires: Mapping[str, QuestionnaireResult] = field(default_factory=dict)
    bonus_claims: Sequence[BonusClaim] = ()
    deductions: Mapping[str, int] = field(default_factory=dict)
    preference: int = 0  # how many preferred kinds of work (0-3): docs/rules.md#ranking
    marks: Mapping[MarkKey, Sequence[int]] = field(default_factory=dict)
