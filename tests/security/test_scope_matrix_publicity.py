"""The role × scope matrix over objections: one against an east applicant and one against
a west applicant, tried by id by every role, on pages and the API, to read and to decide.

Objections (and the objectors' contacts) are for the office running the campaign (and
the administrator); the county offices and the applicants objected to see none of them.
"""

import pytest
from django.utils import timezone
from tests.publicity.conftest import (  # noqa: F401 - fixtures, reused
    _fresh_cache,
    _next_year_entered,
    campaign,
    screened,
    screening,
)
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

from wenming.publicity import services
from wenming.publicity.models import Objection

OFFICE = {"admin", "city"}


def decision(pk: int) -> tuple[str, str]:
    objection = Objection.objects.get(pk=pk)
    return objection.status, objection.reply


def attempts_on(objection: Objection) -> list[Attempt]:
    tag = objection.application.organization.name
    state = lambda: decision(objection.pk)  # noqa: E731 - one line per object
    page = f"/publicity/objections/{objection.pk}/"
    return [
        read(f"objection page {tag}", page, OFFICE),
        read(f"objection API {tag}", f"/api/objections/{objection.pk}/", OFFICE),
        read(
            f"publicity manage page {tag}",
            f"/publicity/campaign/{objection.publicity.campaign_id}/",
            OFFICE,
        ),
        write(
            f"decide page {tag}",
            page,
            OFFICE,
            {"upheld": "0", "reply": "No basis."},
            state,
            by="city",
        ),
        write(
            f"decide API {tag}",
            f"/api/objections/{objection.pk}/decide/",
            OFFICE,
            {"upheld": False, "reply": "No basis."},
            state,
            by="city",
            api=True,
        ),
    ]


@pytest.fixture
def matrix(world, cast, screened):  # noqa: F811 - the fixture imported above
    publicity = services.publicity_publish(
        acting_user=cast.city,
        campaign=screened.setup.campaign,
        starts_on=timezone.localdate(),
        contact_phone="0737-1234567",
    )
    attempts = []
    for name in ("East Unit", "West Unit"):
        objection = services.objection_lodge(
            acting_user=None,
            publicity=publicity,
            application_id=screened.apps[name].pk,
            reasons="Fraudulent statistics.",
            contact="13900001111",
        )
        attempts += attempts_on(objection)
    return everyone(cast, other_county_cast(world)), attempts


ROLES = [*BASE_ROLES]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_and_decides_only_the_objections_of_its_campaigns(client, matrix, role):
    users, attempts = matrix
    wrong = refusals(client, role, users[role], attempts)
    assert not wrong, "\n".join(wrong)


def test_the_running_office_decides_each_objection(client, matrix):
    users, attempts = matrix
    wrong = allowed_writes(client, users, attempts)
    assert not wrong, "\n".join(wrong)
