"""Two simultaneous first saves of the same mark: the second becomes an update, never a 500.

Both saves look for the mark, find none, and insert; the unique constraint refuses the later
insert. ``mark_save`` then locks the row the other save inserted and updates it. On SQLite
the lost race is simulated (the lookup misses a row that exists); on PostgreSQL threads with
their own connections really race.
"""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, close_old_connections, connections
from django.urls import reverse
from tests.assessment.conftest import assessment, campaign  # noqa: F401 - fixtures, reused
from tests.conftest import login

from wenming.accounts.models import User
from wenming.assessment import services
from wenming.assessment.models import Assignment, Mark
from wenming.assessment.services import marks as marks_module
from wenming.audit.models import AuditEvent

THREADS = 6


def saves() -> int:
    return AuditEvent.objects.filter(action="assessment.mark_save").count()


def test_a_lost_first_save_race_becomes_an_update(cast, assessment, monkeypatch):  # noqa: F811
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    assignment = assessment.assignment("West Unit")  # assigned to the east group (cast.assessor)
    key = {"assignment": assignment, "clause_key": "1.1", "method": "material"}
    first = services.mark_save(acting_user=cast.assessor, points="1", **key)
    assert first.changed
    # The other request's row was not there when this one looked: it inserts and collides.
    monkeypatch.setattr(marks_module, "_existing", lambda key: None)
    second = services.mark_save(acting_user=cast.assessor, points="1.5", **key)
    assert second.changed
    assert second.mark.pk == first.mark.pk
    assert Mark.objects.count() == 1
    assert Mark.objects.get().points == Decimal("1.5")
    assert saves() == 2  # one audit event per save that changed the points
    event = AuditEvent.objects.filter(action="assessment.mark_save").latest("id")
    assert event.before["points"] == "1.00"
    # Losing the race with the same points changes nothing and records nothing.
    again = services.mark_save(acting_user=cast.assessor, points="1.5", **key)
    assert not again.changed
    assert saves() == 2


def test_a_collision_that_is_not_the_race_is_not_hidden(cast, assessment, monkeypatch):  # noqa: F811
    # Another constraint refuses the insert and no mark of the key exists: that error, not
    # a "does not exist" from looking for the other save's row.
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    assignment = assessment.assignment("West Unit")

    def refuse(**fields: object) -> Mark:
        raise IntegrityError("violates check constraint mark_points_range")

    monkeypatch.setattr(Mark.objects, "create", refuse)
    with pytest.raises(IntegrityError, match="mark_points_range"):
        services.mark_save(
            acting_user=cast.assessor, assignment=assignment, clause_key="1.1",
            method="material", points="1",
        )  # fmt: skip
    assert Mark.objects.count() == 0
    assert saves() == 0


def test_a_wordless_refusal_is_explained_in_chinese(client, cast, assessment, monkeypatch):  # noqa: F811
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    assignment = assessment.assignment("West Unit")

    def refuse(**kwargs: object) -> None:
        raise PermissionDenied

    monkeypatch.setattr(services, "mark_save", refuse)
    login(client, cast.assessor)
    url = reverse("assessment:mark_save", kwargs={"pk": assignment.pk})
    refused = client.post(url, {"clause": "1.1", "method": "material", "points": "1"})
    assert refused.status_code == 403
    assert refused.json() == {"error": "您没有权限执行此操作。"}


@pytest.mark.django_db(transaction=True)
def test_simultaneous_first_saves_of_one_mark(cast, assessment):  # noqa: F811
    # On PostgreSQL the saves really race; SQLite queues its writers (BEGIN IMMEDIATE), so
    # there the same test shows that queued first saves also end in one mark.
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    assignment_pk = assessment.assignment("West Unit").pk
    user_pk = cast.assessor.pk
    points = ["0", "0.5", "1", "1.5", "2", "0.5"][:THREADS]
    barrier = threading.Barrier(THREADS)
    results: list[services.Saved] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def save(value: str) -> None:
        try:
            user = User.objects.get(pk=user_pk)
            assignment = Assignment.objects.select_related(
                "application__award__framework", "application__campaign"
            ).get(pk=assignment_pk)
            barrier.wait(timeout=30)
            saved = services.mark_save(
                acting_user=user,
                assignment=assignment,
                clause_key="1.1",
                method="material",
                points=value,
            )
            with lock:
                results.append(saved)
        except BaseException as error:
            with lock:
                errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(p,)) for p in points]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    assert errors == []
    assert len(results) == THREADS
    assert Mark.objects.count() == 1
    assert saves() == sum(1 for saved in results if saved.changed)
    assert saves() >= 1
