from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    name = "wenming.frameworks"
    verbose_name = _("测评体系")
