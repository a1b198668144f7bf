"""创建工作 and 工作进度 after review: 待我签批/待验收, a department's own counts, one
current phase, one 本周到期/已逾期, 次数不足 only when due or in, counts linking to 创建任务."""

from datetime import timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from tests.conftest import Cast, login
from tests.creation.conftest import Creation
from tests.creation.test_progress import rows, task

from wenming.creation.models import Occurrence, OccurrenceStatus, Phase
from wenming.creation.selectors import due_this_week_q, overdue_q, week_of


def test_the_leader_sees_what_waits_for_sign_off_whatever_its_due_date(
    creation: Creation, client: Client
) -> None:
    far = task(creation, creation.party, (90, OccurrenceStatus.SUBMITTED), key="2.1")
    task(creation, creation.office, (90, OccurrenceStatus.SUBMITTED))
    login(client, creation.party_leader)
    page = client.get(reverse("creation:index")).content.decode()
    assert "待我签批" in page
    assert reverse("creation:occurrence", args=[far.occurrences.get().pk]) in page
    assert "办公室任务" not in page
    login(client, creation.party_head)  # the head works on it, the leader signs it
    assert "待我签批" not in client.get(reverse("creation:index")).content.decode()


def test_the_office_sees_what_waits_for_acceptance(
    creation: Creation, cast: Cast, client: Client
) -> None:
    row = task(creation, creation.party, (60, OccurrenceStatus.SIGNED_OFF), key="2.1")
    login(client, cast.applicant)
    page = client.get(reverse("creation:index")).content.decode()
    assert "待验收" in page
    assert reverse("creation:occurrence", args=[row.occurrences.get().pk]) in page
    login(client, creation.party_leader)
    assert "待验收" not in client.get(reverse("creation:index")).content.decode()


def test_the_waiting_lists_take_bounded_queries(
    creation: Creation, cast: Cast, client: Client, django_assert_max_num_queries: Any
) -> None:
    login(client, cast.applicant)
    task(creation, creation.party, (60, OccurrenceStatus.SIGNED_OFF), key="2.1")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("creation:index"))
    for _n in range(8):
        task(creation, creation.party, (60, OccurrenceStatus.SIGNED_OFF), key="2.1")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("creation:index"))


def test_a_department_head_counts_only_its_own_tasks_on_the_entry_page(
    creation: Creation, client: Client
) -> None:
    task(creation, creation.party, (5, OccurrenceStatus.ACCEPTED), key="2.1")
    for _n in range(3):
        task(creation, creation.office, (5, OccurrenceStatus.OPEN))
    login(client, creation.party_head)
    (row,) = client.get(reverse("creation:index")).context["department_plans"]
    assert (row.tasks, row.accepted, row.occurrences) == (1, 1, 1)


def test_one_phase_labelled_on_the_dashboard_the_entry_page_and_the_plan(
    creation: Creation, cast: Cast, client: Client
) -> None:
    today = timezone.localdate()
    creation.plan.phases.all().delete()
    Phase.objects.create(
        plan=creation.plan,
        order=1,
        name="全面实施",
        starts_on=today + timedelta(days=5),
        ends_on=today + timedelta(days=50),
    )
    login(client, cast.applicant)
    dashboard = client.get(reverse("creation:plan_dashboard", args=[creation.plan.pk]))
    assert "下一阶段" in dashboard.content.decode()
    assert "全面实施" in dashboard.content.decode()
    index = client.get(reverse("creation:index")).content.decode()
    assert "下一阶段" in index
    detail = client.get(reverse("creation:plan", args=[creation.plan.pk])).content.decode()
    assert "下一阶段：全面实施" in detail


def test_week_and_overdue_mean_the_same_on_the_dashboard_and_the_task_filter(
    creation: Creation, cast: Cast, client: Client
) -> None:
    today = timezone.localdate()
    monday, sunday = week_of(today)
    days = [(d - today).days for d in (monday, today, sunday)]
    task(
        creation,
        creation.office,
        (days[0] - 1, OccurrenceStatus.OPEN),  # overdue
        (days[2], OccurrenceStatus.OPEN),  # this week
        (days[2], OccurrenceStatus.ACCEPTED),  # done: neither
    )
    q = Occurrence.objects
    assert q.filter(due_this_week_q(today)).count() == 1
    assert q.filter(overdue_q(today)).count() == 1
    login(client, cast.applicant)
    url = reverse("creation:tasks", args=[creation.plan.pk])
    week = client.get(url, {"when": "week"}).context["groups"]
    shown = [o for _title, tasks in week for t in tasks for o in t.occurrences.all()]
    assert [o.due_on for o in shown] == [sunday]
    dashboard = client.get(reverse("creation:plan_dashboard", args=[creation.plan.pk]))
    assert rows(dashboard, "departments")["办公室"][2:4] == (1, 1)
    assert "今天至本周日" in dashboard.content.decode()


def test_below_minimum_counts_only_work_in_or_past_due(
    creation: Creation, cast: Cast, client: Client
) -> None:
    task(
        creation,
        creation.party,
        (20, OccurrenceStatus.OPEN),  # still ahead: not counted
        (-2, OccurrenceStatus.OPEN),  # past due: counted
        (20, OccurrenceStatus.SUBMITTED),  # in: counted
        minimum=2,
        key="2.1",
    )
    login(client, cast.applicant)
    response = client.get(reverse("creation:plan_dashboard", args=[creation.plan.pk]))
    assert rows(response, "departments")["机关党委"][6] == 2
    assert "尚未到期、仍在准备的期次不计" in response.content.decode()


def test_dashboard_counts_link_to_the_filtered_tasks(
    creation: Creation, cast: Cast, client: Client
) -> None:
    task(creation, creation.party, (-2, OccurrenceStatus.OPEN), key="2.1")
    login(client, cast.applicant)
    page = client.get(reverse("creation:plan_dashboard", args=[creation.plan.pk])).content.decode()
    url = reverse("creation:tasks", args=[creation.plan.pk])
    link = f"{url}?department={creation.party.pk}&amp;when=overdue"
    assert link in page
    response = client.get(url, {"department": str(creation.party.pk), "when": "overdue"})
    assert response.status_code == 200
    assert "机关党委任务" in response.content.decode()


def test_criterion_labels_go_through_gettext(
    creation: Creation, cast: Cast, client: Client
) -> None:
    task(creation, creation.office, (3, OccurrenceStatus.OPEN))
    login(client, cast.applicant)
    response = client.get(reverse("creation:plan_dashboard", args=[creation.plan.pk]))
    (label,) = rows(response, "criteria")
    assert label.endswith(" 第1条")  # "%(item)s 第%(number)s条" filled in
