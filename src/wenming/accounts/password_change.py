"""The password-change page (修改密码): Django's own view, audited.

The new password passes ``AUTH_PASSWORD_VALIDATORS`` (length, classes, history: see
``wenming.accounts.passwords``); saving it records it in the history and renews when it
expires.
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext

from wenming.audit.services import audit_record

from .passwords import remember_expiry


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_invalid(self, form: PasswordChangeForm) -> HttpResponse:
        # A wrong current password is a guess at it, counted as a failed sign-in: audited
        # (login.failed) and toward the lockout (django-axes listens for the signal).
        if form.has_error("old_password", "password_incorrect"):
            credentials = {"username": form.user.get_username()}
            user_login_failed.send(sender=__name__, credentials=credentials, request=self.request)
        return super().form_invalid(form)

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            audit_record(actor=form.user, action="user.password_change", obj=form.user)
        remember_expiry(self.request, form.user)
        messages.success(self.request, gettext("密码已修改。"))
        return response
