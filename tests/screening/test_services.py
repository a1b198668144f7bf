"""Screening: sending, vetoes and the alternates they promote, 催办, closing.

The rules: docs/rules.md#screening.
"""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from tests.screening.conftest import pdf_bytes

from wenming.audit.models import AuditEvent
from wenming.screening import services
from wenming.screening.documents import check_pdf
from wenming.screening.models import ScreeningReminder
from wenming.screening.services import AnswerInput


def send(s, cast):
    return services.screening_send(
        acting_user=cast.city,
        campaign=s.setup.campaign,
        deadline=timezone.now() + timedelta(days=5),
    )


def veto(s, name: str, reason: str = "Unpaid taxes (2025 audit)") -> AnswerInput:
    document = check_pdf(io.BytesIO(pdf_bytes()), "decision.pdf")
    return AnswerInput(s.apps[name].pk, "veto", reason, document)


def no_objection(s, *names: str) -> list[AnswerInput]:
    return [AnswerInput(s.apps[n].pk, "no_objection") for n in names]


def test_send_lists_the_assessed_and_asks_the_citys_member_departments(screening, cast):
    round_ = send(screening, cast)
    listed = {e.application.organization.name for e in round_.entries.all()}
    assert listed == {"East Unit", "East Extra", "West Unit"}
    assert [r.body.name for r in round_.requests.all()] == ["Police Bureau", "Tax Bureau"]
    assert AuditEvent.objects.filter(action="screening.send").count() == 1


def test_a_veto_disqualifies_and_promotes_the_first_alternate_of_the_same_unit(screening, cast):
    s = screening
    request = send(s, cast).requests.get(body=s.police)
    [answer] = services.screening_answer(
        acting_user=cast.reviewer, request=request, answers=[veto(s, "East Extra")]
    )
    for app in s.apps.values():
        app.refresh_from_db()
    assert s.apps["East Extra"].status == "vetoed"
    assert "Police Bureau一票否决：Unpaid taxes (2025 audit)" in s.apps["East Extra"].comment
    # East Alt 1 is ranked before East Alt 2; West Alt belongs to another unit.
    assert answer.promoted == s.apps["East Alt 1"]
    assert (s.apps["East Alt 1"].status, s.apps["East Alt 2"].status) == (
        "recommended",
        "alternate",
    )
    assert s.apps["West Alt"].status == "alternate"
    assert len(answer.document_sha256) == 64
    assert answer.document.name.startswith("screening/")
    assert "decision" not in answer.document.name
    moves = {"screening.answer", "application.veto", "application.promote"}
    actions = [
        a
        for a in AuditEvent.objects.order_by("id").values_list("action", "object_id")
        if a[0] in moves
    ]
    assert actions[-3:] == [
        ("screening.answer", str(answer.pk)),
        ("application.veto", str(s.apps["East Extra"].pk)),
        ("application.promote", str(s.apps["East Alt 1"].pk)),
    ]


def test_a_second_veto_of_the_same_applicant_promotes_nobody_else(screening, cast):
    s = screening
    round_ = send(s, cast)
    services.screening_answer(
        acting_user=cast.reviewer,
        request=round_.requests.get(body=s.police),
        answers=[veto(s, "East Extra")],
    )
    [second] = services.screening_answer(
        acting_user=s.tax_reviewer,
        request=round_.requests.get(body=s.tax),
        answers=[veto(s, "East Extra", "Fire safety")],
    )
    assert second.promoted is None
    s.apps["East Alt 2"].refresh_from_db()
    assert s.apps["East Alt 2"].status == "alternate"


def test_a_veto_needs_a_reason_and_a_pdf(screening, cast):
    s = screening
    request = send(s, cast).requests.get(body=s.police)
    with pytest.raises(ValidationError) as error:
        services.screening_answer(
            acting_user=cast.reviewer,
            request=request,
            answers=[AnswerInput(s.apps["East Unit"].pk, "veto", "", None)],
        )
    assert error.value.messages == ["一票否决须填写书面理由。"]
    with pytest.raises(ValidationError) as error:
        check_pdf(io.BytesIO(b"%PDF-1.4 not really\n" + b"x" * 100), "fake.pdf")
    assert "fake.pdf" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        check_pdf(io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 100), "scan.pdf")
    assert error.value.messages == ["文件“scan.pdf”不是PDF文件，请上传PDF格式的依据文件。"]


def test_an_answer_cannot_be_changed(screening, cast):
    s = screening
    request = send(s, cast).requests.get(body=s.police)
    services.screening_answer(
        acting_user=cast.reviewer, request=request, answers=no_objection(s, "East Unit")
    )
    with pytest.raises(ValidationError) as error:
        services.screening_answer(
            acting_user=cast.reviewer, request=request, answers=[veto(s, "East Unit")]
        )
    assert error.value.messages == ["已答复的意见不能修改。"]


def test_a_reviewer_of_another_department_cannot_answer(screening, cast):
    s = screening
    request = send(s, cast).requests.get(body=s.police)
    for outsider in (s.tax_reviewer, cast.city, cast.applicant):
        with pytest.raises(PermissionDenied):
            services.screening_answer(
                acting_user=outsider, request=request, answers=no_objection(s, "East Unit")
            )


def test_the_round_cannot_close_while_a_department_has_not_answered(screening, cast):
    s = screening
    round_ = send(s, cast)
    services.screening_answer(
        acting_user=cast.reviewer,
        request=round_.requests.get(body=s.police),
        answers=[veto(s, "East Extra"), *no_objection(s, "East Unit", "West Unit")],
    )
    with pytest.raises(ValidationError) as error:
        services.screening_close(acting_user=cast.city, round_=round_, reason="All answered.")
    assert error.value.messages == ["还有成员单位未答复：Tax Bureau。"]
    s.apps["East Unit"].refresh_from_db()
    assert s.apps["East Unit"].status == "assessed"

    tax = round_.requests.get(body=s.tax)
    services.screening_answer(
        acting_user=s.tax_reviewer,
        request=tax,
        answers=no_objection(s, "East Unit", "East Extra", "West Unit"),
    )
    services.screening_close(acting_user=cast.city, round_=round_, reason="All answered.")
    statuses = {n: a.__class__.objects.get(pk=a.pk).status for n, a in s.apps.items()}
    assert statuses["East Unit"] == statuses["West Unit"] == "screened"
    assert statuses["East Extra"] == "vetoed"
    assert statuses["East Alt 1"] == "recommended"
    assert AuditEvent.objects.filter(action="application.screen").count() == 2


def test_a_reminder_is_recorded_and_mailed_to_the_departments_reviewers(
    screening, cast, django_capture_on_commit_callbacks
):
    s = screening
    request = send(s, cast).requests.get(body=s.tax)
    with django_capture_on_commit_callbacks(execute=True):
        services.screening_remind(acting_user=cast.city, request=request)
    assert ScreeningReminder.objects.get().recipients == ["tax@example.org"]
    assert [m.to for m in mail.outbox] == [["tax@example.org"]]
    assert "催办" in mail.outbox[0].subject
    assert AuditEvent.objects.filter(action="screening.remind").count() == 1


def test_an_answered_department_is_not_chased(screening, cast):
    s = screening
    request = send(s, cast).requests.get(body=s.police)
    services.screening_answer(
        acting_user=cast.reviewer,
        request=request,
        answers=no_objection(s, "East Unit", "East Extra", "West Unit"),
    )
    request.refresh_from_db()
    assert request.answered_at is not None
    with pytest.raises(ValidationError) as error:
        services.screening_remind(acting_user=cast.city, request=request)
    assert error.value.messages == ["该部门已答复，无需催办。"]
