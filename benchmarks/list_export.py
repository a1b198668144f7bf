"""Benchmark: a 50,000-row list export (the supervision items) through the one streamed
Excel writer.

Prints the peak Python memory (tracemalloc) of exporting 10,000 and 50,000 rows with the
page's filter, beside a baseline in the same run that writes the same 50,000 rows the
naive way (every row fetched into a list, XlsxWriter holding the sheet in memory), and
the ratios. The bars: the 50,000-row export stays under 200 MB, and 50,000 rows cost at
most twice what 10,000 do, plus 1 MB (constant memory). Set BENCH_SCALE (default 1.0) to shrink it.
"""

import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import django_setup

django_setup.setup(os.environ.get("BENCH_DATABASE_URL"))

import xlsxwriter
from django.db import transaction

from wenming.accounts.models import Role, RoleAssignment, User
from wenming.core.exports import build_export
from wenming.documents.xlsx import write_xlsx
from wenming.registry.models import Organization, Region
from wenming.supervision.models import SupervisionItem

N = int(50_000 * float(os.environ.get("BENCH_SCALE", "1")))
SMALL = N // 5
LIMIT_MB = 200.0
LIMIT_GROWTH = 2.0


def measure(work: Callable[[], int]) -> tuple[float, float, int]:
    """Peak traced memory in MB, seconds, and rows written by ``work``."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    start = time.perf_counter()
    rows = work()
    seconds = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024, seconds, rows


def streamed(user: User, query: str) -> int:
    export = build_export("supervision-items", user, query)
    with tempfile.TemporaryFile() as handle:
        return write_xlsx(handle, export.sheets)


def naive(user: User) -> int:
    """The pattern the writer replaces: all rows in a list, the workbook in memory."""
    export = build_export("supervision-items", user, "")
    rows = [tuple(r) for r in export.sheets[0].rows]
    with tempfile.TemporaryFile() as handle:
        book = xlsxwriter.Workbook(handle, {"in_memory": True})
        sheet = book.add_worksheet()
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
        book.close()
    return len(rows)


def main() -> int:
    province = Region.objects.create(code="990000", name="Province", level="province")
    city = Region.objects.create(code="991000", name="City", level="city", parent=province)
    county = Region.objects.create(code="991001", name="County", level="county", parent=city)
    user = User.objects.create_user("bench", password="x-bench-x")  # noqa: S106  (a throwaway database)
    RoleAssignment.objects.create(user=user, role=Role.OFFICE, region=city)
    orgs = Organization.objects.bulk_create(
        Organization(code=f"ORG{n:06d}", name=f"单位 {n}", kind="unit", region=county)
        for n in range(200)
    )
    with transaction.atomic():
        SupervisionItem.objects.bulk_create(
            (
                SupervisionItem(
                    office=city,
                    title=f"第{n}项 问题整改：路灯损坏、楼道杂物"
                    + ("=SUM(A1)" if n % 97 == 0 else ""),
                    source="hotline",
                    organization=orgs[n % len(orgs)],
                    item_class="small",
                    deadline=date(2026, 7, 1) + timedelta(days=n % 90),
                    # Every fifth item awaits review: the 10,000-row filtered export.
                    state="feedback" if n % 5 == 0 else "opened",
                    created_by=user,
                )
                for n in range(N)
            ),
            batch_size=2000,
        )

    small_mb, small_s, small_rows = measure(lambda: streamed(user, "state=feedback"))
    big_mb, big_s, big_rows = measure(lambda: streamed(user, ""))
    base_mb, base_s, base_rows = measure(lambda: naive(user))
    if (small_rows, big_rows, base_rows) != (SMALL, N, N):
        raise SystemExit(f"wrong row counts: {small_rows}, {big_rows}, {base_rows}")

    growth = big_mb / small_mb
    print(f"rows: {SMALL} (filtered) and {N}")
    print(f"streamed {SMALL:6d} rows: peak {small_mb:7.1f} MB  {small_s:6.2f} s")
    print(f"streamed {N:6d} rows: peak {big_mb:7.1f} MB  {big_s:6.2f} s  (limit {LIMIT_MB:.0f} MB)")
    print(
        f"baseline {N:6d} rows: peak {base_mb:7.1f} MB  {base_s:6.2f} s  (list + in-memory sheet)"
    )
    print(f"ratio {N}/{SMALL} rows: {growth:.2f} (limit {LIMIT_GROWTH} plus 1 MB fixed)")
    print(f"ratio streamed/baseline: {big_mb / base_mb:.2f}")
    # Constant: five times the rows cost at most twice the memory (plus 1 MB of fixed cost,
    # which dominates at a small BENCH_SCALE).
    ok = big_mb < LIMIT_MB and big_mb <= LIMIT_GROWTH * small_mb + 1.0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
