"""Benchmark: the scoring engine against a plain sum of the same marks.

Builds 50,000 applications x 44 criteria x 3 assessors of marks (deterministic random)
under the Yiyang framework, scores them with ``Scorer`` and, in the same run, sums the same
marks in a plain Python loop. Prints both rates and their ratio; exits 1 when the engine
is more than ``LIMIT`` times slower than the plain sum. ``BENCH_SCALE`` (default 1.0)
scales the number of applications.

Run: ``python benchmarks/scoring.py``.
"""

from __future__ import annotations

import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import yaml  # noqa: E402

from wenming.domain.framework_data import load_framework  # noqa: E402
from wenming.domain.frameworks import Framework  # noqa: E402
from wenming.domain.scoring import Scorer  # noqa: E402

APPLICATIONS = 50_000
ASSESSORS = 3
LIMIT = 4.0
# Marks are built and timed in chunks so that memory stays small at full scale.
CHUNK = 5_000
DATA = ROOT / "src" / "wenming" / "frameworks" / "data" / "yiyang-unit-2021.yaml"

Marks = dict[str, tuple[Decimal, ...]]


def build_marks(framework: Framework, count: int, rng: random.Random) -> list[Marks]:
    """``count`` applications of marks on every hand-marked clause, ``ASSESSORS`` each."""
    computed = {rule.criterion for rule in framework.thresholds}
    # A new Decimal object per mark, as a database driver returns them (no shared objects
    # whose hash is already computed).
    choices = []
    for criterion in framework.criteria():
        if criterion.number in computed:
            continue
        for clause in criterion.clauses:
            steps = int(clause.points / framework.step)
            values = [framework.step * k for k in range(steps + 1)]
            choices.append((clause.key, values))
    return [
        {
            key: tuple(Decimal(str(rng.choice(values))) for _ in range(ASSESSORS))
            for key, values in choices
        }
        for _ in range(count)
    ]


def baseline(applications: list[Marks]) -> Decimal:
    """The floor: add every mark of every application in a plain loop."""
    grand = Decimal(0)
    for marks in applications:
        total = Decimal(0)
        for clause_marks in marks.values():
            for mark in clause_marks:
                total += mark
        grand += total
    return grand


def engine(scorer: Scorer, applications: list[Marks]) -> Decimal:
    """Score every application with the engine."""
    grand = Decimal(0)
    for marks in applications:
        grand += scorer.score(marks).total
    return grand


def main() -> int:
    """Run the benchmark and print its figures; 1 when the engine is too slow."""
    scale = float(os.environ.get("BENCH_SCALE", "1.0"))
    count = max(1, int(APPLICATIONS * scale))
    framework = load_framework(yaml.safe_load(DATA.read_text(encoding="utf-8")))
    scorer = Scorer(framework)
    rng = random.Random(20210402)
    engine_seconds = baseline_seconds = 0.0
    done = 0
    while done < count:
        applications = build_marks(framework, min(CHUNK, count - done), rng)
        started = time.perf_counter()
        baseline(applications)
        baseline_seconds += time.perf_counter() - started
        started = time.perf_counter()
        engine(scorer, applications)
        engine_seconds += time.perf_counter() - started
        done += len(applications)
    marks = len(next(iter(build_marks(framework, 1, rng)))) * ASSESSORS
    ratio = engine_seconds / baseline_seconds
    print(f"applications: {count:,} x {len(framework.criteria())} criteria, {marks} marks each")
    print(f"baseline (plain sum): {count / baseline_seconds:>12,.0f} applications/s")
    print(f"engine (Scorer):      {count / engine_seconds:>12,.0f} applications/s")
    print(f"ratio engine/baseline: {ratio:.2f}x (limit {LIMIT:.0f}x)")
    return 1 if ratio > LIMIT else 0


if __name__ == "__main__":
    sys.exit(main())
