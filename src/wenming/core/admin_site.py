"""The project's admin site: every model admin registered on it is audited.

``register`` puts :class:`wenming.audit.admin_mixin.AuditedModelAdmin` in front of each
admin class, the project's and the installed packages' alike, so no admin page can
change data without an audit event. Installed as the default site by
``wenming.core.apps.WenmingAdminConfig`` (in ``INSTALLED_APPS`` instead of
``django.contrib.admin``), so ``@admin.register`` and ``admin.site`` reach it.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib import admin
from django.db.models.base import ModelBase
from django.utils.translation import gettext_lazy as _

from wenming.audit.admin_mixin import audited


class WenmingAdminSite(admin.AdminSite):
    """The admin site whose every registered admin writes audit events."""

    site_header = _("文明创建管理系统 · 系统管理")
    site_title = _("系统管理")
    index_title = _("系统管理")

    def register(
        self,
        model_or_iterable: ModelBase | Iterable[ModelBase],
        admin_class: type[admin.ModelAdmin[Any]] | None = None,
        **options: Any,
    ) -> None:
        super().register(model_or_iterable, audited(admin_class or admin.ModelAdmin), **options)
