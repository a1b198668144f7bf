"""Approval and naming as governed stages: no approval while publicity runs (the finding
"approval during publicity"), approval's gate wants a quorate approval, naming comes
only after approval and closes once all are named; the committee's 待办."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from tests.committee.conftest import close_approval, meeting_of
from tests.factories import enter_next_year, reach_stage

from wenming.accounts.todo import todo_for
from wenming.campaigns.models import Application, Stage
from wenming.campaigns.services import application_move
from wenming.campaigns.stages import stage_close
from wenming.committee import services
from wenming.committee.models import Meeting, Member
from wenming.committee.services import naming_decide
from wenming.committee.todo import member_todo
from wenming.domain.application_states import Action
from wenming.publicity import services as publicity

TO_SCREENED = (Action.SUBMIT, Action.RECOMMEND, Action.ASSESS, Action.SCREEN)


def stage(setup, kind) -> Stage:
    return Stage.objects.get(campaign=setup.campaign, kind=kind)


def name(cast, meeting):
    return naming_decide(
        acting_user=cast.city,
        meeting=meeting,
        document_number="清文明委〔2026〕3号",
        named_on=date(2026, 12, 28),
        naming_body="City civilization committee",
    )


def test_nothing_is_approved_while_publicity_runs_with_an_objection_open(world, cast, campaign):
    enter_next_year()
    reach_stage(campaign.campaign, "publicity")
    apps = []
    with transaction.atomic():
        for org in (world.east_unit, world.west_unit):
            app = Application.objects.create(
                campaign=campaign.campaign,
                award=campaign.unit,
                organization=org,
                region=org.region,
                created_by=cast.city,
            )
            for action in TO_SCREENED:
                application_move(acting_user=cast.city, applications=app, action=action)
            apps.append(app)
    listed = publicity.publicity_publish(
        acting_user=cast.city,
        campaign=campaign.campaign,
        starts_on=timezone.localdate(),
        contact_phone="0737-1234567",
    )
    publicity.objection_lodge(
        acting_user=None,
        publicity=listed,
        application_id=apps[0].pk,
        reasons="Falsified volunteer records.",
        contact="13800000000",
    )
    refusal = "公示阶段尚未结束，审定阶段还不能办理。"
    # The meeting is scheduled ahead (its papers go out days before); it cannot sit yet.
    scheduled = services.meeting_create(
        acting_user=cast.city, campaign=campaign.campaign, held_on=date(2026, 12, 2)
    )
    with pytest.raises(ValidationError) as error:
        services.meeting_record_attendance(
            acting_user=cast.city, meeting=scheduled, present=[scheduled.members.get().pk]
        )
    assert error.value.messages == [refusal]
    with pytest.raises(ValidationError) as error:
        services.meeting_record_minutes(acting_user=cast.city, meeting=scheduled, minutes="Read.")
    assert error.value.messages == [refusal]
    with pytest.raises(ValidationError) as error:
        services.meeting_record_vote(
            acting_user=cast.city, meeting=scheduled, votes_for=1, votes_against=0, abstentions=0
        )
    assert error.value.messages == [refusal]
    # Even a meeting recorded by other means (set-up) cannot approve during publicity.
    meeting = Meeting.objects.create(
        campaign=campaign.campaign, held_on=date(2026, 12, 2), minutes="Read.", created_by=cast.city
    )
    Member.objects.create(meeting=meeting, name="Member 1", present=True)
    with pytest.raises(ValidationError) as error:
        services.meeting_approve(acting_user=cast.city, meeting=meeting)
    assert error.value.messages == [refusal]
    # And publicity cannot close while the objection is open.
    with pytest.raises(ValidationError) as error:
        stage_close(acting_user=cast.city, stage=stage(campaign, "publicity"), reason="Hurry.")
    assert "还有 1 件异议未办结。" in error.value.messages
    assert {a.status for a in Application.objects.filter(pk__in=[a.pk for a in apps])} == {
        "published"
    }


def test_approval_closes_only_once_a_quorate_meeting_approved_the_list(cast, campaign, listed):
    with pytest.raises(ValidationError) as error:
        close_approval(campaign, cast.city)
    assert error.value.messages == ["名单尚未经符合法定人数的文明委会议审定。"]
    short = meeting_of(campaign, cast, members=3, attending=1)
    with pytest.raises(ValidationError):
        services.meeting_approve(acting_user=cast.city, meeting=short)
    meeting = meeting_of(campaign, cast, members=3, attending=2)
    services.meeting_approve(acting_user=cast.city, meeting=meeting)
    close_approval(campaign, cast.city)
    assert stage(campaign, "approval").closed_at is not None
    with pytest.raises(ValidationError) as error:
        meeting_of(campaign, cast, members=3, attending=3)
    assert error.value.messages[0].startswith("审定阶段已于")


def test_naming_comes_only_after_approval_and_closes_once_all_are_named(cast, campaign, listed):
    meeting = meeting_of(campaign, cast, members=3, attending=3)
    services.meeting_approve(acting_user=cast.city, meeting=meeting)
    with pytest.raises(ValidationError) as error:
        name(cast, meeting)
    assert error.value.messages == ["审定阶段尚未结束，命名阶段还不能办理。"]
    close_approval(campaign, cast.city)
    with pytest.raises(ValidationError) as error:
        stage_close(acting_user=cast.city, stage=stage(campaign, "naming"), reason="Done.")
    assert error.value.messages == ["还有审定通过的申报未命名：East Unit、West Unit。"]
    name(cast, meeting)
    assert stage_close(
        acting_user=cast.city, stage=stage(campaign, "naming"), reason="Done."
    ).closed_at
    assert set(Application.objects.values_list("status", flat=True)) == {"named"}


def test_a_committee_member_sees_the_meeting_and_the_list_to_approve(
    cast, campaign, listed, django_assert_max_num_queries
):
    meeting = meeting_of(campaign, cast, members=3, attending=3)
    lines = {t.label: t for t in todo_for(cast.committee) if t.group == "文明委"}
    assert lines["文明委会议 2021年12月20日"].url == f"/committee/meeting/{meeting.pk}/"
    assert lines["待审定名单"].count == 2
    assert not [t for t in todo_for(cast.reviewer) if t.group == "文明委"]
    with django_assert_max_num_queries(2):  # its roles are read: two queries
        member_todo(cast.committee)
    services.meeting_approve(acting_user=cast.city, meeting=meeting)
    assert not [t for t in todo_for(cast.committee) if t.group == "文明委"]


def test_a_meeting_is_scheduled_ahead_and_waits_on_the_members_home(cast, campaign):
    """The office schedules the approval meeting while applications are still open; the
    member sees it on the home page, and nothing of the meeting itself can be done yet."""
    meeting = services.meeting_create(
        acting_user=cast.city,
        campaign=campaign.campaign,
        held_on=date(2026, 12, 20),
        place="First meeting room",
        names=["Member 2", "Member 3"],
    )
    assert meeting.members.count() == 3
    lines = {t.label: t for t in todo_for(cast.committee) if t.group == "文明委"}
    line = lines["文明委会议 2026年12月20日"]
    assert line.url == f"/committee/meeting/{meeting.pk}/"
    assert line.detail == f"{campaign.campaign.name} · First meeting room"
    assert "待审定名单" not in lines  # nothing is listed before publicity
    with pytest.raises(ValidationError) as error:
        services.meeting_record_attendance(
            acting_user=cast.city, meeting=meeting, present=[meeting.members.first().pk]
        )
    assert error.value.messages == ["公示阶段尚未结束，审定阶段还不能办理。"]


def test_no_meeting_is_scheduled_once_approval_closed_and_old_ones_leave_the_home(
    cast, campaign, listed
):
    early = services.meeting_create(
        acting_user=cast.city, campaign=campaign.campaign, held_on=date(2021, 12, 1)
    )
    meeting = meeting_of(campaign, cast, members=3, attending=3)
    services.meeting_approve(acting_user=cast.city, meeting=meeting)
    assert [t.label for t in todo_for(cast.committee) if t.group == "文明委"] == [
        "文明委会议 2021年12月1日"
    ]
    close_approval(campaign, cast.city)
    # The unused meeting stays on record but is nobody's work once approval closed.
    assert Meeting.objects.filter(pk=early.pk).exists()
    assert not [t for t in todo_for(cast.committee) if t.group == "文明委"]
    with pytest.raises(ValidationError) as error:
        services.meeting_create(
            acting_user=cast.city, campaign=campaign.campaign, held_on=date(2021, 12, 30)
        )
    assert error.value.messages[0].startswith("审定阶段已于")
    assert error.value.messages[0].endswith("结束。")
