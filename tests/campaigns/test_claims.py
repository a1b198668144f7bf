"""Bonus claims (特色加分): the applicant claims with evidence, the recommending unit
confirms or rejects with a reason; every refusal says what is wrong."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.campaigns.conftest import complete
from tests.campaigns.test_evidence_files import pdf
from tests.factories import reach_stage

from wenming.audit.models import AuditEvent
from wenming.campaigns import services
from wenming.campaigns.models import BonusClaim, Evidence
from wenming.campaigns.services import claims
from wenming.registry.models import Honor


def scan(name="授予文件.pdf"):
    return SimpleUploadedFile(name, pdf(), content_type="application/pdf")


@pytest.fixture
def application(world, cast, campaign):
    return services.application_start(
        acting_user=cast.applicant,
        campaign=campaign.campaign,
        award=campaign.unit,
        organization=world.east_unit,
    )


HONOR = {
    "rule": "honor_titles",
    "level": "provincial",
    "title": "全省文明服务示范窗口",
    "granting_body": "江川省人民政府",
    "document_number": "江政发〔2021〕3号",
    "dated": date(2021, 4, 2),
}
EXPERIENCE = {
    "rule": "experience_promoted",
    "level": "national",
    "title": "“一窗通办”便民服务经验",
    "outlet": "人民日报",
    "dated": "2021-06-01",
    "content_key": "一窗通办",
}


def test_an_honor_claim_keeps_its_fields_and_its_checked_evidence(cast, application):
    claim = claims.bonus_claim_add(
        acting_user=cast.applicant, application=application, upload=scan(), **HONOR
    )
    assert (claim.kind, claim.level, claim.status) == ("honor", "provincial", "pending")
    assert claim.evidence.clause_key == "bonus:honor_titles"
    assert claim.evidence.kind == "official_document"
    assert claim.evidence.blocking is False
    event = AuditEvent.objects.get(action="application.bonus_claim")
    assert event.after["title"] == "全省文明服务示范窗口"


def test_an_experience_claim_needs_its_content_key(cast, application):
    with pytest.raises(ValidationError) as error:
        claims.bonus_claim_add(
            acting_user=cast.applicant,
            application=application,
            upload=scan(),
            **EXPERIENCE | {"content_key": " "},
        )
    assert error.value.messages == [
        "“经验推介”同一内容只按最高分加一次：请填写经验内容，同一经验请用同一名称。"
    ]
    claim = claims.bonus_claim_add(
        acting_user=cast.applicant, application=application, upload=scan(), **EXPERIENCE
    )
    assert (claim.kind, claim.outlet, claim.dated) == ("experience", "人民日报", date(2021, 6, 1))


def test_an_unknown_bonus_item_is_refused(cast, application):
    with pytest.raises(ValidationError) as error:
        claims.bonus_claim_add(
            acting_user=cast.applicant,
            application=application,
            upload=scan(),
            **HONOR | {"rule": "volunteer_awards"},
        )
    (message,) = error.value.messages
    assert message.startswith("测评体系“")
    assert message.endswith("中没有加分项目“volunteer_awards”。")


def test_a_level_the_item_lacks_is_refused_with_the_levels_it_has(cast, application):
    with pytest.raises(ValidationError) as error:
        claims.bonus_claim_add(
            acting_user=cast.applicant,
            application=application,
            upload=scan(),
            **EXPERIENCE | {"level": "municipal"},
        )
    assert error.value.messages == [
        "加分项目“经验推介”没有“municipal”这一级别，可选：中央主流媒体推介或全国性会议交流发言、"
        "省级主流媒体推介或全省性会议交流发言。"
    ]


def test_a_missing_date_and_granting_body_are_both_told(cast, application):
    with pytest.raises(ValidationError) as error:
        claims.bonus_claim_add(
            acting_user=cast.applicant,
            application=application,
            upload=scan(),
            **HONOR | {"dated": None, "granting_body": ""},
        )
    assert error.value.messages == [
        "请填写授予荣誉的发文日期（加分以发文时间为准）。",
        "请填写授予荣誉的机关。",
    ]
    assert BonusClaim.objects.count() == 0


def test_a_claim_without_evidence_is_refused(cast, application):
    with pytest.raises(ValidationError) as error:
        claims.bonus_claim_add(acting_user=cast.applicant, application=application, **HONOR)
    assert error.value.messages == ["请上传佐证材料：荣誉的授予文件，或推介报道的截图、会议材料。"]


def test_a_registry_honor_is_claimed_in_one_step_and_only_once(world, cast, application):
    honor = Honor.objects.create(
        organization=world.east_unit,
        kind="honor_title",
        level="national",
        name="全国青年文明号",
        granting_body="共青团中央",
        document_number="中青发〔2020〕9号",
        granted_on=date(2020, 11, 5),
    )
    claim = claims.bonus_claim_add(acting_user=cast.applicant, application=application, honor=honor)
    assert (claim.rule, claim.level, claim.title, claim.evidence) == (
        "honor_titles",
        "national",
        "全国青年文明号",
        None,
    )
    with pytest.raises(ValidationError) as error:
        claims.bonus_claim_add(acting_user=cast.applicant, application=application, honor=honor)
    assert error.value.messages == ["“全国青年文明号”已经申报过加分。"]


def test_removing_a_claim_removes_its_evidence(cast, application):
    claim = claims.bonus_claim_add(
        acting_user=cast.applicant, application=application, upload=scan(), **HONOR
    )
    claims.bonus_claim_remove(acting_user=cast.applicant, claim=claim)
    assert (BonusClaim.objects.count(), Evidence.objects.count()) == (0, 0)
    assert AuditEvent.objects.filter(action="application.bonus_claim_remove").count() == 1


def test_claims_are_frozen_once_submitted(cast, application):
    claim = claims.bonus_claim_add(
        acting_user=cast.applicant, application=application, upload=scan(), **HONOR
    )
    complete(application, cast.applicant)
    services.application_submit(acting_user=cast.applicant, application=application)
    with pytest.raises(ValidationError) as error:
        claims.bonus_claim_add(
            acting_user=cast.applicant, application=application, upload=scan(), **EXPERIENCE
        )
    assert error.value.messages == ["“已申报”状态的申报不能修改。"]
    with pytest.raises(ValidationError):
        claims.bonus_claim_remove(acting_user=cast.applicant, claim=claim)


def test_claims_cannot_be_added_once_the_application_stage_closed(cast, campaign, application):
    reach_stage(campaign.campaign, "recommendation")
    with pytest.raises(ValidationError) as error:
        claims.bonus_claim_add(
            acting_user=cast.applicant, application=application, upload=scan(), **HONOR
        )
    assert error.value.messages[0].startswith("申报阶段已于")


def submitted_with_claim(cast, campaign, application):
    claim = claims.bonus_claim_add(
        acting_user=cast.applicant, application=application, upload=scan(), **HONOR
    )
    complete(application, cast.applicant)
    services.application_submit(acting_user=cast.applicant, application=application)
    reach_stage(campaign.campaign, "recommendation")
    return claim


def test_the_recommending_unit_confirms_a_claim(cast, campaign, application):
    claim = submitted_with_claim(cast, campaign, application)
    decided = claims.bonus_claim_decide(acting_user=cast.county, claim=claim, confirm=True)
    assert (decided.status, decided.decided_by) == ("confirmed", cast.county)
    event = AuditEvent.objects.get(action="application.bonus_claim_decide")
    assert (event.before["claim_status"], event.after["claim_status"]) == (
        "pending",
        "confirmed",
    )


def test_rejecting_a_claim_needs_a_reason(cast, campaign, application):
    claim = submitted_with_claim(cast, campaign, application)
    with pytest.raises(ValidationError) as error:
        claims.bonus_claim_decide(acting_user=cast.county, claim=claim, confirm=False, reason=" ")
    assert error.value.messages == ["不予认定必须说明理由。"]
    decided = claims.bonus_claim_decide(
        acting_user=cast.county, claim=claim, confirm=False, reason="文件系内部表彰，不属省部级"
    )
    assert (decided.status, decided.decision_reason) == ("rejected", "文件系内部表彰，不属省部级")


def test_only_the_recommending_unit_decides_a_claim(cast, campaign, application):
    claim = submitted_with_claim(cast, campaign, application)
    for user in (cast.applicant, cast.body):
        with pytest.raises(PermissionDenied):
            claims.bonus_claim_decide(acting_user=user, claim=claim, confirm=True)


def test_claims_are_decided_only_while_the_recommendation_stage_is_open(
    cast, campaign, application
):
    claim = submitted_with_claim(cast, campaign, application)
    reach_stage(campaign.campaign, "assessment")
    with pytest.raises(ValidationError) as error:
        claims.bonus_claim_decide(acting_user=cast.county, claim=claim, confirm=True)
    assert error.value.messages[0].startswith("推荐阶段已于")
    assert BonusClaim.objects.get().status == "pending"


def test_a_draft_applications_claims_are_not_decided(cast, campaign, application):
    claim = claims.bonus_claim_add(
        acting_user=cast.applicant, application=application, upload=scan(), **HONOR
    )
    reach_stage(campaign.campaign, "recommendation")
    with pytest.raises(ValidationError) as error:
        claims.bonus_claim_decide(acting_user=cast.county, claim=claim, confirm=True)
    assert error.value.messages == ["“填报中”状态的申报不能认定加分。"]
