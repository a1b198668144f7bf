"""A department lead cannot see another department's tasks, in pages or in the API.

One task of 办公室 with an occurrence and a photo; each person of the plan (and two
outsiders) opens every page and endpoint that shows it. Those allowed (办公室's head and
leader, the applicant's office, the city office above) get it; 机关党委's head and
leader, a user without a role and another organization's user get 404/403 and do not
find it in any list.
"""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from tests.conftest import Cast, World
from tests.creation.conftest import Creation
from tests.creation.material_helpers import add_photo, make_occurrence
from tests.factories import UserFactory, with_role

from wenming.accounts.models import Role, User
from wenming.creation.models import Assignment

BACKEND = "django.contrib.auth.backends.ModelBackend"

#: Who is who, and whether they may see 办公室's work.
PEOPLE: dict[str, tuple[Callable[[Creation, Cast, World], User], bool]] = {
    "office_head": (lambda c, cast, w: c.office_head, True),
    "office_leader": (lambda c, cast, w: c.office_leader, True),
    "applicant": (lambda c, cast, w: cast.applicant, True),
    "city": (lambda c, cast, w: cast.city, True),
    "party_head": (lambda c, cast, w: c.party_head, False),
    "party_leader": (lambda c, cast, w: c.party_leader, False),
    "nobody": (lambda c, cast, w: cast.nobody, False),
    "other_organization": (
        lambda c, cast, w: with_role(
            UserFactory(),  # type: ignore[no-untyped-call,arg-type]
            Role.APPLICANT,
            organization=w.west_unit,
        ),
        False,
    ),
}


def _api_sees(client: Client, occurrence_pk: int, task_pk: int, material_pk: int) -> list[bool]:
    """For each API endpoint: whether the office's task, occurrence or material shows."""
    seen = []
    for prefix, pk in (
        ("tasks", task_pk),
        ("occurrences", occurrence_pk),
        ("materials", material_pk),
    ):
        listed = client.get(f"/api/creation/{prefix}/")
        assert listed.status_code in (200, 403)
        ids = [row["id"] for row in listed.json().get("results", [])]
        seen.append(pk in ids)
        detail = client.get(f"/api/creation/{prefix}/{pk}/")
        assert detail.status_code in (200, 403, 404)
        seen.append(detail.status_code == 200)
    download = client.get(f"/api/creation/materials/{material_pk}/download/")
    assert download.status_code in (200, 403, 404)
    seen.append(download.status_code == 200)
    return seen


@pytest.mark.parametrize("who", list(PEOPLE))
def test_only_the_department_and_the_offices_see_its_task(
    client: Client, creation: Creation, cast: Cast, world: World, who: str
) -> None:
    occurrence = make_occurrence(creation)
    task = occurrence.task
    material = add_photo(creation, occurrence, creation.office_head)
    Assignment.objects.create(plan=creation.plan, clause_key="4.1", department=creation.office)
    pick, allowed = PEOPLE[who]
    client.force_login(pick(creation, cast, world), backend=BACKEND)

    assert _api_sees(client, occurrence.pk, task.pk, material.pk) == [allowed] * 7
    assignments = client.get(f"/api/creation/plans/{creation.plan.pk}/assignments/")
    rows = assignments.json() if assignments.status_code == 200 else []
    assert any(row["department_name"] == "办公室" for row in rows) is allowed

    page = client.get(reverse("creation:occurrence", args=[occurrence.pk]))
    if allowed:
        assert page.status_code == 200
        assert task.title in page.content.decode()
    else:
        assert page.status_code in (403, 404)
    tasks_page = client.get(reverse("creation:tasks", args=[creation.plan.pk]))
    if tasks_page.status_code == 200:
        assert (task.title in tasks_page.content.decode()) is allowed
    else:
        assert not allowed
        assert tasks_page.status_code in (403, 404)
    if who in ("nobody", "other_organization"):
        for name in ("plan_dashboard", "assignments", "tasks", "plan"):
            response = client.get(reverse(f"creation:{name}", args=[creation.plan.pk]))
            assert response.status_code in (403, 404), name
