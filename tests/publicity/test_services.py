"""Publicity: the end date on the official calendar, objections and the alternates an
upheld one promotes, and when publicity may close (docs/rules.md#publicity,
docs/rules.md#objections)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from wenming.audit.models import AuditEvent
from wenming.campaigns.models import Application
from wenming.documents.style import date_words
from wenming.publicity import services
from wenming.publicity.calendars import end_date
from wenming.publicity.models import HolidayYear, Publicity


def publish(s, cast, starts_on=None) -> Publicity:
    return services.publicity_publish(
        acting_user=cast.city,
        campaign=s.setup.campaign,
        starts_on=starts_on or timezone.localdate(),
        contact_phone="0737-1234567",
    )


def lodge(publicity, s, name="East Extra", today=None):
    return services.objection_lodge(
        acting_user=None,
        publicity=publicity,
        application_id=s.apps[name].pk,
        reasons="Its canteen failed two food-safety inspections.",
        contact="13800000000",
        today=today,
    )


def status(s, name: str) -> str:
    return Application.objects.get(pk=s.apps[name].pk).status


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [
        # National Day 2025: 1-8 October off, Sunday 28 September and Saturday 11 October worked.
        (date(2025, 9, 29), date(2025, 10, 11)),
        (date(2025, 9, 26), date(2025, 10, 9)),
        # Spring Festival 2026: 15-23 February off, Saturday 14 February worked.
        (date(2026, 2, 12), date(2026, 2, 25)),
        # Published on a holiday: day one is the next working day.
        (date(2026, 2, 16), date(2026, 2, 28)),
    ],
)
def test_publicity_ends_on_the_fifth_working_day(db, starts_on, ends_on):
    assert end_date(starts_on, 5) == ends_on


def test_publishing_lists_the_screened_for_the_campaigns_working_days(screened, cast):
    today = timezone.localdate()
    publicity = publish(screened, cast)
    assert (publicity.working_days, publicity.ends_on) == (5, end_date(today, 5))
    assert status(screened, "East Unit") == "published"
    assert AuditEvent.objects.filter(action="application.publish").count() == 3


def test_publicity_cannot_be_dated_back(screened, cast):
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        publish(screened, cast, yesterday)
    assert error.value.messages == [
        f"公示开始日期不能早于今天（{date_words(timezone.localdate())}）。"
    ]
    assert status(screened, "East Unit") == "screened"


def test_a_year_nobody_entered_is_an_error_naming_it_until_the_office_enters_it(screened, cast):
    HolidayYear.objects.filter(year=2027).delete()  # the conftest enters next year
    with pytest.raises(ValidationError) as error:
        publish(screened, cast, date(2027, 1, 4))
    assert error.value.messages[0].startswith("2027年的法定节假日安排尚未录入")
    assert status(screened, "East Unit") == "screened"
    services.holiday_year_save(
        acting_user=cast.city,
        year=2027,
        days_off=[date(2027, 1, 1), date(2027, 1, 5)],
        makeup_workdays=[date(2027, 1, 9)],
        document_number="国办发明电〔2026〕7号",
    )
    # 4, (5 off), 6, 7, 8, Saturday 9 worked.
    assert publish(screened, cast, date(2027, 1, 4)).ends_on == date(2027, 1, 9)


def test_a_makeup_workday_on_a_weekday_is_refused(screened, cast):
    with pytest.raises(ValidationError) as error:
        services.holiday_year_save(
            acting_user=cast.city,
            year=2027,
            days_off=[date(2027, 1, 1)],
            makeup_workdays=[date(2027, 1, 6)],
            document_number="x",
        )
    assert error.value.messages == ["调休上班日必须是周末，2027年1月6日不是周末。"]


def test_an_upheld_objection_removes_the_applicant_and_promotes_the_alternate(screened, cast):
    s = screened
    publicity = publish(s, cast)
    objection = lodge(publicity, s)
    decided = services.objection_decide(
        acting_user=cast.city,
        objection=objection,
        upheld=True,
        reply="Confirmed with the market regulator.",
    )
    assert status(s, "East Extra") == "rejected"
    assert decided.promoted == s.apps["East Alt 1"]
    assert (status(s, "East Alt 1"), status(s, "East Alt 2")) == ("recommended", "alternate")
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    moves = {"application.uphold_objection", "application.promote", "objection.decide"}
    assert [a for a in actions if a in moves][-3:] == [
        "application.uphold_objection",
        "application.promote",
        "objection.decide",
    ]
    assert "objection.lodge" in actions


def test_a_rejected_objection_leaves_the_applicant_on_the_list(screened, cast):
    s = screened
    publicity = publish(s, cast)
    services.objection_decide(
        acting_user=cast.city, objection=lodge(publicity, s), upheld=False, reply="Not confirmed."
    )
    assert status(s, "East Extra") == "published"
    assert status(s, "East Alt 1") == "alternate"


def test_no_objection_after_the_end_date(screened, cast):
    publicity = publish(screened, cast)
    with pytest.raises(ValidationError) as error:
        lodge(publicity, screened, today=publicity.ends_on + timedelta(days=1))
    assert error.value.messages == ["公示期已结束，不再受理异议。"]
