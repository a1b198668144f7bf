"""Study and training: sessions with their type and who attended; a table per officer."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from tests.conftest import login
from tests.factories import BodyFactory
from tests.workrules.conftest import ahead

from wenming.workrules import selectors, services


def session(cast, world, officers, kind="central", on=None, topic="Study"):
    return services.training_create(
        acting_user=cast.city,
        office=world.city,
        kind=kind,
        topic=topic,
        held_on=on or ahead(-10),
        attendees=officers,
    )


def test_attendance_per_officer_counts_the_sessions_attended(client, world, cast, committee):
    police, civil = committee.police_officer, committee.civil_officer
    year = police.started_on.year  # the officers' first year, whatever today is
    first = session(cast, world, [police, civil], "central", date(year, 12, 30), "Policy study")
    session(cast, world, [civil], "lecture", date(year, 12, 31), "Expert lecture")
    services.training_attendance_set(acting_user=cast.city, session=first, attendees=[civil])
    table = selectors.attendance_table(world.city, year)
    assert [(r.officer.name, r.attended, r.count) for r in table.rows] == [
        ("Qian", [True, True], 2),
        ("Zhao", [False, False], 0),
    ]
    login(client, cast.city)
    page = client.get(f"/workrules/training/attendance/?year={year}").content.decode()
    assert "2 / 2" in page
    assert "0 / 2" in page


def test_a_unit_sees_the_sessions_its_officer_attended(client, world, cast, committee):
    session(cast, world, [committee.civil_officer], topic="Civil only")
    login(client, cast.reviewer)  # the police bureau's reviewer
    assert "Civil only" not in client.get("/workrules/training/").content.decode()
    login(client, committee.officer_user)
    assert "Civil only" in client.get("/workrules/training/").content.decode()


def test_officers_of_another_region_are_refused(world, cast, committee):
    elsewhere = BodyFactory(name="County Bureau", region=world.east, screens=True)
    outsider = services.liaison_appoint(
        acting_user=cast.county, body=elsewhere, name="Wu", rank="section", mobile="6"
    )
    with pytest.raises(ValidationError, match="不是本级成员单位的联络员"):
        session(cast, world, [outsider])
