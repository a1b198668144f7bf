"""The password-change page (修改密码): Django's own view, audited.

The new password passes ``AUTH_PASSWORD_VALIDATORS`` (length, classes, history: see
``wenming.accounts.passwords``); saving it records it in the history and renews when it
expires. It lives in core, the top layer, because it writes both the account and the
audit trail, two sibling apps that do not import each other.
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from wenming.accounts.passwords import remember_expiry
from wenming.audit.labels import register_actions
from wenming.audit.services import audit_record

register_actions({"user.password_change": _("修改密码")})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            audit_record(actor=form.user, action="user.password_change", obj=form.user)
        remember_expiry(self.request, form.user)
        messages.success(self.request, _t("密码已修改。"))
        return response
