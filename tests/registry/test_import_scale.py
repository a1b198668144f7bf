"""Importing stays linear in rows: a re-import of existing codes costs per row what a new
row does, counted in queries and statements rather than timed (benchmarks time it)."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.registry.test_import import org_row, title_row, workbook

from wenming.audit.models import AuditEvent
from wenming.registry.importing import ImportResult, organizations_import
from wenming.registry.models import Organization, Title


def mixed_import(cast, n: int) -> tuple[ImportResult, list[str]]:
    """Import n codes on record (renamed, retitled) and n new ones; the result and the
    statements it ran, each as the database was given it."""
    start = 0 if n == 50 else 1000  # each size its own codes, so both can run in one test
    old = range(start, start + n)
    new = range(start + n, start + 2 * n)
    organizations_import(
        acting_user=cast.county,
        source=workbook([org_row(i) for i in old], [title_row(i) for i in old]),
    )
    orgs = [org_row(i, name=f"Renamed {i}") for i in old] + [org_row(i) for i in [*new]]
    titles = [title_row(i, document_number=f"Doc {i} bis") for i in old]
    titles += [title_row(i) for i in new]
    with CaptureQueriesContext(connection) as queries:
        result = organizations_import(acting_user=cast.county, source=workbook(orgs, titles))
    # A statement run over many rows is logged once, as "<rows> times: <sql>".
    return result, [re.sub(r"^\d+ times: ", "", q["sql"]) for q in queries.captured_queries]


def test_import_of_existing_and_new_codes_runs_as_many_statements_for_200_as_for_50(world, cast):
    small, small_sql = mixed_import(cast, 50)
    large, large_sql = mixed_import(cast, 200)

    assert (small.created, small.updated, small.titles) == (50, 50, 100)
    assert (large.created, large.updated, large.titles) == (200, 200, 400)
    assert len(large_sql) == len(small_sql)
    # The statements that update rows on record are the same whatever their number: the
    # database does the same work for each row (a CASE over every row of the batch would not).
    updates = [sql for sql in small_sql if sql.startswith("UPDATE")]
    assert len(updates) == 2  # the organizations and their titles
    assert [sql for sql in large_sql if sql.startswith("UPDATE")] == updates


def test_mixed_import_writes_every_row_and_one_event_per_changed_organization(world, cast):
    first = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    result, _sql = mixed_import(cast, 50)

    assert result.errors == []
    renamed = Organization.objects.get(code="IMP000007")
    assert renamed.name == "Renamed 7"
    assert list(renamed.titles.values_list("document_number", flat=True)) == ["Doc 7 bis"]
    assert Organization.objects.filter(code__startswith="IMP").count() == 100
    assert Title.objects.filter(organization__code__startswith="IMP").count() == 100
    events = AuditEvent.objects.filter(id__gt=first, action="organization.import")
    # 50 at the first import; then 50 created and 50 updated: one event per organization.
    assert events.count() == 150
    event = AuditEvent.objects.for_object(renamed).order_by("id").last()
    assert (event.before["name"], event.after["name"]) == ("Imported unit 7", "Renamed 7")
    assert event.after["titles"][0]["document_number"] == "Doc 7 bis"


def refused_import(cast, n: int) -> tuple[ImportResult, int]:
    rows = [org_row(i, region="991002" if i % 2 else "000000") for i in range(n)]
    with CaptureQueriesContext(connection) as queries:
        result = organizations_import(acting_user=cast.county, source=workbook(rows))
    return result, len(queries.captured_queries)


def test_regions_of_a_refused_file_are_checked_without_a_query_per_row(world, cast):
    refused_import(cast, 1)  # the importer's scope is read once, then cached on them
    _small, small_queries = refused_import(cast, 50)
    large, large_queries = refused_import(cast, 200)

    assert large_queries == small_queries
    assert len(large.errors) == 200
    assert [(e.row, e.column) for e in large.errors[:2]] == [(2, "E"), (3, "E")]
    assert large.errors[0].message == "区划代码“000000”不存在。"
    assert large.errors[1].message == "您无权在地区“991002”登记组织。"
    assert not Organization.objects.filter(code__startswith="IMP").exists()


def test_reimport_updates_codes_below_the_importers_region_and_refuses_others(world, cast):
    village, west = world.village, world.west_unit  # in East's village; in West County
    inside = org_row(
        0, region="991001001001", name="Renamed village", kind="village", unit_type=""
    ) | {"code": village.code}
    outside = org_row(1, region="991001") | {"code": west.code}
    result = organizations_import(acting_user=cast.county, source=workbook([inside, outside]))
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (3, "A", f"编码“{west.code}”已被您管辖范围以外的组织使用。")
    ]

    result = organizations_import(
        acting_user=cast.county,
        source=workbook([inside], [title_row(0, organization=west.code)]),
    )
    assert [(e.sheet, e.row, e.message) for e in result.errors] == [
        ("称号", 2, f"您无权修改组织“{west.code}”的称号。")
    ]

    result = organizations_import(acting_user=cast.county, source=workbook([inside]))
    assert (result.errors, result.updated) == ([], 1)
    village.refresh_from_db()
    assert (village.name, village.region) == ("Renamed village", world.village_region)
