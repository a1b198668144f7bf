"""The mark aggregation of a ranking, in one SQL statement that runs on SQLite and
PostgreSQL alike.

Per round, application, clause and method the assessors' marks combine into a mean, or a
trimmed mean ``(sum - max - min) / (count - 2)`` when the round says so and has at least
``trim_from`` marks; a clause marked by several methods (material and on-site) takes the
mean of its methods; a round's total is the sum of its clauses. Rounds combine by their
weights over the rounds that cover the application (all recommended applicants, or its
sample for a sampled round): a covered round without marks counts as zero, a round that
did not sample the application does not count at all.

``* 1.0`` keeps SQLite from integer division (whole marks are stored as integers there);
on PostgreSQL it keeps ``numeric``. Totals are rounded half up to four decimals in SQL.
"""

from collections.abc import Sequence

from django.db import connection

from .models import Mark, RankingResult, Round, SampleEntry
from .population import ASSESSABLE


def _tables() -> dict[str, str]:
    from wenming.campaigns.models import Application

    return {
        "mark": Mark._meta.db_table,
        "round": Round._meta.db_table,
        "sample": SampleEntry._meta.db_table,
        "application": Application._meta.db_table,
        "result": RankingResult._meta.db_table,
    }


# Per (round, application): the round's total of clause values.
ROUND_TOTALS = """
SELECT v.round_id, v.application_id, SUM(v.value) AS total
FROM (
    SELECT m.round_id, m.application_id, m.clause_key,
           AVG(CASE WHEN r.aggregation = 'trimmed_mean' AND m.n >= r.trim_from
                    THEN (m.s - m.hi - m.lo) * 1.0 / (m.n - 2)
                    ELSE m.s * 1.0 / m.n END) AS value
    FROM (
        SELECT mk.round_id, mk.application_id, mk.clause_key, mk.method,
               COUNT(*) AS n, SUM(mk.points) AS s, MAX(mk.points) AS hi, MIN(mk.points) AS lo
        FROM {mark} mk
        WHERE mk.round_id IN (SELECT id FROM {round} WHERE campaign_id = %s)
        GROUP BY mk.round_id, mk.application_id, mk.clause_key, mk.method
    ) m
    JOIN {round} r ON r.id = m.round_id
    GROUP BY m.round_id, m.application_id, m.clause_key
) v
GROUP BY v.round_id, v.application_id
"""

# The same totals when no round of the campaign trims and every mark is by one method: a
# clause's value is then the plain mean of its marks, one grouping level fewer.
ROUND_TOTALS_LEAN = """
SELECT v.round_id, v.application_id, SUM(v.value) AS total
FROM (
    SELECT mk.round_id, mk.application_id, mk.clause_key, SUM(mk.points) * 1.0 / COUNT(*) AS value
    FROM {mark} mk
    WHERE mk.round_id IN (SELECT id FROM {round} WHERE campaign_id = %s)
    GROUP BY mk.round_id, mk.application_id, mk.clause_key
) v
GROUP BY v.round_id, v.application_id
"""

# Whether the lean statement gives the same totals: no trimming round, one method only.
LEAN_POSSIBLE = """
SELECT
    NOT EXISTS (SELECT 1 FROM {round} WHERE campaign_id = %s AND aggregation = 'trimmed_mean')
    AND NOT EXISTS (
        SELECT 1 FROM {mark} mk
        WHERE mk.round_id IN (SELECT id FROM {round} WHERE campaign_id = %s)
          AND mk.method <> (
              SELECT m1.method FROM {mark} m1
              WHERE m1.round_id IN (SELECT id FROM {round} WHERE campaign_id = %s) LIMIT 1))
"""

