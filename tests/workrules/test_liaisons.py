"""The liaison register: 正科级 or above, changes kept, a successor within a week."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from tests.conftest import login
from tests.workrules.conftest import ahead

from wenming.audit.models import AuditEvent
from wenming.domain.workrules import SuccessorStatus
from wenming.workrules import selectors, services
from wenming.workrules.models import LiaisonOfficer


def test_an_officer_below_section_chief_is_refused(cast, committee):
    with pytest.raises(ValidationError) as refused:
        services.liaison_appoint(
            acting_user=cast.city,
            body=committee.police,
            name="Sun",
            rank="deputy_section",
            mobile="1",
        )
    assert refused.value.message_dict["rank"] == [
        "联络员须由正科级以上干部担任，副科级不符合要求。"
    ]


def test_naming_a_new_officer_ends_the_current_one_and_keeps_the_history(cast, committee):
    new = services.liaison_appoint(
        acting_user=cast.reviewer, body=committee.police, name="Sun", rank="division", mobile="2"
    )
    old = LiaisonOfficer.objects.get(pk=committee.police_officer.pk)
    assert (old.ended_on, old.end_reason) == (new.started_on, "由Sun接任")
    assert [o.name for o in selectors.unit_history(committee.police)] == ["Sun", "Zhao"]


def test_contact_changes_are_recorded_and_shown(client, cast, committee):
    services.liaison_update(
        acting_user=cast.reviewer,
        officer=committee.police_officer,
        mobile="13900000009",
        position="Deputy director",
    )
    event = AuditEvent.objects.filter(action="liaison.update").get()
    assert (event.before["mobile"], event.after["mobile"]) == ("13900000001", "13900000009")
    login(client, cast.reviewer)
    page = client.get(f"/workrules/units/{committee.police.pk}/").content.decode()
    assert "13900000001 → 13900000009" in page


def test_a_unit_keeps_only_its_own_register(cast, committee):
    with pytest.raises(PermissionDenied):
        services.liaison_update(
            acting_user=cast.reviewer, officer=committee.civil_officer, mobile="3"
        )
    with pytest.raises(PermissionDenied):
        services.liaison_appoint(
            acting_user=cast.body, body=committee.police, name="X", rank="section", mobile="4"
        )


def test_a_successor_not_named_within_a_week_is_flagged_overdue(client, cast, committee):
    services.liaison_leave(
        acting_user=cast.city,
        officer=committee.police_officer,
        left_on=ahead(-8),
        reason="Transferred",
    )
    rows = {
        r.unit.name: r for r in selectors.unit_register(selectors.units_of(committee.police.region))
    }
    assert rows["Police Bureau"].status is SuccessorStatus.OVERDUE
    assert rows["Civil Affairs Bureau"].status is None
    login(client, cast.city)
    listing = client.get("/workrules/liaisons/?overdue=1").content.decode()
    assert "逾期未指定继任者" in listing
    assert "Civil Affairs Bureau" not in listing
    home = client.get("/").content.decode()
    assert "逾期未指定继任联络员的成员单位" in home


def test_a_successor_within_the_week_clears_the_flag(cast, committee):
    services.liaison_leave(
        acting_user=cast.city, officer=committee.police_officer, left_on=ahead(-3), reason="Retired"
    )
    units = selectors.units_of(committee.police.region).filter(pk=committee.police.pk)
    assert selectors.unit_register(units)[0].status is SuccessorStatus.WAITING
    services.liaison_appoint(
        acting_user=cast.reviewer, body=committee.police, name="Li", rank="section", mobile="5"
    )
    assert selectors.unit_register(units)[0].status is SuccessorStatus.NAMED
    with time_machine.travel(ahead(30).isoformat()):
        assert selectors.unit_register(units)[0].status is SuccessorStatus.NAMED


def test_the_register_pages_answer_only_those_concerned(client, cast, committee):
    login(client, cast.applicant)
    assert client.get("/workrules/liaisons/").status_code == 403
    assert client.get(f"/workrules/units/{committee.police.pk}/").status_code == 404
    login(client, committee.officer_user)  # the civil bureau's officer, with no role
    assert client.get(f"/workrules/units/{committee.civil.pk}/").status_code == 200
    assert client.get(f"/workrules/units/{committee.police.pk}/").status_code == 404
