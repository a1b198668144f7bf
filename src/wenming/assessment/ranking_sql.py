"""What the ranking reads from the marks: per application, round, clause and method, the
marks' count, sum, lowest and highest. No arithmetic of the ranking happens here; it is
all in ``wenming.domain.ranking``.

The figures come as whole hundredths (a mark has two decimals, ``Mark.points``): exact on
PostgreSQL's numeric and on SQLite, where sums of stored reals could otherwise drift in the
last binary digit, and plain integers for the domain's hot loop. The statement runs the
same on both databases and, with the campaign's round ids as literals, streams from the
(round, application, clause, method, points) index (migration 0003) in group order, which
is application order for a campaign of one round (several rounds add one sort). Rows are
plain tuples from the cursor, fetched in batches: no ORM object, no Decimal.

A median of five marks or more is not given by the four figures (up to four it is: the two
middle marks of four are the sum less the lowest and the highest), so ``marks`` reads the
marks themselves, for the few applications that need them.

A round that normalizes its assessors' marks (``Round.normalize_marks``) needs every mark
with its assessor and its application's award (whose framework gives the clause's points):
``round_marks`` reads them, and the ranking computes that round's figures itself.
"""

from collections.abc import Iterable, Iterator, Sequence

from django.db import connection

from wenming.campaigns.models import Application

from .models import Mark

FIGURES = """
SELECT application_id, round_id, clause_key, method, COUNT(*),
       CAST(ROUND(SUM(points) * 100) AS INTEGER),
       CAST(ROUND(MIN(points) * 100) AS INTEGER),
       CAST(ROUND(MAX(points) * 100) AS INTEGER)
FROM {mark}
WHERE round_id IN ({rounds}){only}
GROUP BY round_id, application_id, clause_key, method
ORDER BY application_id, round_id, clause_key, method
"""

MARKS = """
SELECT application_id, round_id, clause_key, method, CAST(ROUND(points * 100) AS INTEGER)
FROM {mark}
WHERE round_id IN ({rounds}) AND application_id IN ({applications})
"""

ROUND_MARKS = """
SELECT m.application_id, m.round_id, m.clause_key, m.method, m.assessor_id,
       CAST(ROUND(m.points * 100) AS INTEGER), a.award_id
FROM {mark} m JOIN {application} a ON a.id = m.application_id
WHERE m.round_id IN ({rounds})
ORDER BY m.application_id, m.round_id, m.clause_key, m.method, m.assessor_id
"""

#: (application, round, clause, method, count, sum, lowest, highest), in hundredths
Row = tuple[int, int, str, str, int, int, int, int]
BATCH = 20_000


def _literals(ids: Iterable[int]) -> str:
    # Literal ids let the planner see how many marks it reads and walk the index in order.
    return ", ".join(str(int(pk)) for pk in ids) or "NULL"


def figures(round_ids: Sequence[int], application_id: int | None = None) -> Iterator[Row]:
    """The per-clause figures of the given rounds (of one application, if given), in
    application order, as the cursor returns them."""
    if not round_ids:
        return
    only = f" AND application_id = {int(application_id)}" if application_id is not None else ""
    sql = FIGURES.format(mark=Mark._meta.db_table, rounds=_literals(round_ids), only=only)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(BATCH):
            yield from rows


def marks(
    round_ids: Sequence[int], application_ids: Sequence[int]
) -> dict[tuple[int, int, str, str], list[int]]:
    """The marks (hundredths) of the given applications in the given rounds, per
    (application, round, clause, method)."""
    out: dict[tuple[int, int, str, str], list[int]] = {}
    if not round_ids or not application_ids:
        return out
    ids = list(application_ids)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 5_000):
            sql = MARKS.format(
                mark=Mark._meta.db_table,
                rounds=_literals(round_ids),
                applications=_literals(ids[start : start + 5_000]),
            )
            cursor.execute(sql)
            for app, round_id, clause, method, points in cursor.fetchall():
                out.setdefault((app, round_id, clause, method), []).append(points)
    return out


#: (application, round, clause, method, assessor, points in hundredths, award)
MarkRow = tuple[int, int, str, str, int, int, int]


def round_marks(round_ids: Sequence[int]) -> list[MarkRow]:
    """Every mark of the given rounds with its assessor and its application's award."""
    if not round_ids:
        return []
    sql = ROUND_MARKS.format(
        mark=Mark._meta.db_table,
        application=Application._meta.db_table,
        rounds=_literals(round_ids),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return list(cursor.fetchall())
