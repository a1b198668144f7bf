"""Supervision items: no closing without a result; overdue items flagged, reminded and
escalated (with a controlled clock); after a bulletin, ten days to report."""

import io
from datetime import date
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from tests.conftest import login
from tests.factories import UserFactory, with_role

from wenming.accounts.models import Role
from wenming.supervision.models import Notice
from wenming.supervision.services import items as services_items


@pytest.fixture
def item(world, cast):
    cast.applicant.email = "contact@example.org"
    cast.applicant.save()
    return services_items.item_open(
        acting_user=cast.city,
        office=world.city,
        title="Broken streetlights",
        source="hotline",
        source_reference="12345-0601",
        organization=world.east_unit,
        item_class="small",
        deadline=date(2026, 7, 10),
    )


def test_an_item_cannot_close_without_a_result(item, cast, client) -> None:
    item = services_items.item_feedback(acting_user=cast.applicant, item=item, feedback="fixed")
    with pytest.raises(ValidationError) as error:
        services_items.item_close(acting_user=cast.city, item=item, result="")
    assert error.value.messages == ["没有办理结果的督办事项不能办结。"]
    login(client, cast.city)
    url = reverse("supervision:item", args=[item.pk])
    response = client.post(url, {"action": "close", "result": ""}, follow=True)
    assert "没有办理结果的督办事项不能办结。" in response.content.decode()
    item.refresh_from_db()
    assert item.state == "feedback"
    client.post(url, {"action": "close", "result": "All lights replaced."})
    item.refresh_from_db()
    assert (item.state, item.result) == ("closed", "All lights replaced.")


def test_an_overdue_item_is_flagged_and_reminded_once_a_day(
    item, cast, client, django_capture_on_commit_callbacks
) -> None:
    late = timezone.make_aware(timezone.datetime(2026, 7, 11, 9, 0))
    clock = mock.patch("django.utils.timezone.now", return_value=late)
    with clock, django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=io.StringIO())
        call_command("send_reminders", stdout=io.StringIO())  # idempotent per day
        login(client, cast.applicant)
        text = client.get(reverse("supervision:index")).content.decode()
    assert '<tr class="overdue">' in text
    assert "已逾期" in text
    assert "已超过整改期限 2026年7月10日" in text  # the in-app notice
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["contact@example.org"]
    assert "Broken streetlights" in mail.outbox[0].subject
    item.refresh_from_db()
    assert item.state == "reminded"
    assert Notice.objects.filter(kind="overdue").count() == 1


def test_nothing_is_reminded_before_the_reminder_window(item) -> None:
    report = services_items.reminders_send(today=date(2026, 7, 1))
    assert (report.notices, len(mail.outbox)) == (0, 0)


def test_a_persistent_item_escalates_to_its_leader(
    world, cast, django_capture_on_commit_callbacks
) -> None:
    leader = with_role(
        UserFactory(username="leader", email="leader@example.org"), Role.OFFICE, region=world.city
    )
    item = services_items.item_open(
        acting_user=cast.city,
        office=world.city,
        title="Disputed sidewalk",
        source="media",
        organization=world.west_unit,
        item_class="persistent",
        deadline=date(2026, 5, 1),
        leader=leader,
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = services_items.reminders_send(today=date(2026, 5, 2))
    assert report.escalated == [item.pk]
    assert [m.to for m in mail.outbox] == [["leader@example.org"]]
    assert "已提交您研究解决" in mail.outbox[0].body
    item.refresh_from_db()
    assert item.escalated_on == date(2026, 5, 2)


def test_persistent_needs_a_leader_and_big_needs_milestones(world, cast) -> None:
    common = {
        "acting_user": cast.city,
        "office": world.city,
        "title": "x",
        "source": "instruction",
        "organization": world.east_unit,
        "deadline": date(2026, 9, 1),
    }
    with pytest.raises(ValidationError):
        services_items.item_open(item_class="persistent", **common)
    with pytest.raises(ValidationError):
        services_items.item_open(item_class="big", **common)
    item = services_items.item_open(
        item_class="big",
        milestones=[("Plan", date(2026, 7, 1)), ("Works", date(2026, 8, 1))],
        **common,
    )
    assert [m.title for m in item.milestones.all()] == ["Plan", "Works"]


def test_applicant_sees_only_its_own_items(item, world, cast, client) -> None:
    other = services_items.item_open(
        acting_user=cast.city,
        office=world.city,
        title="Other unit's problem",
        source="review",
        organization=world.west_unit,
        item_class="small",
        deadline=date(2026, 7, 10),
    )
    login(client, cast.applicant)
    text = client.get(reverse("supervision:index")).content.decode()
    assert "Broken streetlights" in text
    assert "Other unit&#x27;s problem" not in text
    assert "Other unit's problem" not in text
    assert client.get(reverse("supervision:item", args=[other.pk])).status_code == 404


def test_criticized_units_get_ten_days_after_a_bulletin(midyear, cast) -> None:
    criticized = midyear.entries[0].organization
    bulletin = services_items.bulletin_issue(
        acting_user=cast.city,
        review=midyear.review,
        title="关于年中考核情况的通报",
        issuing_office="City office",
        issued_on=date(2018, 8, 20),
        criticized=[criticized],
    )
    [item] = bulletin.items.all()
    assert (item.organization, item.deadline, item.source) == (
        criticized,
        date(2018, 8, 30),
        "bulletin",
    )


def test_reminder_mails_go_out_by_a_task_once_the_notice_is_saved(
    item, django_capture_on_commit_callbacks
) -> None:
    with translation.override("en"), django_capture_on_commit_callbacks() as callbacks:
        services_items.reminders_send(today=date(2026, 7, 11))
        assert mail.outbox == []  # nothing leaves before the notice is committed
    assert len(callbacks) == 1
    callbacks[0]()  # enqueues send_notice_mail(notice id); the test backend runs it at once
    [message] = mail.outbox
    assert message.subject == "【督办】Broken streetlights"  # the office's language
    assert "已超过整改期限 2026年7月10日" in message.body


def test_reminding_by_hand_tells_the_contact(
    item, cast, client, django_capture_on_commit_callbacks
) -> None:
    login(client, cast.city)
    url = reverse("supervision:item", args=[item.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "remind"}, follow=True)
    assert "已催办" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["contact@example.org"]]
    item.refresh_from_db()
    assert item.state == "reminded"
    response = client.post(url, {"action": "close", "result": "Done"}, follow=True)
    assert "责任单位反馈整改情况后才能办结。" in response.content.decode()
