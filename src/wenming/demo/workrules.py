"""文明委工作 in the demo: the city committee's work rules with something on every page.
Everything goes through the services the screens call, as the city office (``city``):

- liaison officers for the first three member units (文明委成员单位) of the city;
- a regular committee meeting in ten days, its agenda paper circulated to the members;
- two information reports of those units, one adopted into the briefing, one waiting;
- a group-study session attended by the liaison officers.
"""

from datetime import date, timedelta
from typing import Any

from wenming.accounts.models import User
from wenming.committee.selectors import committee_members_of
from wenming.domain.workrules import MeetingKind, Rank
from wenming.registry.models import Body, Region
from wenming.workrules.models import ReportKind, TrainingKind
from wenming.workrules.services.liaisons import liaison_appoint
from wenming.workrules.services.meetings import meeting_schedule, paper_add, papers_circulate
from wenming.workrules.services.reports import report_decide, report_submit
from wenming.workrules.services.training import training_create

#: (name, rank, position, office phone) of each unit's liaison officer, in the units' order.
LIAISONS = [
    ("王晓东", Rank.SECTION, "办公室主任", "0737-4221001"),
    ("陈丽萍", Rank.DEPUTY_DIVISION, "宣传科科长", "0737-4221002"),
    ("刘建华", Rank.SECTION, "综合科科长", "0737-4221003"),
]


def build_workrules(data: dict[str, Any], *, today: date) -> dict[str, int]:
    """Build the city committee's liaison officers, meeting, reports and training (the
    caller holds the transaction)."""
    city = Region.objects.get(code=data["city"]["code"])
    office = User.objects.get(username="city")
    units = list(Body.objects.filter(region=city, screens=True).order_by("name")[: len(LIAISONS)])
    officers = [
        liaison_appoint(
            acting_user=office,
            body=unit,
            name=name,
            rank=rank,
            position=position,
            office_phone=phone,
            started_on=today - timedelta(days=90),
        )
        for unit, (name, rank, position, phone) in zip(units, LIAISONS, strict=False)
    ]
    meeting = meeting_schedule(
        acting_user=office,
        office=city,
        kind=MeetingKind.REGULAR,
        title=f"{city.name}文明委全体会议",
        held_on=today + timedelta(days=10),
        place="市委大楼第一会议室",
        agenda="一、通报本年度精神文明建设工作情况；二、审议文明单位推荐名单。",
        names=() if _has_members(city) else ("市文明委委员",),
        today=today,
    ).meeting
    paper_add(
        acting_user=office,
        meeting=meeting,
        title="会议议程",
        text="一、通报本年度精神文明建设工作情况。\n二、审议文明单位推荐名单。",
        upload=None,
    )
    papers_circulate(acting_user=office, meeting=meeting, today=today)
    reports = [
        report_submit(
            acting_user=office,
            body=unit,
            kind=kind,
            title=title,
            content=content,
            submitted_on=today - timedelta(days=days),
        )
        for unit, kind, title, content, days in (
            (units[0], ReportKind.EXPERIENCE, "开展“文明窗口”创建的做法",
             "设立党员示范岗，推行首问负责、限时办结，群众满意率明显提升。", 20),
            (units[-1], ReportKind.PLAN, "下半年文明创建工作计划",
             "围绕志愿服务、移风易俗和窗口服务，分季度推进重点任务。", 5),
        )
    ]  # fmt: skip
    report_decide(acting_user=office, report=reports[0], adopted=True, in_briefing=True)
    training_create(
        acting_user=office,
        office=city,
        kind=TrainingKind.CENTRAL,
        topic="精神文明建设工作业务培训",
        held_on=today - timedelta(days=30),
        place="市文明办会议室",
        speaker="市文明办",
        attendees=officers,
    )
    return {
        "liaison_officers": len(officers),
        "work_meetings": 1,
        "info_reports": len(reports),
        "training_sessions": 1,
    }


def _has_members(city: Region) -> bool:
    return bool(committee_members_of(city))
