"""Staff, departments and account invitations of the applicant organization."""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.conftest import Cast, World
from tests.creation.conftest import Creation

from wenming.audit.models import AuditEvent
from wenming.creation.models import Department, Invitation, StaffMember, Task
from wenming.creation.services import organization as services

pytestmark = pytest.mark.django_db

PASSWORD = "Qingyuan-2026-chuangjian"


def test_the_office_adds_edits_and_removes_staff(creation: Creation, cast: Cast) -> None:
    unit = creation.plan.organization
    staff = services.staff_add(
        acting_user=cast.applicant, organization=unit, name=" 周老师 ", position="教师"
    )
    assert staff.name == "周老师"
    services.staff_update(
        acting_user=cast.applicant,
        staff=staff,
        name="周老师",
        position="教研室主任",
        phone="13800000000",
        email="zhou@example.cn",
    )
    staff.refresh_from_db()
    assert staff.position == "教研室主任"
    services.staff_remove(acting_user=cast.applicant, staff=staff)
    assert not StaffMember.objects.filter(pk=staff.pk).exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"creation.staff_add", "creation.staff_update", "creation.staff_remove"} <= actions


def test_a_name_is_required_and_a_seated_member_stays(creation: Creation, cast: Cast) -> None:
    with pytest.raises(ValidationError, match="请填写姓名"):
        services.staff_add(
            acting_user=cast.applicant, organization=creation.plan.organization, name=" "
        )
    chief = StaffMember.objects.get(name="王组长")
    with pytest.raises(ValidationError, match="王组长在领导小组或办公室中任职"):
        services.staff_remove(acting_user=cast.applicant, staff=chief)
    assert StaffMember.objects.filter(pk=chief.pk).exists()


def test_a_department_head_cannot_add_staff(creation: Creation, cast: Cast) -> None:
    unit = creation.plan.organization
    with pytest.raises(PermissionDenied):
        services.staff_add(acting_user=creation.party_head, organization=unit, name="某人")
    client = Client()
    client.force_login(creation.party_head)
    response = client.post(reverse("creation:staff_add", args=[unit.pk]), {"name": "某人"})
    assert response.status_code == 403
    assert not StaffMember.objects.filter(name="某人").exists()
    # The head reads the page, without the edit buttons.
    page = client.get(reverse("creation:org"))
    assert page.status_code == 200
    assert "赵书记" in page.content.decode()
    assert "添加人员" not in page.content.decode()


def test_nobody_sees_another_organizations_staff(
    creation: Creation, world: World, cast: Cast
) -> None:
    client = Client()
    client.force_login(cast.nobody)
    assert client.get(reverse("creation:org")).status_code == 404
    url = reverse("creation:org") + f"?org={creation.plan.organization.pk}"
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("creation:staff_edit", args=[creation.no_login.pk])).status_code == 404
    )
    other = StaffMember.objects.create(organization=world.west_unit, name="西区某人")
    client.force_login(cast.applicant)
    assert client.get(reverse("creation:staff_edit", args=[other.pk])).status_code == 404
    assert "西区某人" not in client.get(reverse("creation:org")).content.decode()


def test_the_office_page_lists_staff_and_departments(creation: Creation, cast: Cast) -> None:
    client = Client()
    client.force_login(cast.applicant)
    body = client.get(reverse("creation:org")).content.decode()
    for text in ("人员与部门", "孙干事", "未开通", "机关党委", "钱副书记", "添加人员", "新建部门"):
        assert text in body


def test_linking_only_to_the_organizations_contacts(creation: Creation, cast: Cast) -> None:
    staff = creation.no_login
    with pytest.raises(ValidationError, match="只能关联本单位的申报联系人账号"):
        services.staff_link(acting_user=cast.applicant, staff=staff, user=cast.nobody)
    services.staff_link(acting_user=cast.applicant, staff=staff, user=cast.applicant)
    staff.refresh_from_db()
    assert staff.user == cast.applicant


def test_departments_have_unique_names_and_their_own_people(
    creation: Creation, world: World, cast: Cast
) -> None:
    unit = creation.plan.organization
    head = StaffMember.objects.get(name="孙干事")
    department = services.department_create(
        acting_user=cast.applicant, organization=unit, name="图书馆", head=head, members=[head]
    )
    assert list(department.members.all()) == [head]
    with pytest.raises(ValidationError, match="本单位已有名为“办公室”的部门"):
        services.department_update(
            acting_user=cast.applicant,
            department=department,
            name="办公室",
            head=head,
            leader=None,
            members=[],
        )
    stranger = StaffMember.objects.create(organization=world.west_unit, name="外单位人员")
    with pytest.raises(ValidationError, match="只能选择本单位的人员"):
        services.department_create(
            acting_user=cast.applicant, organization=unit, name="教务处", leader=stranger
        )
    assert not Department.objects.filter(name="教务处").exists()
    department.refresh_from_db()
    assert department.name == "图书馆"


