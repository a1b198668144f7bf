"""The role × scope matrix's machinery: who tries which address, and what must follow.

Each test builds objects in two counties and for two applicants, names every address
that reads or changes one of them by id (pages and API alike), and says which roles may.
``refusals`` then signs in as one role and tries them all: an address the role may read
answers 200; any other answers 403 or 404 (nobody signed in: the login page, 401 or
403), and a refused write leaves the database as it was: no audit event, since every
change writes one, and the object's own fields unchanged.
"""

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.test import Client
from tests.factories import UserFactory, with_role

from wenming.accounts.models import Role, User
from wenming.audit.models import AuditEvent

REFUSED = {403, 404}
#: Nobody signed in: pages send to the login page, the API says 401 or 403.
ANONYMOUS_REFUSED = {302, 401, 403, 404}
DONE = {200, 201, 302}


@dataclass(frozen=True)
class Attempt:
    """One request on one object: a read (GET) or a write (POST)."""

    label: str
    url: str
    may: frozenset[str]  # the roles allowed
    data: dict[str, object] | None = None  # a write's body; None for a read
    api: bool = False  # a JSON body
    state: Callable[[], object] = field(default=lambda: None, compare=False)
    by: str = ""  # who shows that the write works (one of ``may``)
    method: str = "post"  # a write's method (the API changes some things by PUT or PATCH)

    @property
    def writes(self) -> bool:
        return self.data is not None

    def send(self, client: Client) -> int:
        if self.data is None:
            return client.get(self.url).status_code
        if self.api:
            body = json.dumps(self.data)
            return client.generic(
                self.method.upper(), self.url, body, "application/json"
            ).status_code
        return client.post(self.url, self.data).status_code


def read(label: str, url: str, may: set[str]) -> Attempt:
    return Attempt(label, url, frozenset(may))


def write(
    label: str,
    url: str,
    may: set[str],
    data: dict[str, object],
    state: Callable[[], object],
    *,
    by: str,
    api: bool = False,
    method: str = "post",
) -> Attempt:
    assert by in may, (label, by)
    return Attempt(label, url, frozenset(may), data, api, state, by, method)


def sign_in(client: Client, user: User | None) -> None:
    client.logout()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")


def refusals(client: Client, role: str, user: User | None, attempts: list[Attempt]) -> list[str]:
    """What went wrong when ``role`` tried every attempt (an empty list: nothing)."""
    sign_in(client, user)
    wrong = []
    refused = ANONYMOUS_REFUSED if user is None else REFUSED
    for attempt in attempts:
        if attempt.writes and role in attempt.may:
            continue  # done once by ``allowed_writes``; here it would change what follows
        before = (AuditEvent.objects.count(), attempt.state())
        code = attempt.send(client)
        after = (AuditEvent.objects.count(), attempt.state())
        if role in attempt.may:
            if code != 200:
                wrong.append(f"{role} could not read {attempt.label}: {code}")
            continue
        if code not in refused:
            wrong.append(f"{role} reached {attempt.label}: {code}")
        if after != before:
            wrong.append(f"{role} changed {attempt.label}: {before} → {after}")
    return wrong


class _Undo(Exception):
    """Raised to roll one positive write back, so each starts from the same data."""


def allowed_writes(
    client: Client, users: dict[str, User | None], attempts: list[Attempt]
) -> list[str]:
    """The positive side of every write: a role allowed does it, and it is saved (then
    rolled back, so that the next write finds the data as the refusals did)."""
    wrong = []
    for attempt in (a for a in attempts if a.writes):
        sign_in(client, users[attempt.by])
        with contextlib.suppress(_Undo), transaction.atomic():
            before = (AuditEvent.objects.count(), attempt.state())
            code = attempt.send(client)
            after = (AuditEvent.objects.count(), attempt.state())
            if code not in DONE or after[0] == before[0] or after[1] == before[1]:
                wrong.append(f"{attempt.by} could not do {attempt.label}: {code}")
            raise _Undo
    return wrong


def other_county_cast(world) -> dict[str, User]:
    """Users of the west county to stand beside the east ones of ``tests.conftest.cast``."""
    return {
        "west_office": with_role(
            UserFactory(username="west-office"), Role.OFFICE, region=world.west
        ),
        "west_applicant": with_role(
            UserFactory(username="west-applicant"), Role.APPLICANT, organization=world.west_unit
        ),
    }


#: The security and the audit administrator (三员分立): they keep accounts and read the
#: audit trail, so no address of the matrix is theirs, to read or to change. Named in
#: every matrix's roles; the admin site and 审计记录 they use are tested in their own places.
SEPARATE_ADMINS = ["security", "auditor"]

#: The roles every matrix tries; a file adds the people its own objects need.
BASE_ROLES = [
    "admin",
    *SEPARATE_ADMINS,
    "city",
    "county",
    "west_office",
    "body",
    "applicant",
    "west_applicant",
    "assessor",
    "reviewer",
    "committee",
    "nobody",
    "anonymous",
]


def separate_admins() -> dict[str, User]:
    """The two administrators as they are kept (``is_staff``: the admin site's door),
    made by the factory since role_assign rightly refuses giving them a work role too."""
    return {
        "security": with_role(UserFactory(username="security", is_staff=True), Role.SECURITY),
        "auditor": with_role(UserFactory(username="auditor", is_staff=True), Role.AUDITOR),
    }


def everyone(cast, extra: dict[str, User]) -> dict[str, User | None]:
    """Every role of the cast, the two other administrators, the extra users, and
    nobody signed in."""
    names = ["admin", "city", "county", "body", "applicant", "assessor", "reviewer"]
    names += ["committee", "nobody"]
    cast_users = {n: getattr(cast, n) for n in names}
    return cast_users | separate_admins() | extra | {"anonymous": None}
