"""Services of a creation plan (创建实施方案): opening it for one award, its leading group
and office (领导小组, 办公室), its phases (实施阶段), activating and closing it.

Only the plan's creation office changes it (``scopes.runs_plan``); the applicant's
contacts open it. ``current_phase`` tells every page which phase a day is about (当前/下一/已结束).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.audit.services import audit_record
from wenming.campaigns.eligibility import verdicts_for
from wenming.campaigns.models import Application, Award, Campaign, Stage, StageKind
from wenming.frameworks.models import FrameworkKind
from wenming.registry.models import Organization
from wenming.registry.scopes import scope_of

from .. import scopes
from ..models import (
    BODY_POSITIONS,
    GroupBody,
    GroupMember,
    GroupPosition,
    Phase,
    Plan,
    PlanStatus,
    StaffMember,
)


@dataclass(frozen=True)
class PhaseInput:
    """One phase as the form gives it."""

    name: str
    starts_on: date
    ends_on: date
    description: str = ""


def opens_plans(user: User, organization: Organization) -> bool:
    """The organization's applicant contacts open its plans."""
    scope = scope_of(user)
    return user.is_active and (scope.is_admin or organization.pk in scope.organization_ids)


def campaign_year(campaign: Campaign) -> int:
    """The campaign's year: when its application stage opens (else this year)."""
    stage = Stage.objects.filter(campaign=campaign, kind=StageKind.APPLICATION).first()
    if stage is None:
        return timezone.localdate().year
    return timezone.localtime(stage.opens_at).year


def plan_awards(organization: Organization) -> list[Award]:
    """The awards a plan may aim at: those the organization applied for, and those of
    campaigns whose application stage is not closed that it may apply to. A plan assigns
    a framework's clauses to departments, so an award reviewed against a checklist (a
    family's) takes none."""
    applied = set(
        Application.objects.filter(organization=organization).values_list("award_id", flat=True)
    )
    open_campaigns = Campaign.objects.filter(
        stages__kind=StageKind.APPLICATION, stages__closed_at__isnull=True
    ).distinct()
    allowed = set(applied)
    for campaign in open_campaigns:
        for verdict in verdicts_for(campaign, organization):
            if verdict.eligible or verdict.exceptional_only:
                allowed.add(verdict.award.pk)
    return list(
        Award.objects.filter(pk__in=allowed)
        .exclude(framework__kind=FrameworkKind.CHECKLIST)
        .select_related("campaign")
        .order_by("-campaign__edition")
    )


def default_title(organization: Organization, award: Award, year: int) -> str:
    return _("%(organization)s%(year)s年创建%(award)s实施方案") % {
        "organization": organization.name,
        "year": year,
        "award": award.label,
    }


def default_phases(year: int) -> list[PhaseInput]:
    """Seed 004's three phases, moved into the plan's year (editable)."""
    return [
        PhaseInput(
            _("宣传发动"), date(year, 3, 30), date(year, 4, 6), _("成立机构，制定方案，宣传动员。")
        ),
        PhaseInput(
            _("全面实施"),
            date(year, 4, 7),
            date(year, 7, 10),
            _("对照测评体系，逐项落实创建任务。"),
        ),
        PhaseInput(
            _("申报验收"), date(year, 7, 11), date(year, 7, 31), _("自查整改，整理资料，申报验收。")
        ),
    ]


def check_phases(phases: Sequence[PhaseInput]) -> None:
    """Each phase starts before it ends, and each begins after the one before ends."""
    errors = []
    for i, phase in enumerate(phases):
        if not phase.name.strip():
            errors.append(_("第%(n)s个阶段没有名称。") % {"n": i + 1})
        if phase.starts_on > phase.ends_on:
            errors.append(_("阶段“%(name)s”的开始日期晚于结束日期。") % {"name": phase.name})
        if i and phase.starts_on <= phases[i - 1].ends_on:
            errors.append(
                _("阶段“%(name)s”须在阶段“%(before)s”结束之后开始。")
                % {"name": phase.name, "before": phases[i - 1].name}
            )
    if errors:
        raise ValidationError(errors)


def _write_phases(plan: Plan, phases: Sequence[PhaseInput]) -> None:
    plan.phases.all().delete()
    Phase.objects.bulk_create(
        Phase(
            plan=plan,
            name=p.name.strip(),
            starts_on=p.starts_on,
            ends_on=p.ends_on,
            description=p.description.strip(),
            order=i,
        )
        for i, p in enumerate(phases)
    )


