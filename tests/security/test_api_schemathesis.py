"""schemathesis over /api/schema/: every operation, as office staff and as an applicant.

The document is read from the running app and every operation is called through its WSGI
handler with generated requests, valid and invalid, on a populated campaign (applications,
quotas, an assessment round with assignments and marks). Every answer must be documented:
no server error, a documented status code and content type, and a body that matches the
schema. Bounded: a few derandomized examples per operation, so a run takes well under two
minutes on two cores and gives the same requests every time.
"""

import functools
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from tests.assessment.conftest import assessment, campaign  # noqa: F401 - fixtures, reused
from tests.conftest import login

from wenming.assessment import services as assessment_services

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
#: Examples per operation: valid requests, then invalid ones (wrong types, missing fields).
EXAMPLES = {GenerationMode.POSITIVE: 2, GenerationMode.NEGATIVE: 1}
#: A hang guard per caller, not a sampling limit: every operation is always called. Both
#: callers take about a minute together on two cores; make test runs it twice (SQLite,
#: PostgreSQL).
BUDGET = 150.0
CSRF = "a" * 32  # the same token in the cookie and the header, as a browser's script sends


TIMES: dict[str, float] = {}


@dataclass
class Failure:
    operation: str
    error: str


@pytest.fixture
def populated(cast, assessment):  # noqa: F811 - the fixtures above
    assessment_services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    assessment_services.mark_save(
        acting_user=cast.assessor,
        assignment=assessment.assignment("West Unit"),
        clause_key="1.1",
        method="material",
        points="1",
    )
    return assessment


def session_cookies(user) -> dict[str, str]:
    """A signed-in session's cookie, and a CSRF cookie the header below matches."""
    client = Client()
    login(client, user)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return {django_settings.SESSION_COOKIE_NAME: session, django_settings.CSRF_COOKIE_NAME: CSRF}


@pytest.fixture
def connection_kept():
    """The WSGI handler closes the database connection after each request, as a server
    does; the test's transaction must survive, as Django's test client arranges."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@functools.cache
def api_schema() -> schemathesis.BaseSchema:
    """The document as the app serves it (public) at /api/schema/, drawn once: it takes
    seconds. Its operations call the same WSGI application."""
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


def operations() -> Iterator[schemathesis.APIOperation]:
    for result in api_schema().get_all_operations():
        yield result.ok()


def attack(user) -> list[Failure]:
    cookies = session_cookies(user)
    failures: list[Failure] = []
    started = time.monotonic()
    for operation in operations():
        if time.monotonic() - started > BUDGET:
            failures.append(Failure(operation.label, "time budget exhausted"))
            break
        for mode in EXAMPLES:

            @settings(
                max_examples=EXAMPLES[mode],
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def call(case: schemathesis.Case) -> None:
                case.call_and_validate(
                    cookies=cookies, headers={"X-CSRFToken": CSRF}, checks=CHECKS
                )

            began = time.monotonic()
            try:
                call()
            except (Exception, BaseExceptionGroup) as error:  # collected, reported together
                failures.append(Failure(operation.label, str(error)[:1500]))
            TIMES[f"{operation.label} {mode.value}"] = time.monotonic() - began
    slowest = sorted(TIMES.items(), key=lambda item: -item[1])[:8]
    print(f"{time.monotonic() - started:.1f}s; slowest:", slowest)
    return failures


def test_as_office_staff_and_as_an_applicant(cast, populated, connection_kept):
    """One populated database for both callers: the set-up is the slow part."""
    failures = [
        Failure(f"{role}: {failure.operation}", failure.error)
        for role, user in (("office staff", cast.city), ("applicant", cast.applicant))
        for failure in attack(user)
    ]
    assert not failures, "\n\n".join(f"== {f.operation}\n{f.error}" for f in failures)
