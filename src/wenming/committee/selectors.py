"""Reads of committee meetings and naming, each in a fixed number of queries."""

from django.db.models import Prefetch, Q, QuerySet

from wenming.accounts.models import Role, RoleAssignment, User
from wenming.campaigns.models import Application, Campaign, Stage
from wenming.campaigns.stages import StageClosed
from wenming.domain.application_states import State
from wenming.domain.quorum import Quorum, check_quorum
from wenming.domain.stage_gates import StageKind
from wenming.registry.models import Region
from wenming.registry.scopes import scope_of

from .codes import normalize
from .models import Certificate, ListEntry, Meeting, NamingDecision, Vote


def campaigns_for(user: User) -> QuerySet[Campaign]:
    """Campaigns whose committee work the user may see: run by an office at or below the
    user's office or committee region."""
    scope = scope_of(user)
    qs = Campaign.objects.select_related("office")
    if scope.is_admin:
        return qs
    q = Q(pk__in=[])
    for path in scope.office_paths + scope.committee_paths:
        q |= Q(office__path__startswith=path)
    return qs.filter(q)


def meetings_for(user: User) -> QuerySet[Meeting]:
    """Meetings the user may read, with what a list shows."""
    return (
        Meeting.objects.filter(campaign__in=campaigns_for(user))
        .select_related("campaign", "decision")
        .prefetch_related("members")
    )


def published_list(campaign: Campaign) -> QuerySet[Application]:
    """The list awaiting approval: the campaign's published applications."""
    return (
        Application.objects.filter(campaign=campaign, status=State.PUBLISHED)
        .select_related("organization", "award")
        .order_by("award__category", "award__level", "award__model", "rank", "id")
    )


def certificates() -> QuerySet[Certificate]:
    """Certificates with everything a certificate shows."""
    return Certificate.objects.select_related(
        "title", "decision", "application__organization", "application__award"
    ).order_by("application__award__category", "application__award__model", "id")


def meeting_detail(pk: int) -> Meeting:
    """A meeting with its members, votes, list, decision and certificates."""
    return (
        Meeting.objects.select_related("campaign__office", "approved_by")
        .prefetch_related(
            "members",
            Prefetch(
                "votes",
                Vote.objects.select_related("application__organization", "application__award"),
            ),
            Prefetch(
                "entries",
                ListEntry.objects.select_related(
                    "application__organization", "application__award"
                ).order_by("application__award_id", "application__rank", "application_id"),
            ),
        )
        .get(pk=pk)
    )


def decision_of(meeting: Meeting) -> NamingDecision | None:
    return NamingDecision.objects.filter(meeting=meeting).first()


def certificate_by_code(text: str) -> Certificate | None:
    """The certificate a typed code names, or None."""
    code = normalize(text)
    if not code or len(code) > 16:
        return None
    return certificates().select_related("decision__meeting__campaign").filter(code=code).first()


def meeting_create_refusal(campaign: Campaign) -> str:
    """Why no meeting can be scheduled now, or "": only once the approval stage closed."""
    stage = Stage.objects.filter(campaign=campaign, kind=StageKind.APPROVAL).first()
    if stage is not None and stage.closed_at is not None:
        return StageClosed(stage).messages[0]
    return ""


def committee_users(campaign: Campaign) -> list[User]:
    """The users holding the committee role in the running office's region."""
    return committee_members_of(campaign.office)


def committee_members_of(region: Region) -> list[User]:
    """The active users holding the committee role (文明委委员) in ``region``: the members
    of its approval meetings and of its committee's own meetings (``wenming.workrules``)."""
    assignments = RoleAssignment.objects.filter(role=Role.COMMITTEE, region=region).select_related(
        "user"
    )
    return sorted({a.user for a in assignments if a.user.is_active}, key=lambda u: u.pk)


def quorum_of(meeting: Meeting) -> Quorum:
    """Whether the meeting reached its quorum, from its recorded attendance."""
    members = list(meeting.members.all())
    return check_quorum(
        members=len(members),
        attending=sum(m.present for m in members),
        written_opinions=sum(bool(m.written_opinion) for m in members if not m.present),
    )
