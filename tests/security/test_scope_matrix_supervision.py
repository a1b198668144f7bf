"""The role × scope matrix over supervision items: one opened by each county's office for
its own county's unit, tried by id by every role, on the page and the API, to read, to
answer and to close."""

from datetime import date

import pytest
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

from wenming.supervision.models import SupervisionItem
from wenming.supervision.services import items as services_items


def item_state(pk: int) -> tuple[str, str, str]:
    item = SupervisionItem.objects.get(pk=pk)
    return item.state, item.feedback, item.result


def attempts_on(item: SupervisionItem, office: str, contact: str) -> list[Attempt]:
    """Who reads, answers and closes ``item``: the offices over its county (and the
    administrator) and its organization's own contact."""
    tag = item.title
    manage = {"admin", "city", office}
    sees = manage | {contact}
    page = f"/supervision/items/{item.pk}/"
    api = f"/api/supervision-items/{item.pk}/"
    state = lambda: item_state(item.pk)  # noqa: E731 - one line per object
    return [
        read(f"item page {tag}", page, sees),
        read(f"item API {tag}", api, sees),
        write(
            f"feedback page {tag}",
            page,
            sees,
            {"action": "feedback", "feedback": "fixed"},
            state,
            by=contact,
        ),
        write(
            f"feedback API {tag}",
            f"{api}feedback/",
            sees,
            {"text": "fixed again"},
            state,
            by=contact,
            api=True,
        ),
        write(
            f"close page {tag}",
            page,
            manage,
            {"action": "close", "result": "done"},
            state,
            by=office,
        ),
        write(f"close API {tag}", f"{api}close/", manage, {"text": "done"}, state, by=office),
    ]


@pytest.fixture
def matrix(world, cast):
    extra = other_county_cast(world)
    users = everyone(cast, extra)

    def opened(by, office, organization, title, contact):
        item = services_items.item_open(
            acting_user=by,
            office=office,
            title=title,
            source="hotline",
            organization=organization,
            item_class="small",
            deadline=date(2026, 7, 10),
        )
        # Answered once already, so that it may be closed (and answered again).
        return services_items.item_feedback(acting_user=contact, item=item, feedback="first")

    east = opened(cast.county, world.east, world.east_unit, "East streetlights", cast.applicant)
    west = opened(
        extra["west_office"],
        world.west,
        world.west_unit,
        "West streetlights",
        extra["west_applicant"],
    )
    attempts = attempts_on(east, "county", "applicant")
    attempts += attempts_on(west, "west_office", "west_applicant")
    return users, attempts


ROLES = [*BASE_ROLES]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_and_changes_only_its_own_supervision_items(client, matrix, role):
    users, attempts = matrix
    wrong = refusals(client, role, users[role], attempts)
    assert not wrong, "\n".join(wrong)


def test_the_contact_answers_and_the_county_office_closes_its_own_item(client, matrix):
    users, attempts = matrix
    wrong = allowed_writes(client, users, attempts)
    assert not wrong, "\n".join(wrong)
