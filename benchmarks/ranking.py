"""Benchmark: ranking a whole campaign beside the raw figure aggregate over the same marks.

Two campaigns of N applications each (PostgreSQL: N = 50,000; SQLite: N = 5,000), in
one database, with 3 assessors marking 44 clauses:

- A: one round taking the plain mean, material marks only (N × 132 marks);
- B: two rounds (weights 0.6 and 0.4) taking the trimmed mean from 3 marks, material marks
  on every clause and on-site marks on every fourth (N × 330 marks).

Marks are written by one INSERT … SELECT on PostgreSQL, executemany on SQLite. Each
figure is timed against the bar's baseline measured in the same run over the same marks:
the raw figure aggregate the design requires, the GROUP BY (application, round, clause,
method) with count, sum, lowest and highest over the marks table, one statement per round,
every row fetched into Python as plain tuples (the faster of a run before and a run
after). The three figures:

- (a) a re-rank of A: one method, plain mean;
- (b) a re-rank of B: trimmed mean, material and on-site marks, two rounds;
- (c) the first ranking of A and of B, which also moves every application RECOMMENDED →
  ASSESSED through ``application_move`` with an audit event each. The events are written
  unsealed; the sealer, which the task worker runs after commit, is timed after each
  first ranking and printed with no bar.

Each figure is printed with its ratio; on PostgreSQL, the production database, any ratio
above ``LIMIT`` (2×) exits 1 (``BENCH_STRICT=1`` applies the bar on SQLite too, where at
``make bench``'s 500 applications fixed costs weigh more than the marks).

``BENCH_PROFILE=a``, ``b``, ``c`` (first of A) or ``c-b`` (first of B), or several with
commas, prints a cProfile of that run (then timed again without the profiler);
``BENCH_BREAKDOWN`` with the same labels prints where those runs spend their time (their
statements; the figure then includes the wrapper's small cost).

Run:
    .venv/bin/python benchmarks/ranking.py                        # SQLite, 5,000 each
    scripts/with-postgres .venv/bin/python benchmarks/ranking.py  # PostgreSQL, 50,000
    BENCH_DATABASE_URL=postgres://… .venv/bin/python benchmarks/ranking.py
With no BENCH_DATABASE_URL the script uses DATABASE_URL when set (scripts/with-postgres
sets it), else a throwaway SQLite file. BENCH_SCALE (default 1.0) scales N (``make
bench`` runs at 0.1).
"""

import cProfile
import io
import os
import pstats
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import django_setup

# The audit sealer is queued, as in production, where the worker runs it after commit;
# each first ranking's sealing is timed on its own below.
os.environ["TASKS_BACKEND"] = "database"
django_setup.setup(os.environ.get("BENCH_DATABASE_URL"))

from django.core.management import call_command
from django.db import connection, transaction

from wenming.accounts.models import Role, RoleAssignment, User
from wenming.assessment import services
from wenming.assessment.models import Mark, Round
from wenming.assessment.sheet import sheet
from wenming.audit.sealing import chain_seal
from wenming.campaigns.models import Application, Award, Campaign
from wenming.frameworks.models import Framework
from wenming.registry.models import Organization, Region

POSTGRES = connection.vendor == "postgresql"
N = max(10, int((50_000 if POSTGRES else 5_000) * float(os.environ.get("BENCH_SCALE", "1"))))
CLAUSES, ASSESSORS, LIMIT = 44, 3, 2.0
PROFILED = set(os.environ.get("BENCH_PROFILE", "").split(","))
BROKEN_DOWN = set(os.environ.get("BENCH_BREAKDOWN", "").split(","))

FIGURES = f"""
SELECT application_id, round_id, clause_key, method,
       COUNT(*), SUM(points), MIN(points), MAX(points)
FROM {Mark._meta.db_table} WHERE round_id = %s
GROUP BY application_id, round_id, clause_key, method
"""  # noqa: S608  (the table is the model's own; values are parameters)


@dataclass
class DataSet:
    name: str
    campaign: Campaign
    rounds: list[Round]
    marks: int = 0


@dataclass
class World:
    office: User
    framework: Framework
    counties: list[Region]
    keys: list[str]
    steps: dict[str, int]  # per clause, its admissible marks: 0 to points by halves
    assessors: list[User]


