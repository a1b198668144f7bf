"""An open appeal holds screening's close and is named; answered, screening closes; the
committee's papers carry every appeal with its reasons and answer."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader
from tests.conftest import login

from wenming.appeals import services
from wenming.campaigns.models import Stage
from wenming.campaigns.stages import stage_close, stage_gate
from wenming.committee.services.meetings import meeting_create
from wenming.screening import services as screening
from wenming.screening.services import AnswerInput

from .conftest import move

REASONS = "第1.1项已按要求提交台账，评分偏低。"
ANSWER = "经复核，台账不完整，维持原评分。"


def screening_stage(frozen) -> Stage:
    return Stage.objects.get(campaign=frozen.campaign, kind="screening")


def answered_by_departments(frozen, cast) -> None:
    round_ = screening.screening_send(
        acting_user=cast.city, campaign=frozen.campaign, deadline=timezone.now() + timedelta(days=3)
    )
    answers = [AnswerInput(a.pk, "no_objection") for a in (frozen.east, frozen.west)]
    for request in round_.requests.all():
        screening.screening_answer(acting_user=cast.reviewer, request=request, answers=answers)


def test_an_open_appeal_blocks_screening_naming_the_organization_until_answered(
    cast, frozen, clock
):
    move(clock, 12, 2)
    appeal = services.appeal_lodge(
        acting_user=cast.applicant, application=frozen.east, reasons=REASONS
    )
    answered_by_departments(frozen, cast)
    gate = {line.code: (line.met, line.message) for line in stage_gate(screening_stage(frozen))}
    assert gate["appeals_answered"] == (False, "尚有申诉未答复：East Unit。")
    with pytest.raises(ValidationError) as error:
        stage_close(acting_user=cast.city, stage=screening_stage(frozen), reason="意见已齐")
    assert error.value.messages == ["尚有申诉未答复：East Unit。"]
    assert screening_stage(frozen).closed_at is None

    services.appeal_answer(
        acting_user=cast.city, appeal=appeal, outcome="maintained", answer=ANSWER
    )
    gate = {line.code: (line.met, line.message) for line in stage_gate(screening_stage(frozen))}
    assert gate["appeals_answered"] == (True, "没有未答复的申诉。")
    closed = stage_close(acting_user=cast.city, stage=screening_stage(frozen), reason="意见已齐")
    assert closed.closed_at is not None


def test_no_appeal_after_screening_closed(cast, frozen, clock):
    move(clock, 12, 2)
    answered_by_departments(frozen, cast)
    stage_close(acting_user=cast.city, stage=screening_stage(frozen), reason="意见已齐")
    with pytest.raises(ValidationError) as error:
        services.appeal_lodge(acting_user=cast.applicant, application=frozen.east, reasons=REASONS)
    assert error.value.messages == ["征求意见阶段已结束，不再受理申诉。"]


def _text(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    return "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")


def test_the_meeting_papers_carry_each_appeal_with_its_reasons_and_answer(
    client, cast, frozen, clock
):
    move(clock, 12, 2)
    appeal = services.appeal_lodge(
        acting_user=cast.applicant, application=frozen.east, reasons=REASONS
    )
    services.appeal_answer(
        acting_user=cast.city, appeal=appeal, outcome="maintained", answer=ANSWER
    )
    meeting = meeting_create(
        acting_user=cast.city,
        campaign=frozen.campaign,
        held_on=date(2026, 12, 20),
        names=["张委员"],
    )
    login(client, cast.committee)
    page = client.get(f"/committee/meeting/{meeting.pk}/").content.decode()
    assert [s for s in (REASONS, ANSWER, "维持原结果") if s not in page] == []
    response = client.get(f"/committee/meeting/{meeting.pk}/papers.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    shown = ["会议材料", "申诉及答复", "EastUnit", REASONS, ANSWER, "维持原结果"]
    assert [s for s in shown if s not in text] == []
