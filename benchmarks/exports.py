"""Benchmark: the ranking downloads at scale, as the task worker writes them (the export
job's builders: ``ranking_export`` streamed by ``write_xlsx``, ``ranking_document`` in
parts of 500 rows merged), each in a fresh child process on the same database.

Four campaigns are ranked (their RankingResult rows written directly, in two awards):
50,000 rows, a 10,000-row one (a fifth), a 5,000-row one and a 20,000-row one for the
PDF. The PDF's baseline, in the same run, is the whole document in one WeasyPrint
render, as it was written before (5,000 rows). Each child
prints the peak resident memory of its whole process (Linux VmHWM: Python, the database
driver, XlsxWriter's buffers, WeasyPrint and C libraries) beside the same process before
the download (Django loaded and connected), the peak Python memory in a second, traced
run (tracemalloc), and the time. The baseline, measured in the same run, is the way the
ranking was written before: every row a model object in a list, XlsxWriter holding the
sheet in memory (``in_memory``).

The bars: the 50,000-row Excel download peaks under 200 MB, and it peaks less than 20 MB
above the 10,000-row one (constant memory); the 5,000-row PDF in parts peaks under half
the whole render's memory, its file is at most twice the whole render's (each part
embeds its own font subsets; the pages' drawing stays compressed), and the 20,000-row
PDF peaks less than 100 MB above it (bounded by the part, not the document; pypdf keeps
the merged pages).
Set BENCH_SCALE (default 1.0) to shrink every size; exit 1 when a bar is missed.
"""

import json
import os
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
CHILD = len(sys.argv) > 1 and sys.argv[1] == "--child"
if CHILD:
    # A measuring child: the parent's database, already migrated and filled. The throwaway
    # office user opens the page with no second factor.
    import django

    os.environ["WENMING_REQUIRE_2FA"] = "0"

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    django.setup()
else:
    import django_setup

    django_setup.setup(os.environ.get("BENCH_DATABASE_URL"))

import io

import xlsxwriter
from django.core.management import call_command
from django.db import transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone
from python_calamine import CalamineWorkbook

from wenming.accounts.models import Role, RoleAssignment, User
from wenming.assessment.exports import RANKING_NUMBERED, ranking_document, ranking_export
from wenming.assessment.exports import _closing as closing
from wenming.assessment.models import RankingResult, RankingVersion
from wenming.assessment.selectors import ranking as ranking_reads
from wenming.assessment.selectors import ranking_pages as ranking_reads_pages
from wenming.campaigns.models import Application, Award, Campaign
from wenming.documents.fonts import font_css
from wenming.documents.pdf import Segment, render_pdf
from wenming.documents.xlsx import write_xlsx
from wenming.frameworks.models import Framework
from wenming.registry.models import Organization, Region

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
N = max(50, int(50_000 * SCALE))
SMALL = N // 5
PDF_ROWS = max(10, int(5_000 * SCALE))
PDF_BIG = max(40, int(20_000 * SCALE))
LIMIT_MB = 200.0
LIMIT_PDF_GROWTH_MB = 100.0
LIMIT_PDF_SIZE_RATIO = 2.0
LIMIT_GROWTH_MB = 20.0


def rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux's VmHWM: ``ru_maxrss``
    would carry over the forking parent's peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise SystemExit("no VmHWM in /proc/self/status")


def streamed_xlsx(user: User, pk: int, out: Path) -> None:
    """The Excel as the export job writes it: the list export's sheets, streamed."""
    export = ranking_export(user, QueryDict(f"campaign={pk}"))
    with out.open("wb") as handle:
        write_xlsx(handle, export.sheets)


def naive_xlsx(user: User, pk: int, out: Path) -> None:
    """The way the ranking was written before: model objects in lists, the workbook in
    memory."""
    campaign = Campaign.objects.select_related("office").get(pk=pk)
    awards = [a for a in ranking_reads.rankings(campaign) if a.rows or a.unranked]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for award in awards:
        sheet = book.add_worksheet(award.award.label[:31])
        for r, title in enumerate((campaign.name, award.award.label, "名次")):
            sheet.write(r, 0, title)
        for r, row in enumerate(award.rows, start=3):
            result = row.result
            values = (
                result.rank, result.name, row.county, result.criteria_total,
                result.threshold_total, result.bonus_total, result.deduction_total,
                result.total, result.preference,
            )  # fmt: skip
            for c, value in enumerate(values):
                sheet.write(r, c, float(value) if isinstance(value, Decimal) else value)
    book.close()
    out.write_bytes(buffer.getvalue())


def pdf(user: User, pk: int, out: Path) -> None:
    """The PDF as the export job writes it: in parts, merged, numbered across."""
    document = ranking_document(user, QueryDict(f"campaign={pk}"))
    with out.open("wb") as handle:
        document.write(handle, lambda done: None)