# Per application: the weighted mean of its covering rounds' totals and how many rounds.
APPLICATION_TOTALS = """
SELECT c.application_id,
       ROUND(COALESCE(SUM(c.weight * COALESCE(t.total, 0)) * 1.0 / NULLIF(SUM(c.weight), 0), 0), 4)
           AS criteria_total,
       COUNT(*) AS rounds
FROM (
    SELECT r.id AS round_id, a.id AS application_id, r.weight
    FROM {round} r
    JOIN {application} a ON a.campaign_id = r.campaign_id
    WHERE r.campaign_id = %s AND a.status IN ({statuses})
      AND (NOT r.sampled OR EXISTS (
          SELECT 1 FROM {sample} se WHERE se.round_id = r.id AND se.application_id = a.id))
) c
LEFT JOIN ({round_totals}) t ON t.round_id = c.round_id AND t.application_id = c.application_id
GROUP BY c.application_id
"""

UPDATE_TOTALS = """
UPDATE {result}
SET criteria_total = agg.criteria_total,
    rounds = agg.rounds,
    total = agg.criteria_total + {result}.threshold_total + {result}.bonus_total
            - {result}.deduction_total
FROM ({application_totals}) agg
WHERE {result}.application_id = agg.application_id AND {result}.campaign_id = %s
"""

# The tie rules of DOMAIN §7: total, fewer deductions, the §6.3 preference, then name.
UPDATE_RANKS = """
UPDATE {result}
SET rank = o.position
FROM (
    SELECT id, ROW_NUMBER() OVER (
        PARTITION BY award_id
        ORDER BY total DESC, deduction_total ASC, preference DESC, name_order ASC
    ) AS position
    FROM {result}
    WHERE campaign_id = %s AND rounds > 0
) o
WHERE {result}.id = o.id
"""


def _statuses() -> tuple[str, list[str]]:
    return ", ".join(["%s"] * len(ASSESSABLE)), list(ASSESSABLE)


def lean_possible(campaign_id: int) -> bool:
    """Whether the lean statement gives the campaign's totals (no trimming, one method)."""
    with connection.cursor() as cursor:
        cursor.execute(LEAN_POSSIBLE.format(**_tables()), [campaign_id] * 3)
        return bool(cursor.fetchone()[0])


def application_totals_sql(campaign_id: int, lean: bool | None = None) -> tuple[str, list[object]]:
    """The SELECT of per-application criteria totals and counted rounds, with parameters.

    ``lean``: use the one-level statement (None: when ``lean_possible`` says it may)."""
    if lean is None:
        lean = lean_possible(campaign_id)
    placeholders, statuses = _statuses()
    t = _tables()
    round_totals = (ROUND_TOTALS_LEAN if lean else ROUND_TOTALS).format(**t)
    sql = APPLICATION_TOTALS.format(**t, statuses=placeholders, round_totals=round_totals)
    return sql, [campaign_id, *statuses, campaign_id]


RESULT_COLUMNS = (
    "campaign_id, award_id, application_id, criteria_total, threshold_total, bonus_total, "
    "deduction_total, total, preference, rounds, name, name_order, computed_at"
)


def insert_results(rows: Sequence[tuple[object, ...]]) -> None:
    """Insert result rows without totals: (campaign, award, application, threshold, bonus,
    deduction, preference, name, name order, computed at); COPY on PostgreSQL."""
    t = _tables()
    adapt = connection.ops.adapt_datetimefield_value
    full = [
        (c, aw, ap, 0, th, b, d, 0, p, 0, n, o, adapt(at))
        for c, aw, ap, th, b, d, p, n, o, at in rows
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {t['result']} ({RESULT_COLUMNS}) FROM STDIN") as copy:
                for row in full:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * 13)
            sql = f"INSERT INTO {t['result']} ({RESULT_COLUMNS}) VALUES ({marks})"
            cursor.executemany(sql, full)


def update_totals_and_ranks(campaign_id: int) -> None:
    """Fill criteria totals, rounds and totals of the campaign's result rows, then ranks."""
    select, params = application_totals_sql(campaign_id)
    t = _tables()
    with connection.cursor() as cursor:
        cursor.execute(
            UPDATE_TOTALS.format(result=t["result"], application_totals=select),
            [*params, campaign_id],
        )
        cursor.execute(UPDATE_RANKS.format(result=t["result"]), [campaign_id])


def application_totals(campaign_id: int) -> Sequence[tuple[object, ...]]:
    """The per-application rows, for tests and the benchmark."""
    sql, params = application_totals_sql(campaign_id)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
