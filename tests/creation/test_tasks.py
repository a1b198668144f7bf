"""创建任务: tasks with one occurrence per period of their due words, and their page."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.conftest import Cast, World, login
from tests.creation.conftest import Creation

from wenming.audit.models import AuditEvent
from wenming.creation.models import Department, Material, Occurrence, OccurrenceStatus, Task
from wenming.creation.services.tasks import task_assign, task_create, task_delete, task_update


def make(creation: Creation, cast: Cast, **kwargs: Any) -> Task:
    values: dict[str, Any] = {
        "title": "理论学习中心组学习",
        "due_text": "10月底前",
        "department": creation.office,
        "clause_key": "1.1",
    }
    values.update(kwargs)
    return task_create(acting_user=cast.applicant, plan=creation.plan, **values)


def test_quarterly_words_make_four_occurrences(creation: Creation, cast: Cast) -> None:
    task = make(creation, cast, due_text="每季度", material_requirement="每个季度至少2次")
    occurrences = list(task.occurrences.order_by("due_on"))
    assert len(occurrences) == 4
    assert occurrences[-1].due_on == date(creation.plan.year, 12, 31)
    assert task.minimum_count == 2
    assert (AuditEvent.objects.get(action="creation.task_create").after or {})[
        "due_text"
    ] == "每季度"


def test_a_month_end_makes_one_occurrence_due_that_day(creation: Creation, cast: Cast) -> None:
    task = make(creation, cast)
    assert [o.due_on for o in task.occurrences.all()] == [date(creation.plan.year, 10, 31)]


def test_unreadable_words_are_refused_quoting_them_and_nothing_is_saved(
    creation: Creation, cast: Cast
) -> None:
    with pytest.raises(ValidationError) as error:
        make(creation, cast, due_text="看情况吧")
    assert any("看情况吧" in m for m in error.value.messages)
    assert not Task.objects.exists()
    assert not Occurrence.objects.exists()


def test_the_clause_and_department_are_checked(
    creation: Creation, cast: Cast, world: World
) -> None:
    with pytest.raises(ValidationError, match="测评体系中没有评分要点"):
        make(creation, cast, clause_key="99.9")
    with pytest.raises(ValidationError, match="请选择评分要点"):
        make(creation, cast, clause_key="")
    foreign = Department.objects.create(organization=world.west_unit, name="办公室")
    with pytest.raises(ValidationError, match="只能选择本单位的部门"):
        make(creation, cast, department=foreign)
    with pytest.raises(PermissionDenied):
        task_create(
            acting_user=creation.party_head,
            plan=creation.plan,
            title="x",
            due_text="10月底前",
            clause_key="1.1",
        )
    assert not Task.objects.exists()


def test_new_words_regenerate_occurrences_until_work_begins(creation: Creation, cast: Cast) -> None:
    task = make(creation, cast)
    task = task_update(
        acting_user=cast.applicant,
        task=task,
        title="学习",
        due_text="每季度",
        department=creation.party,
    )
    assert task.occurrences.count() == 4
    assert task.department == creation.party
    first = task.occurrences.order_by("due_on").first()
    assert first is not None
    first.status = OccurrenceStatus.SUBMITTED
    first.save()
    with pytest.raises(ValidationError, match="不能再修改完成时间"):
        task_update(
            acting_user=cast.applicant,
            task=task,
            title="学习",
            due_text="10月底前",
            department=creation.party,
        )
    assert task.occurrences.count() == 4
    # The title may still change when the words stay.
    task_update(
        acting_user=cast.applicant,
        task=task,
        title="集中学习",
        due_text="每季度",
        department=creation.party,
    )
    task.refresh_from_db()
    assert task.title == "集中学习"


def test_delete_only_without_material(creation: Creation, cast: Cast) -> None:
    task = make(creation, cast)
    occurrence = task.occurrences.get()
    Material.objects.create(
        occurrence=occurrence,
        kind="photo",
        file=ContentFile(b"x", name="a.jpg"),
        original_name="a.jpg",
        size=1,
        content_type="image/jpeg",
        sha256="0" * 64,
        uploaded_by=cast.applicant,
    )
    with pytest.raises(ValidationError, match="任务已有材料，不能删除"):
        task_delete(acting_user=cast.applicant, task=task)
    other = make(creation, cast, title="第二项")
    task_delete(acting_user=cast.applicant, task=other)
    assert not Task.objects.filter(pk=other.pk).exists()
    assert AuditEvent.objects.filter(action="creation.task_delete").count() == 1


def test_an_inherited_task_gets_its_department(creation: Creation, cast: Cast) -> None:
    task = make(creation, cast, department=None)
    task_assign(acting_user=cast.applicant, task=task, department=creation.party)
    assert Task.objects.get(pk=task.pk).department == creation.party
    with pytest.raises(ValidationError):
        task_assign(acting_user=cast.applicant, task=task, department=creation.office)


def test_the_office_creates_a_task_on_the_page(
    client: Client, creation: Creation, cast: Cast
) -> None:
    url = reverse("creation:tasks", args=[creation.plan.pk])
    login(client, cast.applicant)
    page = client.get(url).content.decode()
    assert "新建任务" in page
    assert "每季度" in page
    data = {
        "action": "create",
        "title": "道德讲堂",
        "clause_key": "1.2",
        "department": creation.party.pk,
        "due_text": "每季度",
    }
    page = client.post(url, data, follow=True).content.decode()
    assert "已新建任务“道德讲堂”，共 4 期" in page
    assert f"{creation.plan.year}年12月31日" in page
    data["due_text"] = "随时"
    page = client.post(url, data).content.decode()
    assert "随时" in page
    assert Task.objects.count() == 1


def test_a_department_sees_only_its_own_tasks(
    client: Client, creation: Creation, cast: Cast
) -> None:
    mine = make(creation, cast, title="党建活动", department=creation.party)
    theirs = make(creation, cast, title="办公室台账", department=creation.office)
    login(client, creation.party_head)
    page = client.get(reverse("creation:tasks", args=[creation.plan.pk])).content.decode()
    assert "党建活动" in page
    assert "办公室台账" not in page
    assert "新建任务" not in page
    assert f"/creation/occurrences/{mine.occurrences.get().pk}/" in page
    assert client.get(reverse("creation:task_edit", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("creation:task_edit", args=[mine.pk])).status_code == 403


def test_overdue_and_unassigned_tasks_are_marked(
    client: Client, creation: Creation, cast: Cast
) -> None:
    task = make(creation, cast, department=None)
    task.occurrences.update(due_on=timezone.localdate() - timedelta(days=3))
    later = make(creation, cast, title="后续任务")
    later.occurrences.update(due_on=timezone.localdate() + timedelta(days=30))
    login(client, cast.applicant)
    url = reverse("creation:tasks", args=[creation.plan.pk])
    page = client.get(url).content.decode()
    assert "已逾期" in page
    assert "待分配" in page
    assert "后续任务" in page
    page = client.get(url, {"when": "overdue"}).content.decode()
    assert "理论学习中心组学习" in page
    assert "后续任务" not in page
    page = client.get(url, {"department": creation.office.pk}).content.decode()
    assert "后续任务" in page
    assert "理论学习中心组学习" not in page
    response = client.post(
        url, {"action": "assign", "task": task.pk, "department": creation.office.pk}, follow=True
    )
    assert "已分配任务" in response.content.decode()
    assert Task.objects.get(pk=task.pk).department == creation.office


def test_the_office_edits_and_deletes_on_the_edit_page(
    client: Client, creation: Creation, cast: Cast
) -> None:
    task = make(creation, cast)
    login(client, cast.applicant)
    url = reverse("creation:task_edit", args=[task.pk])
    data = {
        "action": "save",
        "title": "改后的任务",
        "department": creation.office.pk,
        "due_text": "每季度",
    }
    page = client.post(url, data, follow=True).content.decode()
    assert "已保存任务“改后的任务”" in page
    assert Task.objects.get(pk=task.pk).occurrences.count() == 4
    page = client.post(url, {"action": "delete"}, follow=True).content.decode()
    assert "已删除任务" in page
    assert not Task.objects.exists()


def test_grouped_by_criterion_and_read_from_above(
    client: Client, creation: Creation, cast: Cast
) -> None:
    make(creation, cast, title="中心组学习", clause_key="1.1")
    make(creation, cast, title="学习强国", clause_key="2.1", department=creation.party)
    url = reverse("creation:tasks", args=[creation.plan.pk])
    login(client, cast.city)
    page = client.get(url, {"group": "clause"}).content.decode()
    assert (
        page.index("第1条")
        < page.index("中心组学习")
        < page.index("第2条")
        < page.index("学习强国")
    )
    assert "新建任务" not in page
    data = {"action": "create", "title": "x", "clause_key": "1.1", "due_text": "全年"}
    assert client.post(url, data).status_code == 403
