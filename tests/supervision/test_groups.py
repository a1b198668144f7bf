"""A review's assessment groups: the office forms them from assessors, gives each entry a
group and a visit date, and the group records the visit's four steps."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.conftest import login
from tests.factories import UserFactory, with_role

from wenming.accounts.models import Role
from wenming.audit.models import AuditEvent
from wenming.supervision.services import groups as services_groups
from wenming.visits.models import Group, GroupMember, Visit


@pytest.fixture
def group(midyear, cast) -> Group:
    group = services_groups.group_add(acting_user=cast.city, review=midyear.review, name="第一组")
    services_groups.group_member_add(
        acting_user=cast.city, group=group, user=cast.assessor, is_leader=True
    )
    return group


def test_the_office_forms_a_group_of_assessors_on_the_page(midyear, cast, client) -> None:
    login(client, cast.city)
    url = reverse("supervision:groups", args=[midyear.review.pk])
    client.post(url, {"action": "group", "name": "第一组"})
    group = Group.objects.get(review=midyear.review)
    response = client.post(
        url,
        {"action": "member", "group": group.pk, "user": cast.assessor.pk, "is_leader": "on"},
        follow=True,
    )
    assert "已加入考核组" in response.content.decode()
    member = GroupMember.objects.get(group=group)
    assert (member.user, member.is_leader) == (cast.assessor, True)
    text = client.get(url).content.decode()
    assert "第一组" in text
    assert "组长" in text


def test_only_assessors_join_a_group_and_names_are_unique(midyear, cast, group) -> None:
    with pytest.raises(ValidationError) as error:
        services_groups.group_member_add(acting_user=cast.city, group=group, user=cast.applicant)
    assert error.value.messages == ["applicant 不是考核人员，不能加入考核组。"]
    with pytest.raises(ValidationError) as error:
        services_groups.group_add(acting_user=cast.city, review=midyear.review, name="第一组")
    assert error.value.messages == ["本次考核已有名为“第一组”的考核组。"]


def test_a_new_leader_replaces_the_old_one(world, cast, group) -> None:
    other = with_role(UserFactory(username="other"), Role.ASSESSOR)
    services_groups.group_member_add(acting_user=cast.city, group=group, user=other, is_leader=True)
    leaders = list(group.members.filter(is_leader=True).values_list("user__username", flat=True))
    assert leaders == ["other"]


def test_each_entry_gets_a_group_and_a_visit_date(midyear, cast, group, client) -> None:
    first, second = midyear.entries[:2]
    login(client, cast.city)
    url = reverse("supervision:groups", args=[midyear.review.pk])
    data = {
        "action": "plan",
        f"group_{first.pk}": group.pk,
        f"visited_on_{first.pk}": "2018-07-10",
        f"group_{second.pk}": group.pk,
        f"visited_on_{second.pk}": "",
    }
    response = client.post(url, data, follow=True)
    assert "已保存 2 个单位的考核组和日期" in response.content.decode()
    first.refresh_from_db()
    assert (first.group, first.visited_on) == (group, date(2018, 7, 10))
    assert AuditEvent.objects.filter(action="review.entry_plan").count() == 2


def test_a_visit_date_outside_the_period_saves_nothing(midyear, cast, group, client) -> None:
    first, second = midyear.entries[:2]
    login(client, cast.city)
    url = reverse("supervision:groups", args=[midyear.review.pk])
    data = {
        "action": "plan",
        f"group_{first.pk}": group.pk,
        f"group_{second.pk}": group.pk,
        f"visited_on_{second.pk}": "2019-01-05",
    }
    response = client.post(url, data, follow=True)
    assert "实地考核日期 2019年1月5日 不在考核期（2018年1月1日 至 2018年8月2日）内。" in (
        response.content.decode()
    )
    first.refresh_from_db()
    assert first.group is None


def test_the_group_records_the_four_steps_of_its_visit(midyear, cast, group, client) -> None:
    entry = midyear.entries[0]
    services_groups.entries_plan(
        acting_user=cast.city, review=midyear.review, plans={entry.pk: (group, None)}
    )
    login(client, cast.assessor)
    assert entry.organization.name in client.get(reverse("supervision:index")).content.decode()
    url = reverse("supervision:visit", args=[entry.pk])
    assert "看环境" in client.get(url).content.decode()
    client.post(
        url,
        {
            "visited_on": "2018-07-12",
            "report_done": "on",
            "report_notes": "Heard the director's report",
            "site_done": "on",
            "checklist": ["道德讲堂", "环境整洁卫生"],
            "site_notes": "Reading room closed",
        },
    )
    visit = Visit.objects.get(entry=entry)
    assert (visit.report_done, visit.files_done, visit.site_done, visit.feedback_done) == (
        True,
        False,
        True,
        False,
    )
    assert visit.report_notes == "Heard the director's report"
    assert [k for k, v in visit.site_checklist.items() if v] == ["道德讲堂", "环境整洁卫生"]
    entry.refresh_from_db()
    assert entry.visited_on == date(2018, 7, 12)
    assert AuditEvent.objects.filter(action="review.visit_record").count() == 1


def test_an_assessor_outside_the_group_cannot_record_the_visit(
    midyear, cast, group, client
) -> None:
    entry = midyear.entries[0]
    outsider = with_role(UserFactory(username="outsider"), Role.ASSESSOR)
    login(client, outsider)
    assert client.get(reverse("supervision:visit", args=[entry.pk])).status_code == 403
    login(client, cast.county)  # an office below the city's review
    assert client.get(reverse("supervision:groups", args=[midyear.review.pk])).status_code == 404


def test_the_groups_page_runs_a_constant_number_of_queries(midyear, cast, group, client) -> None:
    first = midyear.entries[0]
    services_groups.entries_plan(
        acting_user=cast.city, review=midyear.review, plans={first.pk: (group, None)}
    )
    login(client, cast.city)
    url = reverse("supervision:groups", args=[midyear.review.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(3):
        extra = services_groups.group_add(
            acting_user=cast.city, review=midyear.review, name=f"Group {i}"
        )
        assessor = with_role(UserFactory(username=f"assessor{i}"), Role.ASSESSOR)
        services_groups.group_member_add(acting_user=cast.city, group=extra, user=assessor)
    services_groups.entries_plan(
        acting_user=cast.city,
        review=midyear.review,
        plans={e.pk: (extra, date(2018, 7, 1)) for e in midyear.entries},
    )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
