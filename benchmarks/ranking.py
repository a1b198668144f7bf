"""Benchmark: ranking a whole campaign beside the raw figure aggregate it needs.

Builds N applications × 44 clauses × 3 assessors of material marks, plus on-site marks by
the same assessors on every fourth clause (PostgreSQL: N = 50,000, that is 8.2 million
marks, written with COPY; SQLite: N = 5,000 with executemany), then times in the same run:

- baseline (the bar): the raw figure aggregate the design requires, the same GROUP BY
  (application, round, clause, method) with count, sum, min and max over the marks table,
  every row fetched into Python as plain tuples;
- beside it, for honesty: the old hand-written per-application SQL total (the sum of its
  per-clause means), all rows fetched;
- the general path of ``ranking_compute`` (figures gathered in SQL, totals, thresholds and
  ranks by ``domain.ranking``, rows written with COPY): the first ranking, which also moves
  every application RECOMMENDED → ASSESSED with an audit event each, then a re-rank under
  each aggregation (mean, trimmed mean from 3 marks, median).

``BENCH_NORMALIZE=1`` adds, for information and outside the bar, a re-rank with the round
normalizing its assessors' marks (every mark read and normalized in Python).
``BENCH_BREAKDOWN=1`` adds where one more re-rank's time goes (its statements),
``BENCH_PROFILE=first`` or ``=rerank`` a cProfile of that run.

Each path is printed with its ratio to both baselines; on PostgreSQL a ratio above
``LIMIT`` (2×) against the raw figure aggregate exits 1 (``BENCH_STRICT=1`` applies the
bar on SQLite too).

Run:
    .venv/bin/python benchmarks/ranking.py                      # SQLite, 5,000 applications
    scripts/with-postgres .venv/bin/python benchmarks/ranking.py   # PostgreSQL, 50,000
    BENCH_DATABASE_URL=postgres://… .venv/bin/python benchmarks/ranking.py
With no BENCH_DATABASE_URL the script uses DATABASE_URL when set (scripts/with-postgres
sets it), else a throwaway SQLite file. BENCH_SCALE (default 1.0) scales N (0.02 gives a
run of seconds; ``make bench`` runs at 0.1).
"""

import cProfile
import io
import itertools
import os
import pstats
import random
import sys
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import django_setup

django_setup.setup(os.environ.get("BENCH_DATABASE_URL"))

from django.core.management import call_command
from django.db import connection, transaction

from wenming.accounts.models import Role, RoleAssignment, User
from wenming.assessment import services
from wenming.assessment.models import Mark, Round
from wenming.assessment.sheet import sheet
from wenming.campaigns.models import Application, Award, Campaign
from wenming.frameworks.models import Framework
from wenming.registry.models import Organization, Region

POSTGRES = connection.vendor == "postgresql"
N = max(10, int((50_000 if POSTGRES else 5_000) * float(os.environ.get("BENCH_SCALE", "1"))))
CLAUSES, ASSESSORS, LIMIT = 44, 3, 2.0
POINTS: dict[str, list[str]] = {}

FIGURES = f"""
SELECT application_id, round_id, clause_key, method,
       COUNT(*), SUM(points), MIN(points), MAX(points)
FROM {Mark._meta.db_table} WHERE round_id = %s
GROUP BY application_id, round_id, clause_key, method
"""  # noqa: S608  (the table is the model's own; values are parameters)

BASELINE = f"""
SELECT application_id, SUM(mean) FROM (
    SELECT application_id, clause_key, AVG(points) AS mean
    FROM {Mark._meta.db_table} WHERE round_id = %s
    GROUP BY application_id, clause_key
) per_clause GROUP BY application_id
"""  # noqa: S608  (the table is the model's own; values are parameters)


