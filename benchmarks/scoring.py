"""Benchmark: the production ranking arithmetic (``domain.ranking.rank``) against a plain
sum of the same figures.

Builds, in memory, the figures the database gathers for 50,000 applications × 44 clauses ×
3 assessors under the Yiyang framework (one row per application and clause: count, sum,
lowest and highest, in hundredths, deterministic random), with each applicant's form
statistics. Then, in the same run and chunk by chunk, times:

- baseline: a plain Python loop taking every figure apart and adding its sum into one
  total per application (the least any code reading those rows does);
- ``rank`` on the same applicants, the bulk path ``ranking_compute`` uses: clause means,
  thresholds from the statistics, totals and the order of docs/rules.md#ranking.

Each is timed three times, interleaved, and the best of each counts. Prints both rates
and their ratio; exits 1 when ``rank`` takes more than ``LIMIT`` times the baseline.

The bar, 22×. The baseline reads each figure once and adds one integer. Per figure,
``rank`` must also look its clause up, check the figure against the clause's points (a
refused figure is a ScoringError, never a silent score), apply the round's aggregation and
group the methods of a clause, all exactly; per application it judges the threshold
criteria, turns the exact sum into a Decimal once, builds a result, and the award is
sorted by the tie rules of docs/rules.md#ranking. On this project's 2-core machine under
load that measures 13-18×
(5,000 to 50,000 applications); the previous version of the same arithmetic (Decimal
figures, a memo dict per figure, frozen dataclasses) measured 37-65× against the same
baseline, so the bar fails if the hot loop goes back to per-figure objects or Decimals,
and passes with room for a busy machine. ``BENCH_SCALE`` (default 1.0) scales the number
of applications.

Run: ``python benchmarks/scoring.py``.
"""

from __future__ import annotations

import gc
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import yaml

from wenming.domain.framework_data import load_framework
from wenming.domain.frameworks import Framework
from wenming.domain.ranking import Applicant, RoundSettings, rank
from wenming.domain.scoring import OrganizationStatistics

APPLICATIONS = 50_000
CLAUSES = 44
ASSESSORS = 3
LIMIT = 22.0
CHUNK = 5_000
REPEAT = 3
DATA = ROOT / "src" / "wenming" / "frameworks" / "data" / "yiyang-unit-2021.yaml"
ROUNDS = [RoundSettings(1)]


def clauses(framework: Framework) -> list[tuple[str, list[int]]]:
    """The first ``CLAUSES`` hand-marked clauses with their admissible marks (hundredths)."""
    computed = {rule.criterion for rule in framework.thresholds}
    out = []
    for criterion in framework.criteria():
        if criterion.number in computed:
            continue
        for clause in criterion.clauses:
            step = int(framework.step * 100)
            out.append((clause.key, list(range(0, int(clause.points * 100) + 1, step))))
    return out[:CLAUSES]


def build(framework: Framework, start: int, count: int, rng: random.Random) -> list[Applicant]:
    keys = clauses(framework)
    out = []
    for key in range(start, start + count):
        rows = []
        for clause, values in keys:
            marks = [rng.choice(values) for _ in range(ASSESSORS)]
            rows.append((key, 1, clause, "material", ASSESSORS, sum(marks), min(marks), max(marks)))
        stats = OrganizationStatistics(
            rng.randint(20, 400), rng.randint(5, 60), rng.randint(10, 200),
            rng.randint(3, 50), rng.randint(5, 150),
        )  # fmt: skip
        out.append(Applicant(key, f"Unit {key:06d}", (1,), rows, stats, preference=key % 4))
    return out


def baseline(applicants: list[Applicant]) -> int:
    """The floor: take every figure apart (as any code reading the rows must) and add its
    sum, one integer total per application."""
    grand = 0
    for applicant in applicants:
        total = 0
        for _, _, _, _, _, s, _, _ in applicant.figures:
            total += s
        grand += total
    return grand


def main() -> int:
    scale = float(os.environ.get("BENCH_SCALE", "1.0"))
    count = max(1, int(APPLICATIONS * scale))
    framework = load_framework(yaml.safe_load(DATA.read_text(encoding="utf-8")))
    rng = random.Random(20210402)
    chunks = [build(framework, n, min(CHUNK, count - n), rng) for n in range(0, count, CHUNK)]
    every = [a for chunk in chunks for a in chunk]
    # Best of three of each, interleaved, so that a busy machine slows both alike; with the
    # cyclic collector paused for both, as ``ranking_compute`` runs ``rank``.
    gc.disable()
    baseline_seconds = rank_seconds = float("inf")
    for _ in range(REPEAT):
        started = time.perf_counter()
        for chunk in chunks:
            baseline(chunk)
        baseline_seconds = min(baseline_seconds, time.perf_counter() - started)
        started = time.perf_counter()
        result = rank(framework, ROUNDS, every)  # one award: the order is over all of them
        rank_seconds = min(rank_seconds, time.perf_counter() - started)
    if len(result) != count:  # the benchmark's own sanity check (``-O`` would drop an assert)
        raise SystemExit(f"rank returned {len(result)} entries for {count} applications")
    ratio = rank_seconds / baseline_seconds
    print(f"applications: {count:,} x {CLAUSES} clauses x {ASSESSORS} assessors")
    print(f"baseline (plain sum of the figures): {count / baseline_seconds:>12,.0f} applications/s")
    print(f"rank (the production path):          {count / rank_seconds:>12,.0f} applications/s")
    print(f"ratio rank/baseline: {ratio:.2f}x (limit {LIMIT:.0f}x)")
    return 1 if ratio > LIMIT else 0


if __name__ == "__main__":
    sys.exit(main())
