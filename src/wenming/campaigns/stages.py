"""The office drives a campaign through its stages: open, act, close once the gate holds.

A stage's actions run only while it is open: within its window, not closed, and after
the stage before it was closed (``require_stage_open``, which every stage-bound service
calls). The office closes a stage when the gate of ``wenming.domain.stage_gates``
holds; closing before the deadline needs a reason. Opening a stage early moves its
start to now. Every open and close is audited.

The facts a gate reads belong to the apps that keep them (assessment, screening,
publicity, committee): each registers a provider for its stage in its ``AppConfig.ready``
through ``register_stage``, so this app never imports the ones above it. A provider may
also give an ``on_close`` that runs in the closing transaction (the assessment freezes
its ranking, screening moves the screened applicants on).
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record, snapshot
from wenming.compiled import compiled
from wenming.documents.style import datetime_words
from wenming.domain.stage_gates import (
    Condition,
    StageFacts,
    StageKind,
    closing_early,
    previous_stage,
    stage_conditions,
    stage_notices,
    unmet,
)

from .models import Campaign, Stage
from .models import StageKind as StageChoice
from .stage_messages import condition_message, notice_message

FactsProvider = Callable[[Campaign, StageFacts], StageFacts]
OnClose = Callable[[User, Campaign], None]


@dataclass(frozen=True)
class _Provider:
    facts: FactsProvider
    on_close: OnClose | None


_PROVIDERS: dict[StageKind, list[_Provider]] = {}


def register_stage(
    kind: StageKind | str, facts: FactsProvider, on_close: OnClose | None = None
) -> None:
    """An app reports the facts of ``kind``'s gate (and may act when it closes).

    Registering the same function twice (a reloaded app config) keeps one."""
    providers = _PROVIDERS.setdefault(StageKind(kind), [])
    if all(p.facts is not facts for p in providers):
        providers.append(_Provider(facts, on_close))


def _local(value: datetime) -> str:
    return datetime_words(value)


class StageClosed(ValidationError):
    """The stage is not open for its actions: not started, past its deadline, closed,
    or the stage before it is still open."""

    def __init__(self, stage: Stage, blocking: Stage | None = None) -> None:
        label = stage.get_kind_display()
        if blocking is not None:
            message = _("%(previous)s阶段尚未结束，%(stage)s阶段还不能办理。") % {
                "previous": blocking.get_kind_display(),
                "stage": label,
            }
        elif stage.closed_at is not None:
            message = _("%(stage)s阶段已于 %(at)s 结束。") % {
                "stage": label,
                "at": _local(stage.closed_at),
            }
        elif timezone.now() < stage.opens_at:
            message = _("%(stage)s阶段尚未开始（%(opens)s 开始）。") % {
                "stage": label,
                "opens": _local(stage.opens_at),
            }
        else:
            message = _("%(stage)s阶段已于 %(closes)s 截止，逾期不予受理。") % {
                "stage": label,
                "closes": _local(stage.closes_at),
            }
        super().__init__(message, code="stage_closed")
        self.stage = stage


def _stage(campaign: Campaign, kind: StageKind | str) -> Stage:
    try:
        return Stage.objects.get(campaign=campaign, kind=StageKind(kind))
    except Stage.DoesNotExist:  # every campaign has all its stages (campaign_create)
        raise ValidationError(
            _("本届次没有设置%(stage)s阶段。") % {"stage": StageChoice(kind).label},
            code="stage_missing",
        ) from None


def _blocking(stage: Stage) -> Stage | None:
    """The earlier stage still not closed, if any."""
    before = previous_stage(stage.kind)
    if before is None:
        return None
    return _unclosed(Stage.objects.filter(campaign_id=stage.campaign_id, kind=before).first())


def _unclosed(earlier: Stage | None) -> Stage | None:
    """The stage before another, when it is still not closed (and so blocks it)."""
    return earlier if earlier is not None and earlier.closed_at is None else None


def stage_is_open(stage: Stage, now: datetime | None = None) -> bool:
    """Whether the stage's actions are allowed now (what pages show as 进行中)."""
    return stage.is_open(now) and _blocking(stage) is None


