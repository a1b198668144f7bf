"""The office reviews families centrally against the family standard (DOMAIN §5, seed 000
§四(四)); closing the assessment stage moves each family on or out."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from tests.conftest import login

from wenming.audit.models import AuditEvent
from wenming.campaigns import stages
from wenming.campaigns.models import Application, Stage
from wenming.families.models import FamilyReview
from wenming.families.services import family_review_record

ALL_MET = {"1.1": True, "1.2": True, "2.1": True}


def assessment(campaign) -> Stage:
    return Stage.objects.get(campaign=campaign, kind="assessment")


def test_the_stage_waits_for_every_family_then_moves_them_on_or_out(cast, family, recommended):
    zhang, li, wang = recommended
    stage = assessment(family.campaign)
    gate = {line.code: line for line in stages.stage_gate(stage)}
    assert not gate["families_reviewed"].met
    assert "张建国家庭、李家、王家" in gate["families_reviewed"].message

    family_review_record(acting_user=cast.city, application=zhang, findings=ALL_MET)
    family_review_record(
        acting_user=cast.city,
        application=li,
        findings=ALL_MET | {"1.2": False},
        reasons={"1.2": "近两年未参加村里的公益活动"},
    )
    family_review_record(acting_user=cast.city, application=wang, findings={"1.1": True})
    gate = {line.code: line for line in stages.stage_gate(stage)}
    assert "王家" in gate["families_reviewed"].message
    assert "李家" not in gate["families_reviewed"].message
    with pytest.raises(ValidationError):
        stages.stage_close(acting_user=cast.city, stage=stage, reason="审核完毕")

    family_review_record(acting_user=cast.city, application=wang, findings=ALL_MET)
    stages.stage_close(acting_user=cast.city, stage=stage, reason="审核完毕")
    statuses = {
        a.organization.name: a.status for a in Application.objects.filter(campaign=family.campaign)
    }
    assert statuses == {"张建国家庭": "assessed", "李家": "rejected", "王家": "assessed"}
    assert "条件 1.2 不达标" in Application.objects.get(pk=li.pk).comment


def test_a_condition_found_unmet_needs_its_reason_and_nothing_is_saved(cast, recommended):
    with pytest.raises(ValidationError) as error:
        family_review_record(
            acting_user=cast.city, application=recommended[0], findings=ALL_MET | {"2.1": False}
        )
    assert error.value.messages == ["条件 2.1 认定为不达标，须写明理由。"]
    assert not FamilyReview.objects.exists()
    assert not AuditEvent.objects.filter(action="family.review").exists()


def test_an_unknown_condition_is_refused(cast, recommended):
    with pytest.raises(ValidationError) as error:
        family_review_record(
            acting_user=cast.city, application=recommended[0], findings={"9.9": True}
        )
    assert error.value.messages == ["创建标准中没有条件 9.9。"]


def test_the_review_is_audited_with_its_findings(cast, recommended):
    family_review_record(acting_user=cast.city, application=recommended[0], findings=ALL_MET)
    event = AuditEvent.objects.get(action="family.review")
    assert event.after["passed"] is True
    assert event.after["findings"] == ALL_MET


def test_the_office_reviews_on_the_page(client, cast, family, recommended):
    login(client, cast.city)
    listing = client.get(
        reverse("families:review_list", args=[family.campaign.pk])
    ).content.decode()
    for text in ("张建国家庭", "待审核", "East Village"):
        assert text in listing
    url = reverse("families:review", args=[recommended[0].pk])
    page = client.get(url).content.decode()
    for text in ("三代同堂，孝老爱亲", "张建国（户主）", "最美家庭", "未提供佐证材料"):
        assert text in page
    response = client.post(
        url,
        {"c_1.1": "met", "c_1.2": "unmet", "r_1.2": "", "c_2.1": "met", "comment": ""},
        follow=True,
    )
    assert "条件 1.2 认定为不达标，须写明理由。" in response.content.decode()
    response = client.post(
        url,
        {"c_1.1": "met", "c_1.2": "met", "c_2.1": "met", "comment": "村委会推荐意见属实"},
        follow=True,
    )
    assert "已认定：全部条件达标。" in response.content.decode()
    assert FamilyReview.objects.get(application=recommended[0]).passed


def test_only_the_running_office_reviews(client, cast, family, recommended):
    login(client, cast.county)
    assert client.get(reverse("families:review_list", args=[family.campaign.pk])).status_code == 403
    url = reverse("families:review", args=[recommended[0].pk])
    assert client.post(url, {"c_1.1": "met"}).status_code == 403
    with pytest.raises(Exception):  # noqa: B017, PT011  (PermissionDenied)
        family_review_record(acting_user=cast.county, application=recommended[0], findings=ALL_MET)
    assert not FamilyReview.objects.exists()
