"""Verifying the audit trail: the keyed chain, then every signed checkpoint.

:func:`verify_chain` is what ``manage.py audit_verify`` runs and what the audit
administrator's page shows: whether the trail holds, how many events, the newest hash,
and each problem named in Chinese. It first seals what can be sealed
(:mod:`wenming.audit.sealing`), then checks every sealed event's ``mac`` and link in the
chain's order, every unsealed event's ``mac``, and how long the oldest unsealed event has
waited. The chain alone finds an edited row, a row deleted or moved in the middle, a row
copied by hand and a chain rewritten without the key; the checkpoints also find the
newest events deleted, and a chain rewritten since a checkpoint.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .checkpoints import (
    CHECKPOINT_ACTION,
    BadLine,
    Checkpoint,
    CheckpointStore,
    checkpoints_read,
)
from .keys import audit_key
from .models import AuditEvent, unkeyed_chain_hash
from .sealing import GENESIS, chain_seal

#: Seconds ``audit_verify`` waits for older transactions before counting events unsealed.
SEAL_PATIENCE = 5.0
#: An event still unsealed this long after it was written fails the verification (the
#: setting ``AUDIT_UNSEALED_MAX_AGE``, in seconds, overrides it).
UNSEALED_MAX_AGE = 600


@dataclass(frozen=True)
class ChainBreak:
    """The first event whose chain is broken, and how."""

    event_id: int
    reason: str  # "hash" (the row was changed) or "link" (a row before it is missing or changed)


@dataclass(frozen=True)
class Verification:
    """The outcome: ``ok`` when there is no problem; ``head`` is the newest event's hash."""

    ok: bool
    count: int
    head: str
    problems: list[str] = field(default_factory=list)
    checkpoints: int = 0  # how many signed checkpoints were checked
    unsealed: int = 0  # events written but not yet in the chain (older transactions open)


def _events() -> Iterator[AuditEvent]:
    """The sealed events, in the chain's order."""
    sealed = AuditEvent.objects.filter(hash__isnull=False)
    return sealed.order_by("xact", "id").iterator(chunk_size=5000)


def walk_chain(key: bytes | None = None) -> tuple[int, ChainBreak | None]:
    """The chain alone, from the start: how many events held, and the first break."""
    walk = _walk(key if key is not None else audit_key(), {})
    return walk.checked, walk.broken


def when(at: datetime) -> str:
    """A checkpoint's time as people read it (2026年12月1日 10:00)."""
    local = timezone.localtime(at)
    return _("%(y)d年%(m)d月%(d)d日 %(hm)s") % {
        "y": local.year,
        "m": local.month,
        "d": local.day,
        "hm": f"{local:%H:%M}",
    }


def _break_message(broken: ChainBreak, checked: int, unkeyed: bool) -> str:
    if unkeyed:
        return _(
            "审计链仍是未加密钥的旧格式（SHA-256），无法证明未被改写：请设置 AUDIT_HMAC_KEY 后"
            "运行 manage.py audit_rekey。"
        )
    reason = (
        _("该事件内容被改动")
        if broken.reason == "hash"
        else _("与前一事件的链接断开（前面的事件被改动或删除）")
    )
    return _("审计链在事件 #%(id)d 处断开：%(reason)s。此前 %(n)d 条事件完整。") % {
        "id": broken.event_id,
        "reason": reason,
        "n": checked,
    }


def _bad_line_message(bad: BadLine) -> str:
    where = {"file": bad.line.source, "line": bad.line.number}
    if bad.reason == "signature":
        return (
            _(
                "检查点文件 %(file)s 第 %(line)d 行的签名不符："
                "该检查点被改动，或不是用本系统的密钥签发的。"
            )
            % where
        )
    return _("检查点文件 %(file)s 第 %(line)d 行无法读取：该行被改动或截断。") % where


@dataclass
class _Walk:
    """What one pass over the events found."""

    count: int = 0
    head: str = GENESIS
    checked: int = 0
    broken: ChainBreak | None = None
    unkeyed: bool = False
    rewritten: list[tuple[Checkpoint, int]] = field(default_factory=list)  # (checkpoint, id)
    thinned: list[tuple[Checkpoint, int]] = field(default_factory=list)  # (checkpoint, count)
    recorded: list[int] = field(default_factory=list)  # the ids of the checkpoints' events


def _walk(key: bytes, by_head: dict[int, list[Checkpoint]]) -> _Walk:
    """One pass: the first break of the chain, and each checkpoint met on the way."""
    walk = _Walk()
    for event in _events():
        walk.count += 1
        if walk.broken is None:
            if event.prev_hash != walk.head:
                walk.broken = ChainBreak(event.pk, "link")
            elif (event.mac and event.compute_mac(key) != event.mac) or (
                event.compute_hash(key) != event.hash
            ):
                walk.broken = ChainBreak(event.pk, "hash")
                walk.unkeyed = walk.checked == 0 and event.hash == unkeyed_chain_hash(
                    event.prev_hash, event.payload()
                )
            else:
                walk.checked += 1
        walk.head = event.hash or GENESIS  # sealed: never NULL here
        if event.action == CHECKPOINT_ACTION:
            walk.recorded.append(event.pk)
        for checkpoint in by_head.pop(event.pk, []):
            if checkpoint.head_hash != event.hash:
                walk.rewritten.append((checkpoint, event.pk))
            elif walk.count < checkpoint.count:
                walk.thinned.append((checkpoint, walk.count))
    return walk


