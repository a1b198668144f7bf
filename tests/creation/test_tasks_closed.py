"""A closed plan (已结束) is locked; begun work keeps its department; choices say 请选择."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from tests.conftest import Cast
from tests.creation.conftest import Creation

from wenming.creation.forms import GroupMemberForm, PlanForm
from wenming.creation.models import Department, Material, PlanStatus, Task
from wenming.creation.services.assignments import assignment_set, assignments_default
from wenming.creation.services.tasks import task_assign, task_create, task_delete, task_update
from wenming.creation.task_forms import AssignForm

CLOSED = "创建实施方案已结束，不能再修改。"


def make(creation: Creation, cast: Cast, department: Department | None = None) -> Task:
    return task_create(
        acting_user=cast.applicant,
        plan=creation.plan,
        title="理论学习中心组学习",
        due_text="10月底前",
        department=department,
        clause_key="1.1",
    )


def close(creation: Creation) -> None:
    creation.plan.status = PlanStatus.CLOSED
    creation.plan.save(update_fields=["status"])


def test_a_closed_plan_refuses_every_task_and_assignment_change(
    creation: Creation, cast: Cast
) -> None:
    assigned, unassigned = make(creation, cast, creation.office), make(creation, cast)
    close(creation)
    user = cast.applicant
    for change in (
        lambda: make(creation, cast, creation.office),
        lambda: task_update(
            acting_user=user, task=assigned, title="新", due_text="10月底前", department=None
        ),
        lambda: task_assign(acting_user=user, task=unassigned, department=creation.party),
        lambda: task_delete(acting_user=user, task=assigned),
        lambda: assignment_set(
            acting_user=user, plan=creation.plan, clause_key="1.1", departments=[creation.party]
        ),
        lambda: assignments_default(acting_user=user, plan=creation.plan),
    ):
        with pytest.raises(ValidationError, match=CLOSED):
            change()
    assert Task.objects.filter(plan=creation.plan).count() == 2
    unassigned.refresh_from_db()
    assert unassigned.department is None


def test_a_closed_plan_shows_no_edit_forms_and_links_its_title(
    client: Client, creation: Creation, cast: Cast
) -> None:
    make(creation, cast)
    client.force_login(cast.applicant)
    plan_url = reverse("creation:plan", args=[creation.plan.pk])
    tasks_url = reverse("creation:tasks", args=[creation.plan.pk])
    assignments_url = reverse("creation:assignments", args=[creation.plan.pk])
    page = client.get(tasks_url).content.decode()
    assert 'id="new-task"' in page
    assert "编辑任务" in page
    assert f'href="{plan_url}"' in page
    assert 'value="default"' in client.get(assignments_url).content.decode()
    close(creation)
    page = client.get(tasks_url).content.decode()
    assert 'id="new-task"' not in page
    assert "编辑任务" not in page
    assert 'value="assign"' not in page
    assert "已结束" in page
    page = client.get(assignments_url).content.decode()
    assert f'href="{plan_url}"' in page
    assert 'value="default"' not in page
    assert 'value="set"' not in page
    response = client.post(assignments_url, {"action": "default"}, follow=True)
    assert CLOSED in response.content.decode()


def test_the_department_stays_once_work_has_begun(creation: Creation, cast: Cast) -> None:
    task = make(creation, cast, creation.office)
    task_update(
        acting_user=cast.applicant,
        task=task,
        title=task.title,
        due_text=task.due_text,
        department=creation.party,
    )  # nothing begun yet: the department may change
    Material.objects.create(
        occurrence=task.occurrences.get(),
        kind="photo",
        file=ContentFile(b"x", name="a.jpg"),
        original_name="a.jpg",
        size=1,
        content_type="image/jpeg",
        sha256="0" * 64,
        uploaded_by=cast.applicant,
    )
    with pytest.raises(ValidationError, match="不能再更换责任部门"):
        task_update(
            acting_user=cast.applicant,
            task=task,
            title=task.title,
            due_text=task.due_text,
            department=creation.office,
        )
    task = task_update(
        acting_user=cast.applicant,
        task=task,
        title="改名",
        due_text=task.due_text,
        department=creation.party,
    )  # the same department: other changes still go through
    task.refresh_from_db()
    assert (task.title, task.department) == ("改名", creation.party)


def test_required_choices_offer_请选择_not_english(creation: Creation) -> None:
    organization = creation.plan.organization
    departments = Department.objects.filter(organization=organization)
    rendered = "".join(
        [
            str(GroupMemberForm(organization=organization)["staff"]),
            str(PlanForm(awards=[])["award"]),
            str(AssignForm(departments=departments)["department"]),
        ]
    )
    assert rendered.count("请选择") == 3
    assert "Select" not in rendered


def test_the_edit_page_of_a_closed_plan_offers_no_save_or_delete(
    client: Client, creation: Creation, cast: Cast
) -> None:
    task = make(creation, cast, creation.office)
    close(creation)
    client.force_login(cast.applicant)
    url = reverse("creation:task_edit", args=[task.pk])
    page = client.get(url).content.decode()
    assert CLOSED in page
    assert 'value="save"' not in page
    assert 'value="delete"' not in page
    response = client.post(url, {"action": "delete"}, follow=True)
    assert CLOSED in response.content.decode()
    assert Task.objects.filter(pk=task.pk).exists()
