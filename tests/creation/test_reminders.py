"""任务提醒: the last week before an occurrence's due date, once per occurrence and person."""

import io
from datetime import date, timedelta
from typing import Any

from django.core.mail import EmailMessage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.conftest import login
from tests.creation.conftest import Creation

from wenming.creation.models import Department, Occurrence, OccurrenceStatus, Reminder, Task
from wenming.creation.reminders import reminders_send


def occurrence(
    creation: Creation,
    due_on: date,
    status: str = OccurrenceStatus.OPEN,
    department: Department | None = None,
) -> Occurrence:
    task = Task.objects.create(
        plan=creation.plan,
        clause_key="1.1",
        title="理论学习中心组学习",
        department=department or creation.office,
        due_text="10月底前",
    )
    return Occurrence.objects.create(
        task=task, label="", starts_on=due_on - timedelta(days=30), due_on=due_on, status=status
    )


def with_mail(creation: Creation) -> None:
    for user in (creation.office_head, creation.office_leader):
        user.email = f"{user.username}@example.org"
        user.save()


def test_reminded_once_per_occurrence_and_person_and_mailed_once(
    creation: Creation, mailoutbox: list[EmailMessage], django_capture_on_commit_callbacks: Any
) -> None:
    with_mail(creation)
    today = date(2026, 10, 26)
    item = occurrence(creation, date(2026, 10, 31))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today) == 1
        assert reminders_send(today) == 0
        assert reminders_send(today + timedelta(days=1)) == 0
    reminders = Reminder.objects.filter(occurrence=item)
    # The head only: the member 孙干事 has no login; the leader signs off nothing yet.
    assert [r.user for r in reminders] == [creation.office_head]
    assert reminders.get().mailed
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["office_head@example.org"]
    assert "理论学习中心组学习" in message.subject
    assert "2026年10月31日" in message.body


def test_awaiting_sign_off_reminds_the_leader_too(
    creation: Creation, mailoutbox: list[EmailMessage], django_capture_on_commit_callbacks: Any
) -> None:
    with_mail(creation)
    item = occurrence(creation, date(2026, 10, 31), OccurrenceStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(date(2026, 10, 25)) == 2
    users = {r.user for r in Reminder.objects.filter(occurrence=item)}
    assert users == {creation.office_head, creation.office_leader}
    assert sorted(m.to[0] for m in mailoutbox) == [
        "office_head@example.org",
        "office_leader@example.org",
    ]


def test_only_the_last_week_and_not_accepted(creation: Creation) -> None:
    today = date(2026, 10, 20)
    occurrence(creation, today + timedelta(days=8))
    occurrence(creation, today + timedelta(days=7))
    occurrence(creation, today - timedelta(days=1))  # overdue: no longer the last week
    occurrence(creation, today + timedelta(days=3), OccurrenceStatus.ACCEPTED)
    assert reminders_send(today) == 0
    assert not Reminder.objects.exists()
    last_day = occurrence(creation, today + timedelta(days=6))
    assert reminders_send(today) == 1
    assert Reminder.objects.get().occurrence == last_day


def test_a_member_without_a_login_gets_nothing(creation: Creation) -> None:
    creation.office.head = None
    creation.office.save()
    occurrence(creation, date(2026, 10, 31))
    assert reminders_send(date(2026, 10, 30)) == 0  # only 孙干事 is left, without a login


def test_the_command_reminds_and_the_person_reads_the_reminder(
    creation: Creation, client: Client
) -> None:
    today = timezone.localdate()
    item = occurrence(creation, today + timedelta(days=2), department=creation.party)
    out = io.StringIO()
    call_command("creation_remind", "--date", today.isoformat(), stdout=out)
    call_command("creation_remind", stdout=out)
    assert out.getvalue().split() == ["reminders=1", "reminders=0"]
    login(client, creation.party_head)
    page = client.get(reverse("creation:index")).content.decode()
    assert "1 条未读" in page
    assert "理论学习中心组学习" in page
    reminder = Reminder.objects.get(user=creation.party_head)
    response = client.post(reverse("creation:reminder_open", args=[reminder.pk]))
    assert response.headers["Location"] == reverse("creation:occurrence", args=[item.pk])
    reminder.refresh_from_db()
    assert reminder.read
    assert "0 条未读" in client.get(reverse("creation:index")).content.decode()
    # Someone else's reminder is not found.
    login(client, creation.office_head)
    assert client.post(reverse("creation:reminder_open", args=[reminder.pk])).status_code == 404
