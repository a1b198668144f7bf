"""The role × scope matrix over appeals: the east applicant's result page and its appeal
(page and API), the west applicant's appeal with its file, its answer (page and API),
the campaign's list of appeals and the meeting papers, tried by id by every role.

An applicant reads its own result and appeal, and lodges only for itself; the office
running the campaign (and the administrator) reads and answers every appeal; the
committee reads the papers; nobody else reaches any.
"""

from datetime import date

import pytest
from tests.appeals.conftest import (  # noqa: F401 - fixtures, reused
    assessment,
    campaign,
    clock,
    frozen,
    ranked,
)
from tests.screening.conftest import pdf_bytes
from tests.security.matrix import (
    BASE_ROLES,
    allowed_writes,
    everyone,
    other_county_cast,
    read,
    refusals,
    write,
)

from wenming.appeals import services
from wenming.appeals.models import Appeal
from wenming.committee.services.meetings import meeting_create

OFFICE = {"admin", "city"}
REASONS = "评分偏低。"


def lodged(application_id: int) -> int:
    return Appeal.objects.filter(application_id=application_id).count()


def answer_of(pk: int) -> tuple[str, str]:
    appeal = Appeal.objects.get(pk=pk)
    return appeal.status, appeal.answer


@pytest.fixture
def matrix(world, cast, frozen):  # noqa: F811 - the fixture imported above
    east, west = frozen.east, frozen.west
    appeal = services.appeal_lodge(
        acting_user=frozen.west_applicant,
        application=west,
        reasons=REASONS,
        files=[services.EvidenceFile("说明.pdf", pdf_bytes())],
    )
    evidence = appeal.evidence.get()
    meeting = meeting_create(
        acting_user=cast.city, campaign=frozen.campaign, held_on=date(2026, 12, 20)
    )
    on_east = lambda: lodged(east.pk)  # noqa: E731 - one line per object
    answered = lambda: answer_of(appeal.pk)  # noqa: E731
    attempts = [
        read("east result page", f"/appeals/applications/{east.pk}/", {"applicant"}),
        read("west result page", f"/appeals/applications/{west.pk}/", {"west_applicant"}),
        write(
            "east lodge page",
            f"/appeals/applications/{east.pk}/",
            {"applicant"},
            {"reasons": REASONS},
            on_east,
            by="applicant",
        ),
        write(
            "east lodge API",
            "/api/appeals/",
            {"applicant"},
            {"application": east.pk, "reasons": REASONS},
            on_east,
            by="applicant",
            api=True,
        ),
        read("campaign appeals", f"/appeals/campaign/{frozen.campaign.pk}/", OFFICE),
        read("west appeal page", f"/appeals/{appeal.pk}/", OFFICE | {"west_applicant"}),
        read("west appeal API", f"/api/appeals/{appeal.pk}/", OFFICE | {"west_applicant"}),
        read("west appeal file", f"/appeals/files/{evidence.pk}/", OFFICE | {"west_applicant"}),
        write(
            "west answer page",
            f"/appeals/{appeal.pk}/",
            OFFICE,
            {"outcome": "maintained", "answer": "维持。"},
            answered,
            by="city",
        ),
        write(
            "west answer API",
            f"/api/appeals/{appeal.pk}/answer/",
            OFFICE,
            {"outcome": "maintained", "answer": "维持。"},
            answered,
            by="city",
            api=True,
        ),
        read(
            "meeting papers", f"/committee/meeting/{meeting.pk}/papers.pdf", OFFICE | {"committee"}
        ),
    ]
    return everyone(cast, other_county_cast(world)), attempts


ROLES = [*BASE_ROLES]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_only_its_own_appeals_or_its_campaigns(client, matrix, role):
    users, attempts = matrix
    wrong = refusals(client, role, users[role], attempts)
    assert not wrong, "\n".join(wrong)


def test_the_applicant_lodges_and_the_office_answers(client, matrix):
    users, attempts = matrix
    wrong = allowed_writes(client, users, attempts)
    assert not wrong, "\n".join(wrong)
