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

The result rows are written once: what Python computed goes to a temporary table, and one
INSERT … SELECT joins it to the aggregate, adds the totals and ranks them with a window.
The campaign's rounds are given to the aggregate as literal ids, so the planner sees how
many marks it reads and streams them from the group index (0003) in group order.
"""

from collections.abc import Sequence
from typing import Any

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
        WHERE mk.round_id IN ({rounds})
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
    WHERE mk.round_id IN ({rounds})
    GROUP BY mk.round_id, mk.application_id, mk.clause_key
) v
GROUP BY v.round_id, v.application_id
"""

# Whether the lean statement gives the same totals: no trimming round, and one method
# only. A round's first and last method are two probes of the mark_round_method index
# (PostgreSQL turns MIN and MAX into ordered index scans), not a scan of its marks.
TRIMMING = (
    "SELECT EXISTS (SELECT 1 FROM {round} WHERE campaign_id = %s AND aggregation = 'trimmed_mean')"
)
METHODS = "SELECT MIN(method), MAX(method) FROM {mark} WHERE round_id = %s"


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

# The per-application inputs computed in Python (thresholds, bonuses, deductions, the
# §6.3 preference, the name's order), in a temporary table of the session; the amounts
# are kept to four decimals like the result columns, so totals and ties come out alike.
INPUT = "ranking_input"
INPUT_TABLE = """
CREATE TEMPORARY TABLE {input} (
    award_id integer NOT NULL, application_id integer NOT NULL,
    threshold_total numeric(10, 4) NOT NULL, bonus_total numeric(10, 4) NOT NULL,
    deduction_total numeric(10, 4) NOT NULL, preference integer NOT NULL,
    name varchar(200) NOT NULL, name_order integer NOT NULL
)
"""
INPUT_COLUMNS = (
    "award_id, application_id, threshold_total, bonus_total, deduction_total, preference, "
    "name, name_order"
)

# The result rows with their totals and ranks, each written once. The tie rules of
# DOMAIN §7: total, fewer deductions, the §6.3 preference, then name. An application no
# round covers keeps zero totals and no rank.
INSERT_RESULTS = """
INSERT INTO {result} (
    campaign_id, award_id, application_id, criteria_total, threshold_total, bonus_total,
    deduction_total, total, preference, rounds, name, name_order, rank, computed_at)
SELECT %s, x.award_id, x.application_id, x.criteria_total, x.threshold_total, x.bonus_total,
       x.deduction_total, x.total, x.preference, x.rounds, x.name, x.name_order,
       CASE WHEN x.rounds > 0 THEN ROW_NUMBER() OVER (
           PARTITION BY x.award_id, x.rounds > 0
           ORDER BY x.total DESC, x.deduction_total ASC, x.preference DESC, x.name_order ASC
       ) END,
       %s
FROM (
    SELECT i.award_id, i.application_id, i.threshold_total, i.bonus_total, i.deduction_total,
           i.preference, i.name, i.name_order,
           COALESCE(agg.criteria_total, 0) AS criteria_total,
           COALESCE(agg.rounds, 0) AS rounds,
           CASE WHEN agg.application_id IS NULL THEN 0
                ELSE agg.criteria_total + i.threshold_total + i.bonus_total - i.deduction_total
           END AS total
    FROM {input} i
    LEFT JOIN ({application_totals}) agg ON agg.application_id = i.application_id
) x
"""


def _statuses() -> tuple[str, list[str]]:
    return ", ".join(["%s"] * len(ASSESSABLE)), list(ASSESSABLE)


def _round_ids(campaign_id: int) -> list[int]:
    return sorted(Round.objects.filter(campaign_id=campaign_id).values_list("pk", flat=True))


def _rounds(campaign_id: int) -> str:
    """The campaign's round ids as SQL literals (NULL when none): a literal list lets the
    planner estimate the marks it reads and walk the group index in order, where a
    subquery on the rounds hides them and ends in a hash aggregate spilling to disk."""
    return ", ".join(str(int(pk)) for pk in _round_ids(campaign_id)) or "NULL"


def lean_possible(campaign_id: int) -> bool:
    """Whether the lean statement gives the campaign's totals (no trimming, one method)."""
    t = _tables()
    methods: set[str] = set()
    with connection.cursor() as cursor:
        cursor.execute(TRIMMING.format(**t), [campaign_id])
        if cursor.fetchone()[0]:
            return False
        for round_id in _round_ids(campaign_id):
            cursor.execute(METHODS.format(**t), [round_id])
            methods.update(m for m in cursor.fetchone() if m is not None)
    return len(methods) <= 1


def application_totals_sql(
    campaign_id: int, lean: bool | None = None, rounds: str | None = None
) -> tuple[str, list[object]]:
    """The SELECT of per-application criteria totals and counted rounds, with parameters.

    ``lean``: use the one-level statement (None: when ``lean_possible`` says it may);
    ``rounds``: the campaign's round ids as ``_rounds`` gives them (None: read them)."""
    rounds = _rounds(campaign_id) if rounds is None else rounds
    if lean is None:
        lean = lean_possible(campaign_id)
    placeholders, statuses = _statuses()
    t = _tables()
    round_totals = (ROUND_TOTALS_LEAN if lean else ROUND_TOTALS).format(**t, rounds=rounds)
    sql = APPLICATION_TOTALS.format(**t, statuses=placeholders, round_totals=round_totals)
    return sql, [campaign_id, *statuses]


def write_results(campaign_id: int, rows: Sequence[tuple[object, ...]], computed_at: Any) -> None:
    """Insert the campaign's result rows with totals and ranks, from the rows computed in
    Python: (award, application, threshold, bonus, deduction, preference, name, name order).

    The rows go to a temporary table (COPY on PostgreSQL), then one INSERT … SELECT joins
    them to the mark aggregate and ranks them: no result row is written twice."""
    select, params = application_totals_sql(campaign_id)
    t = _tables()
    postgres = connection.vendor == "postgresql"
    # Schema-qualified: only ever the session's temporary table, never a table of the schema.
    table = f"{'pg_temp' if postgres else 'temp'}.{INPUT}"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(INPUT_TABLE.format(input=table))
        if postgres:
            with cursor.cursor.copy(f"COPY {table} ({INPUT_COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(f"ANALYZE {table}")
        else:
            marks = ", ".join(["%s"] * 8)
            cursor.executemany(f"INSERT INTO {table} ({INPUT_COLUMNS}) VALUES ({marks})", rows)
        cursor.execute(
            INSERT_RESULTS.format(result=t["result"], input=table, application_totals=select),
            [campaign_id, connection.ops.adapt_datetimefield_value(computed_at), *params],
        )
        cursor.execute(f"DROP TABLE {table}")


def application_totals(campaign_id: int) -> Sequence[tuple[object, ...]]:
    """The per-application rows, for tests and the benchmark."""
    sql, params = application_totals_sql(campaign_id)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