def world() -> World:
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
    entries = sheet(framework.to_domain())
    keys = [k for k, e in entries.items() if "material" in e.methods][:CLAUSES]
    steps = {k: int(entries[k].clause.points * 2) for k in keys}
    assessors = [User.objects.create_user(f"assessor{i}") for i in range(ASSESSORS)]
    return World(office, framework, counties, keys, steps, assessors)


def campaign(w: World, name: str, edition: int, rounds: list[dict[str, Any]]) -> DataSet:
    office = w.office
    region = RoleAssignment.objects.get(user=office).region
    camp = Campaign.objects.create(name=name, edition=edition, office=region, eligibility_table={})
    award = Award.objects.create(
        campaign=camp, category="unit", level="municipal", framework=w.framework
    )
    orgs = Organization.objects.bulk_create(
        [
            Organization(code=f"{name}{n:08d}", name=f"{name} unit {n:06d}", kind="unit",
                         unit_type="institution", region=w.counties[n % 6])
            for n in range(N)
        ],
        batch_size=5000,
    )  # fmt: skip
    rng = random.Random(edition)
    Application.objects.bulk_create(
        [
            Application(
                campaign=camp, award=award, organization=org, status="recommended",
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
    made = [
        Round.objects.create(campaign=camp, kind="cross_inspection", name=f"Round {i}", **settings)
        for i, settings in enumerate(rounds, 1)
    ]
    return DataSet(name, camp, made)


COLUMNS = (
    "round_id, application_id, assessor_id, clause_key, method, points, framework_id, "
    "created_at, updated_at"
)


def load_marks(w: World, data: DataSet, onsite: bool) -> None:
    """Every assessor marks every clause of every application in every round (material),
    and, when ``onsite``, every fourth clause on site too; marks are random halves."""
    table = Mark._meta.db_table
    pairs = [(k, "material") for k in w.keys]
    if onsite:
        pairs += [(k, "onsite") for n, k in enumerate(w.keys) if n % 4 == 0]
    with transaction.atomic(), connection.cursor() as cursor:
        if POSTGRES:
            clauses = ", ".join(f"('{k}', '{m}', {w.steps[k]})" for k, m in pairs)
            ids = ", ".join(f"({u.pk})" for u in w.assessors)
            rounds = ", ".join(f"({r.pk})" for r in data.rounds)
            cursor.execute("SELECT setseed(0.2)")
            # Identifiers and values are the benchmark's own constants and integers.
            cursor.execute(
                f"INSERT INTO {table} ({COLUMNS}) "  # noqa: S608
                f"SELECT r.id, a.id, u.id, c.k, c.m, floor(random() * (c.s + 1)) / 2, "
                f"{w.framework.pk}, now(), now() "
                f"FROM (VALUES {rounds}) r(id) CROSS JOIN {Application._meta.db_table} a "
                f"CROSS JOIN (VALUES {clauses}) c(k, m, s) CROSS JOIN (VALUES {ids}) u(id) "
                f"WHERE a.campaign_id = {data.campaign.pk} ORDER BY r.id, a.id"
            )
            data.marks = cursor.rowcount
        else:
            apps = list(
                Application.objects.filter(campaign=data.campaign)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            now = datetime.now(UTC).isoformat()
            rng = random.Random(7)
            rows = [
                (r.pk, app, u.pk, k, m, str(Decimal(rng.randint(0, w.steps[k])) / 2),
                 w.framework.pk, now, now)
                for r in data.rounds for app in apps for k, m in pairs for u in w.assessors
            ]  # fmt: skip
            # The table is the model's own and the columns a constant; values are parameters.
            sql = f"INSERT INTO {table} ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"  # noqa: S608
            connection.connection.executemany(sql, rows)
            data.marks = len(rows)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")


def expect(ok: bool, what: str) -> None:
    """Stop the benchmark if its own set-up went wrong (not an assert: ``-O`` drops those)."""
    if not ok:
        raise SystemExit(f"benchmark set-up is wrong: expected {what}")


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def raw_figures(data: DataSet) -> list[tuple[Any, ...]]:
    """The baseline: the figure aggregate of each round in turn, every row fetched."""
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for r in data.rounds:
            cursor.execute(FIGURES, [r.pk])
            rows += cursor.fetchall()
    return rows


def breakdown(label: str, rank: Callable[[], Any]) -> tuple[float, Any]:
    """Time one run and print where its time goes: its statements by their first words."""
    spent: dict[str, float] = {}

    def wrapper(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            key = " ".join(sql.split()[:4])[:48]
            spent[key] = spent.get(key, 0.0) + time.perf_counter() - start

    with connection.execute_wrapper(wrapper):
        total, result = timed(rank)
    sql = sum(spent.values())
    print(f"breakdown of ({label}) ({total:.2f} s; outside SQL {total - sql:.2f} s):")
    for key, seconds in sorted(spent.items(), key=lambda kv: -kv[1])[:8]:
        print(f"    {seconds:7.3f} s  {key}")
    return total, result


def run(label: str, action: Callable[[], Any]) -> tuple[float, Any]:
    """Time one ranking run; under ``BENCH_PROFILE=label``, profile it first."""
    if label in PROFILED:
        profile = cProfile.Profile()
        profile.runcall(action)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
        return timed(action)
    if label in BROKEN_DOWN:
        return breakdown(label, action)
    return timed(action)


def main() -> int:
    w = world()
    a = campaign(w, "A", 20, [{"aggregation": "mean"}])
    b = campaign(
        w,
        "B",
        21,
        [
            {"aggregation": "trimmed_mean", "trim_from": 3, "weight": Decimal("0.6")},
            {"aggregation": "trimmed_mean", "trim_from": 3, "weight": Decimal("0.4")},
        ],
    )
    load_seconds, _ = timed(lambda: (load_marks(w, a, onsite=False), load_marks(w, b, onsite=True)))
    print(f"database: {connection.vendor}; applications: {N} per campaign; marks: "
          f"A {a.marks:,}, B {b.marks:,} (loaded in {load_seconds:.1f} s)")  # fmt: skip

    def ranker(data: DataSet) -> Callable[[], Any]:
        return lambda: services.ranking_compute(acting_user=w.office, campaign=data.campaign)

    lines = []
    missed = False
    for data, label in ((a, "a"), (b, "b")):
        raw_seconds, figures = timed(lambda data=data: raw_figures(data))
        expect(len({row[0] for row in figures}) == N, "the figures cover every application")
        rank = ranker(data)
        first_label = "c" if label == "a" else "c-b"
        first_seconds, first = run(first_label, rank)
        if first_label in PROFILED:
            first_seconds = None  # the timed run after the profile was a re-rank
        expect(first.assessed == N or first_seconds is None, "the first ranking moves all")
        seal_seconds, sealed = timed(chain_seal)
        again_seconds, again = run(label, rank)
        expect(again.ranked == N, "a re-rank ranks every application")
        raw_seconds = min(raw_seconds, timed(lambda data=data: raw_figures(data))[0])
        print(f"{data.name}: raw figure aggregate (the baseline) {raw_seconds:7.2f} s "
              f"({len(figures):,} rows)")  # fmt: skip
        runs = [(f"({label}) re-rank of {data.name}", again_seconds)]
        if first_seconds is not None:
            runs.insert(0, (f"(c) first ranking of {data.name}, {N} moves audited", first_seconds))
        for name, seconds in runs:
            ratio = seconds / raw_seconds
            over = ratio > LIMIT
            missed = missed or over
            lines.append(f"{name:44s} {seconds:7.2f} s  ×{ratio:.2f}{'  OVER' if over else ''}")
        lines.append(
            f"{'  then the worker seals ' + format(sealed, ',') + ' events':44s} "
            f"{seal_seconds:7.2f} s  ×{seal_seconds / raw_seconds:.2f}  (no bar: after commit)"
        )
    print("\n".join(lines))
    strict = POSTGRES or os.environ.get("BENCH_STRICT") == "1"
    if strict:
        print(f"limit ×{LIMIT} the raw figure aggregate over the same marks")
    else:
        print(f"figures only: the ×{LIMIT} limit is PostgreSQL's (BENCH_STRICT=1: here too)")
    return 1 if missed and strict else 0


if __name__ == "__main__":
    sys.exit(main())
