"""The work rules' API: the same services as the pages, scoped alike, lists in a constant
number of queries whatever their length."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from tests.factories import BodyFactory
from tests.workrules.conftest import ahead

from wenming.supervision.models import SupervisionItem
from wenming.workrules import services

BASE = "/api/workrules"


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_meeting_scheduled_a_day_ahead_answers_with_its_warning(world, cast, committee):
    made = api_for(cast.city).post(
        f"{BASE}/meetings/",
        {
            "office": world.city.pk,
            "kind": "regular",
            "title": "Q4 meeting",
            "held_on": ahead(1).isoformat(),
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["warnings"][0].startswith("会议定于")
    assert "会议材料已无法在会前两天送达文明委成员" in made.json()["warnings"][0]


def test_the_joint_meeting_flow_through_the_api(world, cast, committee):
    api = api_for(cast.city)
    pk = api.post(
        f"{BASE}/meetings/",
        {
            "office": world.city.pk,
            "kind": "joint",
            "title": "Joint",
            "held_on": ahead(0).isoformat(),
        },
        format="json",
    ).json()["id"]
    url = f"{BASE}/meetings/{pk}"
    assert api.post(f"{url}/minutes/", {"minutes": "Agreed."}, format="json").status_code == 200
    answer = api.post(
        f"{url}/decisions/",
        {
            "text": "Clean streets",
            "tasks": [
                {"unit": committee.police.pk, "task": "Patrol", "deadline": ahead(5).isoformat()}
            ],
        },
        format="json",
    )
    assert answer.status_code == 200, answer.content
    task = answer.json()["decisions"][0]["tasks"][0]
    assert (task["unit"], task["state"]) == (committee.police.pk, "opened")
    item = SupervisionItem.objects.get(pk=task["item"])
    assert (item.body, item.deadline) == (committee.police, ahead(5))
    seen = api_for(cast.reviewer).get(f"/api/supervision-items/{item.pk}/").json()
    assert (seen["body"], seen["responsible"]) == (committee.police.pk, "Police Bureau")


def test_leave_through_the_api_is_the_members_own(world, cast, committee):
    meeting = services.meeting_schedule(
        acting_user=cast.city, office=world.city, kind="extra", title="Extra", held_on=ahead(3)
    ).meeting
    mine = meeting.attendees.get(user=cast.committee)
    other = meeting.attendees.get(user=committee.second)
    api = api_for(cast.committee)
    url = f"{BASE}/meetings/{meeting.pk}/leave/"
    ok = api.post(url, {"attendee": mine.pk, "reason": "Trip", "opinion": "Agree"}, format="json")
    assert ok.status_code == 200
    refused = api.post(url, {"attendee": other.pk, "reason": "Trip"}, format="json")
    assert refused.status_code == 403


def test_appointing_below_the_rank_is_a_400_in_words(cast, committee):
    answer = api_for(cast.city).post(
        f"{BASE}/liaisons/",
        {"unit": committee.civil.pk, "name": "Sun", "rank": "clerk", "mobile": "1"},
        format="json",
    )
    assert answer.status_code == 400
    assert "联络员须由正科级以上干部担任" in answer.content.decode()


def test_units_show_the_overdue_flag(cast, committee):
    services.liaison_leave(
        acting_user=cast.city, officer=committee.civil_officer, left_on=ahead(-8), reason="Left"
    )
    rows = {r["name"]: r for r in api_for(cast.city).get(f"{BASE}/units/").json()["results"]}
    assert (rows["Civil Affairs Bureau"]["overdue"], rows["Police Bureau"]["overdue"]) == (
        True,
        False,
    )


def test_figures_per_unit_and_quarter(cast, committee):
    for on, adopted in [
        (date(2025, 1, 2), True),
        (date(2025, 2, 2), False),
        (date(2025, 5, 5), True),
    ]:
        report = services.report_submit(
            acting_user=cast.reviewer,
            body=committee.police,
            kind="summary",
            title="R",
            content="C",
            submitted_on=on,
        )
        api_for(cast.city).post(
            f"{BASE}/reports/{report.pk}/decide/", {"adopted": adopted}, format="json"
        )
    rows = api_for(cast.city).get(f"{BASE}/report-figures/?year=2025&quarter=1").json()
    police = next(r for r in rows if r["name"] == "Police Bureau")
    assert (police["submitted"], police["adopted"], police["rate"]) == (2, 1, "50.0")
    assert api_for(cast.city).get(f"{BASE}/report-figures/?quarter=5").status_code == 400


@pytest.mark.parametrize(
    ("who", "meetings", "units", "reports"),
    [
        ("city", 1, 2, 2),
        ("committee", 1, 0, 0),
        ("reviewer", 0, 1, 1),
        ("county", 0, 0, 0),
        ("applicant", 0, 0, 0),
    ],
)
def test_what_each_role_reads(world, cast, committee, who, meetings, units, reports):
    services.meeting_schedule(
        acting_user=cast.city, office=world.city, kind="regular", title="R", held_on=ahead(9)
    )
    for body, user in (
        (committee.police, cast.reviewer),
        (committee.civil, committee.officer_user),
    ):
        services.report_submit(acting_user=user, body=body, kind="plan", title="P", content="C")
    api = api_for(getattr(cast, who))
    assert api.get(f"{BASE}/meetings/").json()["count"] == meetings
    assert api.get(f"{BASE}/units/").json()["count"] == units
    assert api.get(f"{BASE}/reports/").json()["count"] == reports


def _grow(world, cast, n: int, start: int = 0) -> None:
    """n more member units, each with an officer, a report, a meeting and a session."""
    for i in range(start, start + n):
        unit = BodyFactory(name=f"Unit {i}", region=world.city, screens=True)
        officer = services.liaison_appoint(
            acting_user=cast.city, body=unit, name=f"O{i}", rank="section", mobile="7"
        )
        services.report_submit(
            acting_user=cast.city, body=unit, kind="plan", title="P", content="C"
        )
        scheduled = services.meeting_schedule(
            acting_user=cast.city, office=world.city, kind="joint", title=f"M{i}", held_on=ahead(-1)
        )
        services.minutes_record(acting_user=cast.city, meeting=scheduled.meeting, minutes="OK")
        services.decision_split(
            acting_user=cast.city,
            meeting=scheduled.meeting,
            text="D",
            tasks=[services.TaskSpec(unit, "T", ahead(3))],
        )
        services.paper_add(
            acting_user=cast.city, meeting=scheduled.meeting, title="P", text="t", upload=None
        )
        services.training_create(
            acting_user=cast.city,
            office=world.city,
            kind="lecture",
            topic=f"T{i}",
            held_on=ahead(-2),
            attendees=[officer],
        )


@pytest.mark.parametrize(
    "path",
    [
        "meetings/",
        "units/",
        "liaisons/",
        "reports/",
        "report-figures/",
        "trainings/",
        "bulletins/",
    ],
)
def test_lists_read_in_a_constant_number_of_queries(world, cast, committee, path):
    api = api_for(cast.city)
    _grow(world, cast, 1)
    api.get(f"{BASE}/{path}")  # warm the user's scope and sessions
    with CaptureQueriesContext(connection) as few:
        assert api.get(f"{BASE}/{path}").status_code == 200
    _grow(world, cast, 4, start=1)
    with CaptureQueriesContext(connection) as many:
        assert api.get(f"{BASE}/{path}").status_code == 200
    assert len(many) == len(few)
