"""Totals, breakdowns and ranks of an award's applicants from per-clause figures
(docs/rules.md#scoring, #aggregation, #arithmetic and #ranking).

``rank`` (and ``Ranker``, the same thing fed one applicant at a time) is the one home of
the ranking's arithmetic. The database only gathers, per application, round, clause and
method, the marks' count, sum, lowest and highest in whole hundredths (``ClauseFigures``);
this module turns them into each application's total and breakdown and orders the award:

- a clause's marks by one method combine as its round says (mean, trimmed mean, median;
  the rule of ``scoring.combine``); a clause marked by several methods takes their mean,
  weighted by the round's method weights when it has any;
- a round's total is the sum of its clauses. A figure above its clause's points is
  refused, so the criterion and item caps (docs/rules.md#scoring) can never bind and need
  no step here;
- rounds combine by their weights over the rounds that cover the application (a covered
  round without marks counts as zero; a sampled round that did not draw it does not count);
- threshold criteria come from statistics and questionnaires, capped bonuses from the
  confirmed claims, deductions from the recorded counts (``scoring``'s public pieces);
- total = marks + thresholds + bonuses − deductions, exactly;
- an application without a single mark in any covering round is not ranked;
- ranks follow docs/rules.md#ranking: total (compared at ``RANK_PLACES``, as stored)
  descending, fewer deduction points, more preference, then name in code-point order;
  each entry says which rule put it after the one above it (``decided_by``).

Arithmetic. Marks have two decimals, so the figures are integers of hundredths and every
clause value is a ratio of integers (a mean of three marks is ``sum / 3``). The bulk path
keeps each round's sum of clause values exact as integer numerators per denominator, with
no Decimal and no object per figure; the marks' part of the total becomes a Decimal once,
at the edge, kept to ``MEAN_DIGITS`` significant digits (rounded half up). Totals are then
exact sums of Decimals. ``detail=True`` (the breakdown page) computes the same numbers
clause by clause with ``Fraction``s and returns every clause and method; a property test
holds the two paths equal.

The package's modules: ``inputs`` (settings and figures), ``results`` (``Ranked`` and its
parts), ``order`` (``RANK_PLACES``, ``tie_rule``), ``hundredths`` (exact ratios of
hundredths), ``ranker`` (``rank``, ``Ranker``) and ``quota`` (who is within quota, and
two rankings side by side for the what-if). This ``__init__`` re-exports the public
names other apps import, so that ``from wenming.domain.ranking import ...`` keeps working.
"""

from .inputs import Applicant, ClauseFigures, MarkKey, RoundSettings, Row
from .order import RANK_PLACES, Placed, TieRule, tie_rule
from .quota import Change, Placing, compare, within_quota
from .ranker import Ranker, marked_clauses, rank
from .results import ClauseScore, MethodScore, Ranked, RoundScore

__all__ = [
    "RANK_PLACES",
    "Applicant",
    "Change",
    "ClauseFigures",
    "ClauseScore",
    "MarkKey",
    "MethodScore",
    "Placed",
    "Placing",
    "Ranked",
    "Ranker",
    "RoundScore",
    "RoundSettings",
    "Row",
    "TieRule",
    "compare",
    "marked_clauses",
    "rank",
    "tie_rule",
    "within_quota",
]
