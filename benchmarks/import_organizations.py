"""Benchmark: re-importing a registry workbook, half of it already on record.

The mixed file holds 20,000 organizations with 30,000 titles; half the codes (and their
titles) are already in the registry and the file changes each of them, half are new. It
is timed against a baseline measured in the same run over the same kind of data: a plain
``bulk_create`` of the new organizations and titles plus a ``bulk_update`` of the existing
ones (the columns the file changes). It prints rows per second, peak memory and the ratio
(the bar is 3x), and beside them an all-new file of the same size, the shape the import was
first measured on: a linear import takes about as long for either.
Set BENCH_SCALE (default 1.0) to shrink the run.
"""

import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import django_setup

folder = django_setup.setup(os.environ.get("BENCH_DATABASE_URL"))

from django.db import transaction

from wenming.accounts.models import Role, RoleAssignment, User
from wenming.registry.importing import ImportResult, organizations_import
from wenming.registry.models import Organization, Region, Title
from wenming.registry.workbook import write_workbook

N = int(20_000 * float(os.environ.get("BENCH_SCALE", "1")))
LIMIT = 3.0
Row = dict[str, Any]


def rows(prefix: str, counties: list[Region], name: str = "Unit") -> tuple[list[Row], list[Row]]:
    """N organizations with one and a half titles each, as the workbook's cells."""
    orgs, titles = [], []
    for n in range(N):
        code = f"{prefix}{n:08d}"
        orgs.append(
            {
                "code": code,
                "name": f"{name} {prefix} {n}",
                "kind": "unit",
                "unit_type": "institution",
                "region": counties[n % len(counties)].code,
                "staff_count": 100 + n % 50,
                "party_members": 20 + n % 10,
                "registered_volunteers": 60,
                "party_member_volunteers": 18,
                "volunteers_served": 55,
                "contact_name": "Contact",
                "contact_phone": "0000-0000000",
            }
        )
        titles.append(
            {
                "organization": code,
                "category": "unit",
                "level": "municipal",
                "model": False,
                "edition": 18,
                "naming_body": "City committee",
                "document_number": f"Doc {name} 2017-{n}",
                "named_on": "2017-12-20",
            }
        )
        if n % 2 == 0:
            titles.append(titles[-1] | {"model": True, "edition": 19, "named_on": "2019-12-20"})
    return orgs, titles


def _models(
    orgs: list[Row], titles: list[Row], region_ids: dict[str, int], ids: dict[str, int]
) -> tuple[list[Organization], list[Title]]:
    made = [
        Organization(**(o | {"region": None, "region_id": region_ids[o["region"]]})) for o in orgs
    ]
    return made, [
        Title(**(t | {"organization": None, "organization_id": ids[t["organization"]]}))
        for t in titles
    ]


