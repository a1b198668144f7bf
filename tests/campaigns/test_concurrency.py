"""Fifty people pressing the same button at once: one application, submitted once.

Each thread has its own database connection and all start together at a barrier, so on
PostgreSQL the requests really race (the row lock and the unique constraint decide). SQLite
runs one writer at a time; there a writer that finds the database busy waits (the
settings' timeout) or, on the shared in-memory test database, tries again, as a retried
request would; the outcome must be the same.
"""

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import OperationalError, close_old_connections, connection, connections
from tests.campaigns.conftest import complete

from wenming.accounts.models import User
from wenming.audit.models import AuditEvent
from wenming.campaigns import services
from wenming.campaigns.models import Application, Award, Campaign
from wenming.registry.models import Organization

THREADS = 50
SQLITE_PATIENCE = 60.0  # seconds a thread keeps retrying on a busy SQLite database


def race(work: Callable[[], Any]) -> tuple[list[Any], list[BaseException]]:
    """Run ``work`` in THREADS threads released together; their results and errors."""
    barrier = threading.Barrier(THREADS)
    results: list[Any] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    sqlite = connection.vendor == "sqlite"

    def run() -> None:
        try:
            barrier.wait(timeout=30)
            deadline = time.monotonic() + SQLITE_PATIENCE
            while True:
                try:
                    result = work()
                    break
                except OperationalError as error:
                    # Only SQLite's "database is locked" is retried, and only on SQLite.
                    if not (sqlite and "locked" in str(error)) or time.monotonic() > deadline:
                        raise
                    time.sleep(0.01)
            with lock:
                results.append(result)
        except BaseException as error:
            with lock:
                errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_submissions_submit_once(world, cast, campaign):
    application = services.application_start(
        acting_user=cast.applicant,
        campaign=campaign.campaign,
        award=campaign.unit,
        organization=world.east_unit,
    )
    complete(application, cast.applicant)
    user_pk, application_pk = cast.applicant.pk, application.pk

    def submit() -> tuple[int, str]:
        # Its own user and application, read on this thread's connection.
        user = User.objects.get(pk=user_pk)
        mine = Application.objects.get(pk=application_pk)
        done = services.application_submit(acting_user=user, application=mine)
        return done.pk, done.status

    results, errors = race(submit)

    assert errors == []
    assert results == [(application_pk, "submitted")] * THREADS
    assert Application.objects.filter(status="submitted").count() == 1
    assert AuditEvent.objects.filter(action="application.submit").count() == 1


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_starts_make_one_application(world, cast, campaign):
    ids = (cast.applicant.pk, campaign.campaign.pk, campaign.unit.pk, world.east_unit.pk)

    def start() -> int:
        user_pk, campaign_pk, award_pk, organization_pk = ids
        application = services.application_start(
            acting_user=User.objects.get(pk=user_pk),
            campaign=Campaign.objects.get(pk=campaign_pk),
            award=Award.objects.get(pk=award_pk),
            organization=Organization.objects.get(pk=organization_pk),
        )
        return application.pk

    results, errors = race(start)

    assert errors == []
    (only,) = Application.objects.all()
    assert results == [only.pk] * THREADS
    assert AuditEvent.objects.filter(action="application.start").count() == 1
