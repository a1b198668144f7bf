"""Importing organizations from a workbook: every row checked, all saved or none."""

import io
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.urls import reverse
from tests.conftest import login

from wenming.audit.models import AuditEvent
from wenming.registry.importing import organizations_import
from wenming.registry.models import ImportJob, Organization, Title
from wenming.registry.workbook import write_workbook


def org_row(n: int, region: str = "991001", **extra: object) -> dict:
    return {
        "code": f"IMP{n:06d}",
        "name": f"Imported unit {n}",
        "kind": "unit",
        "unit_type": "institution",
        "region": region,
        "staff_count": 50,
        "party_members": 10,
    } | extra


def title_row(n: int, **extra: object) -> dict:
    return {
        "organization": f"IMP{n:06d}",
        "category": "unit",
        "level": "municipal",
        "model": False,
        "edition": 19,
        "naming_body": "City committee",
        "document_number": f"Doc {n}",
        "named_on": "2019-12-20",
    } | extra


def workbook(orgs: list[dict], titles: list[dict] = ()) -> io.BytesIO:
    out = io.BytesIO()
    write_workbook(out, iter(orgs), iter(titles))
    out.seek(0)
    return out


def test_import_thousand_rows_with_three_bad_saves_nothing_then_everything(world, cast):
    rows = [org_row(n) for n in range(1000)]
    rows[10]["kind"] = "spaceship"
    rows[500]["region"] = "000000"
    rows[998]["party_members"] = 99  # more party members than staff
    result = organizations_import(acting_user=cast.county, source=workbook(rows))

    assert [(e.row, e.column) for e in result.errors] == [(12, "C"), (502, "E"), (1000, "J")]
    assert "spaceship" in result.errors[0].message
    assert "000000" in result.errors[1].message
    assert Organization.objects.filter(code__startswith="IMP").count() == 0

    rows[10]["kind"] = "unit"
    rows[500]["region"] = "991001"
    rows[998]["party_members"] = 9
    result = organizations_import(acting_user=cast.county, source=workbook(rows))
    assert result.errors == []
    assert result.created == 1000
    assert Organization.objects.filter(code__startswith="IMP").count() == 1000


def test_import_with_titles_records_history_and_audit(world, cast):
    source = workbook([org_row(1), org_row(2)], [title_row(1), title_row(1, edition=18)])
    result = organizations_import(acting_user=cast.county, source=source)
    assert (result.created, result.titles) == (2, 2)
    org = Organization.objects.get(code="IMP000001")
    assert sorted(org.titles.values_list("edition", flat=True)) == [18, 19]
    event = AuditEvent.objects.for_object(org).get()
    assert event.action == "organization.import"
    assert event.actor_name == "county"
    assert len(event.after["titles"]) == 2


def test_reimport_updates_instead_of_duplicating(world, cast):
    organizations_import(acting_user=cast.county, source=workbook([org_row(1)], [title_row(1)]))
    result = organizations_import(
        acting_user=cast.county,
        source=workbook([org_row(1, name="Renamed")], [title_row(1, document_number="Doc X")]),
    )
    assert (result.created, result.updated) == (0, 1)
    assert Organization.objects.get(code="IMP000001").name == "Renamed"
    assert list(Title.objects.values_list("document_number", flat=True)) == ["Doc X"]


def test_import_outside_scope_is_refused(world, cast):
    result = organizations_import(acting_user=cast.county, source=workbook([org_row(1, "991002")]))
    assert len(result.errors) == 1
    assert "991002" in result.errors[0].message
    assert not Organization.objects.filter(code="IMP000001").exists()


@pytest.mark.parametrize(
    ("title", "column"),
    [
        ({"category": "family"}, "B"),  # a unit cannot hold a family title
        ({"named_on": "20th of December"}, "H"),
        ({"status": "revoked"}, "J"),  # ended titles need an end date
        ({"organization": "NOPE"}, "A"),
    ],
)
def test_bad_title_rows_are_named(world, cast, title, column):
    result = organizations_import(
        acting_user=cast.county, source=workbook([org_row(1)], [title_row(1, **title)])
    )
    first = result.errors[0]
    assert (first.sheet, first.row, first.column) == ("称号", 2, column)
    assert Organization.objects.count() == 5  # only the world's own


def test_not_a_workbook_is_refused_with_a_message(world, cast):
    result = organizations_import(acting_user=cast.county, source=io.BytesIO(b"not a zip"))
    assert "xlsx" in result.errors[0].message


def test_duplicate_code_in_file_names_first_row(world, cast):
    result = organizations_import(
        acting_user=cast.county, source=workbook([org_row(1), org_row(1)])
    )
    assert [(e.row, e.column) for e in result.errors] == [(3, "A")]
    assert "2" in result.errors[0].message


def test_export_imports_back_unchanged(world, cast, client):
    organizations_import(acting_user=cast.county, source=workbook([org_row(1)], [title_row(1)]))
    login(client, cast.county)
    response = client.get(reverse("registry:export"))
    assert response["Content-Disposition"].endswith("''" + quote("组织名录.xlsx"))
    exported = io.BytesIO(b"".join(response.streaming_content))
    result = organizations_import(acting_user=cast.county, source=exported)
    assert result.errors == []
    assert (result.created, result.updated) == (0, 0)


def test_upload_page_shows_errors_and_saves_nothing(
    world, cast, client, django_capture_on_commit_callbacks
):
    login(client, cast.county)
    rows = [org_row(1), org_row(2, kind="spaceship")]
    upload = workbook(rows)
    upload.name = "units.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:import"), {"file": upload})
    response = client.get(response["Location"])
    text = response.content.decode()
    assert "未导入：有错误" in text
    assert "spaceship" in text
    assert Organization.objects.filter(code__startswith="IMP").count() == 0


def test_upload_refuses_a_renamed_text_file(world, cast, client):
    login(client, cast.county)
    fake = io.BytesIO(b"name,code\n")
    fake.name = "units.xlsx"
    response = client.post(reverse("registry:import"), {"file": fake})
    assert "文件内容不是 Excel 工作簿" in response.content.decode()


def test_command_exits_1_listing_bad_rows(world, cast, tmp_path, capsys):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook([org_row(1), org_row(2, kind="spaceship")]).getvalue())
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_organizations", str(path), "--as", "county")
    assert exit_info.value.code == 1
    assert "第 3 行" in capsys.readouterr().err
    path.write_bytes(workbook([org_row(1), org_row(2)]).getvalue())
    call_command("import_organizations", str(path), "--as", "county")
    assert "新增 2 个组织" in capsys.readouterr().out


def test_running_import_shows_its_progress(world, cast, client):
    job = ImportJob.objects.create(
        original_name="big.xlsx",
        created_by=cast.county,
        status="validating",
        total_rows=20000,
        processed_rows=5000,
    )
    login(client, cast.county)
    response = client.get(reverse("registry:import_status", args=[job.pk]), HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert '<progress max="100" value="25">' in text
    assert "已处理 5000 / 20000 行" in text
    assert 'hx-trigger="every 1s"' in text  # the page keeps asking until the job is done
    assert "<html" not in text  # only the status panel is sent back


def test_someone_elses_import_is_not_shown(world, cast, client):
    job = ImportJob.objects.create(original_name="x.xlsx", created_by=cast.city)
    login(client, cast.county)
    assert client.get(reverse("registry:import_status", args=[job.pk])).status_code == 404