def world() -> tuple[User, Campaign, Round, list[str], list[User]]:
    call_command("load_frameworks", stdout=io.StringIO())
    framework = Framework.objects.get(code="yiyang-unit-2021")
    province = Region.objects.create(code="990000", name="Province", level="province")
    city = Region.objects.create(code="991000", name="City", level="city", parent=province)
    counties = [
        Region.objects.create(code=f"9910{i:02d}", name=f"County {i}", level="county", parent=city)
        for i in range(1, 7)
    ]
    office = User.objects.create_user("bench", password="x-bench-x")  # noqa: S106  (a throwaway database)
    RoleAssignment.objects.create(user=office, role=Role.OFFICE, region=city)
    campaign = Campaign.objects.create(name="Bench", edition=20, office=city, eligibility_table={})
    award = Award.objects.create(
        campaign=campaign, category="unit", level="municipal", framework=framework
    )
    orgs = Organization.objects.bulk_create(
        [
            Organization(code=f"B{n:08d}", name=f"Unit {n:06d}", kind="unit",
                         unit_type="institution", region=counties[n % 6])
            for n in range(N)
        ],
        batch_size=5000,
    )  # fmt: skip
    rng = random.Random(20)
    Application.objects.bulk_create(
        [
            Application(
                campaign=campaign, award=award, organization=org, status="recommended",
                region=org.region, created_by=office,
                form={"staff_count": rng.randint(20, 400), "party_members": rng.randint(5, 60),
                      "registered_volunteers": rng.randint(10, 200),
                      "party_member_volunteers": rng.randint(3, 50),
                      "volunteers_served": rng.randint(5, 150)},
            )
            for org in orgs
        ],
        batch_size=5000,
    )  # fmt: skip
    round_ = Round.objects.create(campaign=campaign, kind="cross_inspection", name="Cross")
    entries = sheet(framework.to_domain())
    keys = [k for k, e in entries.items() if "material" in e.methods]
    # Each clause's admissible marks, 0 up to its points by the step of 0.5.
    POINTS.update({k: [str(Decimal(i) / 2) for i in range(int(entries[k].clause.points * 2) + 1)]
                   for k in keys})  # fmt: skip
    assessors = [User.objects.create_user(f"assessor{i}") for i in range(ASSESSORS)]
    return office, campaign, round_, keys[:CLAUSES], assessors


def marks(round_: Round, keys: list[str], assessors: list[User]):
    # Read everything first: no query may run on the connection while COPY is open.
    framework_id = Application.objects.values_list("award__framework_id", flat=True)[0]
    app_ids = list(Application.objects.order_by("pk").values_list("pk", flat=True))
    now = datetime.now(UTC)
    rng = random.Random(7)
    for app_id in app_ids:
        for n, key in enumerate(keys):
            methods = ("material", "onsite") if n % 4 == 0 else ("material",)
            for method in methods:
                for user in assessors:
                    yield (round_.pk, app_id, user.pk, key, method, rng.choice(POINTS[key]),
                           framework_id, now, now)  # fmt: skip


COLUMNS = (
    "round_id, application_id, assessor_id, clause_key, method, points, framework_id, "
    "created_at, updated_at"
)


def load_marks(round_: Round, keys: list[str], assessors: list[User]) -> int:
    table = Mark._meta.db_table
    count = 0
    rows = marks(round_, keys, assessors)
    first = next(rows)  # runs the generator's queries before COPY starts
    rows = itertools.chain([first], rows)
    with transaction.atomic(), connection.cursor() as cursor:
        if POSTGRES:
            raw = cursor.cursor  # psycopg 3's cursor, for COPY
            with raw.copy(f"COPY {table} ({COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        else:
            # The table is the model's own and the columns a constant; values are parameters.
            sql = f"INSERT INTO {table} ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"  # noqa: S608
            rows = [
                (*r[:7], r[7].isoformat(), r[8].isoformat()) for r in marks(round_, keys, assessors)
            ]
            connection.connection.executemany(sql, rows)
            count = len(rows)
    if POSTGRES:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")
    return count


def expect(ok: bool, what: str) -> None:
    """Stop the benchmark if its own set-up went wrong (not an assert: ``-O`` drops those)."""
    if not ok:
        raise SystemExit(f"benchmark set-up is wrong: expected {what}")


def timed(action):
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def baseline(round_: Round, sql: str = BASELINE) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, [round_.pk])
        return cursor.fetchall()


def raw_figures(round_: Round) -> list:
    return baseline(round_, FIGURES)


