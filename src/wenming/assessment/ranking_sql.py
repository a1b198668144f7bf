"""What the ranking reads from the marks: per round, application, clause and method, the
marks' count, sum, lowest and highest. No arithmetic of the ranking happens here; it is
all in ``wenming.domain.ranking.rank``.

The figures come as whole hundredths (a mark has two decimals, ``Mark.points``): exact on
PostgreSQL's numeric and on SQLite, where sums of stored reals could otherwise drift in the
last binary digit. The statement runs the same on both databases and, with the campaign's
round ids as literals, streams from the (round, application, clause, method, points)
index (migration 0003) in group order.

A median of five marks or more is not given by the four figures (up to four it is: the two
middle marks of four are the sum less the lowest and the highest), so for the rounds that
take a median the marks of those groups alone are read too, by a plain join on the groups
of five or more. Ordered-set aggregates (``percentile_cont``) exist on PostgreSQL only and
SQLite's ``group_concat`` orders only from 3.44; a join with ``HAVING`` works on both.
"""

from collections.abc import Iterator, Sequence
from decimal import Decimal

from django.db import connection

from .models import Mark

FIGURES = """
SELECT application_id, round_id, clause_key, method, COUNT(*),
       CAST(ROUND(SUM(points) * 100) AS INTEGER),
       CAST(ROUND(MIN(points) * 100) AS INTEGER),
       CAST(ROUND(MAX(points) * 100) AS INTEGER)
FROM {mark}
WHERE round_id IN ({rounds})
GROUP BY round_id, application_id, clause_key, method
"""

MEDIAN_MARKS = """
SELECT m.application_id, m.round_id, m.clause_key, m.method,
       CAST(ROUND(m.points * 100) AS INTEGER)
FROM {mark} m
JOIN (
    SELECT round_id, application_id, clause_key, method
    FROM {mark}
    WHERE round_id IN ({rounds})
    GROUP BY round_id, application_id, clause_key, method
    HAVING COUNT(*) >= 5
) g ON g.round_id = m.round_id AND g.application_id = m.application_id
   AND g.clause_key = m.clause_key AND g.method = m.method
"""

#: (application, round, clause, method, count, sum, lowest, highest)
Row = tuple[int, int, str, str, int, Decimal, Decimal, Decimal]


def _literals(ids: Sequence[int]) -> str:
    # Literal ids let the planner see how many marks it reads and walk the index in order.
    return ", ".join(str(int(pk)) for pk in ids) or "NULL"


class _Hundredths(dict[int, Decimal]):
    """Whole hundredths as exact Decimals, each made once."""

    def __missing__(self, value: int) -> Decimal:
        decimal = self[value] = Decimal(value).scaleb(-2)
        return decimal


def figures(round_ids: Sequence[int]) -> Iterator[Row]:
    """The per-clause figures of the given rounds, as exact Decimals."""
    if not round_ids:
        return
    cents = _Hundredths()
    sql = FIGURES.format(mark=Mark._meta.db_table, rounds=_literals(round_ids))
    with connection.cursor() as cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(20_000):
            for app, round_id, clause, method, n, s, lo, hi in rows:
                yield app, round_id, clause, method, n, cents[s], cents[lo], cents[hi]


def median_marks(round_ids: Sequence[int]) -> dict[tuple[int, int, str, str], list[Decimal]]:
    """The marks of each (application, round, clause, method) with five marks or more."""
    out: dict[tuple[int, int, str, str], list[Decimal]] = {}
    if not round_ids:
        return out
    cents = _Hundredths()
    sql = MEDIAN_MARKS.format(mark=Mark._meta.db_table, rounds=_literals(round_ids))
    with connection.cursor() as cursor:
        cursor.execute(sql)
        for app, round_id, clause, method, points in cursor.fetchall():
            out.setdefault((app, round_id, clause, method), []).append(cents[points])
    return out