def whole_pdf(user: User, pk: int, out: Path) -> None:
    """The way the PDF was written before: every row in one WeasyPrint render."""
    campaign = Campaign.objects.select_related("office").get(pk=pk)
    tables = ranking_reads_pages.tables(campaign)
    parts = [Segment(t, list(t.rows), 0, ends=True) for t in tables]
    context = {"campaign": campaign, "font_css": font_css(), "page_css": RANKING_NUMBERED,
               "segments": parts, "first": True, "last": True}  # fmt: skip
    context |= closing(campaign, tables)
    out.write_bytes(render_pdf(render_to_string("assessment/ranking_pdf.html", context)))


def page(user: User, pk: int, out: Path) -> None:
    """The ranking page (its first page of each award), through the whole middleware."""
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(f"/assessment/campaigns/{pk}/ranking/", secure=True)
    if response.status_code != 200:
        raise SystemExit(f"ranking page: {response.status_code} {response.get('Location', '')}")
    out.write_bytes(response.content)


WORK: dict[str, Callable[[User, int, Path], None]] = {
    "xlsx": streamed_xlsx,
    "naive": naive_xlsx,
    "pdf": pdf,
    "whole-pdf": whole_pdf,
    "page": page,
}


def child(mode: str, pk: int, traced: bool) -> None:
    """Run one download in this fresh process and print what it cost, as JSON."""
    user = User.objects.get(username="bench")
    Campaign.objects.exists()  # Django, the driver and the connection loaded: the fixed cost
    before = rss_mb()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"out.{mode}"
        if traced:
            tracemalloc.start()
        start = time.perf_counter()
        WORK[mode](user, pk, out)
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024 if traced else 0.0
        tracemalloc.stop()
        rss = rss_mb()
        rows = 0
        if mode in ("xlsx", "naive"):
            book = CalamineWorkbook.from_path(str(out))
            sheets = [book.get_sheet_by_name(name).to_python() for name in book.sheet_names]
            rows = sum(len(sheet) - 3 for sheet in sheets)  # two titles and the header
        size = out.stat().st_size
    print(json.dumps({"seconds": seconds, "traced": peak, "rss_before": before,
                      "rss_peak": rss, "rows": rows, "bytes": size}))  # fmt: skip


def run_child(mode: str, pk: int, *, traced: bool = False) -> dict[str, float]:
    args = [sys.executable, __file__, "--child", mode, str(pk), "traced" if traced else "rss"]
    done = subprocess.run(args, check=False, capture_output=True, text=True, env=os.environ)  # noqa: S603
    if done.returncode:
        raise SystemExit(f"{mode} failed: {done.stderr.strip()[-2000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def ranked_campaign(
    name: str, edition: int, rows: int, office: User, city: Region, counties: list[Region]
) -> Campaign:
    """A campaign with one ranking version of ``rows`` ranked applications in two awards
    (nine in ten in the first), every tenth name starting like a formula."""
    framework = Framework.objects.get(code="yiyang-unit-2021")
    campaign = Campaign.objects.create(
        name=name, edition=edition, office=city, eligibility_table={}
    )
    awards = [
        Award.objects.create(campaign=campaign, category="unit", level="municipal",
                             model=model, framework=framework)
        for model in (False, True)
    ]  # fmt: skip
    version = RankingVersion.objects.create(
        campaign=campaign, number=1, computed_at=timezone.now(), computed_by=office
    )
    rng = random.Random(edition)
    with transaction.atomic():
        orgs = Organization.objects.bulk_create(
            (
                Organization(code=f"E{edition}{n:07d}", kind="unit", region=counties[n % 6],
                             name=f"{'=' if n % 10 == 0 else ''}{name}单位{n:06d}")
                for n in range(rows)
            ),
            batch_size=5000,
        )  # fmt: skip
        apps = Application.objects.bulk_create(
            (
                Application(campaign=campaign, award=awards[n % 10 == 9], organization=org,
                            status="assessed", region=org.region, created_by=office)
                for n, org in enumerate(orgs)
            ),
            batch_size=5000,
        )  # fmt: skip
        ranks = [0, 0]
        results = []
        for n, app in enumerate(apps):
            which = n % 10 == 9
            ranks[which] += 1
            criteria = Decimal(rng.randint(6000, 9500)) / 100
            results.append(
                RankingResult(
                    version=version, campaign=campaign, award=awards[which], application=app,
                    name=app.organization.name, name_order=n, rank=ranks[which],
                    criteria_total=criteria, threshold_total=Decimal("4.5"),
                    bonus_total=Decimal("1.25"), deduction_total=Decimal("0.5"),
                    total=criteria + Decimal("5.25"), preference=n % 4,
                    computed_at=version.computed_at,
                )
            )  # fmt: skip
        RankingResult.objects.bulk_create(results, batch_size=5000)
    return campaign


