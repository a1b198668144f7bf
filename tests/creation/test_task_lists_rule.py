"""Task lists match 责任部门 by the framework defaults' one rule, and a closed plan takes none."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from tests.conftest import Cast, World
from tests.creation.conftest import Creation
from tests.creation.test_task_lists import published_list

from wenming.creation.models import Department, PlanStatus, Task
from wenming.creation.services.task_lists import task_list_inherit


def test_list_departments_use_the_framework_rule(
    client: Client, world: World, cast: Cast, creation: Creation
) -> None:
    task_list = published_list(client, world, cast)
    item = task_list.items.get(number=3)
    # Containment, as the framework defaults match: 党委办公室 stands for 办公室.
    item.departments = "党委办公室，教务科"
    item.save(update_fields=["departments"])
    task_list_inherit(acting_user=cast.applicant, plan=creation.plan, task_list=task_list)
    task = Task.objects.get(plan=creation.plan, list_item=item)
    assert task.department == creation.office


def test_a_closed_plan_takes_over_no_list(
    client: Client, world: World, cast: Cast, creation: Creation
) -> None:
    task_list = published_list(client, world, cast)
    creation.plan.status = PlanStatus.CLOSED
    creation.plan.save(update_fields=["status"])
    with pytest.raises(ValidationError, match="创建实施方案已结束"):
        task_list_inherit(acting_user=cast.applicant, plan=creation.plan, task_list=task_list)
    client.force_login(cast.applicant)
    response = client.post(
        reverse("creation:task_list_inherit", args=[task_list.pk]),
        {"plan": creation.plan.pk},
        follow=True,
    )
    assert "创建实施方案已结束" in response.content.decode()
    assert not Task.objects.filter(plan=creation.plan).exists()
    assert Department.objects.filter(organization=creation.plan.organization).exists()


def test_the_import_form_offers_请选择(client: Client, cast: Cast) -> None:
    client.force_login(cast.city)
    page = client.get(reverse("creation:task_list_import")).content.decode()
    assert "请选择" in page
    assert "Select an option" not in page