def test_a_department_in_use_is_not_removed(creation: Creation, cast: Cast) -> None:
    Task.objects.create(
        plan=creation.plan, title="宣传栏", department=creation.party, due_text="第一季度"
    )
    with pytest.raises(ValidationError, match="部门“机关党委”已有责任分工或创建任务"):
        services.department_remove(acting_user=cast.applicant, department=creation.party)
    services.department_remove(acting_user=cast.applicant, department=creation.office)
    assert not Department.objects.filter(pk=creation.office.pk).exists()


def test_a_department_through_the_pages(creation: Creation, cast: Cast) -> None:
    client = Client()
    client.force_login(cast.applicant)
    unit = creation.plan.organization
    head = StaffMember.objects.get(name="孙干事")
    url = reverse("creation:department_new", args=[unit.pk])
    assert "分管领导" in client.get(url).content.decode()
    response = client.post(url, {"name": "办公室", "head": head.pk})
    assert "本单位已有名为“办公室”的部门" in response.content.decode()
    response = client.post(url, {"name": "图书馆", "head": head.pk}, follow=True)
    assert "已新建部门图书馆" in response.content.decode()
    assert Department.objects.get(name="图书馆").head == head


def _invite(client: Client, staff: StaffMember) -> str:
    response = client.post(
        reverse("creation:staff_invite", args=[staff.pk]), {"email": "sun@example.cn"}, follow=True
    )
    body = response.content.decode()
    assert "已向孙干事发送账号邀请" in body
    match = re.search(r'value="([^"]*/creation/invitations/[^"]+/)"', body)
    assert match, body
    return match.group(1)


def test_the_invitation_round_trip(
    creation: Creation, cast: Cast, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.SITE_URL = "https://wenming.example.cn"
    office = Client()
    office.force_login(cast.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        link = _invite(office, creation.no_login)
    assert link.startswith("https://wenming.example.cn/creation/invitations/")
    assert mail.outbox[-1].to == ["sun@example.cn"]
    assert link in mail.outbox[-1].body
    # The link shows once.
    assert "/creation/invitations/" not in office.get(reverse("creation:org")).content.decode()
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert Invitation.objects.get().token_hash == services.token_hash(token)
    person = Client()
    path = reverse("creation:invitation_accept", args=[token])
    assert "孙干事" in person.get(path).content.decode()
    weak = person.post(path, {"username": "sun", "password1": "123", "password2": "123"})
    assert weak.status_code == 200
    assert not StaffMember.objects.get(pk=creation.no_login.pk).user
    response = person.post(
        path, {"username": "sun", "password1": PASSWORD, "password2": PASSWORD}, follow=True
    )
    body = response.content.decode()
    assert "账号已开通" in body
    assert creation.plan.title in body  # signed in, on the plan (through 办公室)
    staff = StaffMember.objects.get(pk=creation.no_login.pk)
    assert staff.user is not None
    assert staff.user.username == "sun"
    assert staff.user.display_name == "孙干事"
    assert not staff.user.roles.exists()
    assert AuditEvent.objects.filter(action="creation.invitation_accept").exists()
    used = Client().get(path)
    assert used.status_code == 410
    assert "此邀请链接已使用过" in used.content.decode()


def test_an_expired_or_replaced_invitation_is_refused(creation: Creation, cast: Cast) -> None:
    staff = creation.no_login
    staff.email = "sun@example.cn"
    staff.save()
    _first, old = services.staff_invite(acting_user=cast.applicant, staff=staff)
    _second, new = services.staff_invite(acting_user=cast.applicant, staff=staff)
    client = Client()
    gone = client.get(reverse("creation:invitation_accept", args=[old]))
    assert "邀请链接无效" in gone.content.decode()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="此邀请链接已过期"):
        services.invitation_accept(token=new, username="sun", password=PASSWORD)
    response = client.get(reverse("creation:invitation_accept", args=[new]))
    assert "此邀请链接已过期" in response.content.decode()


def test_an_invitation_needs_an_email_and_no_login(creation: Creation, cast: Cast) -> None:
    with pytest.raises(ValidationError, match="请先填写孙干事的电子邮箱"):
        services.staff_invite(acting_user=cast.applicant, staff=creation.no_login)
    head = StaffMember.objects.get(name="赵书记")
    with pytest.raises(ValidationError, match="赵书记已有登录账号"):
        services.staff_invite(acting_user=cast.applicant, staff=head, email="x@example.cn")
    assert not Invitation.objects.exists()
