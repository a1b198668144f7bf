"""Lodging an appeal within and after its window, once per award; the window's setting;
the office's answer."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wenming.appeals import services
from wenming.appeals.models import Appeal, AppealWindow
from wenming.appeals.selectors import window_of
from wenming.audit.models import AuditEvent
from wenming.campaigns.models import Application

from .conftest import move, rank_and_freeze


def lodge(user, application, reasons="第1.1项材料齐全，评分偏低。", **extra):
    return services.appeal_lodge(
        acting_user=user, application=application, reasons=reasons, **extra
    )


def test_five_working_days_after_a_freeze_on_1_december_end_on_8_december(frozen):
    window = window_of(frozen.campaign)
    assert (window.working_days, window.last_day) == (5, date(2026, 12, 8))


def test_an_appeal_on_the_last_day_is_taken_with_the_frozen_result(cast, frozen, clock):
    move(clock, 12, 8, 23)
    appeal = lodge(cast.applicant, frozen.east)
    assert (appeal.status, appeal.total, appeal.rank) == ("open", Decimal("2.0000"), 1)
    event = AuditEvent.objects.get(action="appeal.lodge")
    assert event.after["reasons"] == "第1.1项材料齐全，评分偏低。"


def test_an_appeal_the_day_after_the_last_day_is_refused(cast, frozen, clock):
    move(clock, 12, 9, 8)
    with pytest.raises(ValidationError) as error:
        lodge(cast.applicant, frozen.east)
    assert error.value.messages == ["申诉期限已于2026年12月8日结束，不再受理申诉。"]
    assert not Appeal.objects.exists()


def test_before_the_freeze_no_appeal_is_taken(cast, ranked):
    with pytest.raises(ValidationError) as error:
        lodge(cast.applicant, ranked.east)
    assert error.value.messages == ["测评排名尚未锁定，排名锁定后才能申诉。"]


def test_one_appeal_per_award(cast, frozen):
    lodge(cast.applicant, frozen.east)
    with pytest.raises(ValidationError) as error:
        lodge(cast.applicant, frozen.east, reasons="再次申诉")
    assert error.value.messages == ["本申报已提出过申诉，每个评选项目只能申诉一次。"]
    assert Appeal.objects.count() == 1


def test_reasons_are_required(cast, frozen):
    with pytest.raises(ValidationError) as error:
        lodge(cast.applicant, frozen.east, reasons="  ")
    assert error.value.messages == ["请填写申诉理由。"]


def test_an_applicant_appeals_only_for_itself(cast, frozen):
    with pytest.raises(PermissionDenied):
        lodge(frozen.west_applicant, frozen.east)
    with pytest.raises(PermissionDenied):
        lodge(cast.city, frozen.east)
    assert not Appeal.objects.exists()


def test_evidence_must_be_a_pdf_or_an_image(cast, frozen):
    bad = services.EvidenceFile("说明.txt", "纯文本说明".encode())
    with pytest.raises(ValidationError) as error:
        lodge(cast.applicant, frozen.east, files=[bad])
    assert error.value.messages == [
        "文件“说明.txt”不是PDF或图片（JPEG、PNG、WebP），请转换后重新上传。"
    ]
    assert not Appeal.objects.exists()


def test_the_office_sets_the_window_before_the_freeze_only(cast, ranked, clock):
    services.appeal_window_set(acting_user=cast.city, campaign=ranked.campaign, working_days=3)
    assert AppealWindow.objects.get(campaign=ranked.campaign).working_days == 3
    assert AuditEvent.objects.filter(action="appeal_window.set").count() == 1
    rank_and_freeze(cast, ranked.assessment, clock)
    assert window_of(ranked.campaign).last_day == date(2026, 12, 4)
    with pytest.raises(ValidationError) as error:
        services.appeal_window_set(acting_user=cast.city, campaign=ranked.campaign, working_days=7)
    assert error.value.messages == ["测评排名已于2026年12月1日锁定，申诉期限不能再修改。"]


def test_the_window_takes_1_to_30_working_days(cast, ranked):
    with pytest.raises(ValidationError) as error:
        services.appeal_window_set(acting_user=cast.city, campaign=ranked.campaign, working_days=0)
    assert error.value.messages == ["申诉期限应为1至30个工作日。"]


def test_the_office_answers_once_with_its_reasons(cast, frozen):
    appeal = lodge(cast.applicant, frozen.east)
    with pytest.raises(ValidationError) as error:
        services.appeal_answer(
            acting_user=cast.city, appeal=appeal, outcome="maintained", answer=""
        )
    assert error.value.messages == ["请填写答复意见。"]
    with pytest.raises(PermissionDenied):
        services.appeal_answer(
            acting_user=cast.county, appeal=appeal, outcome="maintained", answer="经复核维持。"
        )
    done = services.appeal_answer(
        acting_user=cast.city, appeal=appeal, outcome="maintained", answer="经复核，评分无误。"
    )
    assert (done.status, done.get_outcome_display()) == ("answered", "维持原结果")
    with pytest.raises(ValidationError) as error:
        services.appeal_answer(
            acting_user=cast.city, appeal=appeal, outcome="corrected", answer="改为更正。"
        )
    assert error.value.messages == ["该申诉已答复，答复不能修改。"]
    assert AuditEvent.objects.filter(action="appeal.answer").count() == 1


def test_an_application_the_ranking_never_held_cannot_appeal(cast, frozen, world):
    late = Application.objects.create(
        campaign=frozen.campaign,
        award=frozen.assessment.setup.unit_model,
        organization=world.east_unit,
        region=world.east,
        created_by=cast.applicant,
    )
    with pytest.raises(ValidationError) as error:
        lodge(cast.applicant, late)
    assert error.value.messages == ["该申报没有测评排名结果，不能申诉。"]
