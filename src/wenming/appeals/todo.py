"""What appeals wait for (待办): an applicant's frozen results it may still appeal against,
and the office's appeals to answer (they hold screening's close). Registered in
``AppealsConfig.ready``."""

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.todo import Todo, register_todo
from wenming.assessment.models import RankingResult
from wenming.campaigns.models import Application, Stage
from wenming.domain.stage_gates import StageKind
from wenming.registry.scopes import scope_of

from .messages import day
from .models import Appeal, AppealStatus
from .selectors import Window, window_of


def applicant_todo(user: User) -> list[Todo]:
    """Each application of the user's organizations ranked in a frozen version, not yet
    appealed, while its window is open: its result can be read and appealed against."""
    organization_ids = scope_of(user).organization_ids
    if not organization_ids:
        return []
    frozen = RankingResult.objects.filter(
        application=OuterRef("pk"), version__frozen_at__isnull=False
    )
    closed = Stage.objects.filter(
        campaign=OuterRef("campaign"), kind=StageKind.SCREENING, closed_at__isnull=False
    )
    applications = (
        Application.objects.filter(organization_id__in=organization_ids, appeal__isnull=True)
        .filter(Exists(frozen))
        .exclude(Exists(closed))
        .select_related("campaign", "award", "organization")
        .order_by("campaign_id", "pk")
    )
    today = timezone.localdate()
    windows: dict[int, Window | None] = {}
    items = []
    for application in applications:
        if application.campaign_id not in windows:  # one window per campaign, not per row
            try:
                windows[application.campaign_id] = window_of(application.campaign)
            except ValidationError:
                windows[application.campaign_id] = None
        window = windows[application.campaign_id]
        if window is None or window.last_day is None or today > window.last_day:
            continue
        items.append(
            Todo(
                label=_("测评结果可查看：%(organization)s · %(award)s")
                % {
                    "organization": application.organization.name,
                    "award": application.award.label,
                },
                count=1,
                url=reverse("appeals:result", args=[application.pk]),
                detail=_("如有异议，可在%(day)s前提出申诉") % {"day": day(window.last_day)},
                group=_("申诉"),
            )
        )
    return items


def office_todo(user: User) -> list[Todo]:
    """The running office: per campaign, the appeals still to answer (screening cannot
    close while one is open)."""
    scope = scope_of(user)
    if not scope.is_office:
        return []
    appeals = Appeal.objects.filter(status=AppealStatus.OPEN)
    if not scope.is_admin:
        q = Q(pk__in=[])
        for path in scope.office_paths:
            q |= Q(application__campaign__office__path__startswith=path)
        appeals = appeals.filter(q)
    rows = (
        appeals.values("application__campaign_id", "application__campaign__name")
        .annotate(n=Count("id"))
        .order_by("application__campaign_id")
    )
    return [
        Todo(
            label=_("申诉待答复"),
            count=row["n"],
            url=reverse("appeals:campaign", args=[row["application__campaign_id"]]),
            detail=row["application__campaign__name"],
            urgent=True,
            group=_("申诉"),
        )
        for row in rows
    ]


def register() -> None:
    register_todo(applicant_todo)
    register_todo(office_todo)
