"""Reads of screening for pages and the API, each in a fixed number of queries."""

from django.db.models import Count, Prefetch, Q, QuerySet

from wenming.accounts.models import Role, User
from wenming.campaigns.models import Campaign, Stage
from wenming.campaigns.stages import stage_is_open
from wenming.domain.application_states import State
from wenming.domain.stage_gates import StageKind
from wenming.registry.models import Body
from wenming.registry.scopes import scope_of

from .models import (
    ScreeningAnswer,
    ScreeningEntry,
    ScreeningLetter,
    ScreeningRequest,
    ScreeningRound,
    Verdict,
)


def campaigns_managed(user: User) -> QuerySet[Campaign]:
    """The campaigns whose office the user works for, with their assessed count."""
    scope = scope_of(user)
    campaigns = Campaign.objects.all()
    if not scope.is_admin:
        q = Q(pk__in=[])
        for path in scope.office_paths:
            q |= Q(office__path__startswith=path)
        campaigns = campaigns.filter(q)
    return (
        campaigns.select_related("office", "screening_round")
        .annotate(assessed=Count("applications", filter=Q(applications__status=State.ASSESSED)))
        .order_by("-edition", "id")
    )


def requests_for(user: User) -> QuerySet[ScreeningRequest]:
    """The requests addressed to the departments the user reviews for."""
    body_ids = scope_of(user).reviewer_body_ids
    return (
        ScreeningRequest.objects.filter(body_id__in=body_ids)
        .select_related("round__campaign", "body")
        .annotate(listed=Count("round__entries", distinct=True))
        .annotate(given=Count("answers", distinct=True))
        .order_by("-round__sent_at", "body__name")
    )


def entries_of(round_: ScreeningRound) -> list[ScreeningEntry]:
    return list(
        round_.entries.select_related(
            "application__organization",
            "application__award",
            "application__region",
            "application__body",
        )
    )


def requests_of(round_: ScreeningRound) -> list[ScreeningRequest]:
    """Every department of a round with its answers counted (those entered from its
    letters, 代录, apart), its reminders and its letters."""
    return list(
        round_.requests.select_related("body")
        .annotate(
            given=Count("answers", distinct=True),
            on_behalf=Count("answers", filter=Q(answers__letter__isnull=False), distinct=True),
        )
        .prefetch_related("reminders", "letters")
    )


def letters_of(round_: ScreeningRound) -> list[ScreeningLetter]:
    """The paper replies the office entered for a round, with who entered them."""
    return list(
        ScreeningLetter.objects.filter(request__round=round_)
        .select_related("request__body", "entered_by")
        .annotate(rows=Count("answers"))
        .order_by("entered_at", "id")
    )


def screening_stage(campaign: Campaign) -> Stage:
    return Stage.objects.get(campaign=campaign, kind=StageKind.SCREENING)


def screening_stage_open(campaign: Campaign) -> bool:
    """Whether screening's actions are allowed now (its stage open, the one before closed)."""
    stage = Stage.objects.filter(campaign=campaign, kind=StageKind.SCREENING).first()
    return stage is not None and stage_is_open(stage)


def vetoes_of(round_: ScreeningRound) -> list[ScreeningAnswer]:
    """The vetoes of a round, with the alternate each promoted."""
    return list(
        ScreeningAnswer.objects.filter(request__round=round_, verdict=Verdict.VETO)
        .select_related(
            "request__body",
            "application__organization",
            "application__award",
            "promoted__organization",
            "letter__entered_by",
        )
        .order_by("answered_at", "id")
    )


def answers_by_application(request: ScreeningRequest) -> dict[int, ScreeningAnswer]:
    answers = request.answers.select_related("letter", "answered_by")
    return {a.application_id: a for a in answers}


def requests_visible_to(user: User) -> QuerySet[ScreeningRequest]:
    """Requests a user may read: its own departments', or those of campaigns it runs."""
    scope = scope_of(user)
    q = Q(body_id__in=scope.reviewer_body_ids)
    if scope.is_admin:
        q = Q()
    else:
        for path in scope.office_paths:
            q |= Q(round__campaign__office__path__startswith=path)
    return (
        ScreeningRequest.objects.filter(q)
        .select_related("round__campaign", "body")
        .prefetch_related(
            Prefetch("answers", queryset=ScreeningAnswer.objects.order_by("application_id"))
        )
        .order_by("round_id", "body__name")
    )


def member_departments(campaign: Campaign) -> list[Body]:
    """The member departments (文明委成员单位) of the running office's region."""
    return list(Body.objects.filter(screens=True, region=campaign.office).order_by("name"))


def reviewer_emails(body_id: int) -> list[str]:
    """The addresses of a department's reviewers."""
    users = User.objects.filter(
        roles__role=Role.REVIEWER, roles__body_id=body_id, is_active=True
    ).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))