def _phases_after(phases: Sequence[PhaseInput]) -> list[dict[str, str]]:
    return [
        {"name": p.name, "starts_on": p.starts_on.isoformat(), "ends_on": p.ends_on.isoformat()}
        for p in phases
    ]


def plan_create(
    *,
    acting_user: User,
    organization: Organization,
    award: Award,
    title: str = "",
    phases: Sequence[PhaseInput] | None = None,
) -> Plan:
    """Open the organization's plan for one award (编制中), with its phases (seed 004's
    three by default)."""
    if not opens_plans(acting_user, organization):
        raise PermissionDenied(_("只有本单位的申报联系人可以新建创建实施方案。"))
    if award.pk not in {a.pk for a in plan_awards(organization)}:
        raise ValidationError(_("本单位不能以“%(award)s”为创建目标。") % {"award": award.label})
    if Plan.objects.filter(organization=organization, award=award).exists():
        raise ValidationError(_("本单位已有“%(award)s”的创建实施方案。") % {"award": award.label})
    year = campaign_year(award.campaign)
    phases = list(phases) if phases is not None else default_phases(year)
    check_phases(phases)
    title = title.strip() or default_title(organization, award, year)
    try:
        with transaction.atomic():
            plan = Plan.objects.create(
                organization=organization,
                award=award,
                title=title,
                year=year,
                created_by=acting_user,
            )
            _write_phases(plan, phases)
            audit_record(
                actor=acting_user,
                action="creation.plan_create",
                obj=plan,
                after={"title": title, "award": award.label, "phases": _phases_after(phases)},
            )
    except IntegrityError as exc:  # a plan opened at the same moment
        raise ValidationError(
            _("本单位已有“%(award)s”的创建实施方案。") % {"award": award.label}
        ) from exc
    return plan


def _require_office(user: User, plan: Plan, *, editable: bool = True) -> None:
    if not scopes.runs_plan(user, plan):
        raise PermissionDenied(_("只有本单位创建办公室可以执行此操作。"))
    if editable and plan.status == PlanStatus.CLOSED:
        raise ValidationError(_("创建实施方案已结束，不能再修改。"))


def plan_update(*, acting_user: User, plan: Plan, title: str) -> Plan:
    """Rename the plan."""
    _require_office(acting_user, plan)
    title = title.strip()
    if not title:
        raise ValidationError(_("请填写方案名称。"))
    before = {"title": plan.title}
    plan.title = title
    with transaction.atomic():
        plan.save(update_fields=["title"])
        audit_record(
            actor=acting_user,
            action="creation.plan_update",
            obj=plan,
            before=before,
            after={"title": title},
        )
    return plan


def _set_status(user: User, plan: Plan, status: PlanStatus, action: str) -> Plan:
    before = {"status": plan.status}
    plan.status = status
    with transaction.atomic():
        plan.save(update_fields=["status"])
        audit_record(
            actor=user, action=action, obj=plan, before=before, after={"status": status.value}
        )
    return plan


def plan_activate(*, acting_user: User, plan: Plan) -> Plan:
    """编制中 → 实施中, once the leading group has exactly one 组长 and the plan has phases."""
    _require_office(acting_user, plan)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("只有编制中的方案可以开始实施。"))
    leaders = plan.group_members.filter(
        body=GroupBody.LEADING_GROUP, position=GroupPosition.LEADER
    ).count()
    if leaders != 1:
        raise ValidationError(
            _("领导小组须有且只有一名组长（现有%(count)s名），才能开始实施。") % {"count": leaders}
        )
    if not plan.phases.exists():
        raise ValidationError(_("请先设置实施阶段，才能开始实施。"))
    return _set_status(acting_user, plan, PlanStatus.ACTIVE, "creation.plan_activate")


def plan_close(*, acting_user: User, plan: Plan) -> Plan:
    """实施中 → 已结束: the plan is kept for the file and changes no more."""
    _require_office(acting_user, plan)
    if plan.status != PlanStatus.ACTIVE:
        raise ValidationError(_("只有实施中的方案可以结束。"))
    return _set_status(acting_user, plan, PlanStatus.CLOSED, "creation.plan_close")


