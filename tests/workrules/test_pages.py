"""Every page of the work rules, as the office sees it and as someone outside it sees it."""

import pytest
from tests.conftest import login
from tests.workrules.conftest import ahead

from wenming.workrules import services


@pytest.fixture
def pages(world, cast, committee):
    meeting = services.meeting_schedule(
        acting_user=cast.city, office=world.city, kind="joint", title="Joint", held_on=ahead(-1)
    ).meeting
    report = services.report_submit(
        acting_user=cast.reviewer,
        body=committee.police,
        kind="problem",
        title="Problem",
        content="C",
    )
    session = services.training_create(
        acting_user=cast.city, office=world.city, kind="visit", topic="Visit", held_on=ahead(-3)
    )
    bulletin = services.bulletin_create(acting_user=cast.city, office=world.city, year=2026)
    return [
        "/workrules/",
        "/workrules/meetings/",
        f"/workrules/meetings/{meeting.pk}/",
        "/workrules/liaisons/",
        f"/workrules/units/{committee.police.pk}/",
        "/workrules/reports/",
        "/workrules/reports/new/",
        f"/workrules/reports/{report.pk}/",
        "/workrules/figures/",
        f"/workrules/bulletins/{bulletin.pk}/",
        "/workrules/training/",
        f"/workrules/training/{session.pk}/",
        "/workrules/training/attendance/",
    ]


def test_the_office_reaches_every_page_from_its_menu(client, cast, pages):
    login(client, cast.city)
    assert 'href="/workrules/"' in client.get("/").content.decode()
    for path in pages:
        assert client.get(path).status_code == 200, path


def test_someone_outside_the_committee_reaches_none(client, cast, pages):
    login(client, cast.applicant)
    assert 'href="/workrules/"' not in client.get("/").content.decode()
    for path in pages:
        assert client.get(path).status_code in (403, 404), path


def test_posts_refuse_those_who_may_not(client, world, cast, committee, pages):
    login(client, cast.committee)
    assert client.post("/workrules/meetings/", {"kind": "regular"}).status_code == 403
    login(client, cast.reviewer)
    assert client.post("/workrules/training/", {"kind": "central"}).status_code == 403
