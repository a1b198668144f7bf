"""Background work of screening: mailing a reminder (催办) to a department's reviewers."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from wenming.documents.links import with_link
from wenming.documents.style import datetime_words

from .models import ScreeningReminder


@task()
def send_reminder_mail(reminder_id: int) -> None:
    """Mail one reminder to the addresses recorded with it, in the office's language."""
    reminder = ScreeningReminder.objects.select_related(
        "request__body", "request__round__campaign"
    ).get(pk=reminder_id)
    if not reminder.recipients:
        return
    round_ = reminder.request.round
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("【催办】%(campaign)s征求意见") % {"campaign": round_.campaign.name}
        body = _(
            "%(body)s：请于%(deadline)s前登录文明创建管理系统，对%(campaign)s拟推荐名单逐一"
            "提出意见（无异议或一票否决）。"
        ) % {
            "body": reminder.request.body.name,
            "deadline": datetime_words(round_.deadline),
            "campaign": round_.campaign.name,
        }
        # The department's answer page, when the site's public address is set.
        path = reverse("screening:answer", args=[reminder.request.pk])
        body = with_link(body, path, _("办理地址："))
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, reminder.recipients)
