"""What the work rules wait for (待办): the office's units overdue for a liaison officer and
reports to decide; a member's meetings whose papers are out; a unit's own open tasks.
Registered in ``WorkrulesConfig.ready``."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.todo import Todo, register_todo
from wenming.domain.review import ItemState
from wenming.registry.models import Body
from wenming.registry.scopes import scope_of
from wenming.supervision.models import SupervisionItem

from .models import Attendance, Attendee, InfoReport
from .scopes import office_q, unit_ids_of
from .selectors import unit_register


def office_todo(user: User) -> list[Todo]:
    scope = scope_of(user)
    if not scope.office_paths:
        return []
    units = Body.objects.filter(screens=True).filter(office_q(user, "region__"))
    overdue = sum(row.overdue for row in unit_register(units))
    pending = InfoReport.objects.filter(body__in=units, adopted__isnull=True).count()
    group = _("文明委工作")
    return [
        Todo(_("逾期未指定继任联络员的成员单位"), overdue,
             reverse("workrules:liaisons"), urgent=True, group=group),
        Todo(_("待处理的报送信息"), pending, reverse("workrules:reports") + "?status=pending",
             group=group),
    ]  # fmt: skip


def member_todo(user: User) -> list[Todo]:
    """Meetings ahead whose papers were circulated and the member has not asked for leave."""
    today = timezone.localdate()
    attendees = Attendee.objects.filter(
        user=user,
        status=Attendance.INVITED,
        meeting__held_on__gte=today,
        meeting__papers_circulated_at__isnull=False,
    ).select_related("meeting")
    return [
        Todo(
            _("会议材料已通报"),
            1,
            reverse("workrules:meeting", args=[a.meeting_id]),
            detail=f"{a.meeting.title} · {a.meeting.held_on:%Y-%m-%d}",
            group=_("文明委工作"),
        )
        for a in attendees
    ]


def unit_todo(user: User) -> list[Todo]:
    """A member unit's open supervision items (a joint meeting's tasks)."""
    units = unit_ids_of(user)
    if not units:
        return []
    items = SupervisionItem.objects.filter(Q(body_id__in=units)).exclude(state=ItemState.CLOSED)
    count = items.count()
    overdue = items.filter(deadline__lt=timezone.localdate()).count()
    return [
        Todo(_("本单位待落实的议定事项"), count, reverse("workrules:index"),
             detail=_("逾期 %(n)d 项") % {"n": overdue} if overdue else "",
             urgent=bool(overdue), group=_("文明委工作")),
    ]  # fmt: skip


def register() -> None:
    register_todo(office_todo)
    register_todo(member_todo)
    register_todo(unit_todo)