@compiled
def stage_of(campaign_pk: int, kind: str) -> QuerySet[Stage]:
    """A campaign's stage of this kind (one of the pages opened most: compiled once)."""
    return Stage.objects.filter(campaign_id=campaign_pk, kind=kind).order_by("pk")[:1]


@compiled
def _stage_and_earlier(campaign_pk: int, kind: str, earlier: str) -> QuerySet[Stage]:
    # Every stage-bound save reads these: compiled once (wenming.compiled).
    return Stage.objects.filter(campaign_id=campaign_pk, kind__in=[kind, earlier]).order_by()


def require_stage_open(
    campaign: Campaign, kind: StageKind | str, now: datetime | None = None
) -> Stage:
    """The stage, or StageClosed when its actions are not allowed at ``now``.

    Every stage-bound save calls this, so the stage and the one before it (which must be
    closed, as ``_blocking`` says) are read in one query."""
    kind = StageKind(kind)
    before = previous_stage(kind)
    earlier = before.value if before is not None else kind.value
    stages = {str(s.kind): s for s in _stage_and_earlier.list(campaign.pk, kind.value, earlier)}
    # A missing stage: _stage says so (every campaign has all its stages).
    stage = stages.get(kind.value) or _stage(campaign, kind)
    blocking = _unclosed(stages.get(before.value)) if before is not None else None
    if blocking is not None:
        raise StageClosed(stage, blocking)
    if not stage.is_open(now):
        raise StageClosed(stage)
    return stage


@dataclass(frozen=True)
class GateLine:
    """One condition of a stage's gate as a page shows it."""

    code: str
    met: bool
    message: str


def stage_facts(stage: Stage, now: datetime | None = None) -> StageFacts:
    facts = StageFacts(
        kind=StageKind(stage.kind), now=now or timezone.now(), closes_at=stage.closes_at
    )
    for provider in _PROVIDERS.get(StageKind(stage.kind), []):
        facts = provider.facts(stage.campaign, facts)
    return facts


def stage_gate(stage: Stage, now: datetime | None = None) -> list[GateLine]:
    """Every condition of closing ``stage``, met or not, in Chinese."""
    facts = stage_facts(stage, now)
    return [_line(c) for c in stage_conditions(facts)]


def _line(condition: Condition) -> GateLine:
    return GateLine(condition.code, condition.met, condition_message(condition))


STAGE_FIELDS = ["opens_at", "closes_at", "opened_at", "closed_at", "close_reason"]


def stage_close(*, acting_user: User, stage: Stage, reason: str = "") -> Stage:
    """Close a stage once its gate holds; before its deadline only with a reason.

    Closing is final: the stage's actions stop and the next stage may open."""
    campaign = stage.campaign
    require_perm(acting_user, "campaigns.manage_campaign", campaign)
    reason = reason.strip()
    with transaction.atomic():
        current = Stage.objects.select_for_update().get(pk=stage.pk)
        if current.closed_at is not None:
            raise ValidationError(
                _("%(stage)s阶段已经结束。") % {"stage": current.get_kind_display()},
                code="already_closed",
            )
        blocking = _blocking(current)
        if blocking is not None:
            raise StageClosed(current, blocking)
        now = timezone.now()
        if now < current.opens_at:
            raise StageClosed(current)
        facts = stage_facts(current, now)
        problems = unmet(facts)
        if problems:
            raise ValidationError(
                [ValidationError(condition_message(c), code=c.code) for c in problems]
            )
        if closing_early(facts) and not reason:
            raise ValidationError(
                _("%(stage)s阶段截止时间为 %(closes)s，提前结束须说明原因。")
                % {"stage": current.get_kind_display(), "closes": _local(current.closes_at)},
                code="reason_required",
            )
        before = snapshot(current, STAGE_FIELDS)
        for provider in _PROVIDERS.get(StageKind(current.kind), []):
            if provider.on_close is not None:
                provider.on_close(acting_user, campaign)
        current.closed_at = now
        current.closed_by = acting_user
        current.close_reason = reason
        current.save(update_fields=["closed_at", "closed_by", "close_reason"])
        audit_record(
            actor=acting_user,
            action="stage.close",
            obj=current,
            before=before,
            after=snapshot(current, STAGE_FIELDS),
        )
    return current


