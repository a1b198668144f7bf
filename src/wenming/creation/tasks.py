"""Background work of creation: mailing a staff member's account invitation."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from wenming.documents.links import with_link

from .models import Invitation

#: How long an invitation link stays valid (the services set its expiry).
INVITATION_DAYS = 7


@task()
def send_invitation_mail(invitation_id: int, token: str) -> None:
    """Mail the invitation link, in the office's language (a worker has none)."""
    invitation = Invitation.objects.select_related("staff", "staff__organization").get(
        pk=invitation_id
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("【创建工作】%(organization)s邀请您开通账号") % {
            "organization": invitation.staff.organization.name
        }
        body = _(
            "%(name)s：\n\n%(organization)s创建工作办公室邀请您开通文明创建工作账号。"
            "请在%(days)s天内打开下面的链接，设置登录名和密码。"
        ) % {
            "name": invitation.staff.name,
            "organization": invitation.staff.organization.name,
            "days": INVITATION_DAYS,
        }
        path = reverse("creation:invitation_accept", args=[token])
        body = with_link(body, path, _("开通地址："))
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
