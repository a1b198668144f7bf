"""Speed of the eligibility engine (docs/rules.md#eligibility) at provincial scale.

Generates 100,000 organizations with 5 held titles each (deterministic random), evaluates
each against every award of the 20th-edition table its kind may hold, and prints the
evaluations per second beside a baseline measured in the same run: a loop that only reads
the same histories (every field the engine looks at, of every title of every organization).
The ratio says how much the rules cost over merely touching the data.

    python benchmarks/eligibility.py          # BENCH_SCALE=0.1 for a tenth of the organizations
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from wenming.domain.eligibility import (
    Award,
    EligibilityTable,
    Organization,
    evaluate,
)
from wenming.domain.eligibility_data import load_table_file
from wenming.domain.titles import (
    KIND_CATEGORIES,
    HeldHonor,
    HeldTitle,
    HonorKind,
    HonorLevel,
    Level,
    OrganizationKind,
    TitleStatus,
    UnitType,
    has_model_tier,
)

TABLE = ROOT / "src/wenming/campaigns/data/eligibility-20.yaml"
EDITION = 20
TITLES_PER_ORGANIZATION = 5
# Roughly the mix of a province's applicants: mostly units and villages.
KIND_WEIGHTS = {
    OrganizationKind.UNIT: 40,
    OrganizationKind.VILLAGE: 20,
    OrganizationKind.TOWNSHIP: 5,
    OrganizationKind.COMMUNITY: 10,
    OrganizationKind.SCHOOL: 10,
    OrganizationKind.FAMILY: 14,
    OrganizationKind.COUNTY: 1,
}
STATUS_WEIGHTS = {
    TitleStatus.ACTIVE: 60,
    TitleStatus.EXPIRED: 30,
    TitleStatus.REVOKED: 5,
    TitleStatus.DOWNGRADED: 5,
}


def make_organizations(count: int, seed: int = 20) -> list[Organization]:
    """``count`` organizations, each with 5 titles its kind may hold, reproducibly."""
    rng = random.Random(seed)
    kinds = list(KIND_WEIGHTS)
    kind_weights = list(KIND_WEIGHTS.values())
    statuses = list(STATUS_WEIGHTS)
    status_weights = list(STATUS_WEIGHTS.values())
    levels = list(Level)
    unit_types = list(UnitType)
    organizations = []
    for number in range(count):
        kind = rng.choices(kinds, kind_weights)[0]
        categories = KIND_CATEGORIES[kind]
        titles = []
        for _ in range(TITLES_PER_ORGANIZATION):
            category = rng.choice(categories)
            titles.append(
                HeldTitle(
                    category=category,
                    level=rng.choice(levels),
                    model=has_model_tier(category) and rng.random() < 0.4,
                    edition=rng.randint(14, 19),
                    status=rng.choices(statuses, status_weights)[0],
                    document_number=f"DOC-{number}",
                )
            )
        honors: tuple[HeldHonor, ...] = ()
        if kind is OrganizationKind.FAMILY and rng.random() < 0.3:
            honors = (
                HeldHonor(
                    HonorKind.MOST_BEAUTIFUL_FAMILY,
                    HonorLevel.MUNICIPAL,
                    "Most Beautiful Family 2020",
                ),
            )
        organizations.append(
            Organization(
                kind=kind,
                unit_type=rng.choice(unit_types) if kind is OrganizationKind.UNIT else None,
                is_fulltime_school=kind is OrganizationKind.SCHOOL and rng.random() < 0.8,
                titles=tuple(titles),
                honors=honors,
            )
        )
    return organizations


def awards_by_kind(table: EligibilityTable) -> dict[OrganizationKind, tuple[Award, ...]]:
    """Every award of the table in a category the kind may hold."""
    return {
        kind: tuple(a for a in table.awards() if a.category in KIND_CATEGORIES[kind])
        for kind in OrganizationKind
    }


def run_baseline(organizations: list[Organization]) -> tuple[float, int]:
    """Read every field the engine reads, of every title; return (seconds, checksum)."""
    started = time.perf_counter()
    checksum = 0
    for organization in organizations:
        _ = organization.kind
        for title in organization.titles:
            if title.status is TitleStatus.ACTIVE and title.category and title.level:
                checksum += title.edition + title.model
        checksum += len(organization.honors)
    return time.perf_counter() - started, checksum


def run_engine(
    table: EligibilityTable,
    organizations: list[Organization],
    awards: dict[OrganizationKind, tuple[Award, ...]],
) -> tuple[float, int, int]:
    """Evaluate every organization; return (seconds, evaluations, eligible count)."""
    started = time.perf_counter()
    evaluations = 0
    eligible = 0
    for organization in organizations:
        verdicts = evaluate(table, organization, awards[organization.kind], EDITION)
        evaluations += len(verdicts)
        eligible += sum(1 for verdict in verdicts if verdict.status == "eligible")
    return time.perf_counter() - started, evaluations, eligible


def main() -> None:
    """Generate, measure both loops, print the figures."""
    scale = float(os.environ.get("BENCH_SCALE", "1.0"))
    count = max(1, int(100_000 * scale))
    table = load_table_file(TABLE)
    awards = awards_by_kind(table)
    started = time.perf_counter()
    organizations = make_organizations(count)
    generated = time.perf_counter() - started
    table.plan(EDITION)  # compile once outside the timing, as a campaign does

    baseline_seconds, _ = run_baseline(organizations)
    engine_seconds, evaluations, eligible = run_engine(table, organizations, awards)

    titles = count * TITLES_PER_ORGANIZATION
    print(f"eligibility benchmark: {count:,} organizations × {TITLES_PER_ORGANIZATION} titles")
    print(f"  generated in            {generated:8.2f} s")
    print(
        f"  baseline (read titles)  {baseline_seconds:8.3f} s"
        f"  {titles / baseline_seconds:14,.0f} titles/s"
        f"  {count / baseline_seconds:12,.0f} organizations/s"
    )
    print(
        f"  evaluate                {engine_seconds:8.3f} s"
        f"  {evaluations / engine_seconds:14,.0f} evaluations/s"
        f"  {count / engine_seconds:12,.0f} organizations/s"
    )
    print(f"  evaluations             {evaluations:,} ({eligible:,} eligible)")
    print(f"  ratio evaluate/baseline {engine_seconds / baseline_seconds:8.1f} ×")


if __name__ == "__main__":
    main()
