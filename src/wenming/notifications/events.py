"""The table of what the audit trail's actions tell whom: one entry per action.

The dispatcher (:mod:`.dispatch`) reads each new audit event whose action is a key of
``ACTIONS`` and asks its resolver for the messages to make. A resolver loads the event's
object (a few queries) and names the recipients, the page and the office the event
belongs to; the wording comes from the event's template (:mod:`.rendering`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils.formats import date_format

from wenming.audit.models import AuditEvent
from wenming.campaigns.models import Application, Stage
from wenming.committee.models import Meeting
from wenming.publicity.models import Objection, Publicity
from wenming.supervision.models import SupervisionItem
from wenming.supervision.selectors import responsible_people
from wenming.workrules.models import WorkMeeting

from .kinds import Kind
from .recipients import office_people, organization_people


@dataclass(frozen=True)
class Message:
    """One event to tell: who, about what, where to act."""

    kind: Kind
    recipients: frozenset[int]
    object: str
    url: str = ""
    region_path: str = ""
    date: str = ""
    detail: str = ""
    actor: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def day(value: date | None) -> str:
    """A date as the house writes it (2026年12月1日)."""
    return date_format(value, "DATE_FORMAT") if value else ""


def _comment(event: AuditEvent, key: str = "comment") -> str:
    after = event.after if isinstance(event.after, dict) else {}
    value = after.get(key)
    return value if isinstance(value, str) else ""


def _application(kind: Kind) -> Callable[[AuditEvent], list[Message]]:
    def resolve(event: AuditEvent) -> list[Message]:
        application = (
            Application.objects.select_related("organization", "award", "campaign__office")
            .filter(pk=event.object_id)
            .first()
        )
        if application is None:
            return []
        return [
            Message(
                kind=kind,
                recipients=frozenset(organization_people([application.organization_id])),
                object=event.object_repr or str(application),
                url=reverse("campaigns:application", args=[application.pk]),
                region_path=application.campaign.office.path,
                detail=_comment(event),
            )
        ]

    return resolve


def _objection_lodged(event: AuditEvent) -> list[Message]:
    objection = (
        Objection.objects.select_related(
            "application__organization", "application__award", "publicity__campaign__office"
        )
        .filter(pk=event.object_id)
        .first()
    )
    if objection is None:
        return []
    campaign = objection.publicity.campaign
    return [
        Message(
            kind=Kind.OBJECTION_LODGED,
            recipients=frozenset(office_people(campaign.office_id)),
            object=str(objection.application),
            url=reverse("publicity:objection", args=[objection.pk]),
            region_path=campaign.office.path,
        )
    ]


def _objection_answered(event: AuditEvent) -> list[Message]:
    objection = (
        Objection.objects.select_related(
            "application__organization", "application__award", "publicity__campaign__office"
        )
        .filter(pk=event.object_id)
        .first()
    )
    if objection is None:
        return []
    campaign = objection.publicity.campaign
    return [
        Message(
            kind=Kind.OBJECTION_ANSWERED,
            recipients=frozenset(organization_people([objection.application.organization_id])),
            object=str(objection.application),
            url=reverse("campaigns:application", args=[objection.application_id]),
            region_path=campaign.office.path,
            detail=objection.reply,
        )
    ]


def _publicity(kind: Kind) -> Callable[[AuditEvent], list[Message]]:
    def resolve(event: AuditEvent) -> list[Message]:
        publicity = (
            Publicity.objects.select_related("campaign__office").filter(pk=event.object_id).first()
        )
        if publicity is None:
            return []
        organizations = publicity.entries.values_list("application__organization_id", flat=True)
        campaign = publicity.campaign
        return [
            Message(
                kind=kind,
                recipients=frozenset(
                    organization_people(organizations) | office_people(campaign.office_id)
                ),
                object=campaign.name,
                url=reverse("publicity:detail", args=[publicity.pk]),
                region_path=campaign.office.path,
                date=day(publicity.ends_on),
            )
        ]

    return resolve


def campaign_people(campaign_id: int, office_id: int) -> frozenset[int]:
    """The campaign's office and every organization applying in it."""
    organizations = (
        Application.objects.filter(campaign_id=campaign_id)
        .values_list("organization_id", flat=True)
        .distinct()
    )
    return frozenset(organization_people(organizations) | office_people(office_id))


