"""The public certificate check: anyone, without logging in, types or scans a code and
sees whether the certificate is genuine and what it certifies.

The check is rate-limited per client address (``wenming.throttle``), so the codes
cannot be guessed by trying them in bulk."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from wenming.throttle import over_limit

from ..codes import display, normalize
from ..forms import VerifyForm
from ..selectors import certificate_by_code

#: Checks from one address per window: a person checks a few certificates, an office
#: a wall of plaques; guessing codes needs far more.
VERIFY_LIMIT, VERIFY_WINDOW = 60, 600


@never_cache
def verify_form(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    if form.is_valid() and normalize(form.cleaned_data["code"]):
        return redirect("committee:verify", code=normalize(form.cleaned_data["code"]))
    return render(request, "committee/verify.html", {"form": form, "checked": False})


@never_cache
def verify(request: HttpRequest, code: str) -> HttpResponse:
    if over_limit("certificate-check", request.META, limit=VERIFY_LIMIT, window=VERIFY_WINDOW):
        messages.error(request, _("查验次数过多，请 10 分钟后再试。"))
        context = {"form": VerifyForm(initial={"code": display(normalize(code))}), "checked": False}
        return render(request, "committee/verify.html", context, status=429)
    certificate = certificate_by_code(code)
    context = {
        "form": VerifyForm(initial={"code": display(normalize(code))}),
        "checked": True,
        "code": display(normalize(code)),
        "certificate": certificate,
    }
    return render(request, "committee/verify.html", context, status=200 if certificate else 404)
