"""The role × scope matrix over assessment: groups, assignments, marks and visits of two
counties' groups, tried by id by every role, on pages and the API, to read and to write.

The cross-inspection round of tests/assessment: the east group (``cast.assessor``) is
assigned the west county's applicants, the west group (``west_assessor``) the east's.
The city office runs the campaign; the county offices and applicants reach none of it.
"""

from decimal import Decimal

import pytest
from django.utils import timezone
from tests.assessment.conftest import Assessment, assessment, campaign  # noqa: F401 - fixtures
from tests.factories import UserFactory, with_role
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

from wenming.accounts.models import Role, User
from wenming.assessment import services
from wenming.assessment.models import Assignment, Mark
from wenming.visits.models import Visit

OFFICE = {"admin", "city"}


def points(assignment: Assignment) -> list[Decimal]:
    return list(
        Mark.objects.filter(application=assignment.application).values_list("points", flat=True)
    )


def visit_notes(assignment: Assignment) -> list[str]:
    return list(Visit.objects.filter(assignment=assignment).values_list("report_notes", flat=True))


def mark_and_visit(assignment: Assignment, user) -> tuple[Mark, Visit]:
    saved = services.mark_save(
        acting_user=user, assignment=assignment, clause_key="1.1", method="material", points="1"
    )
    visit = services.assignment_visit_record(
        acting_user=user,
        assignment=assignment,
        visited_on=timezone.localdate(),
        steps={"report": {"done": True, "notes": "heard the report"}},
    )
    return saved.mark, visit


def attempts_on(s: Assessment, name: str, group, assessor_role: str) -> list[Attempt]:
    """Every address that reads or changes the assignment of ``name``, its group, its
    mark and its visit, with who may."""
    assignment = s.assignment(name)
    mark, visit = mark_and_visit(assignment, group.members.get().user)
    tag = f"{name} ({group.name})"
    mine = OFFICE | {assessor_role}
    body = {
        "round": s.round.pk,
        "application": assignment.application_id,
        "clause_key": "1.1",
        "method": "material",
        "points": "1.5",
    }
    return [
        read(f"group API {tag}", f"/api/assessment/groups/{group.pk}/", mine),
        read(f"assignment API {tag}", f"/api/assessment/assignments/{assignment.pk}/", mine),
        # The marking page is the assessor's own (the office reads marks elsewhere).
        read(f"marking page {tag}", f"/assessment/assignments/{assignment.pk}/", {assessor_role}),
        read(
            f"visit page {tag}", f"/assessment/assignments/{assignment.pk}/visit/", {assessor_role}
        ),
        read(f"mark API {tag}", f"/api/assessment/marks/{mark.pk}/", mine),
        read(f"visit API {tag}", f"/api/assessment/visits/{visit.pk}/", mine),
        read(f"round board {tag}", f"/assessment/rounds/{s.round.pk}/", OFFICE),
        # Assessors compared: the running office only, never an assessor of the round.
        read(f"assessor comparison {tag}", f"/assessment/rounds/{s.round.pk}/assessors/", OFFICE),
        read(
            f"assessor comparison API {tag}",
            f"/api/assessment/assessor-comparisons/{s.round.pk}/",
            OFFICE,
        ),
        write(
            f"mark save page {tag}",
            f"/assessment/assignments/{assignment.pk}/marks/",
            {assessor_role},
            {"clause": "1.1", "method": "material", "points": "1.5"},
            lambda: points(assignment),
            by=assessor_role,
        ),
        write(
            f"mark API POST {tag}",
            "/api/assessment/marks/",
            {assessor_role},
            body | {"points": "2"},
            lambda: points(assignment),
            by=assessor_role,
            api=True,
        ),
        write(
            f"visit record page {tag}",
            f"/assessment/assignments/{assignment.pk}/visit/",
            {assessor_role},
            {"visited_on": timezone.localdate().isoformat(), "report_notes": "forged"},
            lambda: visit_notes(assignment),
            by=assessor_role,
        ),
        write(
            f"member add page {tag}",
            f"/assessment/rounds/{s.round.pk}/members/",
            OFFICE,
            {"group": group.pk, "user": User.objects.get(username="spare-assessor").pk},
            lambda: sorted(group.members.values_list("user__username", flat=True)),
            by="city",
        ),
    ]


@pytest.fixture
def matrix(world, cast, assessment):  # noqa: F811 - the fixture imported above
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    with_role(UserFactory(username="spare-assessor"), Role.ASSESSOR)  # whom members add tries
    users = everyone(cast, other_county_cast(world) | {"west_assessor": assessment.west_assessor})
    attempts = attempts_on(assessment, "West Unit", assessment.east_group, "assessor")
    attempts += attempts_on(assessment, "East Unit", assessment.west_group, "west_assessor")
    return users, attempts


ROLES = [*BASE_ROLES, "west_assessor"]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_and_changes_only_the_assessment_it_is_given(client, matrix, role):
    users, attempts = matrix
    wrong = refusals(client, role, users[role], attempts)
    assert not wrong, "\n".join(wrong)


def test_the_office_and_each_groups_assessor_can_make_every_change(client, matrix):
    users, attempts = matrix
    wrong = allowed_writes(client, users, attempts)
    assert not wrong, "\n".join(wrong)
