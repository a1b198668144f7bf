"""Background work of supervision: mailing a reminder notice, outside the request."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from wenming.documents.links import with_link

from .models import Notice
from .presenting import notice_text


@task()
def send_notice_mail(notice_id: int) -> None:
    """Mail one in-app notice to its person, in the office's language (a worker has none)."""
    notice = Notice.objects.select_related("user", "item", "item__organization").get(pk=notice_id)
    if not notice.user.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("【督办】%(title)s") % {"title": notice.item.title}
        body = notice_text(notice)
        # The item's page, when the site's public address is set.
        path = reverse("supervision:item", args=[notice.item_id])
        body = with_link(body, path, _("办理地址："))
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [notice.user.email])
