"""Writes of the notification centre: making notifications, reading them, each person's
preferences and the office's templates.

Making notifications (``notifications_create``) is the dispatcher's and the scan's:
it is no change of anyone's work, so it is not audited; the event it tells of already
is. Reading, preferences and templates are people's changes: each is audited.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record, snapshot
from wenming.documents.links import site_link

from . import rendering
from .channels import enabled_channels
from .events import Message
from .kinds import Channel, Kind, defaults
from .models import Delivery, DeliveryStatus, MailSetting, Notification, Preference, Template
from .sending import QUEUE_GRACE, send_soon

_UNREAD_KEY = "wenming:notifications:unread:{}"


def unread_cache_key(user_id: int) -> str:
    return _UNREAD_KEY.format(user_id)


def _forget_counts(user_ids: Iterable[int]) -> None:
    keys = [unread_cache_key(u) for u in set(user_ids)]
    transaction.on_commit(lambda: cache.delete_many(keys))


def wording(kind: str) -> tuple[str, str]:
    """The (subject, body) template source of an event: the office's, else the default."""
    row = Template.objects.filter(kind=kind).values_list("subject", "body").first()
    return row if row is not None else defaults()[kind]


@dataclass(frozen=True)
class _Choice:
    """Who turned what off: (user, kind, channel) triples, and who wants a digest."""

    off: frozenset[tuple[int, str, str]]
    digest: frozenset[int]


def _choices(user_ids: set[int]) -> _Choice:
    off = Preference.objects.filter(user_id__in=user_ids, enabled=False).values_list(
        "user_id", "kind", "channel"
    )
    digest = MailSetting.objects.filter(user_id__in=user_ids, daily_digest=True).values_list(
        "user_id", flat=True
    )
    return _Choice(frozenset(off), frozenset(digest))


def notifications_create(*, messages: Iterable[tuple[str, Message]]) -> list[Notification]:
    """Make each message's notifications, one per recipient and key (a key already made
    is skipped), with a delivery per channel the person left on; the deliveries are sent
    after commit. ``messages``: (key, message) pairs."""
    pairs = [(key, m) for key, m in messages if m.recipients]
    if not pairs:
        return []
    user_ids = {u for _k, m in pairs for u in m.recipients}
    users = {u.pk: u for u in User.objects.filter(pk__in=user_ids, is_active=True)}
    choice = _choices(user_ids)
    channels = enabled_channels()
    sources = {kind: wording(kind) for kind in {m.kind for _k, m in pairs}}
    now = timezone.now()
    with transaction.atomic():
        existing = set(
            Notification.objects.filter(
                recipient_id__in=user_ids, key__in={k for k, _m in pairs}
            ).values_list("recipient_id", "key")
        )
        rows: list[Notification] = []
        for key, message in pairs:
            subject, body = sources[message.kind]
            for user_id in sorted(message.recipients):
                user = users.get(user_id)
                if user is None or (user_id, key) in existing:
                    continue
                existing.add((user_id, key))
                context = {
                    "recipient": str(user),
                    "object": message.object,
                    "actor": message.actor,
                    "date": message.date,
                    "detail": message.detail,
                    "link": site_link(message.url) if message.url else "",
                }
                inapp_off = (user_id, message.kind, Channel.INAPP) in choice.off
                rows.append(
                    Notification(
                        recipient=user,
                        kind=message.kind,
                        title=rendering.render(subject, context)[:200],
                        body=rendering.render(body, context),
                        url=message.url,
                        key=key[:120],
                        region_path=message.region_path,
                        # In-app off: kept for the other channels and the record, never unread.
                        read_at=now if inapp_off else None,
                    )
                )
        # ignore_conflicts: a second dispatcher racing this one makes each once.
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        made = list(
            Notification.objects.filter(
                recipient_id__in=user_ids, key__in={k for k, _m in pairs}, created_at__gte=now
            ).select_related("recipient")
        )
        deliveries = [
            Delivery(
                notification=n,
                channel=channel,
                status=DeliveryStatus.DIGEST
                if channel == Channel.EMAIL and n.recipient_id in choice.digest
                else DeliveryStatus.PENDING,
                next_attempt_at=now + QUEUE_GRACE,
            )
            for n in made
            for channel in channels
            if channel != Channel.INAPP and (n.recipient_id, n.kind, channel) not in choice.off
        ]
        Delivery.objects.bulk_create(deliveries)
        send_soon([d.pk for d in deliveries if d.status == DeliveryStatus.PENDING])
        _forget_counts(n.recipient_id for n in made)
    return made


