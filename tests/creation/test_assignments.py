"""责任分工: the framework's clauses assigned to the plan organization's departments."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from tests.conftest import Cast, World, login
from tests.creation.conftest import Creation

from wenming.audit.models import AuditEvent
from wenming.creation.models import Assignment, Department, Plan
from wenming.creation.services.assignments import (
    assignment_set,
    assignments_default,
    clause_departments,
    match_departments,
    unassigned_keys,
)


def names(plan: Plan, key: str) -> list[str]:
    return [d.name for d in clause_departments(plan).get(key, [])]


def test_defaults_follow_the_framework_departments_first_leading(
    creation: Creation, cast: Cast
) -> None:
    plan = creation.plan
    result = assignments_default(acting_user=cast.applicant, plan=plan)
    # 1.1 names 办公室 alone; 2.1 names 机关党委, 纪委, 工会, 办公室 (the unit has no 纪委/工会).
    assert names(plan, "1.1") == ["办公室"]
    assert names(plan, "2.1") == ["机关党委", "办公室"]
    assert Assignment.objects.get(plan=plan, clause_key="2.1", order=0).department == creation.party
    assert "1.1" in result.assigned
    # Clauses whose departments the table leaves empty (criterion 17) match nothing.
    unmatched = {c.key for c in result.unmatched}
    assert unmatched
    assert all(k not in clause_departments(plan) for k in unmatched)
    assert set(unassigned_keys(plan)) == unmatched
    event = AuditEvent.objects.get(action="creation.assignments_default")
    assert (event.after or {})["assigned"]["2.1"] == ["机关党委", "办公室"]


def test_defaults_keep_what_the_office_already_set(creation: Creation, cast: Cast) -> None:
    plan = creation.plan
    assignment_set(
        acting_user=cast.applicant, plan=plan, clause_key="1.1", departments=[creation.party]
    )
    assignments_default(acting_user=cast.applicant, plan=plan)
    assert names(plan, "1.1") == ["机关党委"]


def test_matching_takes_exact_names_then_containment_in_either_direction() -> None:
    departments = [
        Department(pk=1, name="机关纪委"),
        Department(pk=2, name="办公室"),
        Department(pk=3, name="工会"),
    ]
    assert [
        d.name for d in match_departments(["纪委", "党委办公室", "工会", "团委"], departments)
    ] == [
        "机关纪委",
        "办公室",
        "工会",
    ]
    # An exact name wins over a containing one; a department is listed once.
    departments.append(Department(pk=4, name="纪委"))
    assert [d.name for d in match_departments(["纪委", "机关纪委"], departments)] == [
        "纪委",
        "机关纪委",
    ]
    assert [d.name for d in match_departments(["办公室", "党委办公室"], departments)] == ["办公室"]


def test_setting_orders_leads_and_an_empty_list_removes(creation: Creation, cast: Cast) -> None:
    plan = creation.plan
    assignment_set(
        acting_user=cast.applicant,
        plan=plan,
        clause_key="3.1",
        departments=[creation.party, creation.office],
    )
    assert names(plan, "3.1") == ["机关党委", "办公室"]
    assignment_set(
        acting_user=cast.applicant,
        plan=plan,
        clause_key="3.1",
        departments=[creation.office, creation.party],
    )
    assert names(plan, "3.1") == ["办公室", "机关党委"]
    assignment_set(acting_user=cast.applicant, plan=plan, clause_key="3.1", departments=[])
    assert "3.1" not in clause_departments(plan)
    event = AuditEvent.objects.filter(action="creation.assignment_set").latest("id")
    assert (event.before or {})["departments"] == ["办公室", "机关党委"]
    assert (event.after or {})["departments"] == []


def test_setting_refuses_unknown_clauses_foreign_departments_and_departments(
    creation: Creation, cast: Cast, world: World
) -> None:
    plan = creation.plan
    with pytest.raises(ValidationError) as error:
        assignment_set(
            acting_user=cast.applicant, plan=plan, clause_key="99.9", departments=[creation.office]
        )
    assert "测评体系中没有评分要点“99.9”" in error.value.messages[0]
    foreign = Department.objects.create(organization=world.west_unit, name="办公室")
    with pytest.raises(ValidationError, match="只能选择本单位的部门"):
        assignment_set(
            acting_user=cast.applicant, plan=plan, clause_key="1.1", departments=[foreign]
        )
    with pytest.raises(PermissionDenied):
        assignment_set(
            acting_user=creation.party_head,
            plan=plan,
            clause_key="1.1",
            departments=[creation.party],
        )
    assert not Assignment.objects.exists()


def test_the_office_applies_the_defaults_on_the_page(
    client: Client, creation: Creation, cast: Cast
) -> None:
    url = reverse("creation:assignments", args=[creation.plan.pk])
    login(client, cast.applicant)
    page = client.get(url).content.decode()
    assert "采用测评体系的责任部门" in page
    assert "个评分要点未分配责任部门" in page
    page = client.post(url, {"action": "default"}, follow=True).content.decode()
    assert "已按测评体系的责任部门分配" in page
    assert "以下评分要点未能对应到本单位部门：" in page
    assert "牵头" in page


def test_the_office_sets_a_clause_on_the_page(
    client: Client, creation: Creation, cast: Cast
) -> None:
    url = reverse("creation:assignments", args=[creation.plan.pk])
    login(client, cast.applicant)
    data = {
        "action": "set",
        "clause": "1.2",
        "department_0": creation.party.pk,
        "department_1": creation.office.pk,
    }
    page = client.post(url, data, follow=True).content.decode()
    assert "已保存评分要点 1.2 的责任部门" in page
    assert names(creation.plan, "1.2") == ["机关党委", "办公室"]


def test_a_department_reads_only_its_own_clauses(
    client: Client, creation: Creation, cast: Cast
) -> None:
    plan = creation.plan
    assignment_set(
        acting_user=cast.applicant, plan=plan, clause_key="1.1", departments=[creation.office]
    )
    assignment_set(
        acting_user=cast.applicant, plan=plan, clause_key="2.1", departments=[creation.party]
    )
    url = reverse("creation:assignments", args=[plan.pk])
    login(client, creation.party_head)
    page = client.get(url).content.decode()
    assert 'id="clause-2.1"' in page
    assert 'id="clause-1.1"' not in page
    assert "采用测评体系的责任部门" not in page
    assert 'name="department_0"' not in page
    assert client.post(url, {"action": "default"}).status_code == 403
    login(client, cast.nobody)
    assert client.get(url).status_code == 404
