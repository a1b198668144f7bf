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
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wenming.audit.admin_mixin import audited

#: Chinese names for the sections of installed packages, whose apps we do not edit
#: (our own apps name themselves in their AppConfig.verbose_name).
APP_NAMES: dict[str, Promise] = {
    "auth": _("权限组"),
    "axes": _("登录失败锁定"),
    "django_otp": _("双因素认证"),
    "otp_totp": _("动态口令"),
    "otp_static": _("备用口令"),
    "django_tasks_database": _("后台任务"),
}

#: Chinese names (singular, plural) for the installed packages' models, by
#: ``app_label.model_name``. Set here and not on the models' ``_meta``: changing a
#: third-party model's options would make ``makemigrations`` want a migration in a
#: package we do not own.
MODEL_NAMES: dict[str, tuple[Promise, Promise]] = {
    "auth.group": (_("权限组"), _("权限组")),
    "axes.accessattempt": (_("登录失败记录"), _("登录失败记录")),
    "axes.accessattemptexpiration": (_("失败记录到期"), _("失败记录到期")),
    "axes.accesslog": (_("登录日志"), _("登录日志")),
    "axes.accessfailurelog": (_("登录失败日志"), _("登录失败日志")),
    "otp_totp.totpdevice": (_("动态口令设备"), _("动态口令设备")),
    "otp_static.staticdevice": (_("备用口令设备"), _("备用口令设备")),
    "otp_static.statictoken": (_("备用口令"), _("备用口令")),
    "django_tasks_database.dbtaskresult": (_("后台任务结果"), _("后台任务结果")),
}


class WenmingAdminSite(admin.AdminSite):
    """The admin site whose every registered admin writes audit events."""

    site_header = _("文明创建管理系统")
    site_title = _("文明创建管理系统")
    index_title = _("系统管理")

    def _build_app_dict(
        self, request: HttpRequest, label: str | Promise | None = None
    ) -> dict[str, Any]:
        """The index's, an app page's and the sidebar's sections, each named in Chinese:
        the installed packages' sections and models take their names from
        :data:`APP_NAMES` and :data:`MODEL_NAMES`."""
        app_dict: dict[str, Any] = super()._build_app_dict(request, label)  # type: ignore[arg-type]
        for app in app_dict.values():
            if app["app_label"] in APP_NAMES:
                app["name"] = APP_NAMES[app["app_label"]]
            for model in app["models"]:
                names = MODEL_NAMES.get(f"{app['app_label']}.{model['model']._meta.model_name}")
                if names is not None:
                    model["name"] = names[1]
        return app_dict

    def register(
        self,
        model_or_iterable: ModelBase | Iterable[ModelBase],
        admin_class: type[admin.ModelAdmin[Any]] | None = None,
        **options: Any,
    ) -> None:
        super().register(model_or_iterable, audited(admin_class or admin.ModelAdmin), **options)
