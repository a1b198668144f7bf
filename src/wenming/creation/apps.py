from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreationConfig(AppConfig):
    name = "wenming.creation"
    verbose_name = _("创建工作")
