"""工作进度 and 创建工作: the plan's counts by department and criterion, and the entry page."""

from datetime import timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from tests.conftest import Cast, login
from tests.creation.conftest import Creation

from wenming.creation.models import Department, Occurrence, OccurrenceStatus, Task
from wenming.creation.selectors import week_of


def task(
    creation: Creation,
    department: Department,
    *states: tuple[int, str],
    minimum: int = 0,
    key: str = "1.1",
) -> Task:
    """A task with one occurrence per (days from today, status)."""
    row = Task.objects.create(
        plan=creation.plan,
        clause_key=key,
        title=f"{department.name}任务",
        department=department,
        due_text="10月底前",
        minimum_count=minimum,
    )
    today = timezone.localdate()
    for days, status in states:
        due = today + timedelta(days=days)
        Occurrence.objects.create(
            task=row, starts_on=due - timedelta(days=30), due_on=due, status=status
        )
    return row


def rows(response: Any, kind: str) -> dict[str, tuple[int, ...]]:
    return {
        r.label: (
            r.total,
            r.accepted,
            r.due_this_week,
            r.overdue,
            r.awaiting_sign_off,
            r.awaiting_acceptance,
            r.below_minimum,
        )
        for r in getattr(response.context["progress"], kind)
    }


def setup_rows(creation: Creation) -> None:
    today = timezone.localdate()
    sunday = (week_of(today)[1] - today).days
    task(
        creation,
        creation.office,
        (-10, OccurrenceStatus.ACCEPTED),
        (sunday, OccurrenceStatus.OPEN),
        (-1, OccurrenceStatus.SUBMITTED),
        (30, OccurrenceStatus.SIGNED_OFF),
        minimum=0,
    )
    task(creation, creation.party, (-3, OccurrenceStatus.OPEN), minimum=2, key="2.1")


def test_the_dashboard_counts_by_department_and_criterion(
    creation: Creation, cast: Cast, client: Client
) -> None:
    setup_rows(creation)
    login(client, cast.applicant)
    response = client.get(reverse("creation:plan_dashboard", args=[creation.plan.pk]))
    assert response.status_code == 200
    departments = rows(response, "departments")
    assert departments["办公室"] == (4, 1, 1, 1, 1, 1, 0)
    assert departments["机关党委"] == (1, 0, 0, 1, 0, 0, 1)  # 至少2次, no activity yet
    assert len(rows(response, "criteria")) == 2
    page = response.content.decode()
    assert "已完成 1/5，本周到期 1，已逾期 2" in page
    assert "自评得分" in page
    assert any(label in page for label in ("当前阶段", "下一阶段", "已结束阶段"))


def test_a_department_sees_only_its_own_rows(creation: Creation, client: Client) -> None:
    setup_rows(creation)
    login(client, creation.party_head)
    response = client.get(reverse("creation:plan_dashboard", args=[creation.plan.pk]))
    assert list(rows(response, "departments")) == ["机关党委"]
    page = response.content.decode()
    assert "办公室任务" not in page
    assert "自评得分" not in page


def test_outsiders_get_no_dashboard(creation: Creation, cast: Cast, client: Client) -> None:
    login(client, cast.nobody)
    response = client.get(reverse("creation:plan_dashboard", args=[creation.plan.pk]))
    assert response.status_code == 404


def test_the_dashboard_queries_do_not_grow_with_rows(
    creation: Creation, cast: Cast, client: Client, django_assert_max_num_queries: Any
) -> None:
    login(client, cast.applicant)
    url = reverse("creation:plan_dashboard", args=[creation.plan.pk])
    setup_rows(creation)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _n in range(10):
        setup_rows(creation)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_entry_page_and_nav_for_a_department_head_without_a_role(
    creation: Creation, client: Client
) -> None:
    row = task(creation, creation.party, (3, OccurrenceStatus.OPEN), key="2.1")
    login(client, creation.party_head)
    response = client.get(reverse("creation:index"))
    assert {"label": "创建工作", "url": "/creation/", "active": True} in response.context["nav"]
    page = response.content.decode()
    assert "我的任务" in page
    assert reverse("creation:occurrence", args=[row.occurrences.get().pk]) in page
    assert "新建创建实施方案" not in page


def test_the_office_sees_its_plans_and_the_city_its_region(
    creation: Creation, cast: Cast, client: Client
) -> None:
    login(client, cast.applicant)
    page = client.get(reverse("creation:index")).content.decode()
    assert "本单位创建实施方案" in page
    assert creation.plan.title in page
    assert reverse("creation:plan_new") in page
    login(client, cast.city)
    page = client.get(reverse("creation:index")).content.decode()
    assert "辖区创建实施方案" in page
    assert creation.plan.title in page