def breakdown(rank) -> None:
    """Where a re-rank's time goes: its statements by their first words (one more re-rank)."""
    spent: dict[str, float] = {}

    def wrapper(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            key = " ".join(sql.split()[:4])[:48]
            spent[key] = spent.get(key, 0.0) + time.perf_counter() - start

    with connection.execute_wrapper(wrapper):
        total, _ = timed(rank)
    sql = sum(spent.values())
    print(f"breakdown of one more re-rank ({total:.2f} s; outside SQL {total - sql:.2f} s):")
    for key, seconds in sorted(spent.items(), key=lambda kv: -kv[1])[:8]:
        print(f"    {seconds:7.3f} s  {key}")


def main() -> int:
    office, campaign, round_, keys, assessors = world()
    load_seconds, count = timed(lambda: load_marks(round_, keys, assessors))
    print(f"database: {connection.vendor}; applications: {N}; marks: {count:,} "
          f"(loaded in {load_seconds:.1f} s)")  # fmt: skip

    def rank() -> object:
        return services.ranking_compute(acting_user=office, campaign=campaign)

    raw_seconds, figures = timed(lambda: raw_figures(round_))
    expect(len({row[0] for row in figures}) == N, "the figures cover every application")
    old_seconds, rows = timed(lambda: baseline(round_))
    expect(len(rows) == N, "the old baseline totals every application")
    runs = []
    if os.environ.get("BENCH_PROFILE") == "first":
        profile = cProfile.Profile()
        first_seconds, first = timed(lambda: profile.runcall(rank))
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    else:
        first_seconds, first = timed(rank)
    expect(first.assessed == N, "the first ranking assesses every application")
    runs.append((f"first ranking, mean (+{N} moves, audited)", first_seconds))
    for aggregation, trim_from in (("mean", 5), ("trimmed_mean", 3), ("median", 5)):
        Round.objects.filter(pk=round_.pk).update(aggregation=aggregation, trim_from=trim_from)
        seconds, again = timed(rank)
        expect(again.ranked == N, "a re-rank ranks every application")
        runs.append((f"re-rank, {aggregation}", seconds))
    # Both baselines once more, after the runs: the ratios take the faster of the two.
    raw_seconds = min(raw_seconds, timed(lambda: raw_figures(round_))[0])
    old_seconds = min(old_seconds, timed(lambda: baseline(round_))[0])
    print(f"baseline, raw figure aggregate (the bar): {raw_seconds:7.2f} s "
          f"({len(figures):,} rows)")  # fmt: skip
    print(f"old baseline, SQL per-application total:  {old_seconds:7.2f} s")
    missed = False
    for name, seconds in runs:
        ratio = seconds / raw_seconds
        over = ratio > LIMIT
        missed = missed or over
        print(f"{name:42s} {seconds:7.2f} s  ×{ratio:.2f} figures  "
              f"×{seconds / old_seconds:.2f} old SQL{'  OVER' if over else ''}")  # fmt: skip
    strict = POSTGRES or os.environ.get("BENCH_STRICT") == "1"
    bar = f"limit ×{LIMIT} the raw figure aggregate" if strict else (
        f"figures only; the ×{LIMIT} limit is PostgreSQL's")  # fmt: skip
    print(bar)
    if os.environ.get("BENCH_NORMALIZE"):
        Round.objects.filter(pk=round_.pk).update(aggregation="mean", normalize_marks=True)
        seconds, again = timed(rank)
        expect(again.ranked == N, "a normalized re-rank ranks every application")
        print(f"{'re-rank, mean, normalized (no bar)':42s} {seconds:7.2f} s  "
              f"×{seconds / raw_seconds:.2f} figures")  # fmt: skip
        Round.objects.filter(pk=round_.pk).update(normalize_marks=False)
    if os.environ.get("BENCH_BREAKDOWN"):
        breakdown(rank)
    if os.environ.get("BENCH_PROFILE") == "rerank":
        profile = cProfile.Profile()
        profile.runcall(rank)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    return 1 if missed and strict else 0


if __name__ == "__main__":
    sys.exit(main())
