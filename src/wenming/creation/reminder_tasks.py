"""Background work of creation reminders: mailing one reminder, outside the request."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wenming.documents.links import with_link

from .models import Reminder


@task()
def send_reminder_mail(reminder_id: int) -> None:
    """Mail one reminder to its person, in the office's language (a worker has none);
    a reminder already mailed is not mailed again."""
    reminder = Reminder.objects.select_related(
        "user", "occurrence__task__plan", "occurrence__task__department"
    ).get(pk=reminder_id)
    if reminder.mailed:
        return
    if reminder.user.email:
        occurrence = reminder.occurrence
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("【创建提醒】%(task)s") % {"task": occurrence.task.title}
            body = _(
                "%(plan)s：任务“%(task)s”%(label)s须于%(due)s前完成，目前尚未验收，请抓紧提交材料。"
            ) % {
                "plan": occurrence.task.plan.title,
                "task": occurrence.task.title,
                "label": f"（{occurrence.label}）" if occurrence.label else "",
                "due": date_format(occurrence.due_on, "DATE_FORMAT"),
            }
            body = with_link(
                body, reverse("creation:occurrence", args=[occurrence.pk]), _("办理地址：")
            )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reminder.user.email])
    Reminder.objects.filter(pk=reminder.pk).update(mailed=True)