def main() -> int:
    call_command("load_frameworks", stdout=io.StringIO())
    province = Region.objects.create(code="990000", name="Province", level="province")
    city = Region.objects.create(code="991000", name="City", level="city", parent=province)
    counties = [
        Region.objects.create(code=f"9910{i:02d}", name=f"County {i}", level="county", parent=city)
        for i in range(1, 7)
    ]
    office = User.objects.create_user("bench", password="x-bench-x")  # noqa: S106  (a throwaway database)
    RoleAssignment.objects.create(user=office, role=Role.OFFICE, region=city)
    start = time.perf_counter()
    big = ranked_campaign("大", 20, N, office, city, counties)
    small = ranked_campaign("小", 21, SMALL, office, city, counties)
    printed = ranked_campaign("印", 22, PDF_ROWS, office, city, counties)
    printed_big = ranked_campaign("长", 23, PDF_BIG, office, city, counties)
    print(
        f"set-up: {N}, {SMALL}, {PDF_ROWS} and {PDF_BIG} ranked rows in "
        f"{time.perf_counter() - start:.1f} s"
    )

    # Resident memory without tracemalloc (which costs memory of its own), then traced.
    rss = {
        "small": run_child("xlsx", small.pk),
        "big": run_child("xlsx", big.pk),
        "base": run_child("naive", big.pk),
        "pdf": run_child("pdf", printed.pk),
        "pdf-whole": run_child("whole-pdf", printed.pk),
        "pdf-big": run_child("pdf", printed_big.pk),
        "page": run_child("page", big.pk),
    }
    traced = {
        "small": run_child("xlsx", small.pk, traced=True),
        "big": run_child("xlsx", big.pk, traced=True),
    }
    rows = tuple(int(rss[name]["rows"]) for name in ("small", "big", "base"))
    if rows != (SMALL, N, N):
        raise SystemExit(f"wrong row counts: {rows}")

    print("each download in a fresh process; peak RSS (process before the download)")
    for name, label in (("small", "excel"), ("big", "excel"), ("base", "baseline excel")):
        r = rss[name]
        t = f"  tracemalloc peak {traced[name]['traced']:5.1f} MB" if name in traced else ""
        print(
            f"{label} {int(r['rows']):6d} rows: peak RSS {r['rss_peak']:6.1f} MB "
            f"(before {r['rss_before']:5.1f} MB){t}  {r['seconds']:6.2f} s"
        )
    for name, rows, label in (
        ("pdf-whole", PDF_ROWS, "baseline pdf (one render)"),
        ("pdf", PDF_ROWS, "pdf in parts"),
        ("pdf-big", PDF_BIG, "pdf in parts"),
    ):
        p = rss[name]
        print(
            f"{label} {rows:6d} rows: peak RSS {p['rss_peak']:6.1f} MB (before "
            f"{p['rss_before']:5.1f} MB)  {p['seconds']:6.2f} s  {p['bytes'] / 1e6:.1f} MB"
        )
    pdf_rss, whole_rss, big_pdf_rss = (
        rss[name]["rss_peak"] for name in ("pdf", "pdf-whole", "pdf-big")
    )
    size_ratio = rss["pdf"]["bytes"] / rss["pdf-whole"]["bytes"]
    print(
        f"ratio pdf in parts/one render ({PDF_ROWS} rows): peak RSS {pdf_rss / whole_rss:.2f}, "
        f"time {rss['pdf']['seconds'] / rss['pdf-whole']['seconds']:.2f}, file {size_ratio:.2f} "
        f"(bars: RSS < 0.5, file <= {LIMIT_PDF_SIZE_RATIO})"
    )
    print(f"limit: {PDF_BIG}-row PDF over {PDF_ROWS} rows under {LIMIT_PDF_GROWTH_MB:.0f} MB: "
          f"{big_pdf_rss - pdf_rss:+.1f} MB")  # fmt: skip
    p = rss["page"]
    print(
        f"ranking page {N:6d} rows: peak RSS {p['rss_peak']:6.1f} MB  {p['seconds']:6.2f} s  "
        f"{p['bytes'] / 1e3:.0f} KB of HTML (no bar)"
    )
    big_rss, small_rss = rss["big"]["rss_peak"], rss["small"]["rss_peak"]
    growth = big_rss - small_rss
    print(f"limit: peak RSS of the {N}-row Excel under {LIMIT_MB:.0f} MB: {big_rss:.1f} MB")
    print(f"limit: {N} rows over {SMALL} rows under {LIMIT_GROWTH_MB:.0f} MB: {growth:+.1f} MB")
    print(
        f"ratio excel/baseline: peak RSS {big_rss / rss['base']['rss_peak']:.2f}, "
        f"time {rss['big']['seconds'] / rss['base']['seconds']:.2f}"
    )
    ok = big_rss < LIMIT_MB and growth < LIMIT_GROWTH_MB
    ok = ok and pdf_rss < 0.5 * whole_rss and big_pdf_rss - pdf_rss < LIMIT_PDF_GROWTH_MB
    ok = ok and size_ratio <= LIMIT_PDF_SIZE_RATIO
    return 0 if ok else 1


if __name__ == "__main__":
    if CHILD:
        child(sys.argv[2], int(sys.argv[3]), sys.argv[4] == "traced")
        sys.exit(0)
    sys.exit(main())
