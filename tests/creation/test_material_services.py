"""Material per task occurrence: upload checked as evidence, submit, the leader's
sign-off with its 资料提交表, the office's acceptance copying it to the application."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader
from tests.conftest import Cast
from tests.creation.conftest import Creation
from tests.creation.material_helpers import add_photo, make_occurrence, photo_upload

from wenming.audit.models import AuditEvent
from wenming.campaigns.models import Evidence
from wenming.creation.models import Material, Occurrence, OccurrenceStatus
from wenming.creation.services import material as services

pytestmark = pytest.mark.django_db


def _through_sign_off(creation: Creation, occurrence: Occurrence) -> Occurrence:
    add_photo(creation, occurrence, creation.office_head)
    services.occurrence_submit(acting_user=creation.office_head, occurrence=occurrence)
    return services.occurrence_sign_off(
        acting_user=creation.office_leader, occurrence=occurrence, comment="同意上报"
    )


def test_a_valid_photo_is_kept_without_blocking_findings(creation: Creation) -> None:
    occurrence = make_occurrence(creation)
    material = add_photo(creation, occurrence, creation.office_head)
    assert not material.blocking
    assert str(material.file.name).endswith(".jpg")
    assert "讲堂" not in str(material.file.name)
    assert AuditEvent.objects.filter(action="creation.material_add").count() == 1


def test_a_photo_without_captions_is_kept_with_blocking_findings(creation: Creation) -> None:
    occurrence = make_occurrence(creation)
    material = services.material_add(
        acting_user=creation.office_head,
        occurrence=occurrence,
        kind="photo",
        upload=photo_upload(),
        activity="道德讲堂",
    )
    assert material.blocking
    assert {f["field"] for f in material.findings} >= {"caption.time", "caption.place"}


def test_volunteer_activities_need_the_volunteer_captions(creation: Creation) -> None:
    occurrence = make_occurrence(creation)
    material = services.material_add(
        acting_user=creation.office_head,
        occurrence=occurrence,
        kind="photo",
        upload=photo_upload(),
        activity="学雷锋志愿服务",
        captions={
            "time": "2026年5月1日",
            "place": "社区",
            "organizer": "东单位",
            "theme": "学雷锋",
            "participants": "职工",
        },
        volunteer=True,
    )
    assert {"caption.volunteers", "caption.served", "caption.service"} <= {
        f["field"] for f in material.findings
    }


def test_a_fourth_photo_of_one_activity_is_refused(creation: Creation) -> None:
    occurrence = make_occurrence(creation)
    for seed in (1, 2, 3):
        add_photo(creation, occurrence, creation.office_head, seed=seed)
    with pytest.raises(ValidationError, match="最多 3 张"):
        add_photo(creation, occurrence, creation.office_head, seed=4)
    assert Material.objects.count() == 3


def test_a_hostile_file_is_refused_and_nothing_kept(creation: Creation) -> None:
    occurrence = make_occurrence(creation)
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not really", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        services.material_add(
            acting_user=creation.office_head,
            occurrence=occurrence,
            kind="photo",
            upload=fake,
            activity="道德讲堂",
        )
    assert not Material.objects.exists()
    assert not AuditEvent.objects.filter(action="creation.material_add").exists()


def test_another_departments_people_may_not_upload(creation: Creation) -> None:
    occurrence = make_occurrence(creation)
    with pytest.raises(PermissionDenied, match="责任部门"):
        add_photo(creation, occurrence, creation.party_head)
    assert not Material.objects.exists()


def test_submit_refuses_without_material_and_names_blocking_files(creation: Creation) -> None:
    occurrence = make_occurrence(creation)
    with pytest.raises(ValidationError, match="还没有上传"):
        services.occurrence_submit(acting_user=creation.office_head, occurrence=occurrence)
    services.material_add(
        acting_user=creation.office_head,
        occurrence=occurrence,
        kind="photo",
        upload=photo_upload(name="无说明.jpg"),
        activity="道德讲堂",
    )
    with pytest.raises(ValidationError, match=r"无说明\.jpg"):
        services.occurrence_submit(acting_user=creation.office_head, occurrence=occurrence)
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.OPEN


def test_below_the_minimum_is_allowed_but_flagged(creation: Creation) -> None:
    occurrence = make_occurrence(creation, minimum=2)
    add_photo(creation, occurrence, creation.office_head)
    assert services.below_minimum(occurrence)
    services.occurrence_submit(acting_user=creation.office_head, occurrence=occurrence)
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.SUBMITTED


@pytest.mark.parametrize("who", ["office_head", "party_leader", "party_head"])
def test_only_the_departments_leader_signs_off(creation: Creation, who: str) -> None:
    occurrence = make_occurrence(creation)
    add_photo(creation, occurrence, creation.office_head)
    services.occurrence_submit(acting_user=creation.office_head, occurrence=occurrence)
    with pytest.raises(PermissionDenied, match="分管领导"):
        services.occurrence_sign_off(acting_user=getattr(creation, who), occurrence=occurrence)
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.SUBMITTED
    assert not occurrence.sheet


def test_the_leaders_sign_off_prints_the_sheet(creation: Creation) -> None:
    occurrence = _through_sign_off(creation, make_occurrence(creation))
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.SIGNED_OFF
    assert occurrence.signed_off_by == creation.office_leader
    with occurrence.sheet.open("rb") as stream:
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(stream.read())).pages)
    for words in (
        "资料提交表",
        "张副校长",
        "李主任",
        "开展道德讲堂活动",
        "办公室",
        "讲堂.jpg",
        "同意上报",
    ):
        assert words in text


def test_the_leader_declines_with_a_comment(creation: Creation) -> None:
    occurrence = make_occurrence(creation)
    add_photo(creation, occurrence, creation.office_head)
    services.occurrence_submit(acting_user=creation.office_head, occurrence=occurrence)
    with pytest.raises(ValidationError, match="请填写意见"):
        services.occurrence_decline(
            acting_user=creation.office_leader, occurrence=occurrence, comment=" "
        )
    services.occurrence_decline(
        acting_user=creation.office_leader, occurrence=occurrence, comment="照片不清楚"
    )
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.OPEN
    assert occurrence.return_comment == "照片不清楚"


def test_accepted_material_becomes_evidence_under_the_clause(
    creation: Creation, cast: Cast
) -> None:
    occurrence = _through_sign_off(creation, make_occurrence(creation))
    with pytest.raises(PermissionDenied):
        services.occurrence_accept(acting_user=creation.office_leader, occurrence=occurrence)
    result = services.occurrence_accept(acting_user=cast.applicant, occurrence=occurrence)
    assert result.copied == 1
    assert not result.reason
    material = Material.objects.get()
    evidence = Evidence.objects.get()
    assert material.evidence == evidence
    assert evidence.application == creation.application
    assert evidence.clause_key == "4.1"
    assert evidence.activity == "道德讲堂"
    assert evidence.original_name == "讲堂.jpg"
    assert not evidence.blocking
    assert evidence.captions == material.captions


def test_a_task_without_clause_is_accepted_but_stays_on_file(
    creation: Creation, cast: Cast
) -> None:
    occurrence = _through_sign_off(creation, make_occurrence(creation, clause_key=""))
    result = services.occurrence_accept(acting_user=cast.applicant, occurrence=occurrence)
    assert result.copied == 0
    assert "评分要点" in result.reason
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.ACCEPTED
    assert not Evidence.objects.exists()
    assert "评分要点" in services.pending_reason(occurrence)


def test_the_office_returns_signed_off_material_with_a_comment(
    creation: Creation, cast: Cast
) -> None:
    occurrence = _through_sign_off(creation, make_occurrence(creation))
    with pytest.raises(ValidationError, match="请填写意见"):
        services.occurrence_return(acting_user=cast.applicant, occurrence=occurrence, comment="")
    services.occurrence_return(
        acting_user=cast.applicant, occurrence=occurrence, comment="补充报道"
    )
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.RETURNED
    material = Material.objects.get()
    services.material_remove(acting_user=creation.office_head, material=material)
    assert not Material.objects.exists()
    assert not Evidence.objects.exists()


def test_material_cannot_change_after_submission(creation: Creation) -> None:
    occurrence = make_occurrence(creation)
    material = add_photo(creation, occurrence, creation.office_head)
    services.occurrence_submit(acting_user=creation.office_head, occurrence=occurrence)
    with pytest.raises(ValidationError, match="不能再修改材料"):
        services.material_remove(acting_user=creation.office_head, material=material)
    with pytest.raises(ValidationError, match="不能再修改材料"):
        add_photo(creation, occurrence, creation.office_head, seed=2)
