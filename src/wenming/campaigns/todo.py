"""What campaigns wait for (待办): an applicant's drafts and returned applications, and
each campaign taking applications that it has not applied in; a recommending unit's
applications to review and places left. Registered in
``CampaignsConfig.ready``; each provider reads with a fixed number of queries."""

from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.todo import Todo, register_todo
from wenming.documents.style import datetime_words
from wenming.domain.application_states import State
from wenming.registry.models import Body, Organization, Region
from wenming.registry.scopes import scope_of

from .models import Application, Quota, Stage, StageKind
from .selectors.applications import holds_place


def _when(value: datetime) -> str:
    return datetime_words(value)


def _stage_closed(kind: StageKind, prefix: str = "campaign") -> Exists:
    """The campaign's stage of ``kind`` was closed by the office (nothing left to do)."""
    return Exists(
        Stage.objects.filter(campaign=OuterRef(prefix), kind=kind, closed_at__isnull=False)
    )


def applicant_todo(user: User) -> list[Todo]:
    """Each draft or returned application of the organizations the user applies for."""
    organization_ids = scope_of(user).organization_ids
    if not organization_ids:
        return []
    applications = (
        Application.objects.filter(
            organization_id__in=organization_ids, status__in=(State.DRAFT, State.RETURNED)
        )
        .exclude(_stage_closed(StageKind.APPLICATION))
        .select_related("campaign", "award", "organization")
        .order_by("campaign_id", "pk")
    )
    stages = {
        s.campaign_id: s
        for s in Stage.objects.filter(
            campaign__in={a.campaign_id for a in applications}, kind=StageKind.APPLICATION
        )
    }
    now = timezone.now()
    items = []
    for application in applications:
        stage = stages.get(application.campaign_id)
        returned = application.status == State.RETURNED
        label = (
            _("退回修改：%(organization)s · %(award)s")
            if returned
            else _("填报中：%(organization)s · %(award)s")
        )
        detail = application.campaign.name
        if stage is not None:
            detail = _("%(campaign)s，申报 %(deadline)s 截止") % {
                "campaign": application.campaign.name,
                "deadline": _when(stage.closes_at),
            }
        items.append(
            Todo(
                label=label
                % {"organization": application.organization.name, "award": application.award.label},
                count=1,
                url=reverse("campaigns:application", args=[application.pk]),
                detail=detail,
                urgent=returned or bool(stage and now > stage.closes_at),
                group=_("申报"),
            )
        )
    return items + _not_applied(organization_ids, now)


def _not_applied(organization_ids: tuple[int, ...], now: datetime) -> list[Todo]:
    """Each campaign taking applications now (its application stage open) over the
    region of an organization that has not applied in it: the call to apply."""
    organizations = list(
        Organization.objects.filter(pk__in=organization_ids).select_related("region")
    )
    paths = {p for o in organizations for p in _ancestors(o.region.path)}
    stages = list(
        Stage.objects.filter(
            kind=StageKind.APPLICATION,
            closed_at__isnull=True,
            opens_at__lte=now,
            closes_at__gte=now,
            campaign__office__path__in=paths,
        )
        .select_related("campaign__office")
        .order_by("closes_at", "campaign_id")
    )
    applied = set(
        Application.objects.filter(
            organization__in=organizations, campaign__in=[s.campaign_id for s in stages]
        ).values_list("organization_id", "campaign_id")
    )
    return [
        Todo(
            label=_("可申报：%(organization)s 尚未申报") % {"organization": o.name},
            count=1,
            url=reverse("campaigns:workspace", args=[s.campaign_id]),
            detail=_("%(campaign)s，申报 %(deadline)s 截止")
            % {"campaign": s.campaign.name, "deadline": _when(s.closes_at)},
            group=_("申报"),
        )
        for s in stages
        for o in organizations
        if o.region.path.startswith(s.campaign.office.path) and (o.pk, s.campaign_id) not in applied
    ]


def _ancestors(path: str) -> list[str]:
    """``a/b/c/`` → ``a/``, ``a/b/``, ``a/b/c/``: the regions a path lies in."""
    parts = path.strip("/").split("/")
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def _unit_name(region: Region | None, body: Body | None, office_id: int) -> str:
    if body is not None:
        return body.name
    if region is None:
        raise ValueError("a recommending unit is an office or a body")
    if region.pk == office_id:
        return _("%(name)s文明办（直接申报单位）") % {"name": region.name}
    return _("%(name)s文明办") % {"name": region.name}


def recommending_unit_todo(user: User) -> list[Todo]:
    """A county office or supervising body: per campaign still recommending, how many
    applications wait for its review, and per award how many places are left."""
    scope = scope_of(user)
    if scope.is_admin or not (scope.office_paths or scope.body_ids):
        return []
    unit = Q(pk__in=[])
    if scope.office_paths:
        unit |= Q(region__path__in=scope.office_paths, body__isnull=True)
    if scope.body_ids:
        unit |= Q(body_id__in=scope.body_ids, body__supervises=True, region__isnull=True)
    open_campaigns = ~_stage_closed(StageKind.RECOMMENDATION)
    waiting = (
        Application.objects.filter(unit, status=State.SUBMITTED)
        .filter(open_campaigns)
        .values("campaign_id", "campaign__name", "region_id", "body_id")
        .annotate(n=Count("pk"))
        .order_by("campaign_id", "region_id", "body_id")
    )
    items = [
        Todo(
            label=_("待审核推荐的申报"),
            count=row["n"],
            url=reverse("campaigns:review", args=[row["campaign_id"]]),
            detail=row["campaign__name"],
            group=_("审核推荐"),
        )
        for row in waiting
    ]
    quotas = list(
        Quota.objects.filter(unit, places__gt=0)
        .filter(~_stage_closed(StageKind.RECOMMENDATION, prefix="award__campaign"))
        .select_related("award__campaign", "region", "body")
        .order_by("award__campaign_id", "award_id", "pk")
    )
    used: dict[tuple[int, int | None, int | None], int] = {
        (row["award_id"], row["region_id"], row["body_id"]): row["n"]
        for row in Application.objects.filter(
            holds_place(), award_id__in=[q.award_id for q in quotas]
        )
        .values("award_id", "region_id", "body_id")
        .annotate(n=Count("pk"))
        .order_by()
    }
    for quota in quotas:
        left = quota.places - used.get((quota.award_id, quota.region_id, quota.body_id), 0)
        campaign = quota.award.campaign
        items.append(
            Todo(
                label=_("剩余名额：%(award)s") % {"award": quota.award.label},
                count=max(left, 0),
                url=reverse("campaigns:review", args=[campaign.pk]),
                detail=_("%(campaign)s · %(unit)s，名额 %(places)d 个")
                % {
                    "campaign": campaign.name,
                    "unit": _unit_name(quota.region, quota.body, campaign.office_id),
                    "places": quota.places,
                },
                group=_("审核推荐"),
            )
        )
    return items


def register() -> None:
    register_todo(applicant_todo)
    register_todo(recommending_unit_todo)
