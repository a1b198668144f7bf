"""The role × scope matrix over screening: the requests to two member departments, the
answer each gave, and their documents (a veto's PDF, a paper reply's letter), tried by id
by every role, on pages and the API, to read, to download and to answer.

The police bureau (``cast.reviewer``) vetoes East Extra in the system with a PDF; the tax
bureau's paper reply for East Unit is entered by the city office with its letter.
"""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from tests.screening.conftest import campaign, pdf_bytes, screening  # noqa: F401 - fixtures
from tests.security.matrix import (
    BASE_ROLES,
    Attempt,
    allowed_writes,
    everyone,
    other_county_cast,
    read,
    refusals,
    write,
)

from wenming.screening import services
from wenming.screening.documents import check_pdf
from wenming.screening.models import ScreeningAnswer, ScreeningRequest, ScreeningRound
from wenming.screening.services import AnswerInput

OFFICE = {"admin", "city"}


def answers(request: ScreeningRequest) -> list[tuple[int, str]]:
    return list(request.answers.order_by("id").values_list("application_id", "verdict"))


def attempts_on(
    round_: ScreeningRound, request: ScreeningRequest, reviewer: str, west_unit: int
) -> list[Attempt]:
    """Who reads a department's request, downloads its documents and answers it: its own
    reviewers and the office running the campaign (which does not answer for it)."""
    tag = request.body.name
    sees = OFFICE | {reviewer}
    state = lambda: answers(request)  # noqa: E731 - one line per object
    attempts = [
        read(f"answer page {tag}", f"/screening/request/{request.pk}/", sees),
        read(f"request API {tag}", f"/api/screening-requests/{request.pk}/", sees),
        read(f"round page {tag}", f"/screening/round/{round_.pk}/", OFFICE),
    ]
    for answer in ScreeningAnswer.objects.filter(request=request):
        if answer.document:
            url = f"/screening/answer/{answer.pk}/document/"
            attempts.append(read(f"answer document {tag}", url, sees))
    for letter in request.letters.all():
        url = f"/screening/letter/{letter.pk}/document/"
        attempts.append(read(f"letter document {tag}", url, sees))
    return [
        *attempts,
        write(
            f"answer page POST {tag}",
            f"/screening/request/{request.pk}/",
            {reviewer},
            {f"verdict-{west_unit}": "no_objection"},
            state,
            by=reviewer,
        ),
        write(
            f"answer API POST {tag}",
            f"/api/screening-requests/{request.pk}/answer/",
            {reviewer},
            {"application": west_unit, "verdict": "no_objection"},
            state,
            by=reviewer,
            api=True,
        ),
        write(
            f"reminder {tag}",
            f"/screening/round/{round_.pk}/",
            OFFICE,
            {"action": "remind", "request": request.pk},
            lambda: request.reminders.count(),
            by="city",
        ),
    ]


@pytest.fixture
def matrix(world, cast, screening):  # noqa: F811 - the fixture imported above
    s = screening
    round_ = services.screening_send(
        acting_user=cast.city,
        campaign=s.setup.campaign,
        deadline=timezone.now() + timedelta(days=5),
    )
    police = round_.requests.get(body=s.police)
    tax = round_.requests.get(body=s.tax)
    veto = check_pdf(io.BytesIO(pdf_bytes()), "fine.pdf")
    services.screening_answer(
        acting_user=cast.reviewer,
        request=police,
        answers=[AnswerInput(s.apps["East Extra"].pk, "veto", "Fined", veto)],
    )
    services.screening_answer_on_behalf(
        acting_user=cast.city,
        request=tax,
        letter=check_pdf(io.BytesIO(pdf_bytes()), "letter.pdf"),
        answers=[AnswerInput(s.apps["East Unit"].pk, "no_objection")],
    )
    users = everyone(cast, other_county_cast(world) | {"tax": s.tax_reviewer})
    west_unit = s.apps["West Unit"].pk
    attempts = attempts_on(round_, police, "reviewer", west_unit)
    attempts += attempts_on(round_, tax, "tax", west_unit)
    return users, attempts


ROLES = [*BASE_ROLES, "tax"]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_and_answers_only_its_own_departments_screening(client, matrix, role):
    users, attempts = matrix
    wrong = refusals(client, role, users[role], attempts)
    assert not wrong, "\n".join(wrong)


def test_each_department_answers_and_the_office_chases_through_the_same_addresses(client, matrix):
    users, attempts = matrix
    wrong = allowed_writes(client, users, attempts)
    assert not wrong, "\n".join(wrong)
