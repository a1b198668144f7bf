"""Sending deliveries in the task worker: one attempt per task, retried with backoff.

A delivery is sent after its notification commits (``transaction.on_commit``). A failed
attempt is tried again after ``NOTIFY_RETRY_SECONDS`` × 2^(attempts − 1) seconds, up to
``NOTIFY_MAX_ATTEMPTS`` attempts in all; then it is marked failed with its error, which
the office's delivery log shows. Where the task backend can defer (the database queue,
Redis), the retry is queued for its time; otherwise ``manage.py notifications_run``
sends what is due.

A send is no state change of the work: deliveries are not audited (as supervision's and
creation's reminder mails are not).
"""

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import default_task_backend, task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .channels import SENDERS, SendError, text_of
from .kinds import Channel
from .models import Delivery, DeliveryStatus, MailSetting

#: Deliveries attempted per run of ``send_due``.
BATCH = 1000
#: A new delivery is the queue's for this long before the periodic run sends it.
QUEUE_GRACE = timedelta(minutes=5)


def max_attempts() -> int:
    return int(getattr(settings, "NOTIFY_MAX_ATTEMPTS", 5))


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failure: doubling from the base."""
    base = int(getattr(settings, "NOTIFY_RETRY_SECONDS", 60))
    return timedelta(seconds=base * 2 ** max(attempts - 1, 0))


def send_soon(delivery_ids: list[int]) -> None:
    """Send the deliveries in the task worker once the current transaction commits."""
    if not delivery_ids:
        return

    def enqueue() -> None:
        for delivery_id in delivery_ids:
            deliver.enqueue(delivery_id)

    # Robust: the notification is saved; a queue that is down must not fail the change
    # (``notifications_run`` sends what is still pending).
    transaction.on_commit(enqueue, robust=True)


@task()
def deliver(delivery_id: int) -> str:
    """One attempt at one delivery; returns its status."""
    delivery = (
        Delivery.objects.select_related("notification__recipient").filter(pk=delivery_id).first()
    )
    if delivery is None or delivery.status not in (DeliveryStatus.PENDING, DeliveryStatus.RETRYING):
        return delivery.status if delivery else ""
    return attempt(delivery)


def attempt(delivery: Delivery, now: datetime | None = None) -> str:
    """Send once; record the outcome, and the next attempt's time after a failure."""
    now = now or timezone.now()
    sender = SENDERS.get(delivery.channel)
    # Claim the attempt: of two workers holding the same delivery, one sends.
    claimed = Delivery.objects.filter(
        pk=delivery.pk, attempts=delivery.attempts, status=delivery.status
    ).update(attempts=delivery.attempts + 1)
    if not claimed:
        return delivery.status
    delivery.attempts += 1
    try:
        if sender is None:
            raise SendError(_("渠道“%(channel)s”未启用。") % {"channel": delivery.channel})
        with translation.override(settings.LANGUAGE_CODE):
            sender(delivery.notification)
    except SendError as error:
        delivery.last_error = str(error)
        if delivery.attempts >= max_attempts():
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
        else:
            delivery.status = DeliveryStatus.RETRYING
            delivery.next_attempt_at = now + retry_delay(delivery.attempts)
        delivery.save(update_fields=["status", "next_attempt_at", "last_error"])
        if delivery.status == DeliveryStatus.RETRYING and default_task_backend.supports_defer:
            deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
        return delivery.status
    delivery.status = DeliveryStatus.SENT
    delivery.sent_at = now
    delivery.next_attempt_at = None
    delivery.save(update_fields=["status", "next_attempt_at", "sent_at"])
    return delivery.status


def send_due(now: datetime | None = None) -> int:
    """Attempt every delivery whose time has come (new ones the queue missed, retries);
    returns how many were attempted."""
    now = now or timezone.now()
    due = Delivery.objects.filter(
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING], next_attempt_at__lte=now
    ).select_related("notification__recipient")
    count = 0
    for delivery in due.order_by("pk")[:BATCH]:
        attempt(delivery, now)
        count += 1
    return count


def digest_send(today: date) -> int:
    """Mail each person who chose the daily digest one mail of the day's notifications
    (once a day); returns how many mails were sent."""
    rows = Delivery.objects.filter(
        channel=Channel.EMAIL,
        status=DeliveryStatus.DIGEST,
        notification__created_at__date__lte=today,
    ).select_related("notification__recipient")
    by_user: dict[int, list[Delivery]] = defaultdict(list)
    for delivery in rows.order_by("pk"):
        by_user[delivery.notification.recipient_id].append(delivery)
    sent = 0
    settings_rows = {m.user_id: m for m in MailSetting.objects.filter(user_id__in=by_user)}
    for user_id, deliveries in by_user.items():
        setting = settings_rows.get(user_id)
        if setting is not None and setting.digest_sent_on == today:
            continue
        recipient = deliveries[0].notification.recipient
        now = timezone.now()
        if recipient.email:
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("【通知汇总】今日通知 %(count)s 条") % {"count": len(deliveries)}
                body = "\n\n".join(text_of(d.notification) for d in deliveries)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
            status, error = DeliveryStatus.SENT, ""
            sent += 1
        else:
            status, error = DeliveryStatus.FAILED, _("接收人没有登记电子邮箱。")
        Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
            status=status, sent_at=now, attempts=1, last_error=error
        )
        MailSetting.objects.update_or_create(user_id=user_id, defaults={"digest_sent_on": today})
    return sent
