"""The dispatcher reads the audit trail as an outbox: a returned application tells the
applicant once, however often it runs; the periodic scan tells what falls due, once per
deadline (and an overdue item once a day)."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from tests.campaigns.conftest import campaign, complete  # noqa: F401 - the fixture, reused

from wenming.campaigns import services as campaign_services
from wenming.notifications import dispatch, scan, services
from wenming.notifications.models import Notification
from wenming.notifications.scan import within
from wenming.publicity.calendars import workday_calendar
from wenming.supervision.services.items import item_open


def _returned(world, cast, campaign):  # noqa: F811 - the fixture's name
    application = campaign_services.application_start(
        acting_user=cast.applicant,
        campaign=campaign.campaign,
        award=campaign.unit,
        organization=world.east_unit,
    )
    complete(application, cast.applicant)
    campaign_services.application_submit(acting_user=cast.applicant, application=application)
    campaign_services.application_return(
        acting_user=cast.county, application=application, comment="补充佐证材料"
    )
    return application


def test_a_returned_application_tells_its_applicant_once(world, cast, campaign):  # noqa: F811
    application = _returned(world, cast, campaign)
    assert dispatch.dispatch() == 1
    assert dispatch.dispatch() == 0  # its key: no event is told twice
    [notification] = Notification.objects.all()
    assert notification.recipient == cast.applicant
    assert notification.title == "申报被退回：East Unit · 市级文明单位"
    assert "退回意见：补充佐证材料" in notification.body
    assert notification.url == f"/campaigns/applications/{application.pk}/"
    assert notification.region_path == world.city.path


def test_the_cursor_moves_only_past_settled_events(world, cast, campaign):  # noqa: F811
    _returned(world, cast, campaign)
    dispatch.dispatch()
    cursor = dispatch.Cursor.objects.get()
    assert cursor.last_id == 0  # the events are minutes old: read again next time
    dispatch.dispatch(timezone.now() + dispatch.SETTLE + timedelta(seconds=1))
    cursor.refresh_from_db()
    assert cursor.last_id > 0
    assert Notification.objects.count() == 1


def test_an_item_due_is_told_once_and_an_overdue_item_once_a_day(world, cast):
    today = date(2026, 6, 1)  # a Monday
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda *a: today)
        item = item_open(
            acting_user=cast.city,
            office=world.city,
            title="路口乱停车",
            source="review",
            organization=world.east_unit,
            item_class="small",
            deadline=today + timedelta(days=2),
        )
    made = services.notifications_create(messages=scan.due_messages(today))
    assert {(n.recipient.username, n.title) for n in made} == {
        ("applicant", "督办事项即将到期：路口乱停车"),
        ("city", "督办事项即将到期：路口乱停车"),
    }
    assert services.notifications_create(messages=scan.due_messages(today)) == []
    later = item.deadline + timedelta(days=1)
    overdue = services.notifications_create(messages=scan.due_messages(later))
    assert {n.title for n in overdue} == {"督办事项已逾期：路口乱停车"}
    assert services.notifications_create(messages=scan.due_messages(later)) == []
    assert (
        len(services.notifications_create(messages=scan.due_messages(later + timedelta(days=1))))
        == 2
    )


def test_three_working_days_skip_the_weekend(db):
    calendar = workday_calendar()
    friday = date(2026, 6, 5)
    assert within(calendar, friday, date(2026, 6, 10))  # Mon, Tue, Wed
    assert not within(calendar, friday, date(2026, 6, 11))  # a fourth working day


def test_the_periodic_command_runs_every_part(db, capsys):
    call_command("notifications_run")
    assert "events told: 0" in capsys.readouterr().out