def notification_read(*, acting_user: User, notification: Notification) -> Notification:
    """Mark one of one's own notifications read."""
    require_perm(acting_user, "notifications.read", notification)
    if notification.read_at is not None:
        return notification
    with transaction.atomic():
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        audit_record(
            actor=acting_user,
            action="notification.read",
            obj=notification,
            before={"read_at": None},
            after={"read_at": notification.read_at},
        )
        _forget_counts([acting_user.pk])
    return notification


def notifications_read_all(*, acting_user: User) -> int:
    """Mark all of one's unread notifications read; returns how many."""
    with transaction.atomic():
        unread = Notification.objects.filter(recipient=acting_user, read_at__isnull=True)
        ids = list(unread.values_list("pk", flat=True))
        if not ids:
            return 0
        now = timezone.now()
        Notification.objects.filter(pk__in=ids).update(read_at=now)
        audit_record(
            actor=acting_user,
            action="notification.read_all",
            obj=acting_user,
            after={"count": len(ids), "read_at": now},
        )
        _forget_counts([acting_user.pk])
    return len(ids)


def preferences_set(
    *, acting_user: User, off: Iterable[tuple[str, str]], daily_digest: bool
) -> None:
    """Set one's own preferences: the (event, channel) pairs turned off, every other pair
    on, and whether mail comes as one digest a day."""
    wanted = set(off)
    unknown = [(k, c) for k, c in wanted if k not in Kind.values or c not in Channel.values]
    if unknown:
        raise ValidationError(_("通知偏好中有未知的事件或渠道。"))
    with transaction.atomic():
        before = sorted(
            f"{k}:{c}"
            for k, c in Preference.objects.filter(user=acting_user, enabled=False).values_list(
                "kind", "channel"
            )
        )
        mail, _created = MailSetting.objects.get_or_create(user=acting_user)
        before_digest = mail.daily_digest
        after = sorted(f"{k}:{c}" for k, c in wanted)
        if before == after and before_digest == daily_digest:
            return
        Preference.objects.filter(user=acting_user).delete()
        Preference.objects.bulk_create(
            Preference(user=acting_user, kind=k, channel=c, enabled=False)
            for k, c in sorted(wanted)
        )
        mail.daily_digest = daily_digest
        mail.save(update_fields=["daily_digest"])
        audit_record(
            actor=acting_user,
            action="notification.preferences",
            obj=acting_user,
            before={"off": before, "daily_digest": before_digest},
            after={"off": after, "daily_digest": daily_digest},
        )


def template_save(*, acting_user: User, kind: str, subject: str, body: str) -> Template:
    """The office's wording of one event, checked first (a bad template is refused)."""
    require_perm(acting_user, "notifications.edit_templates")
    if kind not in Kind.values:
        raise ValidationError(_("未知的通知事件。"))
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise ValidationError(_("标题模板和正文模板都不能为空。"))
    rendering.compile_template(subject)
    rendering.compile_template(body)
    with transaction.atomic():
        row = Template.objects.select_for_update().filter(kind=kind).first()
        before = (
            snapshot(row, ["subject", "body"])
            if row
            else dict(zip(["subject", "body"], defaults()[kind], strict=True))
        )
        if row is None:
            row = Template(kind=kind)
        row.subject, row.body, row.updated_by = subject, body, acting_user
        row.save()
        audit_record(
            actor=acting_user,
            action="notification.template",
            obj=row,
            before=before,
            after=snapshot(row, ["subject", "body"]),
        )
    return row


def template_reset(*, acting_user: User, kind: str) -> None:
    """Back to the default wording of the code."""
    require_perm(acting_user, "notifications.edit_templates")
    with transaction.atomic():
        row = Template.objects.select_for_update().filter(kind=kind).first()
        if row is None:
            return
        before = snapshot(row, ["subject", "body"])
        audit_record(
            actor=acting_user,
            action="notification.template_reset",
            obj=row,
            before=before,
            after=dict(zip(["subject", "body"], defaults()[kind], strict=True)),
        )
        row.delete()