def group_member_add(
    *, acting_user: User, plan: Plan, body: str, position: str, staff: StaffMember
) -> GroupMember:
    """Seat a staff member in the leading group or the office, after the seats there."""
    _require_office(acting_user, plan)
    if body not in BODY_POSITIONS:
        raise ValidationError(_("请选择领导小组或办公室。"))
    if position not in BODY_POSITIONS[GroupBody(body)]:
        raise ValidationError(
            _("%(body)s没有“%(position)s”这一职务。")
            % {"body": GroupBody(body).label, "position": GroupPosition(position).label}
        )
    if staff.organization_id != plan.organization_id:
        raise ValidationError(_("只能选择本单位的人员。"))
    if plan.group_members.filter(body=body, staff=staff).exists():
        raise ValidationError(
            _("%(name)s已在%(body)s中。") % {"name": staff.name, "body": GroupBody(body).label}
        )
    if position == GroupPosition.LEADER and plan.group_members.filter(position=position).exists():
        raise ValidationError(_("领导小组已有组长。"))
    last = plan.group_members.filter(body=body).aggregate(m=Max("order"))["m"]
    with transaction.atomic():
        member = GroupMember.objects.create(
            plan=plan, body=body, position=position, staff=staff, order=(last or 0) + 1
        )
        audit_record(
            actor=acting_user,
            action="creation.group_member_add",
            obj=plan,
            after={"body": body, "position": position, "staff": staff.name},
        )
    return member


def group_member_remove(*, acting_user: User, member: GroupMember) -> None:
    """Free a seat."""
    plan = member.plan
    _require_office(acting_user, plan)
    with transaction.atomic():
        audit_record(
            actor=acting_user,
            action="creation.group_member_remove",
            obj=plan,
            before={"body": member.body, "position": member.position, "staff": member.staff.name},
        )
        member.delete()


def group_member_move(*, acting_user: User, member: GroupMember, up: bool) -> None:
    """Move a seat one place up or down within its body."""
    plan = member.plan
    _require_office(acting_user, plan)
    seats = list(plan.group_members.filter(body=member.body).order_by("order", "id"))
    i = next(n for n, s in enumerate(seats) if s.pk == member.pk)
    j = i - 1 if up else i + 1
    if not 0 <= j < len(seats):
        return
    seats[i], seats[j] = seats[j], seats[i]
    with transaction.atomic():
        for n, seat in enumerate(seats):
            if seat.order != n + 1:
                seat.order = n + 1
                seat.save(update_fields=["order"])
        audit_record(
            actor=acting_user,
            action="creation.group_member_move",
            obj=plan,
            after={"body": member.body, "order": [s.staff.name for s in seats]},
        )


def phase_set(*, acting_user: User, plan: Plan, phases: Sequence[PhaseInput]) -> None:
    """Replace the plan's phases (in order, none overlapping)."""
    _require_office(acting_user, plan)
    phases = list(phases)
    if not phases:
        raise ValidationError(_("至少需要一个实施阶段。"))
    check_phases(phases)
    before = [
        {"name": p.name, "starts_on": p.starts_on.isoformat(), "ends_on": p.ends_on.isoformat()}
        for p in plan.phases.all()
    ]
    with transaction.atomic():
        _write_phases(plan, phases)
        audit_record(
            actor=acting_user,
            action="creation.phase_set",
            obj=plan,
            before={"phases": before},
            after={"phases": _phases_after(phases)},
        )


@dataclass(frozen=True)
class PhaseNow:
    """The phase a day is about and how it stands: running, the next one (between
    phases or before the first), or the last one ended."""

    phase: Phase
    when: str  # "current", "next" or "past"

    @property
    def label(self) -> str:
        return {"current": _("当前阶段"), "next": _("下一阶段")}.get(self.when, _("已结束阶段"))


def current_phase(plan: Plan, today: date | None = None) -> PhaseNow | None:
    """The phase ``today`` falls in, else the next one, else the last one (None without
    phases). Reads ``plan.phases.all()`` so a prefetch serves a list of plans."""
    today = today or timezone.localdate()
    phases = sorted(plan.phases.all(), key=lambda p: (p.starts_on, p.order))
    running = [p for p in phases if p.starts_on <= today <= p.ends_on]
    if running:
        return PhaseNow(running[0], "current")
    upcoming = [p for p in phases if p.starts_on > today]
    if upcoming:
        return PhaseNow(upcoming[0], "next")
    if phases:
        return PhaseNow(max(phases, key=lambda p: p.ends_on), "past")
    return None