def _checkpoint_problems(walk: _Walk, missing: list[Checkpoint]) -> list[str]:
    problems = []
    if walk.rewritten:
        checkpoint, event_id = walk.rewritten[0]
        problems.append(
            _("审计链在第 %(id)d 条被改写：检查点 %(at)s 记录的哈希与现有的不符。")
            % {"id": event_id, "at": when(checkpoint.at)}
        )
    if walk.thinned:
        checkpoint, count = walk.thinned[-1]
        problems.append(
            _(
                "检查点 %(at)s 之前的 %(n)d 条审计事件已被删除"
                "（检查点记录了 %(cp)d 条，现有 %(now)d 条）。"
            )
            % {
                "at": when(checkpoint.at),
                "n": checkpoint.count - count,
                "cp": checkpoint.count,
                "now": count,
            }
        )
    if missing:
        newest = max(missing, key=lambda c: (c.count, c.head_id))
        lost = newest.count - walk.count
        if lost > 0:
            message = _(
                "最新的 %(n)d 条审计事件已被删除"
                "（检查点 %(at)s 记录了 %(cp)d 条，现有 %(now)d 条）。"
            )
        else:
            message = _("检查点 %(at)s 记录的最新事件 #%(id)d 已不存在：审计事件被删除后又被补写。")
        problems.append(
            message
            % {
                "n": lost,
                "at": when(newest.at),
                "cp": newest.count,
                "now": walk.count,
                "id": newest.head_id,
            }
        )
    return problems


def _missing_files_problem(walk: _Walk, checkpoints: list[Checkpoint]) -> list[str]:
    """The chain says a checkpoint was written that no stored checkpoint matches: its file
    (or line) was deleted, as an attacker who also deleted the newest events would."""
    heads = {c.head_id for c in checkpoints}
    present = sum(1 for event_id in walk.recorded if event_id in heads)
    if present == len(walk.recorded):
        return []
    return [
        _("检查点文件缺失：审计链记录了 %(n)d 次检查点，现有 %(m)d 个。请从备份恢复检查点目录。")
        % {"n": len(walk.recorded), "m": present}
    ]


def _unsealed_problems(key: bytes, max_age: int) -> tuple[int, list[str]]:
    """How many events wait to be sealed, a forged one among them, and whether the oldest
    has waited longer than ``max_age`` seconds."""
    count = 0
    forged: AuditEvent | None = None
    oldest: AuditEvent | None = None
    for event in AuditEvent.objects.filter(hash__isnull=True).order_by("xact", "id"):
        count += 1
        if forged is None and (not event.mac or event.compute_mac(key) != event.mac):
            forged = event
        if oldest is None or event.at < oldest.at:
            oldest = event
    problems = []
    if forged is not None:
        problems.append(
            _("尚未封存的审计事件 #%(id)d 签名不符：该事件被改动，或不是本系统写入的。")
            % {"id": forged.pk}
        )
    if oldest is not None and oldest.at < timezone.now() - timedelta(seconds=max_age):
        problems.append(
            _(
                "%(n)d 条审计事件超过 %(minutes)d 分钟仍未封存（最早的是事件 #%(id)d，"
                "写于 %(at)s）：有长时间未结束的数据库事务，或封存任务没有运行。"
            )
            % {"n": count, "minutes": max_age // 60, "id": oldest.pk, "at": when(oldest.at)}
        )
    return count, problems


def verify_chain(
    *, store: CheckpointStore | None = None, max_unsealed_age: int | None = None
) -> Verification:
    """Seal what can be sealed, then check the whole trail with the key, and against
    every signed checkpoint. An event unsealed for longer than ``max_unsealed_age``
    seconds (``AUDIT_UNSEALED_MAX_AGE``, 10 minutes) is a problem."""
    key = audit_key()
    chain_seal(patience=SEAL_PATIENCE)
    if max_unsealed_age is None:
        max_unsealed_age = int(getattr(settings, "AUDIT_UNSEALED_MAX_AGE", UNSEALED_MAX_AGE))
    checkpoints, bad_lines = checkpoints_read(key, store)
    by_head: dict[int, list[Checkpoint]] = {}
    for checkpoint in checkpoints:
        if checkpoint.head_id:  # a checkpoint of the empty chain has nothing to meet
            by_head.setdefault(checkpoint.head_id, []).append(checkpoint)
    walk = _walk(key, by_head)
    problems = [_bad_line_message(bad) for bad in bad_lines]
    if walk.broken is not None:
        problems.append(_break_message(walk.broken, walk.checked, walk.unkeyed))
    missing = [c for group in by_head.values() for c in group]
    problems += _checkpoint_problems(walk, missing)
    problems += _missing_files_problem(walk, checkpoints)
    unsealed, waiting = _unsealed_problems(key, max_unsealed_age)
    problems += waiting
    return Verification(not problems, walk.count, walk.head, problems, len(checkpoints), unsealed)