def stage_message(kind: Kind, stage: Stage, when: str = "") -> Message:
    campaign = stage.campaign
    return Message(
        kind=kind,
        recipients=campaign_people(campaign.pk, campaign.office_id),
        object=str(stage),
        url=reverse("campaigns:detail", args=[campaign.pk]),
        region_path=campaign.office.path,
        date=when,
    )


def _stage_closed(event: AuditEvent) -> list[Message]:
    stage = Stage.objects.select_related("campaign__office").filter(pk=event.object_id).first()
    return [] if stage is None else [stage_message(Kind.STAGE_CLOSED, stage)]


def _papers_ready(event: AuditEvent) -> list[Message]:
    meeting = Meeting.objects.select_related("campaign__office").filter(pk=event.object_id).first()
    if meeting is None:
        return []
    members = meeting.members.exclude(user=None).values_list("user_id", flat=True)
    return [
        Message(
            kind=Kind.PAPERS_READY,
            recipients=frozenset(u for u in members if u is not None),
            object=str(meeting),
            url=reverse("committee:meeting", args=[meeting.pk]),
            region_path=meeting.campaign.office.path,
            date=day(meeting.held_on),
        )
    ]


def _work_papers_ready(event: AuditEvent) -> list[Message]:
    """The papers of a committee's own meeting (wenming.workrules) went out to its members."""
    meeting = WorkMeeting.objects.select_related("office").filter(pk=event.object_id).first()
    if meeting is None:
        return []
    members = meeting.attendees.exclude(user=None).values_list("user_id", flat=True)
    return [
        Message(
            kind=Kind.PAPERS_READY,
            recipients=frozenset(u for u in members if u is not None),
            object=meeting.title,
            url=reverse("workrules:meeting", args=[meeting.pk]),
            region_path=meeting.office.path,
            date=day(meeting.held_on),
        )
    ]


def item_message(kind: Kind, item: SupervisionItem) -> Message:
    """A supervision item's message: to the responsible organization, the office and the
    leader in charge."""
    people = {u.pk for u in responsible_people([item]).get(item.pk, [])} | office_people(
        item.office_id
    )
    if item.leader_id is not None:
        people.add(item.leader_id)
    return Message(
        kind=kind,
        recipients=frozenset(people),
        object=item.title,
        url=reverse("supervision:item", args=[item.pk]),
        region_path=item.office.path,
        date=day(item.deadline),
    )


def _item_escalated(event: AuditEvent) -> list[Message]:
    item = SupervisionItem.objects.select_related("office").filter(pk=event.object_id).first()
    return [] if item is None else [item_message(Kind.ITEM_ESCALATED, item)]


#: action of the audit trail → what it tells whom.
ACTIONS: dict[str, Callable[[AuditEvent], list[Message]]] = {
    "application.return": _application(Kind.APPLICATION_RETURNED),
    "application.recommend": _application(Kind.APPLICATION_RECOMMENDED),
    "application.veto": _application(Kind.APPLICATION_VETOED),
    "application.name": _application(Kind.APPLICATION_NAMED),
    "objection.lodge": _objection_lodged,
    "objection.decide": _objection_answered,
    "publicity.publish": _publicity(Kind.PUBLICITY_STARTED),
    "publicity.close": _publicity(Kind.PUBLICITY_ENDED),
    "stage.close": _stage_closed,
    "meeting.create": _papers_ready,
    "work_meeting.papers_circulate": _work_papers_ready,
    "item.escalate": _item_escalated,
}
