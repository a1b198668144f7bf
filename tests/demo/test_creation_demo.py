"""The demo applicant's creation work as ``load_demo`` leaves it (issue 11 §10)."""

import io
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.management import call_command

from wenming.accounts.models import User
from wenming.audit.models import AuditEvent
from wenming.audit.selectors import verify_chain
from wenming.campaigns.models import Application
from wenming.creation import scopes
from wenming.creation.models import (
    Assignment,
    Department,
    GroupBody,
    GroupPosition,
    Occurrence,
    OccurrenceStatus,
    Plan,
    PlanStatus,
)
from wenming.demo.builder import DEMO_PASSWORD, load_data

pytestmark = pytest.mark.django_db
DATA = load_data()
LOGINS = ["dept_office", "dept_party", "leader_office", "leader_party"]


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", allow_production=True, stdout=out)  # tests run with DEBUG off
    return out.getvalue()


@time_machine.travel(datetime(2026, 12, 2, 1, 0, tzinfo=UTC), tick=False)
def test_the_applicant_runs_a_plan_in_implementation_with_done_waiting_and_overdue_work() -> None:
    output = load_demo()
    today = date(2026, 12, 2)
    plan = Plan.objects.get()
    assert plan.organization.name == "清源区政务服务中心"
    assert plan.award.level == "municipal"
    assert not plan.award.model
    assert plan.award.campaign.edition == 20
    assert plan.status == PlanStatus.ACTIVE
    current = plan.phases.get(starts_on__lte=today, ends_on__gte=today)
    assert current.name == "全面实施"
    assert [p.name for p in plan.phases.all()] == ["宣传发动", "全面实施", "申报验收"]
    # The phases are of the campaign's year, as the tasks are: nothing was done before the
    # plan began, and the work goes on ~6 weeks past today.
    launch, work, _check = plan.phases.order_by("order")
    assert (launch.starts_on, launch.ends_on) == (date(plan.year, 3, 30), date(plan.year, 4, 6))
    assert work.starts_on == date(plan.year, 4, 7)
    assert work.ends_on == date(2027, 1, 13)
    assert not Occurrence.objects.filter(submitted_at__date__lt=launch.starts_on).exists()
    assert not Occurrence.objects.filter(decided_at__date__lt=launch.starts_on).exists()
    # Seats are numbered within each body: the page lists 组长, 副组长, 副组长, 成员….
    for body in (GroupBody.LEADING_GROUP, GroupBody.OFFICE):
        seats = list(plan.group_members.filter(body=body).order_by("order", "id"))
        assert [s.order for s in seats] == list(range(len(seats)))
    leading = plan.group_members.filter(body=GroupBody.LEADING_GROUP).order_by("order")
    assert [str(m.get_position_display()) for m in leading][:4] == [
        "组长",
        "副组长",
        "副组长",
        "成员",
    ]
    # Nobody applied for the applicant: it applies in the demo walk.
    assert not Application.objects.filter(organization=plan.organization).exists()

    # The applicant contact runs it; every clause of the framework has a department.
    applicant = User.objects.get(username="applicant")
    assert scopes.runs_plan(applicant, plan)
    clauses = {c.key for cr in plan.award.framework.to_framework().criteria() for c in cr.clauses}
    assert set(Assignment.objects.filter(plan=plan).values_list("clause_key", flat=True)) == (
        clauses
    )
    names = list(
        Department.objects.filter(organization=plan.organization).values_list("name", flat=True)
    )
    assert names == ["办公室", "机关党委", "综合业务科", "信息中心"]
    leader = plan.group_members.get(body=GroupBody.LEADING_GROUP, position=GroupPosition.LEADER)
    assert leader.staff.position.startswith("党组书记")
    assert plan.group_members.filter(body=GroupBody.OFFICE, staff__user=applicant).exists()

    occurrences = Occurrence.objects.filter(task__plan=plan)
    statuses = set(occurrences.values_list("status", flat=True))
    assert {
        OccurrenceStatus.ACCEPTED,
        OccurrenceStatus.SUBMITTED,
        OccurrenceStatus.SIGNED_OFF,
    } <= statuses
    overdue = occurrences.filter(status=OccurrenceStatus.OPEN, due_on__lt=today)
    assert overdue.count() >= 2
    for o in occurrences.exclude(status=OccurrenceStatus.OPEN):
        assert o.materials.count() == 1
        assert o.submitted_by_id
    # 办公室 has open work its head can upload for now, and its leader has some to sign off.
    office = Department.objects.get(organization=plan.organization, name="办公室")
    assert occurrences.filter(
        task__department=office,
        status=OccurrenceStatus.OPEN,
        starts_on__lte=today,
        due_on__gte=today,
    ).exists()
    assert occurrences.filter(task__department=office, status=OccurrenceStatus.SUBMITTED).exists()

    # The department logins sign in with the demo password and see their department only.
    for username in LOGINS:
        assert username in output
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assert not user.roles.exists()
        seen = scopes.plan_departments(user, plan)
        assert 0 < seen.count() < 4
    assert list(scopes.plan_departments(User.objects.get(username="dept_office"), plan)) == [office]
    assert User.objects.get(username="leader_office").display_name in output
    assert verify_chain()[1] is None
    assert AuditEvent.objects.filter(action="creation.plan_create").count() == 1


def test_the_demo_is_the_same_plan_on_every_load_of_the_same_day() -> None:
    load_demo()
    first = list(
        Occurrence.objects.order_by("task__title", "due_on").values_list(
            "task__title", "task__department__name", "status", "due_on"
        )
    )
    staff = sorted(Plan.objects.get().organization.creation_staff.values_list("name", flat=True))
    assert len(first) > 12
    assert len(set(staff)) == len(staff)
