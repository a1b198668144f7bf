"""Screening as a governed stage: its gate, its close, paper replies (代录) and 待办."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from tests.conftest import login
from tests.screening.conftest import pdf_bytes

from wenming.accounts.todo import todo_for
from wenming.audit.models import AuditEvent
from wenming.audit.selectors import history_for
from wenming.campaigns.models import Application, Stage
from wenming.campaigns.stages import stage_close, stage_gate
from wenming.screening import services
from wenming.screening.documents import check_pdf
from wenming.screening.services import AnswerInput
from wenming.screening.todo import office_todo, reviewer_todo


def send(s, cast):
    return services.screening_send(
        acting_user=cast.city,
        campaign=s.setup.campaign,
        deadline=timezone.now() + timedelta(days=5),
    )


def stage(s) -> Stage:
    return Stage.objects.get(campaign=s.setup.campaign, kind="screening")


def letter():
    return check_pdf(io.BytesIO(pdf_bytes()), "函复.pdf")


def no_objection(s, *names):
    return [AnswerInput(s.apps[n].pk, "no_objection") for n in names]


def everyone(s):
    return no_objection(s, "East Unit", "East Extra", "West Unit")


def status(s, name):
    return Application.objects.get(pk=s.apps[name].pk).status


def test_the_gate_refuses_while_a_department_is_silent_and_passes_after_its_paper_reply(
    screening, cast
):
    s = screening
    round_ = send(s, cast)
    services.screening_answer(
        acting_user=cast.reviewer, request=round_.requests.get(body=s.police), answers=everyone(s)
    )
    with pytest.raises(ValidationError) as error:
        stage_close(acting_user=cast.city, stage=stage(s), reason="Every answer is in.")
    assert error.value.messages == ["还有成员单位未答复：Tax Bureau。"]
    assert status(s, "East Unit") == "assessed"

    services.screening_answer_on_behalf(
        acting_user=cast.city,
        request=round_.requests.get(body=s.tax),
        letter=letter(),
        document_number="税函〔2026〕8号",
        answers=everyone(s),
    )
    gate = {line.code: (line.met, line.message) for line in stage_gate(stage(s))}
    assert gate["all_answered"] == (True, "所有成员单位均已答复（含代录的书面复函）。")
    closed = stage_close(acting_user=cast.city, stage=stage(s), reason="Every answer is in.")
    assert closed.closed_at is not None
    round_.refresh_from_db()
    assert round_.closed_at is not None  # the stage and the round close as one act
    assert [status(s, n) for n in ("East Unit", "East Extra", "West Unit")] == ["screened"] * 3
    assert AuditEvent.objects.filter(action="application.screen").count() == 3


def test_a_paper_reply_is_shown_as_entered_on_behalf_on_the_record(client, screening, cast):
    s = screening
    round_ = send(s, cast)
    tax = round_.requests.get(body=s.tax)
    services.screening_answer_on_behalf(
        acting_user=cast.city,
        request=tax,
        letter=letter(),
        document_number="税函〔2026〕8号",
        answers=no_objection(s, "East Unit"),
    )
    [(event, _label, _changes)] = [
        h for h in history_for(s.apps["East Unit"]) if h[0].action == "screening.answer_on_behalf"
    ]
    assert event.after["comment"] == "Tax Bureau书面复函（税函〔2026〕8号）：无异议（由city代录）"
    assert event.actor == cast.city
    login(client, cast.city)
    page = client.get(reverse("screening:round", args=[round_.pk])).content.decode()
    assert "代录 1" in page
    assert "Tax Bureau的书面复函，city于" in page
    tax.refresh_from_db()
    assert tax.answered_at is None  # two applicants are still to answer


def test_a_veto_from_a_letter_disqualifies_and_promotes_like_one_given_in_the_system(
    screening, cast
):
    s = screening
    round_ = send(s, cast)
    [answer] = services.screening_answer_on_behalf(
        acting_user=cast.city,
        request=round_.requests.get(body=s.tax),
        letter=letter(),
        answers=[AnswerInput(s.apps["East Extra"].pk, "veto", "Tax fraud case 2025-17")],
    )
    assert status(s, "East Extra") == "vetoed"
    assert answer.promoted == s.apps["East Alt 1"]
    assert status(s, "East Alt 1") == "recommended"
    assert answer.on_behalf
    assert answer.document_sha256 == answer.letter.document_sha256
    assert Application.objects.get(pk=s.apps["East Extra"].pk).comment == (
        "Tax Bureau一票否决（书面复函，由city代录）：Tax fraud case 2025-17"
    )


def test_a_paper_reply_needs_its_letter_and_only_the_office_enters_it(client, screening, cast):
    s = screening
    round_ = send(s, cast)
    tax = round_.requests.get(body=s.tax)
    url = reverse("screening:paper_reply", args=[tax.pk])
    login(client, s.tax_reviewer)
    assert client.get(url).status_code == 403
    login(client, cast.city)
    app = s.apps["East Unit"].pk
    not_pdf = SimpleUploadedFile("letter.pdf", b"just text", content_type="application/pdf")
    response = client.post(url, {f"verdict-{app}": "no_objection", "letter": not_pdf})
    assert "文件“letter.pdf”不是PDF文件，请上传PDF格式的依据文件。" in response.content.decode()
    assert tax.answers.count() == 0
    scan = SimpleUploadedFile("scan.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(
        url, {f"verdict-{app}": "no_objection", "letter": scan, "document_number": "税函1号"}
    )
    assert response.status_code == 302
    assert tax.answers.get().on_behalf


def test_screening_waits_for_assessment_to_close(screening, cast):
    s = screening
    Stage.objects.filter(campaign=s.setup.campaign, kind="assessment").update(closed_at=None)
    with pytest.raises(ValidationError) as error:
        send(s, cast)
    assert error.value.messages == ["测评阶段尚未结束，征求意见阶段还不能办理。"]


def test_nothing_is_answered_once_screening_has_closed(screening, cast):
    s = screening
    round_ = send(s, cast)
    Stage.objects.filter(pk=stage(s).pk).update(closed_at=timezone.now())
    with pytest.raises(ValidationError) as error:
        services.screening_answer_on_behalf(
            acting_user=cast.city,
            request=round_.requests.get(body=s.tax),
            letter=letter(),
            answers=everyone(s),
        )
    assert error.value.messages[0].startswith("征求意见阶段已于")


def test_the_gate_wants_the_list_sent(screening, cast):
    gate = {line.code: (line.met, line.message) for line in stage_gate(stage(screening))}
    assert gate["screening_sent"] == (False, "尚未向成员单位发出征求意见。")


def test_todo_lists_what_reviewers_and_the_office_have_to_do(
    screening, cast, django_assert_max_num_queries
):
    s = screening
    round_ = send(s, cast)
    services.screening_answer(
        acting_user=cast.reviewer,
        request=round_.requests.get(body=s.police),
        answers=no_objection(s, "East Unit"),
    )
    [reviewer] = [t for t in todo_for(cast.reviewer) if t.group == "征求意见"]
    assert (reviewer.label, reviewer.count) == ("Police Bureau：征求意见待答复", 2)
    [office] = [t for t in todo_for(cast.city) if t.group == "征求意见"]
    assert (office.label, office.count) == ("成员单位未答复征求意见", 2)
    assert office.url == reverse("screening:round", args=[round_.pk])
    assert not [t for t in todo_for(cast.applicant) if t.group == "征求意见"]
    with django_assert_max_num_queries(2):  # the roles, then one query, however many rounds
        office_todo(cast.county)
    with django_assert_max_num_queries(2):
        reviewer_todo(s.tax_reviewer)
