"""What waits for a civilization office (文明办) on its home page.

For each campaign the office runs: the stage it is in and what still stands between
that stage and its close (the gate's unmet conditions, with their figures), a stage
that may be opened, and exceptional applications (破格) waiting for a decision. Open
objections and silent departments are conditions of the publicity and screening gates,
so they appear here while those stages run.
"""

from datetime import datetime

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.todo import Todo
from wenming.campaigns.models import Application, Campaign, ExceptionalStatus, Stage
from wenming.campaigns.stage_messages import condition_message
from wenming.campaigns.stages import current_stage, stage_facts
from wenming.documents.style import datetime_words
from wenming.domain.application_states import State
from wenming.domain.stage_gates import Condition, stage_conditions
from wenming.registry.scopes import scope_of

# Exceptional applications have their own line, with a link to where they are decided.
_OWN_LINE = {"exceptional_decided"}
# A condition that only means something once another holds (no answers before sending).
_AFTER = {"all_answered": "screening_sent", "publicity_ended": "published"}


def _when(value: datetime) -> str:
    return datetime_words(value)


def office_campaigns(user: User) -> list[Campaign]:
    """The campaigns the user's office runs (an administrator: every campaign)."""
    scope = scope_of(user)
    if not scope.is_office:
        return []
    campaigns = Campaign.objects.select_related("office").prefetch_related("stages")
    if not scope.is_admin:
        campaigns = campaigns.filter(office__path__in=scope.office_paths)
    return list(campaigns.order_by("-edition", "office__path", "pk"))


def _exceptional_pending(campaigns: list[Campaign]) -> dict[int, int]:
    """Per campaign, how many submitted applications wait for an exceptional decision."""
    return dict(
        Application.objects.filter(
            campaign__in=campaigns,
            status=State.SUBMITTED,
            exceptional=ExceptionalStatus.PENDING,
        )
        .values("campaign")
        .annotate(n=Count("pk"))
        .values_list("campaign", "n")
    )


def office_todo(user: User) -> list[Todo]:
    """Each campaign's lines: exceptional applications to decide, then its stage's."""
    campaigns = office_campaigns(user)
    if not campaigns:
        return []
    now = timezone.now()
    pending = _exceptional_pending(campaigns)
    items: list[Todo] = []
    for campaign in campaigns:
        stage = current_stage(campaign)
        if stage is None:
            continue  # named and closed: nothing waits
        if pending.get(campaign.pk):
            items.append(
                Todo(
                    label=_("破格申报待审批"),
                    count=pending[campaign.pk],
                    url=reverse("campaigns:quotas", args=[campaign.pk]),
                    detail=_("在名额使用页审批"),
                    urgent=True,
                    group=campaign.name,
                )
            )
        items += _stage_lines(campaign, stage, now, bool(pending.get(campaign.pk)))
    return items


def _stage_lines(campaign: Campaign, stage: Stage, now: datetime, pending: bool) -> list[Todo]:
    """The current stage's lines: waiting to open; else each unmet condition of its gate,
    or, with none (and no exceptional application pending), that it may be closed."""
    url = reverse("campaigns:detail", args=[campaign.pk])
    label = stage.get_kind_display()
    group = campaign.name
    if now < stage.opens_at:
        return [
            Todo(
                label=_("%(stage)s阶段待开启") % {"stage": label},
                count=1,
                url=url,
                detail=_("计划 %(opens)s 开始，可在届次页提前开启")
                % {"opens": _when(stage.opens_at)},
                group=group,
            )
        ]
    overdue = now > stage.closes_at
    detail = (
        _("%(stage)s阶段已于 %(closes)s 截止，尚未结束")
        if overdue
        else _("%(stage)s阶段，%(closes)s 截止")
    ) % {"stage": label, "closes": _when(stage.closes_at)}
    unmet = _unmet_conditions(campaign, stage, now)
    items = [
        Todo(
            label=condition_message(condition),
            count=int(str(condition.params.get("count") or 1)),
            url=url,
            detail=detail,
            urgent=overdue,
            group=group,
        )
        for condition in unmet
    ]
    if not unmet and not pending:
        # Nothing stands in the way: after the deadline the stage waits for the office
        # to close it; before, it runs (closing it early needs a reason).
        items.append(
            Todo(
                label=(
                    _("%(stage)s阶段已可结束")
                    if overdue
                    else _("%(stage)s阶段进行中，结束条件已满足")
                )
                % {"stage": label},
                count=1,
                url=url,
                detail=detail if overdue else detail + _("；提前结束须说明原因"),
                urgent=overdue,
                group=group,
            )
        )
    return items


def _unmet_conditions(campaign: Campaign, stage: Stage, now: datetime) -> list[Condition]:
    """The gate's unmet conditions that deserve a line of their own."""
    stage.campaign = campaign  # the providers read the campaign; it is here already
    conditions = stage_conditions(stage_facts(stage, now))
    failed = {c.code for c in conditions if not c.met}
    return [
        c
        for c in conditions
        if not c.met and c.code not in _OWN_LINE and _AFTER.get(c.code) not in failed
    ]
