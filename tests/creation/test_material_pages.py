"""The occurrence page (creation:occurrence) and its 资料提交表 download, as each person
sees them: the department uploads and submits, the leader signs off, the office accepts."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from tests.campaigns.photos import photo_bytes, scene
from tests.conftest import Cast, login
from tests.creation.conftest import Creation
from tests.creation.material_helpers import add_photo, make_occurrence

from wenming.accounts.models import User
from wenming.campaigns.models import Evidence
from wenming.creation.models import Material, Occurrence, OccurrenceStatus
from wenming.creation.services import material as services

pytestmark = pytest.mark.django_db


def _page(client: Client, user: User, occurrence: Occurrence) -> str:
    login(client, user)
    response = client.get(reverse("creation:occurrence", args=[occurrence.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _post(client: Client, occurrence: Occurrence, **data: object) -> str:
    response = client.post(reverse("creation:occurrence", args=[occurrence.pk]), data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_the_department_sees_the_task_and_uploads_from_a_phone(
    client: Client, creation: Creation
) -> None:
    occurrence = make_occurrence(creation, minimum=2)
    page = _page(client, creation.office_head, occurrence)
    for words in ("开展道德讲堂活动", "2026年10月31日", "待提交", "4.1", 'accept="image/jpeg'):
        assert words in page
    assert "服务对象" in page  # the volunteer fields
    name = creation.plan.organization.name
    page = _post(
        client,
        occurrence,
        action="upload",
        kind="photo",
        activity="道德讲堂",
        file=io.BytesIO(photo_bytes(scene(5))),
        caption_time="2026年5月20日",
        caption_place="会议室",
        caption_organizer=name,
        caption_theme=f"{name}道德讲堂",
        caption_participants="全体职工",
    )
    assert Material.objects.count() == 1
    assert "已上传" in page
    assert "少于任务要求" in page
    assert "提交签批" in page


def test_a_blocking_finding_shows_in_chinese_and_submission_is_refused(
    client: Client, creation: Creation
) -> None:
    occurrence = make_occurrence(creation)
    services.material_add(
        acting_user=creation.office_head,
        occurrence=occurrence,
        kind="photo",
        upload=SimpleUploadedFile("无说明.jpg", photo_bytes(scene(2)), "image/jpeg"),
        activity="道德讲堂",
    )
    page = _page(client, creation.office_head, occurrence)
    assert "须改正" in page
    page = _post(client, occurrence, action="submit")
    assert "无说明.jpg" in page
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.OPEN


def test_another_departments_people_get_404(client: Client, creation: Creation) -> None:
    occurrence = make_occurrence(creation)
    login(client, creation.party_head)
    assert client.get(reverse("creation:occurrence", args=[occurrence.pk])).status_code == 404
    login(client, creation.party_leader)
    url = reverse("creation:occurrence_sheet", args=[occurrence.pk])
    assert client.get(url).status_code == 404


def test_the_whole_way_through_the_pages(client: Client, creation: Creation, cast: Cast) -> None:
    occurrence = make_occurrence(creation)
    add_photo(creation, occurrence, creation.office_head)
    login(client, creation.office_head)
    page = _post(client, occurrence, action="submit")
    assert "已提交分管领导签批" in page

    page = _page(client, creation.office_leader, occurrence)
    assert 'value="sign_off"' in page
    assert "data-confirm" in page
    page = _post(client, occurrence, action="sign_off", comment="同意")
    assert "资料提交表已生成" in page
    response = client.get(reverse("creation:occurrence_sheet", args=[occurrence.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''%E8%B5%84%E6%96%99" in response["Content-Disposition"]
    page = _page(client, cast.applicant, occurrence)
    assert 'value="accept"' in page
    page = _post(client, occurrence, action="accept")
    assert "已验收通过" in page
    assert "1 份材料已转入申报表" in page
    assert Evidence.objects.filter(application=creation.application, clause_key="4.1").exists()
    assert "签批同意" in page  # the history
    assert "张副校长" in page


def test_the_leader_alone_sees_the_sign_off_buttons(client: Client, creation: Creation) -> None:
    occurrence = make_occurrence(creation)
    add_photo(creation, occurrence, creation.office_head)
    login(client, creation.office_head)
    _post(client, occurrence, action="submit")
    page = _page(client, creation.office_head, occurrence)
    assert 'value="sign_off"' not in page
    page = _post(client, occurrence, action="sign_off")
    assert "只有责任部门的分管领导可以签批" in page
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.SUBMITTED
