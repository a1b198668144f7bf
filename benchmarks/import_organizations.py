"""Benchmark: importing 20,000 organizations with titles from a workbook.

Prints rows per second and peak memory of the import, beside a baseline that only
bulk_creates the same rows in the same run, and the ratio (the bar is 3x).
Set BENCH_SCALE (default 1.0) to shrink the run.
"""

import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import django_setup

folder = django_setup.setup(os.environ.get("BENCH_DATABASE_URL"))

from django.db import transaction

from wenming.accounts.models import Role, RoleAssignment, User
from wenming.registry.importing import organizations_import
from wenming.registry.models import Organization, Region, Title
from wenming.registry.workbook import write_workbook

N = int(20_000 * float(os.environ.get("BENCH_SCALE", "1")))
LIMIT = 3.0


def rows(prefix: str, counties: list[Region]) -> tuple[list[dict], list[dict]]:
    orgs, titles = [], []
    for n in range(N):
        code = f"{prefix}{n:08d}"
        orgs.append(
            {
                "code": code,
                "name": f"Unit {prefix} {n}",
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
                "document_number": f"Doc 2017-{n}",
                "named_on": "2017-12-20",
            }
        )
        if n % 2 == 0:
            titles.append(titles[-1] | {"model": True, "edition": 19, "named_on": "2019-12-20"})
    return orgs, titles


def main() -> int:
    province = Region.objects.create(code="990000", name="Province", level="province")
    city = Region.objects.create(code="991000", name="City", level="city", parent=province)
    counties = [
        Region.objects.create(code=f"9910{i:02d}", name=f"County {i}", level="county", parent=city)
        for i in range(1, 7)
    ]
    user = User.objects.create_user("bench", password="x-bench-x")  # noqa: S106  (a throwaway database)
    RoleAssignment.objects.create(user=user, role=Role.OFFICE, region=city)

    orgs, titles = rows("IMP", counties)
    path = folder / "import.xlsx"
    with path.open("wb") as handle:
        write_workbook(handle, iter(orgs), iter(titles))
    total_rows = len(orgs) + len(titles)

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    result = organizations_import(acting_user=user, source=str(path))
    import_seconds = time.perf_counter() - start
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # The benchmark's own sanity checks (not asserts: ``-O`` drops those).
    if not result.ok:
        raise SystemExit(f"the import failed: {result.errors[:5]}")
    if result.created != N:
        raise SystemExit(f"the import created {result.created} organizations, not {N}")

    base_orgs, base_titles = rows("BASE", counties)
    region_ids = {c.code: c.pk for c in counties}
    start = time.perf_counter()
    with transaction.atomic():
        created = Organization.objects.bulk_create(
            [
                Organization(**(o | {"region": None, "region_id": region_ids[o["region"]]}))
                for o in base_orgs
            ],
            batch_size=1000,
        )
        ids = {o.code: o.pk for o in created}
        Title.objects.bulk_create(
            [
                Title(**(t | {"organization": None, "organization_id": ids[t["organization"]]}))
                for t in base_titles
            ],
            batch_size=1000,
        )
    baseline_seconds = time.perf_counter() - start

    ratio = import_seconds / baseline_seconds
    print(f"organizations: {N}, titles: {len(titles)}, rows: {total_rows}")
    print(f"import:   {import_seconds:7.2f} s  {total_rows / import_seconds:9.0f} rows/s")
    per_second = total_rows / baseline_seconds
    print(f"baseline: {baseline_seconds:7.2f} s  {per_second:9.0f} rows/s (bulk_create)")
    print(f"peak memory growth during import: {(rss_after - rss_before) / 1024:.0f} MiB")
    print(f"ratio import/baseline: {ratio:.2f} (limit {LIMIT})")
    return 0 if ratio <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
