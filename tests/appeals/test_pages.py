"""The applicant's result page with its appeal form, the office's list and answer page,
the evidence download, the 待办 lines, and the API."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image
from tests.conftest import login

from wenming.accounts.todo import todo_for
from wenming.appeals import services
from wenming.appeals.models import Appeal, AppealEvidence
from wenming.audit.models import AuditEvent

from .conftest import move

REASONS = "第1.1项已按要求提交台账，评分偏低。"


def png(name: str = "台账照片.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def test_the_applicant_sees_its_own_scores_and_the_last_day(client, cast, frozen):
    login(client, cast.applicant)
    page = client.get(f"/appeals/applications/{frozen.east.pk}/").content.decode()
    assert "第 1 名" in page
    assert "总分 2.00 分" in page
    assert "截止日期为 2026年12月8日" in page
    assert "1.1" in page  # the scoring point, with what it scored
    assert "marker0" not in page  # no assessor's name
    assert "West Unit" not in page  # nobody else's result


def test_before_the_freeze_the_page_says_so_and_shows_no_score(client, cast, ranked):
    login(client, cast.applicant)
    page = client.get(f"/appeals/applications/{ranked.east.pk}/").content.decode()
    assert "测评排名尚未锁定" in page
    assert "总分" not in page


def test_lodging_on_the_page_with_a_photo_and_downloading_it(client, cast, frozen):
    login(client, cast.applicant)
    response = client.post(
        f"/appeals/applications/{frozen.east.pk}/", {"reasons": REASONS, "evidence": [png()]}
    )
    appeal = Appeal.objects.get(application=frozen.east)
    assert response.status_code == 302
    assert response["Location"] == f"/appeals/{appeal.pk}/"
    evidence = AppealEvidence.objects.get(appeal=appeal)
    assert (evidence.original_name, evidence.content_type) == ("台账照片.png", "image/png")
    download = client.get(f"/appeals/files/{evidence.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    login(client, frozen.west_applicant)
    assert client.get(f"/appeals/files/{evidence.pk}/").status_code == 403


def test_empty_reasons_are_refused_in_chinese_and_nothing_saved(client, cast, frozen):
    login(client, cast.applicant)
    response = client.post(f"/appeals/applications/{frozen.east.pk}/", {"reasons": ""})
    assert response.status_code == 400
    assert "请填写申诉理由。" in response.content.decode()
    assert not Appeal.objects.exists()


def test_after_the_window_the_page_refuses_and_shows_no_form(client, cast, frozen, clock):
    move(clock, 12, 9)
    login(client, cast.applicant)
    page = client.get(f"/appeals/applications/{frozen.east.pk}/").content.decode()
    assert "申诉期限已于2026年12月8日结束，不再受理申诉。" in page
    assert "提交申诉" not in page
    response = client.post(f"/appeals/applications/{frozen.east.pk}/", {"reasons": REASONS})
    assert response.status_code == 400
    assert not Appeal.objects.exists()


def test_the_office_answers_on_the_page_after_a_confirmation(client, cast, frozen):
    appeal = services.appeal_lodge(
        acting_user=cast.applicant, application=frozen.east, reasons=REASONS
    )
    login(client, cast.city)
    listing = client.get(f"/appeals/campaign/{frozen.campaign.pk}/").content.decode()
    assert "East Unit" in listing
    assert "待答复" in listing
    page = client.get(f"/appeals/{appeal.pk}/").content.decode()
    assert "data-confirm=" in page
    response = client.post(f"/appeals/{appeal.pk}/", {"outcome": "corrected", "answer": ""})
    assert response.status_code == 400
    assert "请填写答复意见。" in response.content.decode()
    response = client.post(
        f"/appeals/{appeal.pk}/", {"outcome": "corrected", "answer": "第1.1项漏计，予以更正。"}
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert (appeal.status, appeal.outcome) == ("answered", "corrected")
    page = client.get(f"/appeals/{appeal.pk}/").content.decode()
    assert f'href="/assessment/campaigns/{frozen.campaign.pk}/ranking/"' in page  # to re-rank
    login(client, cast.applicant)
    assert "第1.1项漏计，予以更正。" in client.get(f"/appeals/{appeal.pk}/").content.decode()


def test_todo_lines_for_the_applicant_and_the_office(cast, frozen):
    line = next(
        t for t in todo_for(cast.applicant) if t.url == f"/appeals/applications/{frozen.east.pk}/"
    )
    assert line.detail == "如有异议，可在2026年12月8日前提出申诉"
    services.appeal_lodge(acting_user=cast.applicant, application=frozen.east, reasons=REASONS)
    assert all(
        t.url != f"/appeals/applications/{frozen.east.pk}/" for t in todo_for(cast.applicant)
    )
    office = next(t for t in todo_for(cast.city) if t.label == "申诉待答复")
    assert (office.count, office.urgent) == (1, True)


def test_the_window_is_set_on_the_office_page_before_the_freeze(client, cast, ranked):
    login(client, cast.city)
    response = client.post(f"/appeals/campaign/{ranked.campaign.pk}/", {"working_days": "3"})
    assert response.status_code == 302
    assert ranked.campaign.appeal_window.working_days == 3


def test_the_api_lodges_lists_and_answers(client, cast, frozen):
    login(client, cast.applicant)
    created = client.post(
        "/api/appeals/",
        {"application": frozen.east.pk, "reasons": REASONS},
        content_type="application/json",
    )
    assert created.status_code == 201
    again = client.post(
        "/api/appeals/",
        {"application": frozen.east.pk, "reasons": REASONS},
        content_type="application/json",
    )
    assert again.status_code == 400
    assert "每个评选项目只能申诉一次" in again.content.decode()
    pk = created.json()["id"]
    login(client, frozen.west_applicant)
    assert client.get("/api/appeals/").json()["count"] == 0
    login(client, cast.city)
    assert [a["organization"] for a in client.get("/api/appeals/").json()["results"]] == [
        "East Unit"
    ]
    answered = client.post(
        f"/api/appeals/{pk}/answer/",
        {"outcome": "maintained", "answer": "经复核维持。"},
        content_type="application/json",
    )
    assert answered.status_code == 200
    assert answered.json()["status"] == "answered"
    assert AuditEvent.objects.filter(action__startswith="appeal.").count() == 2


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_office_list_and_the_api_list_read_in_constant_queries(client, cast, frozen):
    services.appeal_lodge(acting_user=cast.applicant, application=frozen.east, reasons=REASONS)
    login(client, cast.city)
    page, api = f"/appeals/campaign/{frozen.campaign.pk}/", "/api/appeals/"
    one = (_queries(client, page), _queries(client, api))
    services.appeal_lodge(
        acting_user=frozen.west_applicant, application=frozen.west, reasons=REASONS
    )
    assert (_queries(client, page), _queries(client, api)) == one


def test_the_application_page_leads_to_the_result_once_ranked(client, cast, frozen):
    login(client, cast.applicant)
    page = client.get(f"/campaigns/applications/{frozen.east.pk}/").content.decode()
    assert f'href="/appeals/applications/{frozen.east.pk}/"' in page
    assert "测评结果与申诉" in page


def test_the_application_page_has_no_result_link_before_ranking(client, cast, assessment):
    east = assessment.apps["East Unit"]
    login(client, cast.applicant)
    page = client.get(f"/campaigns/applications/{east.pk}/").content.decode()
    assert "测评结果与申诉" not in page


def test_a_file_changed_on_disk_is_refused_with_409(client, cast, frozen):
    login(client, cast.applicant)
    client.post(
        f"/appeals/applications/{frozen.east.pk}/", {"reasons": REASONS, "evidence": [png()]}
    )
    evidence = AppealEvidence.objects.get(appeal__application=frozen.east)
    with evidence.file.open("wb") as stored:
        stored.write(b"not the uploaded photo")
    response = client.get(f"/appeals/files/{evidence.pk}/")
    assert response.status_code == 409
    assert "申诉材料校验失败" in response.content.decode()
