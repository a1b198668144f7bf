"""Sign-ins, sign-outs, failed sign-ins and lockouts as audit events (GB/T 22239-2019
§8.1.4.3 安全审计: the time, the user, the client address and the outcome).

Each is recorded on the account it concerns; a failed sign-in or a lockout under a name
that is no account is recorded on a :class:`~wenming.audit.models.LoginSubject` named
after it, so the history pages show it like any other object. Passwords are never
recorded, only the username tried.
"""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models, transaction
from django.http import HttpRequest

from wenming import throttle

from .models import LoginSubject
from .services import Actor, audit_record


def client_address(request: HttpRequest | None) -> str:
    """The address of the person behind the request: behind the documented proxy, the
    client it names (``TRUSTED_PROXIES``, :func:`wenming.throttle.client_address`)."""
    if request is None:
        return ""
    return throttle.client_address(request.META)[:64]


def _account(username: str) -> models.Model:
    """The account of that username, else a stand-in named after it."""
    model = get_user_model()
    found = model._default_manager.filter(**{model.USERNAME_FIELD: username}).first()
    return found if found is not None else LoginSubject(username=username[:150])


def _record(
    action: str, actor: Actor, obj: models.Model, username: str, outcome: str, request: Any
) -> None:
    after = {"username": username, "address": client_address(request), "outcome": outcome}
    with transaction.atomic():
        audit_record(actor=actor, action=action, obj=obj, after=after)


def _on_login(sender: object, request: Any, user: AbstractBaseUser, **kwargs: object) -> None:
    _record("login.success", user, user, user.get_username(), "success", request)


def _on_logout(
    sender: object, request: Any, user: AbstractBaseUser | None, **kwargs: object
) -> None:
    if user is not None:  # signing out without being signed in changes nothing
        _record("login.logout", user, user, user.get_username(), "logged_out", request)


def _on_failure(
    sender: object, credentials: dict[str, Any], request: Any = None, **kwargs: object
) -> None:
    username = str(
        credentials.get("username") or credentials.get(get_user_model().USERNAME_FIELD) or ""
    )
    _record("login.failed", None, _account(username), username, "failed", request)


def _on_lockout(
    sender: object, request: Any = None, username: str | None = None, **kwargs: object
) -> None:
    name = str(username or "")
    _record("login.locked_out", None, _account(name), name, "locked_out", request)


def connect() -> None:
    """Listen to the sign-in signals (AuditConfig.ready)."""
    user_logged_in.connect(_on_login, dispatch_uid="wenming.audit.login")
    user_logged_out.connect(_on_logout, dispatch_uid="wenming.audit.logout")
    user_login_failed.connect(_on_failure, dispatch_uid="wenming.audit.login_failed")
    user_locked_out.connect(_on_lockout, dispatch_uid="wenming.audit.locked_out")
