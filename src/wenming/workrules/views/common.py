"""What the work rules' pages share: which office a page is about, running a service."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

from wenming.accounts.models import Role, User
from wenming.accounts.permissions import AuthenticatedRequest
from wenming.registry.models import Body, Region
from wenming.registry.scopes import scope_of

from ..files import Upload


def offices_of(user: User) -> list[Region]:
    """The offices whose work the user runs: their office roles' regions (an administrator:
    every region with member units)."""
    if scope_of(user).is_admin:
        with_units = Body.objects.filter(screens=True).values("region_id")
        return list(Region.objects.filter(pk__in=with_units).order_by("path"))
    regions = [a.region for a in user.roles.filter(role=Role.OFFICE).select_related("region")]
    return [r for r in regions if r is not None]


def office_from(request: AuthenticatedRequest) -> Region | None:
    """The office a page is about: ``?office=`` among the user's, else their first."""
    offices = offices_of(request.user)
    wanted = request.GET.get("office", "")
    chosen = next((o for o in offices if str(o.pk) == wanted), None)
    return chosen or (offices[0] if offices else None)


def run(request: HttpRequest, call: Callable[[], Any], done: str) -> bool:
    """Run a service; its refusal is shown as error messages. True when it ran."""
    try:
        call()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, done)
    return True


def upload_of(file: UploadedFile[bytes] | None) -> Upload | None:
    if file is None:
        return None
    return Upload(file.name or "file", file.read())


def form_errors(form: Any) -> ValidationError:
    """A bound form's errors as one ValidationError (shown as messages)."""
    return ValidationError([e for errors in form.errors.values() for e in errors])


def show_errors(request: HttpRequest, form: Any) -> None:
    """A form's errors as error messages on the page it returns to."""
    for message in form_errors(form).messages:
        messages.error(request, message)
