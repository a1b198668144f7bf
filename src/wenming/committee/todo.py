"""What the committee's work waits for (待办): a member's meetings to attend (scheduled
ahead, until they approve or the approval stage closes) and the lists awaiting approval.
Registered in ``CommitteeConfig.ready``."""

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.todo import Todo, register_todo
from wenming.campaigns.models import Campaign, Stage
from wenming.documents.style import date_words
from wenming.domain.application_states import State
from wenming.domain.stage_gates import StageKind
from wenming.registry.scopes import scope_of

from .models import Meeting


def _approval_open() -> Q:
    """The campaign's approval stage is open now and publicity before it is closed."""
    now = timezone.now()
    return Exists(
        Stage.objects.filter(
            campaign=OuterRef("pk"),
            kind=StageKind.APPROVAL,
            closed_at__isnull=True,
            opens_at__lte=now,
            closes_at__gte=now,
        )
    ) & Exists(
        Stage.objects.filter(
            campaign=OuterRef("pk"), kind=StageKind.PUBLICITY, closed_at__isnull=False
        )
    )


def member_todo(user: User) -> list[Todo]:
    """A committee member: the meetings they sit on that have not approved their list,
    and the lists of their region's campaigns awaiting approval."""
    scope = scope_of(user)
    if not scope.committee_paths:
        return []
    # A meeting is scheduled ahead, at any stage: it waits until it approved its list or
    # the campaign's approval stage closed (an unused meeting is then nobody's work).
    approval_closed = Stage.objects.filter(
        campaign=OuterRef("campaign"), kind=StageKind.APPROVAL, closed_at__isnull=False
    )
    meetings = (
        Meeting.objects.filter(members__user=user, approved_at__isnull=True)
        .exclude(Exists(approval_closed))
        .select_related("campaign")
        .order_by("held_on", "id")
    )
    items = [
        Todo(
            label=_("文明委会议 %(date)s") % {"date": date_words(m.held_on)},
            count=1,
            url=reverse("committee:meeting", args=[m.pk]),
            detail=m.campaign.name + (f" · {m.place}" if m.place else ""),
            group=_("文明委"),
        )
        for m in meetings
    ]
    q = Q(pk__in=[])
    for path in scope.committee_paths:
        q |= Q(office__path__startswith=path)
    campaigns = (
        Campaign.objects.filter(q)
        .filter(_approval_open())
        .annotate(published=Count("applications", filter=Q(applications__status=State.PUBLISHED)))
        .filter(published__gt=0)
        .order_by("-edition", "id")
    )
    items += [
        Todo(
            label=_("待审定名单"),
            count=c.published,
            url=reverse("committee:campaign", args=[c.pk]),
            detail=c.name,
            group=_("文明委"),
        )
        for c in campaigns
    ]
    return items


def register() -> None:
    register_todo(member_todo)
