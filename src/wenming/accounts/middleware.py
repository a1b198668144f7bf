"""Until a session passes its second factor, only the second-factor pages are open.

After the password step, a user who must use a second factor
(``twofactor.must_use_second_factor``) and has not passed it in this session is sent to
the code page, or to the enrolment page when they have no device yet. Signing out, the
language switch and the public pages stay open; the REST API answers for itself
(``api_auth``: 403 with a Chinese message), so ``/api/`` is left to it.
Placed after django-otp's ``OTPMiddleware`` (settings.MIDDLEWARE).
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from .models import User
from .open_views import OPEN_VIEWS
from .sessions import recent_fact
from .twofactor import has_confirmed_device, is_verified, must_use_second_factor

#: Pages open before the second factor: signing in and out, the second factor's own
#: pages, the language switch and the public pages (no login: questionnaire answers,
#: the certificate check, publicity and objections).


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        if request.path_info.startswith("/api/"):
            return None
        user = request.user
        if not isinstance(user, User) or is_verified(user):
            return None
        # Whether an unverified person holds a device is read once a minute, not on every
        # request: enrolling elsewhere shows here within a minute (sessions.recent_fact).
        has_device = recent_fact(request, "confirmed_device")
        if not must_use_second_factor(user, has_device=bool(has_device)):
            return None
        name = (
            "accounts:second_factor"
            if has_confirmed_device(user)
            else "accounts:second_factor_setup"
        )
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse(name)}?{query}")
