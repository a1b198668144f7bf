"""Audit events: who did what to which object, when, from what to what.

Events are append-only and chained. The writer gives each event its number (``id``),
its transaction (``xact``) and ``mac``, the HMAC-SHA256 under a key kept outside the
database (:mod:`wenming.audit.keys`) of that number and its content. Shortly after, the
sealer (:mod:`wenming.audit.sealing`) links it into the chain: ``hash`` is the HMAC of the
previous event's hash and this ``mac``. An edited or deleted row then breaks the chain at
the first place it was touched, a copied row carries a number its ``mac`` does not cover,
and a chain rewritten without the key does not verify (``manage.py audit_verify``).
Deleting the newest events is found against the signed checkpoints
(:mod:`wenming.audit.checkpoints`). Events written before sealing existed have no ``mac``
and their ``hash`` covers their content directly (:func:`chain_hash`).
"""

import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .keys import sign


class AppendOnlyError(RuntimeError):
    """Audit events are never changed or deleted through the application."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit events are append-only")

    def for_object(self, obj: models.Model) -> "AuditEventQuerySet":
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


#: The actions recorded many times over on one object: a self-mark or an assessor's mark,
#: one event per clause and save, on the application. An object's workflow history
#: (``selectors.timeline_for``) leaves them out, and the partial index ``audit_workflow``
#: holds the other events alone, so reading that history stays one short index scan
#: however many marks were saved.
FREQUENT_ACTIONS = ("application.self_mark", "assessment.mark_save")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,  # the record outlives the account
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=64, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64)
    object_id = models.CharField(_("对象编号"), max_length=64)
    object_repr = models.CharField(_("对象"), max_length=255, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    #: The writing transaction (PostgreSQL's ``pg_current_xact_id()``; 0 on SQLite, and
    #: for events written before sealing): the chain's order is (xact, id).
    xact = models.BigIntegerField(default=0)
    #: The writer's HMAC of the event's number and content; "" on the oldest events.
    mac = models.CharField(max_length=64, blank=True, default="")
    # Both NULL until the sealer links the event into the chain: NULL, not "", since the
    # hash is unique and "not yet sealed" must not collide.
    prev_hash = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    hash = models.CharField(max_length=64, unique=True, null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "id"]),
            models.Index(
                fields=["object_type", "object_id", "id"],
                name="audit_workflow",
                condition=~models.Q(action__in=FREQUENT_ACTIONS),
            ),
            models.Index(fields=["xact", "id"], name="audit_chain_order"),
            # The sealer's work list stays small however long the chain grows.
            models.Index(
                fields=["xact", "id"], name="audit_unsealed", condition=models.Q(hash__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit events are append-only")

    def payload(self) -> dict[str, Any]:
        """What the chain's hash covers, besides the previous hash."""
        return {
            "at": self.at.isoformat(),
            "actor": self.actor_id,
            "actor_name": self.actor_name,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "before": self.before,
            "after": self.after,
        }

    @property
    def sealed(self) -> bool:
        return self.hash is not None

    def compute_mac(self, key: bytes) -> str:
        return event_mac(key, self.pk, self.payload())

    def compute_hash(self, key: bytes) -> str:
        """The link this event must carry after ``prev_hash`` (the oldest events' form
        when it has no ``mac``)."""
        prev = self.prev_hash or ""
        if self.mac:
            return link_hash(key, prev, self.mac)
        return chain_hash(key, prev, self.payload())


def _body(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _message(prev_hash: str, payload: dict[str, Any]) -> bytes:
    return (prev_hash + "\n" + _body(payload)).encode()


def event_mac(key: bytes, number: int, payload: dict[str, Any]) -> str:
    """The writer's HMAC of an event's number and a canonical JSON form of its content.
    The prefix keeps it from ever passing for a link or a checkpoint's signature."""
    return sign(key, f"audit-event\n{number}\n{_body(payload)}".encode())


def link_hash(key: bytes, prev_hash: str, mac: str) -> str:
    """The sealer's link: the HMAC of the previous event's hash and this event's ``mac``."""
    return sign(key, f"audit-link\n{prev_hash}\n{mac}".encode())


def chain_hash(key: bytes, prev_hash: str, payload: dict[str, Any]) -> str:
    """The HMAC-SHA256, under the audit key, of the previous hash and a canonical JSON
    form of the event: the link of the events written before sealing (no ``mac``)."""
    return sign(key, _message(prev_hash, payload))


def unkeyed_chain_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    """The plain SHA-256 the chain used before it was keyed (read by ``audit_rekey`` only)."""
    return hashlib.sha256(_message(prev_hash, payload)).hexdigest()


class LoginSubject(models.Model):
    """The name someone signed in as, when it names no account: the object of a failed
    login or a lockout for an unknown username (:mod:`wenming.audit.logins`).

    No table: an instance is only the audit event's object (``audit.loginsubject``, the
    username as its id), and its fields give the login events' payload its labels and
    choices on the history pages."""

    username = models.CharField(_("登录名"), max_length=150, primary_key=True)
    address = models.CharField(_("客户端地址"), max_length=64, blank=True)
    outcome = models.CharField(
        _("结果"),
        max_length=16,
        choices=[
            ("success", _("登录成功")),
            ("failed", _("登录失败")),
            ("locked_out", _("账号已锁定")),
            ("logged_out", _("已退出")),
        ],
    )

    class Meta:
        managed = False
        verbose_name = _("登录名")
        verbose_name_plural = _("登录名")

    def __str__(self) -> str:
        return self.username