def seed(orgs: list[Row], titles: list[Row], region_ids: dict[str, int]) -> None:
    """Put the first half of the organizations, and their titles, on record."""
    half = {o["code"] for o in orgs[: N // 2]}
    made, _none = _models(orgs[: N // 2], [], region_ids, {})
    ids = {o.code: o.pk for o in Organization.objects.bulk_create(made, batch_size=1000)}
    _made, held = _models([], [t for t in titles if t["organization"] in half], region_ids, ids)
    Title.objects.bulk_create(held, batch_size=1000)


def baseline(orgs: list[Row], titles: list[Row], region_ids: dict[str, int]) -> None:
    """What the import writes, with no checks: new rows created, existing ones updated.

    Only the columns the file changes are updated (the names, the document numbers): the
    cost of ``bulk_update`` grows with its fields times its batch, so updating every column,
    as the import does, would make a baseline several times slower than the import itself."""
    with transaction.atomic():
        existing = {o.code: o for o in Organization.objects.filter(code__startswith="BASE")}
        old_orgs, new_orgs = [], []
        for row in orgs:
            org = existing.get(row["code"])
            if org is None:
                new_orgs.append(row)
                continue
            org.name = row["name"]
            old_orgs.append(org)
        Organization.objects.bulk_update(old_orgs, ["name"], batch_size=1000)
        made, _none = _models(new_orgs, [], region_ids, {})
        Organization.objects.bulk_create(made, batch_size=1000)
        ids = {o.code: o.pk for o in [*old_orgs, *made]}
        held = {
            (t.organization_id, t.model, t.edition): t
            for t in Title.objects.filter(organization__code__startswith="BASE")
        }
        old_titles, new_titles = [], []
        for row in titles:
            title = held.get((ids[row["organization"]], row["model"], row["edition"]))
            if title is None:
                new_titles.append(row)
                continue
            title.document_number = row["document_number"]
            old_titles.append(title)
        Title.objects.bulk_update(old_titles, ["document_number"], batch_size=1000)
        _made, created = _models([], new_titles, region_ids, ids)
        Title.objects.bulk_create(created, batch_size=1000)


def timed_import(user: User, orgs: list[Row], titles: list[Row], name: str) -> tuple[float, int]:
    """Seconds and peak memory growth (KiB) of importing a workbook of these rows."""
    path = folder / f"{name}.xlsx"
    with path.open("wb") as handle:
        write_workbook(handle, iter(orgs), iter(titles))
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    result = organizations_import(acting_user=user, source=str(path))
    seconds = time.perf_counter() - start
    check(result, name)
    return seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before


def check(result: ImportResult, name: str) -> None:
    # The benchmark's own sanity checks (not asserts: ``-O`` drops those).
    if not result.ok:
        raise SystemExit(f"the {name} import failed: {result.errors[:5]}")
    expected = (N, 0) if name == "all-new" else (N - N // 2, N // 2)
    if (result.created, result.updated) != expected:
        raise SystemExit(
            f"the {name} import created {result.created} and updated {result.updated}"
            f" organizations, not {expected[0]} and {expected[1]}"
        )


def main() -> int:
    province = Region.objects.create(code="990000", name="Province", level="province")
    city = Region.objects.create(code="991000", name="City", level="city", parent=province)
    counties = [
        Region.objects.create(code=f"9910{i:02d}", name=f"County {i}", level="county", parent=city)
        for i in range(1, 7)
    ]
    region_ids = {c.code: c.pk for c in counties}
    user = User.objects.create_user("bench", password="x-bench-x")  # noqa: S106  (a throwaway database)
    RoleAssignment.objects.create(user=user, role=Role.OFFICE, region=city)

    # The same data for the import and the baseline, under two prefixes; the file renames
    # every organization and renumbers every title, so each existing row is an update.
    for prefix in ("MIX", "BASE"):
        seed(*rows(prefix, counties, name="Old"), region_ids)
    mixed_orgs, mixed_titles = rows("MIX", counties)
    total_rows = len(mixed_orgs) + len(mixed_titles)
    mixed_seconds, mixed_memory = timed_import(user, mixed_orgs, mixed_titles, "mixed")
    start = time.perf_counter()
    baseline(*rows("BASE", counties), region_ids)
    baseline_seconds = time.perf_counter() - start
    new_seconds, _memory = timed_import(user, *rows("NEW", counties), "all-new")

    ratio = mixed_seconds / baseline_seconds
    print(
        f"organizations: {N} ({N // 2} on record), titles: {len(mixed_titles)}, rows: {total_rows}"
    )
    print(f"import, mixed:   {mixed_seconds:7.2f} s  {total_rows / mixed_seconds:9.0f} rows/s")
    per_second = total_rows / baseline_seconds
    plain = "(bulk_create + bulk_update)"
    print(f"baseline:        {baseline_seconds:7.2f} s  {per_second:9.0f} rows/s {plain}")
    print(f"import, all new: {new_seconds:7.2f} s  {total_rows / new_seconds:9.0f} rows/s")
    print(f"peak memory growth during the mixed import: {mixed_memory / 1024:.0f} MiB")
    print(f"ratio mixed/all new: {mixed_seconds / new_seconds:.2f}")
    print(f"ratio mixed import/baseline: {ratio:.2f} (limit {LIMIT})")
    return 0 if ratio <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
