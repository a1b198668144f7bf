"""Committee and joint meetings: papers two days ahead, leave and opinions, minutes, and a
joint meeting's decisions tracked as supervision items of member units."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from tests.conftest import login
from tests.workrules.conftest import ahead

from wenming.audit.models import AuditEvent
from wenming.documents.style import date_words
from wenming.domain.review import ItemState
from wenming.notifications import dispatch
from wenming.notifications.models import Notification
from wenming.supervision.models import SupervisionItem
from wenming.supervision.services.items import item_feedback
from wenming.workrules import services
from wenming.workrules.models import Attendance, WorkMeeting


def schedule(cast, world, days: int, kind: str = "regular", **extra):
    return services.meeting_schedule(
        acting_user=cast.city,
        office=world.city,
        kind=kind,
        title=f"Meeting in {days} days",
        held_on=ahead(days),
        **extra,
    )


def warning_for(days: int) -> str:
    return (
        f"会议定于{date_words(ahead(days))}召开，会议材料已无法在会前两天送达文明委成员："
        f"文明办须将会议内容提前两天（{date_words(ahead(days - 2))}前）向文明委成员通报。"
        "请调整会议日期，或尽快通报并向委员说明。"
    )


def test_a_meeting_set_one_day_ahead_warns_that_papers_cannot_reach_members(world, cast, committee):
    scheduled = schedule(cast, world, 1)
    assert scheduled.warnings == [warning_for(1)]
    assert [a.name for a in scheduled.meeting.attendees.all()] == ["committee", "member2"]


def test_the_warning_is_shown_on_the_meeting_page(client, world, cast, committee):
    scheduled = schedule(cast, world, 1)
    login(client, cast.city)
    page = client.get(f"/workrules/meetings/{scheduled.meeting.pk}/")
    assert warning_for(1) in page.content.decode()


def test_the_schedule_form_shows_the_warning_at_once(client, world, cast, committee):
    login(client, cast.city)
    answer = client.post(
        "/workrules/meetings/",
        {"kind": "extra", "title": "Urgent", "held_on": ahead(1).isoformat()},
        follow=True,
    )
    assert warning_for(1) in answer.content.decode()


def test_two_days_ahead_is_in_time(world, cast, committee):
    assert schedule(cast, world, 2).warnings == []


def test_circulated_papers_reach_the_members_page_and_the_audit_trail(
    client, world, cast, committee
):
    meeting = schedule(cast, world, 5, agenda="Plan for the year").meeting
    login(client, cast.committee)
    assert (
        "Annual plan draft" not in client.get(f"/workrules/meetings/{meeting.pk}/").content.decode()
    )
    services.paper_add(
        acting_user=cast.city,
        meeting=meeting,
        title="Annual plan draft",
        text="Items...",
        upload=None,
    )
    assert services.papers_circulate(acting_user=cast.city, meeting=meeting) == []
    page = client.get(f"/workrules/meetings/{meeting.pk}/").content.decode()
    assert "Annual plan draft" in page
    assert "已于" in page
    event = AuditEvent.objects.get(action="work_meeting.papers_circulate")
    assert sorted(event.after["recipients"]) == sorted([cast.committee.pk, committee.second.pk])


def test_papers_circulated_the_day_before_say_they_are_late(world, cast, committee):
    meeting = schedule(cast, world, 1).meeting
    services.paper_add(acting_user=cast.city, meeting=meeting, title="Notes", text="x", upload=None)
    warnings = services.papers_circulate(acting_user=cast.city, meeting=meeting)
    assert [w[:9] for w in warnings] == ["会议材料于" + date_words(ahead(0))[:4]]


def test_nothing_to_circulate_is_refused(world, cast, committee):
    meeting = schedule(cast, world, 5).meeting
    with pytest.raises(ValidationError, match="请先添加会议材料"):
        services.papers_circulate(acting_user=cast.city, meeting=meeting)


def test_a_member_asks_for_leave_with_a_written_opinion(client, world, cast, committee):
    meeting = schedule(cast, world, 5).meeting
    mine = meeting.attendees.get(user=cast.committee)
    login(client, cast.committee)
    client.post(
        f"/workrules/meetings/{meeting.pk}/leave/{mine.pk}/",
        {"reason": "On a trip", "opinion": "I agree with the plan."},
    )
    mine.refresh_from_db()
    assert (mine.status, mine.leave_reason, mine.written_opinion) == (
        Attendance.LEAVE,
        "On a trip",
        "I agree with the plan.",
    )


def test_nobody_asks_for_leave_for_another_member(world, cast, committee):
    meeting = schedule(cast, world, 5).meeting
    other = meeting.attendees.get(user=committee.second)
    with pytest.raises(PermissionDenied):
        services.attendee_leave(acting_user=cast.committee, attendee=other, reason="x")


def test_attendance_keeps_leave_and_counts_the_quorum(client, world, cast, committee):
    meeting = schedule(cast, world, 0).meeting
    first, second = meeting.attendees.all()
    services.attendee_leave(acting_user=cast.city, attendee=second, reason="Ill", opinion="Yes")
    services.attendance_record(acting_user=cast.city, meeting=meeting, present=[first.pk])
    assert dict(meeting.attendees.values_list("name", "status")) == {
        "committee": Attendance.PRESENT,
        "member2": Attendance.LEAVE,
    }
    login(client, cast.city)
    page = client.get(f"/workrules/meetings/{meeting.pk}/").content.decode()
    assert "应到 2 人，实到 1 人，须至少 2 人出席；书面意见 1 份" in page


def test_a_year_without_its_regular_meetings_is_warned(client, world, cast, committee):
    login(client, cast.city)
    page = client.get("/workrules/meetings/").content.decode()
    assert "第四季度尚未安排文明委例会" in page or "第四季度未召开文明委例会" in page


def test_joint_meeting_decisions_become_tracked_supervision_items(client, world, cast, committee):
    meeting = schedule(cast, world, 0, kind="joint").meeting
    services.minutes_record(acting_user=cast.city, meeting=meeting, minutes="Agreed two points.")
    decision = services.decision_split(
        acting_user=cast.city,
        meeting=meeting,
        text="Clean up the station square",
        tasks=[
            services.TaskSpec(committee.police, "Patrol the square daily", ahead(10)),
            services.TaskSpec(committee.civil, "Move the street stalls", ahead(20)),
        ],
    )
    items = SupervisionItem.objects.filter(meeting_task__decision=decision).order_by("deadline")
    assert [(i.body, i.title, i.deadline, i.source, i.state) for i in items] == [
        (committee.police, "Patrol the square daily", ahead(10), "joint_meeting", ItemState.OPENED),
        (committee.civil, "Move the street stalls", ahead(20), "joint_meeting", ItemState.OPENED),
    ]
    # The police bureau's reviewer answers its own item; the item is tracked to its close.
    item_feedback(acting_user=cast.reviewer, item=items[0], feedback="Patrols since Monday.")
    with pytest.raises(PermissionDenied):
        item_feedback(acting_user=cast.reviewer, item=items[1], feedback="Not ours.")
    login(client, cast.reviewer)
    overview = client.get("/workrules/").content.decode()
    assert "Patrol the square daily" in overview
    assert "Move the street stalls" not in overview
    assert client.get(f"/supervision/items/{items[0].pk}/").status_code == 200


def test_decisions_need_the_minutes_and_a_joint_meeting(world, cast, committee):
    regular = schedule(cast, world, 0).meeting
    task = [services.TaskSpec(committee.police, "Patrol", ahead(3))]
    with pytest.raises(ValidationError, match="联席会议"):
        services.decision_split(acting_user=cast.city, meeting=regular, text="x", tasks=task)
    joint = schedule(cast, world, 0, kind="joint").meeting
    with pytest.raises(ValidationError, match="请先记录会议纪要"):
        services.decision_split(acting_user=cast.city, meeting=joint, text="x", tasks=task)


def test_the_decision_form_splits_into_tasks(client, world, cast, committee):
    meeting = schedule(cast, world, 0, kind="joint").meeting
    services.minutes_record(acting_user=cast.city, meeting=meeting, minutes="Agreed.")
    login(client, cast.city)
    client.post(
        f"/workrules/meetings/{meeting.pk}/decisions/",
        {
            "text": "Volunteer week",
            "task-TOTAL_FORMS": "2",
            "task-INITIAL_FORMS": "0",
            "task-0-body": committee.civil.pk,
            "task-0-task": "Recruit volunteers",
            "task-0-deadline": ahead(7).isoformat(),
            "task-1-body": "",
            "task-1-task": "",
            "task-1-deadline": "",
        },
    )
    assert list(SupervisionItem.objects.values_list("body__name", "title")) == [
        ("Civil Affairs Bureau", "Recruit volunteers")
    ]


def test_only_the_office_schedules(world, cast, committee):
    for user in (cast.committee, cast.reviewer, cast.county):
        with pytest.raises(PermissionDenied):
            services.meeting_schedule(
                acting_user=user, office=world.city, kind="regular", title="x", held_on=ahead(5)
            )
    assert not WorkMeeting.objects.exists()


def test_circulated_papers_land_in_each_members_inbox(world, cast, committee):
    meeting = schedule(cast, world, 5).meeting
    services.paper_add(acting_user=cast.city, meeting=meeting, title="Plan", text="t", upload=None)
    services.papers_circulate(acting_user=cast.city, meeting=meeting)
    dispatch.dispatch()
    told = Notification.objects.filter(kind="papers_ready").values_list("recipient", flat=True)
    assert sorted(told) == sorted([cast.committee.pk, committee.second.pk])
