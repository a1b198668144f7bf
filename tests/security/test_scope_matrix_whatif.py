"""The role × scope matrix over the ranking and its what-if (模拟测算): the city office that
runs the campaign may read the ranking and try a what-if; every other role is refused, and
a refused what-if records no simulation."""

import pytest
from tests.assessment.conftest import assessment, campaign  # noqa: F401 - fixtures
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

from wenming.audit.models import AuditEvent
from wenming.campaigns.models import Quota

OFFICE = {"admin", "city"}


def simulations() -> int:
    return AuditEvent.objects.filter(action="assessment.ranking_simulated").count()


def attempts_on(assessment) -> list[Attempt]:  # noqa: F811 - the fixture's type, by name
    run = assessment.setup.campaign
    data: dict[str, object] = {
        f"quota-{q.pk}": max(q.places - 1, 0) for q in Quota.objects.filter(award__campaign=run)
    }
    data |= {f"weight-{assessment.round.pk}": "1", f"aggregation-{assessment.round.pk}": "median"}
    base = f"/assessment/campaigns/{run.pk}"
    return [
        read("ranking page", f"{base}/ranking/", OFFICE),
        read("what-if page", f"{base}/ranking/what-if/", OFFICE),
        write("what-if trial", f"{base}/ranking/what-if/", OFFICE, data, simulations, by="city"),
    ]


@pytest.fixture
def matrix(world, cast, assessment):  # noqa: F811 - the fixture imported above
    users = everyone(cast, other_county_cast(world))
    return users, attempts_on(assessment)


@pytest.mark.parametrize("role", BASE_ROLES)
def test_each_role_reaches_the_what_if_only_if_it_runs_the_campaign(client, matrix, role):
    users, attempts = matrix
    wrong = refusals(client, role, users[role], attempts)
    assert not wrong, "\n".join(wrong)


def test_the_office_can_try_a_what_if(client, matrix):
    users, attempts = matrix
    wrong = allowed_writes(client, users, attempts)
    assert not wrong, "\n".join(wrong)
