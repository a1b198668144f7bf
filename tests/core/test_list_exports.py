"""List exports: each list's Excel has exactly the rows its page shows for the same filter,
is named in Chinese, is refused to whoever may not see the page, and large ones go through
the task worker with a job only its creator may download."""

import io
from datetime import date
from urllib.parse import unquote

import pytest
from django.test import override_settings
from django.urls import reverse
from python_calamine import CalamineWorkbook
from tests.conftest import login

from wenming.core.models import ExportJob, ExportStatus
from wenming.supervision.services import items as services_items


def sheet_rows(response) -> list[list[object]]:
    """The first sheet's rows, the header included."""
    body = b"".join(response.streaming_content)
    book = CalamineWorkbook.from_filelike(io.BytesIO(body))
    return book.get_sheet_by_index(0).to_python()


def filename_of(response) -> str:
    header = response["Content-Disposition"]
    assert "filename*=UTF-8''" in header
    return unquote(header.split("filename*=UTF-8''")[1])


@pytest.fixture
def items(world, cast):
    def item(title, organization, **extra):
        return services_items.item_open(
            acting_user=cast.city,
            office=world.city,
            title=title,
            source="hotline",
            organization=organization,
            item_class="small",
            deadline=date(2026, 7, 10),
            **extra,
        )

    first = item("=Broken streetlights", world.east_unit)
    second = item("Dirty stairs", world.west_unit)
    services_items.item_feedback(acting_user=cast.applicant, item=first, feedback="fixed")
    return first, second


def test_supervision_items_export_has_the_pages_filtered_rows(items, cast, client) -> None:
    login(client, cast.city)
    url = reverse("exports:export", args=["supervision-items"])
    page = client.get(reverse("supervision:index"), {"state": "feedback"}).content.decode()
    assert f"{url}?state=feedback" in page
    assert "Dirty stairs" not in page
    response = client.get(url, {"state": "feedback"})
    assert response.status_code == 200
    assert filename_of(response) == "督办事项清单.xlsx"
    rows = sheet_rows(response)
    assert rows[0][:2] == ["事项", "责任单位"]
    # The formula-looking title is text, kept exactly; only the filtered item is there.
    assert [r[:2] for r in rows[1:]] == [["'=Broken streetlights", "East Unit"]]
    assert len(sheet_rows(client.get(url))) == 3


def test_supervision_items_export_keeps_to_the_users_scope(items, cast, client) -> None:
    login(client, cast.applicant)
    rows = sheet_rows(client.get(reverse("exports:export", args=["supervision-items"])))
    assert [r[1] for r in rows[1:]] == ["East Unit"]


def test_an_export_is_refused_to_whoever_may_not_see_the_page(items, cast, client) -> None:
    login(client, cast.nobody)
    response = client.get(reverse("exports:export", args=["supervision-items"]))
    assert response.status_code == 403
    assert client.get(reverse("exports:export", args=["no-such-list"])).status_code == 404


@override_settings(EXPORT_BACKGROUND_ROWS=1)
def test_a_large_export_is_a_job_only_its_creator_downloads(
    items, cast, client, django_capture_on_commit_callbacks
) -> None:
    login(client, cast.city)
    url = reverse("exports:export", args=["supervision-items"])
    # The link lands on a page with a 生成 button; the GET queues nothing.
    page = client.get(url, {"q": "a"}).content.decode()
    assert "督办事项清单.xlsx" in page
    assert "共 2 行" in page
    assert 'name="query" value="q=a"' in page
    assert "csrfmiddlewaretoken" in page
    assert "生成" in page
    client.get(url)
    assert not ExportJob.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"query": ""})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exports:job", args=[job.pk])
    assert job.status == ExportStatus.DONE
    assert (job.total_rows, job.processed_rows) == (2, 2)
    page = client.get(response["Location"]).content.decode()
    assert "已生成，共 2 行。" in page
    download = client.get(reverse("exports:download", args=[job.pk]))
    assert filename_of(download) == "督办事项清单.xlsx"
    assert len(sheet_rows(download)) == 3
    login(client, cast.county)
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404
    assert client.get(reverse("exports:job", args=[job.pk])).status_code == 404


@override_settings(EXPORT_BACKGROUND_ROWS=1)
def test_a_queued_export_shows_its_progress_and_polls(items, cast, client) -> None:
    login(client, cast.city)
    url = reverse("exports:export", args=["supervision-items"])
    # Not committed yet (the test's transaction): the worker has not started.
    response = client.post(url, {"query": "q=a"})
    job = ExportJob.objects.get()
    assert (job.status, job.total_rows, job.query) == (ExportStatus.PENDING, 2, "q=a")
    page = client.get(response["Location"]).content.decode()
    assert "排队中" in page
    assert "已写入 0 / 2 行" in page
    assert f'hx-get="{reverse("exports:job", args=[job.pk])}"' in page
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404
    # Pressing 生成 again (or refreshing) while it is pending returns the same job.
    again = client.post(url, {"query": "q=a"})
    assert again["Location"] == response["Location"]
    assert ExportJob.objects.count() == 1
    # Another filter is another export.
    client.post(url, {"query": "q=b"})
    assert ExportJob.objects.count() == 2


@override_settings(EXPORT_BACKGROUND_ROWS=1)
def test_a_large_export_is_refused_to_whoever_may_not_see_the_page(items, cast, client) -> None:
    login(client, cast.nobody)
    url = reverse("exports:export", args=["supervision-items"])
    assert client.post(url, {"query": ""}).status_code == 403
    assert not ExportJob.objects.exists()
