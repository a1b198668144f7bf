"""Benchmark: a 50,000-row list export (the supervision items) through the one streamed
Excel writer.

Each export runs twice, each time in a fresh child process on the same database:
- the peak resident memory of the whole process (``ru_maxrss``: Python, the database
  driver, XlsxWriter's buffers and C libraries), beside the child's resident memory before
  the export (Django loaded and connected), so the export's own share shows;
- the peak Python memory (tracemalloc), which misses all that but isolates the rows.
Exported: 10,000 rows (the page's filter) and 50,000, beside a baseline that writes the
same 50,000 rows the naive way (every row fetched into a list, XlsxWriter holding the
sheet in memory). The bars: the 50,000-row export's process peaks under 200 MB, and
50,000 rows cost at most twice the Python memory of 10,000, plus 1 MB (constant memory).
Set BENCH_SCALE (default 1.0) to shrink it.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
CHILD = len(sys.argv) > 1 and sys.argv[1] == "--child"
if CHILD:
    # A measuring child: the parent's database, already migrated and filled.
    import django

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    django.setup()
else:
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


def rss_mb() -> float:
    """This process's peak resident memory so far, in MB.

    Linux's VmHWM (the high-water mark of this program's own memory since it started):
    ``ru_maxrss`` would do too, but Linux carries the forking parent's peak over into it
    (here the parent's, which filled the database), so it is only the fallback."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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


def child(mode: str, query: str, traced: bool) -> None:
    """Run one export in this fresh process and print what it cost, as JSON."""
    user = User.objects.get(username="bench")
    # Django, the driver and the connection loaded, before any row: the fixed cost.
    User.objects.exists()
    before = rss_mb()

    def work() -> int:
        return naive(user) if mode == "naive" else streamed(user, query)

    if traced:
        peak, seconds, rows = measure(work)
    else:
        start = time.perf_counter()
        rows = work()
        peak, seconds = 0.0, time.perf_counter() - start
    print(json.dumps({"rows": rows, "seconds": seconds, "traced": peak,
                      "rss_before": before, "rss_peak": rss_mb()}))  # fmt: skip


def run_child(mode: str, query: str = "", *, traced: bool) -> dict[str, float]:
    args = [sys.executable, __file__, "--child", mode, query, "traced" if traced else "rss"]
    done = subprocess.run(args, check=True, capture_output=True, text=True, env=os.environ)  # noqa: S603
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


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

    cases = {
        "small": ("streamed", "state=feedback"),
        "big": ("streamed", ""),
        "base": ("naive", ""),
    }
    # RSS without tracemalloc (which costs memory of its own), then tracemalloc apart.
    rss = {name: run_child(mode, query, traced=False) for name, (mode, query) in cases.items()}
    traced = {name: run_child(mode, query, traced=True) for name, (mode, query) in cases.items()}
    rows = tuple(int(rss[name]["rows"]) for name in cases)
    if rows != (SMALL, N, N):
        raise SystemExit(f"wrong row counts: {rows}")

    small_mb, big_mb, base_mb = (traced[name]["traced"] for name in cases)
    growth = big_mb / small_mb
    print(f"rows: {SMALL} (filtered) and {N}; each export in a fresh process")
    for name, label in (("small", "streamed"), ("big", "streamed"), ("base", "baseline")):
        r, t = rss[name], traced[name]
        print(
            f"{label} {int(r['rows']):6d} rows: peak RSS {r['rss_peak']:6.1f} MB "
            f"(process before export {r['rss_before']:5.1f} MB, export "
            f"+{r['rss_peak'] - r['rss_before']:5.1f} MB)  tracemalloc peak "
            f"{t['traced']:6.1f} MB  {r['seconds']:6.2f} s"
        )
    big_rss = rss["big"]["rss_peak"]
    print(f"limit: peak RSS of the {N}-row export under {LIMIT_MB:.0f} MB: {big_rss:.1f} MB")
    print(f"ratio {N}/{SMALL} rows, tracemalloc: {growth:.2f} (limit {LIMIT_GROWTH} plus 1 MB)")
    small_share = rss["small"]["rss_peak"] - rss["small"]["rss_before"]
    big_share = big_rss - rss["big"]["rss_before"]
    print(f"export's RSS share {N} vs {SMALL} rows: +{big_share:.1f} vs +{small_share:.1f} MB")
    print(f"ratio streamed/baseline, tracemalloc: {big_mb / base_mb:.2f}; peak RSS: "
          f"{big_rss / rss['base']['rss_peak']:.2f}")  # fmt: skip
    # Constant: five times the rows cost at most twice the memory (plus 1 MB of fixed cost,
    # which dominates at a small BENCH_SCALE); and the whole process stays under the bar.
    ok = big_rss < LIMIT_MB and big_mb < LIMIT_MB and big_mb <= LIMIT_GROWTH * small_mb + 1.0
    return 0 if ok else 1


if __name__ == "__main__":
    if CHILD:
        child(sys.argv[2], sys.argv[3], sys.argv[4] == "traced")
        sys.exit(0)
    sys.exit(main())
