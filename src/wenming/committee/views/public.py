"""The public certificate check: anyone, without logging in, types or scans a code and
sees whether the certificate is genuine and what it certifies.

The check is rate-limited per client address (``committee.throttle``, one budget with
the API's check), so the codes cannot be guessed by trying them in bulk."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from wenming.documents.links import share_context

from ..codes import display, normalize
from ..forms import VerifyForm
from ..selectors import certificate_by_code
from ..throttle import TOO_MANY_CHECKS, too_many_checks


@never_cache
def verify_form(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    if form.is_valid() and normalize(form.cleaned_data["code"]):
        return redirect("committee:verify", code=normalize(form.cleaned_data["code"]))
    return render(request, "committee/verify.html", {"form": form, "checked": False})


@never_cache
def verify(request: HttpRequest, code: str) -> HttpResponse:
    if too_many_checks(request.META):  # one budget with the API's check
        messages.error(request, TOO_MANY_CHECKS)
        context = {"form": VerifyForm(initial={"code": display(normalize(code))}), "checked": False}
        return render(request, "committee/verify.html", context, status=429)
    certificate = certificate_by_code(code)
    context = {
        "form": VerifyForm(initial={"code": display(normalize(code))}),
        "checked": True,
        "code": display(normalize(code)),
        "certificate": certificate,
    }
    if certificate is not None:
        # The check's full address and QR code, to pass on to whoever wants to check too.
        context |= share_context(reverse("committee:verify", args=[certificate.code]), request)
    return render(request, "committee/verify.html", context, status=200 if certificate else 404)
