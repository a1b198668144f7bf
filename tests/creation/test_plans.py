"""Plans: opening one per award, the leading group and office, phases, activating."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from tests.campaigns.conftest import Setup
from tests.conftest import Cast, World
from tests.creation.conftest import Creation

from wenming.audit.models import AuditEvent
from wenming.creation.models import (
    GroupBody,
    GroupMember,
    GroupPosition,
    Phase,
    Plan,
    PlanStatus,
    StaffMember,
)
from wenming.creation.services import plans as services
from wenming.creation.services.plans import PhaseInput

pytestmark = pytest.mark.django_db


def _open(campaign: Setup, cast: Cast, world: World) -> Plan:
    return services.plan_create(
        acting_user=cast.applicant, organization=world.east_unit, award=campaign.unit
    )


def test_a_plan_opens_with_its_default_title_and_three_phases(
    campaign: Setup, cast: Cast, world: World
) -> None:
    plan = _open(campaign, cast, world)
    year = plan.year
    assert plan.title == f"{world.east_unit.name}{year}年创建{campaign.unit.label}实施方案"
    assert plan.status == PlanStatus.DRAFT
    phases = list(plan.phases.order_by("order"))
    assert [p.name for p in phases] == ["宣传发动", "全面实施", "申报验收"]
    assert phases[0].starts_on == date(year, 3, 30)
    assert AuditEvent.objects.filter(action="creation.plan_create").exists()


def test_one_plan_per_organization_and_award(campaign: Setup, cast: Cast, world: World) -> None:
    _open(campaign, cast, world)
    with pytest.raises(ValidationError, match="本单位已有“市级文明单位”的创建实施方案"):
        _open(campaign, cast, world)
    assert Plan.objects.count() == 1


def test_only_the_applicants_contact_opens_a_plan(
    campaign: Setup, cast: Cast, world: World
) -> None:
    for user in (cast.city, cast.nobody):
        with pytest.raises(PermissionDenied):
            services.plan_create(
                acting_user=user, organization=world.east_unit, award=campaign.unit
            )
    assert not Plan.objects.exists()


def test_bad_phases_save_nothing(campaign: Setup, cast: Cast, world: World) -> None:
    phases = [
        PhaseInput("宣传发动", date(2026, 4, 6), date(2026, 3, 30)),
        PhaseInput("全面实施", date(2026, 3, 20), date(2026, 7, 10)),
    ]
    with pytest.raises(ValidationError) as caught:
        services.plan_create(
            acting_user=cast.applicant,
            organization=world.east_unit,
            award=campaign.unit,
            phases=phases,
        )
    text = " ".join(caught.value.messages)
    assert "阶段“宣传发动”的开始日期晚于结束日期" in text
    assert "阶段“全面实施”须在阶段“宣传发动”结束之后开始" in text
    assert not Plan.objects.exists()
    assert not Phase.objects.exists()


def test_phases_are_replaced_in_order(creation: Creation, cast: Cast) -> None:
    plan = creation.plan
    overlapping = [
        PhaseInput("宣传发动", date(plan.year, 3, 1), date(plan.year, 4, 10)),
        PhaseInput("全面实施", date(plan.year, 4, 10), date(plan.year, 7, 1)),
    ]
    with pytest.raises(ValidationError, match="阶段“全面实施”须在阶段“宣传发动”结束之后开始"):
        services.phase_set(acting_user=cast.applicant, plan=plan, phases=overlapping)
    assert plan.phases.count() == 3
    services.phase_set(acting_user=cast.applicant, plan=plan, phases=overlapping[:1])
    assert [p.name for p in plan.phases.all()] == ["宣传发动"]
    with pytest.raises(PermissionDenied):
        services.phase_set(acting_user=creation.party_head, plan=plan, phases=overlapping[:1])


def test_current_phase(creation: Creation) -> None:
    plan, year = creation.plan, creation.plan.year

    def now(day: date) -> tuple[str, str]:
        found = services.current_phase(plan, day)
        assert found is not None
        return found.phase.name, found.label

    assert now(date(year, 5, 1)) == ("全面实施", "当前阶段")
    assert now(date(year, 3, 30)) == ("宣传发动", "当前阶段")
    assert now(date(year, 1, 1)) == ("宣传发动", "下一阶段")
    assert now(date(year, 12, 1))[1] == "已结束阶段"


def test_seats_by_body_and_a_single_leader(campaign: Setup, cast: Cast, world: World) -> None:
    plan = _open(campaign, cast, world)
    chief = StaffMember.objects.create(organization=world.east_unit, name="王书记")
    deputy = StaffMember.objects.create(organization=world.east_unit, name="刘校长")
    with pytest.raises(ValidationError, match="领导小组须有且只有一名组长"):
        services.plan_activate(acting_user=cast.applicant, plan=plan)
    with pytest.raises(ValidationError, match="领导小组办公室没有“组长”这一职务"):
        services.group_member_add(
            acting_user=cast.applicant,
            plan=plan,
            body=GroupBody.OFFICE,
            position=GroupPosition.LEADER,
            staff=chief,
        )
    services.group_member_add(
        acting_user=cast.applicant,
        plan=plan,
        body=GroupBody.LEADING_GROUP,
        position=GroupPosition.LEADER,
        staff=chief,
    )
    with pytest.raises(ValidationError, match="领导小组已有组长"):
        services.group_member_add(
            acting_user=cast.applicant,
            plan=plan,
            body=GroupBody.LEADING_GROUP,
            position=GroupPosition.LEADER,
            staff=deputy,
        )
    second = services.group_member_add(
        acting_user=cast.applicant,
        plan=plan,
        body=GroupBody.LEADING_GROUP,
        position=GroupPosition.DEPUTY_LEADER,
        staff=deputy,
    )
    services.group_member_move(acting_user=cast.applicant, member=second, up=True)
    names = [m.staff.name for m in GroupMember.objects.filter(plan=plan).order_by("order")]
    assert names == ["刘校长", "王书记"]
    services.plan_activate(acting_user=cast.applicant, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE
    services.plan_close(acting_user=cast.applicant, plan=plan)
    with pytest.raises(ValidationError, match="创建实施方案已结束"):
        services.group_member_remove(acting_user=cast.applicant, member=second)


def test_another_organizations_staff_is_not_seated(
    creation: Creation, cast: Cast, world: World
) -> None:
    stranger = StaffMember.objects.create(organization=world.west_unit, name="外单位人员")
    with pytest.raises(ValidationError, match="只能选择本单位的人员"):
        services.group_member_add(
            acting_user=cast.applicant,
            plan=creation.plan,
            body=GroupBody.OFFICE,
            position=GroupPosition.OFFICER,
            staff=stranger,
        )


def test_the_new_plan_page(campaign: Setup, cast: Cast, world: World) -> None:
    client = Client()
    client.force_login(cast.applicant)
    url = reverse("creation:plan_new")
    assert "市级文明单位" in client.get(url).content.decode()
    response = client.post(url, {"award": campaign.unit.pk, "title": ""}, follow=True)
    body = response.content.decode()
    assert "已新建创建实施方案" in body
    assert "宣传发动" in body
    again = client.post(url, {"award": campaign.unit.pk, "title": ""})
    assert "本单位已有“市级文明单位”的创建实施方案" in again.content.decode()


def test_the_overview_for_the_office_and_for_readers(creation: Creation, cast: Cast) -> None:
    url = reverse("creation:plan", args=[creation.plan.pk])
    client = Client()
    client.force_login(cast.applicant)
    body = client.get(url).content.decode()
    for text in (
        "创建工作领导小组",
        "王组长",
        "领导小组办公室",
        "李主任",
        "全面实施",
        "编辑实施阶段",
    ):
        assert text in body
    assert f"/creation/plans/{creation.plan.pk}/tasks/" in body
    for reader in (creation.party_head, cast.city):
        client.force_login(reader)
        body = client.get(url).content.decode()
        assert "王组长" in body
        assert "编辑实施阶段" not in body
        chief = StaffMember.objects.get(name="王组长")
        post = client.post(
            reverse("creation:group_member_add", args=[creation.plan.pk]),
            {"seat": "office:officer", "staff": chief.pk},
        )
        assert post.status_code == 403
        phases = client.get(reverse("creation:plan_phases", args=[creation.plan.pk]))
        assert phases.status_code == 403
    client.force_login(cast.nobody)
    assert client.get(url).status_code == 404


def test_seats_and_phases_through_the_pages(creation: Creation, cast: Cast) -> None:
    plan = creation.plan
    client = Client()
    client.force_login(cast.applicant)
    staff = StaffMember.objects.get(name="孙干事")
    response = client.post(
        reverse("creation:group_member_add", args=[plan.pk]),
        {"seat": "office:officer", "staff": staff.pk},
        follow=True,
    )
    assert "已将孙干事设为领导小组办公室专干" in response.content.decode()
    url = reverse("creation:plan_phases", args=[plan.pk])
    assert "宣传发动" in client.get(url).content.decode()
    data = {"phase-TOTAL_FORMS": "2", "phase-INITIAL_FORMS": "0"}
    data |= {"phase-0-name": "宣传发动", "phase-0-starts_on": f"{plan.year}-04-06"}
    data |= {"phase-0-ends_on": f"{plan.year}-03-30"}
    bad = client.post(url, data)
    assert bad.status_code == 400
    assert "阶段“宣传发动”的开始日期晚于结束日期" in bad.content.decode()
    assert plan.phases.count() == 3
    data["phase-0-starts_on"] = f"{plan.year}-03-01"
    response = client.post(url, data, follow=True)
    assert "已保存实施阶段" in response.content.decode()
    assert plan.phases.count() == 1
