"""Meetings: the two-thirds quorum at its exact bound, written opinions, the frozen list."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from tests.committee.conftest import meeting_of

from wenming.audit.models import AuditEvent
from wenming.campaigns.models import Application
from wenming.committee import selectors, services
from wenming.committee.models import ListEntry
from wenming.domain.application_states import State


@pytest.mark.parametrize(("members", "bound"), [(3, 2), (9, 6), (10, 7), (13, 9), (21, 14)])
def test_one_short_of_two_thirds_cannot_approve_and_the_bound_can(
    cast, campaign, listed, members, bound
):
    short = meeting_of(campaign, cast, members, bound - 1)
    with pytest.raises(ValidationError) as error:
        services.meeting_approve(acting_user=cast.city, meeting=short)
    assert (
        f"应到 {members} 人，实到 {bound - 1} 人，须至少 {bound} 人出席" in error.value.messages[0]
    )
    assert set(Application.objects.values_list("status", flat=True)) == {State.PUBLISHED}

    enough = meeting_of(campaign, cast, members, bound)
    services.meeting_approve(acting_user=cast.city, meeting=enough)
    assert set(Application.objects.values_list("status", flat=True)) == {State.APPROVED}


def test_written_opinions_are_recorded_but_do_not_make_a_quorum(cast, campaign, listed):
    meeting = meeting_of(campaign, cast, members=9, attending=5, opinions=4)
    quorum = selectors.quorum_of(meeting)
    assert (quorum.valid, quorum.attending, quorum.written_opinions) == (False, 5, 4)
    assert meeting.members.exclude(written_opinion="").count() == 4
    with pytest.raises(ValidationError):
        services.meeting_approve(acting_user=cast.city, meeting=meeting)


def test_a_present_member_cannot_also_send_a_written_opinion(cast, campaign, listed):
    meeting = meeting_of(campaign, cast, members=3, attending=3)
    first = meeting.members.first()
    with pytest.raises(ValidationError) as error:
        services.meeting_record_attendance(
            acting_user=cast.city, meeting=meeting, present=[first.pk], opinions={first.pk: "x"}
        )
    assert "书面意见只记录缺席委员的" in error.value.messages[0]


def test_committee_role_holders_are_members_of_the_meeting(cast, campaign, listed):
    meeting = services.meeting_create(
        acting_user=cast.city, campaign=campaign.campaign, held_on=date(2021, 12, 20)
    )
    assert list(meeting.members.values_list("name", "user")) == [("committee", cast.committee.pk)]


def test_more_votes_than_members_present_are_refused(cast, campaign, listed):
    meeting = meeting_of(campaign, cast, members=3, attending=2)
    with pytest.raises(ValidationError) as error:
        services.meeting_record_vote(
            acting_user=cast.city, meeting=meeting, votes_for=3, votes_against=0, abstentions=0
        )
    assert "投票总数 3 超过出席委员人数 2" in error.value.messages[0]


def test_the_meeting_refuses_one_and_approves_the_rest(cast, campaign, listed):
    east, west = listed
    meeting = meeting_of(campaign, cast, members=3, attending=3)
    services.meeting_approve(
        acting_user=cast.city, meeting=meeting, refused=[west], comment="Complaint found true."
    )
    east.refresh_from_db()
    west.refresh_from_db()
    assert (east.status, west.status) == (State.APPROVED, State.REJECTED)
    assert west.comment == "Complaint found true."
    assert AuditEvent.objects.filter(action="meeting.approve").count() == 1
    assert AuditEvent.objects.filter(action="application.not_approve").count() == 1


def test_the_approved_list_is_frozen(cast, campaign, listed):
    meeting = meeting_of(campaign, cast, members=3, attending=2)
    services.meeting_approve(acting_user=cast.city, meeting=meeting)
    member = meeting.members.first()
    attempts = [
        lambda: services.meeting_approve(acting_user=cast.city, meeting=meeting),
        lambda: services.meeting_record_attendance(
            acting_user=cast.city, meeting=meeting, present=[member.pk]
        ),
        lambda: services.meeting_record_minutes(
            acting_user=cast.city, meeting=meeting, minutes="x"
        ),
        lambda: services.meeting_record_vote(
            acting_user=cast.city, meeting=meeting, votes_for=1, votes_against=0, abstentions=0
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as error:
            attempt()
        assert "名单已冻结" in error.value.messages[0]
    assert list(ListEntry.objects.values_list("outcome", flat=True)) == ["approved", "approved"]
    assert meeting.members.filter(present=True).count() == 2


def test_approval_needs_minutes_and_a_vote(cast, campaign, listed):
    meeting = services.meeting_create(
        acting_user=cast.city, campaign=campaign.campaign, held_on=date(2021, 12, 20)
    )
    services.meeting_record_attendance(
        acting_user=cast.city, meeting=meeting, present=[meeting.members.get().pk]
    )
    with pytest.raises(ValidationError) as error:
        services.meeting_approve(acting_user=cast.city, meeting=meeting)
    assert "请先记录会议纪要" in error.value.messages[0]
    services.meeting_record_minutes(acting_user=cast.city, meeting=meeting, minutes="Read.")
    with pytest.raises(ValidationError) as error:
        services.meeting_approve(acting_user=cast.city, meeting=meeting)
    assert "表决结果" in error.value.messages[0]


@pytest.mark.parametrize("who", ["committee", "county", "applicant", "nobody"])
def test_only_the_running_office_keeps_the_record(cast, campaign, listed, who):
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            acting_user=getattr(cast, who), campaign=campaign.campaign, held_on=date(2021, 12, 1)
        )