def stage_open(*, acting_user: User, stage: Stage, closes_at: datetime | None = None) -> Stage:
    """Open a stage now, once the stage before it was closed.

    A stage planned for later starts now; a new deadline may be given, and must be
    given when the planned one has passed."""
    require_perm(acting_user, "campaigns.manage_campaign", stage.campaign)
    with transaction.atomic():
        current = Stage.objects.select_for_update().get(pk=stage.pk)
        label = current.get_kind_display()
        if current.closed_at is not None:
            raise ValidationError(
                _("%(stage)s阶段已经结束，不能再开启。") % {"stage": label}, code="already_closed"
            )
        blocking = _blocking(current)
        if blocking is not None:
            raise StageClosed(current, blocking)
        now = timezone.now()
        deadline = closes_at or current.closes_at
        if deadline <= now:
            raise ValidationError(
                _("%(stage)s阶段的截止时间 %(closes)s 已过，开启时请设定新的截止时间。")
                % {"stage": label, "closes": _local(deadline)},
                code="deadline_past",
            )
        before = snapshot(current, STAGE_FIELDS)
        current.opens_at = min(current.opens_at, now)
        current.closes_at = deadline
        current.opened_at = now
        current.opened_by = acting_user
        current.save(update_fields=["opens_at", "closes_at", "opened_at", "opened_by"])
        audit_record(
            actor=acting_user,
            action="stage.open",
            obj=current,
            before=before,
            after=snapshot(current, STAGE_FIELDS),
        )
    return current


def current_stage(campaign: Campaign) -> Stage | None:
    """The first stage not yet closed (None once naming is closed)."""
    stages = {s.kind: s for s in campaign.stages.all()}
    for kind in StageKind:
        stage = stages.get(kind.value)
        if stage is not None and stage.closed_at is None:
            return stage
    return None


def with_kind(facts: StageFacts, **changes: Any) -> StageFacts:
    """A provider's way to add its facts (``dataclasses.replace`` under a public name)."""
    return replace(facts, **changes)


@dataclass(frozen=True)
class StageLine:
    """A stage as the campaign page shows it: its state, and for the stage the office
    is working on, its gate."""

    stage: Stage
    state: str  # closed, open, overdue, waiting, upcoming
    extended: bool
    gate: list[GateLine]
    can_close: bool
    can_open: bool
    early: bool  # closing it now would be before its deadline
    notices: list[str] = field(default_factory=list)  # said before closing, not stopping it


def stage_timeline(campaign: Campaign, now: datetime | None = None) -> list[StageLine]:
    """Every stage in order with its state; the gate of the first stage not closed."""
    now = now or timezone.now()
    stages = {s.kind: s for s in campaign.stages.prefetch_related("extensions")}
    lines = []
    previous_closed = True
    current_found = False
    for kind in StageKind:
        stage = stages.get(kind.value)
        if stage is None:
            continue
        extended = bool(stage.extensions.all())
        gate: list[GateLine] = []
        notices: list[str] = []
        can_close = can_open = False
        if stage.closed_at is not None:
            state = "closed"
        elif not previous_closed:
            state = "waiting"
        elif now < stage.opens_at:
            state = "upcoming"
            can_open = True
        elif now > stage.closes_at:
            state = "overdue"
        else:
            state = "open"
        if stage.closed_at is None and not current_found:
            current_found = True
            if state in ("open", "overdue"):  # an unopened stage's ✗ lines would only alarm
                facts = stage_facts(stage, now)
                gate = [_line(c) for c in stage_conditions(facts)]
                notices = [notice_message(c) for c in stage_notices(facts)]
                can_close = all(line.met for line in gate)
        early = now < stage.closes_at
        lines.append(StageLine(stage, state, extended, gate, can_close, can_open, early, notices))
        previous_closed = stage.closed_at is not None
    return lines
