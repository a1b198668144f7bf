"""Re-importing an unchanged organizations workbook records nothing (defect 12, audit noise);
a changed row still records exactly one event."""

import io

from django.urls import reverse
from tests.conftest import login

from wenming.audit.models import AuditEvent
from wenming.registry.importing import organizations_import
from wenming.registry.workbook import write_workbook


def org_row(n: int, **extra: object) -> dict:
    return {
        "code": f"IMP{n:06d}",
        "name": f"Imported unit {n}",
        "kind": "unit",
        "unit_type": "institution",
        "region": "991001",
        "staff_count": 50,
        "party_members": 10,
    } | extra


def title_row(n: int, edition: int = 19, **extra: object) -> dict:
    return {
        "organization": f"IMP{n:06d}",
        "category": "unit",
        "level": "municipal",
        "model": False,
        "edition": edition,
        "naming_body": "City committee",
        "document_number": f"Doc {n}",
        "named_on": "2019-12-20",
    } | extra


def workbook(orgs: list[dict], titles: list[dict]) -> io.BytesIO:
    out = io.BytesIO()
    write_workbook(out, iter(orgs), iter(titles))
    out.seek(0)
    return out


def rows(n: int) -> tuple[list[dict], list[dict]]:
    titles = [title_row(i) for i in range(n)] + [title_row(i, edition=18) for i in range(n)]
    return [org_row(i) for i in range(n)], titles


def test_reimporting_an_unchanged_workbook_records_nothing(world, cast):
    orgs, titles = rows(30)
    organizations_import(acting_user=cast.county, source=workbook(orgs, titles))
    assert AuditEvent.objects.count() == 30
    result = organizations_import(acting_user=cast.county, source=workbook(orgs, titles))
    assert result.errors == []
    assert (result.created, result.updated, result.titles) == (0, 0, 0)
    assert AuditEvent.objects.count() == 30


def test_reimporting_the_export_records_nothing(world, cast, client):
    orgs, titles = rows(5)
    organizations_import(acting_user=cast.county, source=workbook(orgs, titles))
    login(client, cast.county)
    before = AuditEvent.objects.count()  # signing in is audited too
    response = client.get(reverse("registry:export"))
    exported = io.BytesIO(b"".join(response.streaming_content))
    assert organizations_import(acting_user=cast.county, source=exported).errors == []
    assert AuditEvent.objects.count() == before


def test_a_changed_row_or_title_records_one_event_each(world, cast):
    orgs, titles = rows(10)
    organizations_import(acting_user=cast.county, source=workbook(orgs, titles))
    first = AuditEvent.objects.order_by("-id").first().pk
    orgs[3]["name"] = "Renamed unit"
    titles[7]["document_number"] = "Doc corrected"
    organizations_import(acting_user=cast.county, source=workbook(orgs, titles))
    new = AuditEvent.objects.filter(id__gt=first).order_by("id")
    assert [(e.action, e.object_repr) for e in new] == [
        ("organization.import", "Renamed unit"),
        ("organization.import", "Imported unit 7"),
    ]
    renamed, retitled = new
    assert (renamed.before["name"], renamed.after["name"]) == ("Imported unit 3", "Renamed unit")
    assert "Doc corrected" in {t["document_number"] for t in retitled.after["titles"]}
