"""Reads of the families app: the family applications a campaign reviews centrally, each
with its review, in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import QuerySet

from wenming.campaigns.models import Application, Campaign
from wenming.domain.application_states import State
from wenming.domain.titles import AssessmentMode

from .models import FamilyReview

#: The statuses a family is shown in on the review list: waiting for review, and every
#: status after it (a family rejected before review never reached the office).
LISTED = (
    State.RECOMMENDED,
    State.ASSESSED,
    State.SCREENED,
    State.PUBLISHED,
    State.APPROVED,
    State.NAMED,
    State.VETOED,
    State.REJECTED,
)


def central_awards_exist(campaign: Campaign) -> bool:
    """Whether any award of the campaign is reviewed centrally."""
    return campaign.awards.filter(assessment=AssessmentMode.CENTRAL_REVIEW).exists()


def reviewable(campaign: Campaign) -> QuerySet[Application]:
    """The recommended applications of the campaign's centrally reviewed awards."""
    return (
        Application.objects.filter(
            campaign=campaign,
            award__assessment=AssessmentMode.CENTRAL_REVIEW,
            status=State.RECOMMENDED,
        )
        .select_related("organization", "award__framework", "family_review")
        .order_by("award__level", "organization__name", "pk")
    )


@dataclass(frozen=True)
class ReviewRow:
    application: Application
    review: FamilyReview | None

    @property
    def state(self) -> str:
        """todo / partial / passed / failed, for the list's badge."""
        if self.review is None:
            return "todo"
        if not self.review.complete:
            return "partial"
        return "passed" if self.review.passed else "failed"


def review_rows(campaign: Campaign) -> list[ReviewRow]:
    """Every family of the centrally reviewed awards that reached review, with its review."""
    applications = (
        Application.objects.filter(
            campaign=campaign,
            award__assessment=AssessmentMode.CENTRAL_REVIEW,
            status__in=LISTED,
        )
        .exclude(status=State.REJECTED, family_review__isnull=True)  # refused before review
        .select_related("organization", "award", "family_review")
        .order_by("award__level", "organization__name", "pk")
    )
    return [ReviewRow(a, getattr(a, "family_review", None)) for a in applications]


def unreviewed_names(campaign: Campaign) -> tuple[str, ...] | None:
    """The families still without a complete review; None when no award is central."""
    if not central_awards_exist(campaign):
        return None
    return tuple(
        a.organization.name
        for a in reviewable(campaign)
        if getattr(a, "family_review", None) is None or not a.family_review.complete
    )
