"""The second-factor pages (code, enrolment), a person's account page, and the audit
administrator's read-only audit trail."""

from datetime import datetime, time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wenming.audit.labels import action_label, registered_actions
from wenming.audit.models import AuditEvent
from wenming.audit.presentation import changes
from wenming.audit.verification import verify_chain

from .permissions import AuthenticatedRequest, require_perm
from .services import (
    SecondFactorRefusedError,
    second_factor_verify,
    totp_device_confirm,
    totp_device_start,
)
from .twofactor import (
    PENDING_DEVICE_SESSION_KEY,
    has_confirmed_device,
    is_verified,
    must_use_second_factor,
    pending_device,
    qr_data_uri,
    recovery_codes_left,
    secret_text,
)

AUDIT_PAGE_SIZE = 50


def _next(request: AuthenticatedRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _locked_out(request: AuthenticatedRequest) -> HttpResponse:
    logout(request)
    return render(request, "registration/locked_out.html", status=429)


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request: AuthenticatedRequest) -> HttpResponse:
    """Ask for the 6-digit code (or a recovery code) after the password."""
    if is_verified(request.user):
        return HttpResponseRedirect(_next(request))
    if not has_confirmed_device(request.user):
        return redirect("accounts:second_factor_setup")
    error = ""
    if request.method == "POST":
        try:
            second_factor_verify(
                acting_user=request.user, request=request, token=request.POST.get("code", "")
            )
        except SecondFactorRefusedError as refused:
            if refused.locked:
                return _locked_out(request)
            error = refused.messages[0]
        else:
            if recovery_codes_left(request.user) < 3:
                messages.warning(request, _("您的恢复码即将用完，请联系安全管理员重置双因素认证。"))
            return HttpResponseRedirect(_next(request))
    return render(
        request, "registration/second_factor.html", {"error": error, "next": _next(request)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_setup(request: AuthenticatedRequest) -> HttpResponse:
    """Enrol an authenticator app: QR code and secret, confirmed by one code."""
    if has_confirmed_device(request.user):
        if is_verified(request.user):
            messages.info(request, _("您已绑定认证器。"))
            return redirect("accounts:account")
        return redirect("accounts:second_factor")
    error = ""
    if request.method == "POST":
        try:
            codes = totp_device_confirm(
                acting_user=request.user,
                request=request,
                token=request.POST.get("code", ""),
                device_id=request.session.get(PENDING_DEVICE_SESSION_KEY),
            )
        except SecondFactorRefusedError as refused:
            if refused.locked:
                return _locked_out(request)
            error = refused.messages[0]
        except ValidationError as invalid:
            error = invalid.messages[0]
        else:
            return render(
                request,
                "registration/recovery_codes.html",
                {"codes": codes, "next": _next(request)},
            )
    # A fresh key on every visit (GET); after a wrong code the same one, already scanned.
    shown = request.session.get(PENDING_DEVICE_SESSION_KEY)
    device = pending_device(request.user, shown) if request.method == "POST" else None
    if device is None:
        device = totp_device_start(acting_user=request.user)
        request.session[PENDING_DEVICE_SESSION_KEY] = device.pk
    context = {
        "qr": qr_data_uri(device),
        "secret": secret_text(device),
        # Staff are told it is required; someone opting in, that it was their choice.
        "required": must_use_second_factor(request.user),
        "error": error,
        "next": _next(request),
    }
    return render(request, "registration/second_factor_setup.html", context)


@login_required
def account(request: AuthenticatedRequest) -> HttpResponse:
    """A person's own account: whether a second factor protects it, and how to add one."""
    context = {
        "enrolled": has_confirmed_device(request.user),
        "required": must_use_second_factor(request.user),
        "recovery_left": recovery_codes_left(request.user),
    }
    return render(request, "accounts/account.html", context)


def _day_bound(value: str, end: bool) -> datetime | None:
    day = parse_date(value) if value else None
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


@login_required
@require_http_methods(["GET", "POST"])
def audit_trail(request: AuthenticatedRequest) -> HttpResponse:
    """The audit trail, filtered by time, actor and action, read-only; and its check."""
    require_perm(request.user, "accounts.view_audit_trail")
    params = request.GET
    events = AuditEvent.objects.order_by("-id")
    since = _day_bound(params.get("since", ""), end=False)
    until = _day_bound(params.get("until", ""), end=True)
    if since is not None:
        events = events.filter(at__gte=since)
    if until is not None:
        events = events.filter(at__lte=until)
    if actor := params.get("actor", "").strip():
        events = events.filter(actor_name__icontains=actor)
    if action := params.get("action", ""):
        events = events.filter(action=action)
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(params.get("page"))
    # What each event recorded (a sign-in's address and outcome, a change's before and
    # after), as the history pages show it; the payloads are on the rows already.
    rows = [(event, action_label(event.action), changes(event)) for event in page.object_list]
    filters = params.copy()
    filters.pop("page", None)
    actions = sorted((code, str(entry.label)) for code, entry in registered_actions().items())
    context = {
        "page": page,
        "rows": rows,
        "actions": actions,
        "filters": params,
        "query": filters.urlencode(),
        # Verifying reads the whole chain: only on the button, never on every listing.
        "verification": verify_chain() if request.method == "POST" else None,
    }
    return render(request, "accounts/audit_trail.html", context)
