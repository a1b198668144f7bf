"""Reads of reused photos (docs/rules.md#photo-trust): for the applications on a review
page, each of their photos flagged as reused with another, and the other's applicant,
activity and, for the applicant's own photo of another campaign, that campaign; and
whether a person may see a photo because it was flagged beside one of theirs.

The pairs were found at upload (``services.evidence.reused_photos``); reading them is one
query whatever the number of applications (DESIGN: constant queries on list pages).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from wenming.accounts.models import User
from wenming.domain.evidence.photos import hamming

from ..models import Application, Campaign, Evidence

Pair = Evidence.reused_with.through


@dataclass(frozen=True)
class PhotoFlag:
    """A photo of an application on the page, and the photo it is near."""

    application: Application
    photo: Evidence
    other: Evidence

    @property
    def same_applicant(self) -> bool:
        return self.other.application.organization_id == self.application.organization_id

    @property
    def other_campaign(self) -> Campaign | None:
        """The other photo's campaign where it is not this one's (the applicant's own photo
        of another edition: the only kind compared across campaigns)."""
        other = self.other.application.campaign
        return None if other.pk == self.application.campaign_id else other

    @property
    def earlier_campaign(self) -> bool:
        """Whether the other campaign came before this one: by edition for one office's
        campaigns, else by when each was created (editions of two offices do not compare)."""
        other, mine = self.other_campaign, self.photo.application.campaign
        if other is None:
            return False
        if other.office_id == mine.office_id:
            return other.edition < mine.edition
        return other.created_at < mine.created_at

    @property
    def distance(self) -> int:
        return hamming(self.photo.phash, self.other.phash)


def photo_flags(applications: Iterable[Application]) -> list[PhotoFlag]:
    """Each reused photo of these applications with the photo it is near, by application
    in the given order, then by photo; a pair of two of them is listed once."""
    by_pk = {a.pk: a for a in applications}
    if not by_pk:
        return []
    pairs = (
        Pair.objects.filter(from_evidence__application_id__in=list(by_pk))
        .select_related(
            "from_evidence__application__campaign",
            "to_evidence__application__campaign",
            "to_evidence__application__organization",
            "to_evidence__application__award",
        )
        .order_by("from_evidence_id", "to_evidence_id")
    )
    order = {pk: i for i, pk in enumerate(by_pk)}
    flags = [
        PhotoFlag(by_pk[p.from_evidence.application_id], p.from_evidence, p.to_evidence)
        for p in pairs
        # Both photos on the page: the pair is stored both ways, shown the first way only.
        if p.to_evidence.application_id not in by_pk or p.from_evidence_id < p.to_evidence_id
    ]
    flags.sort(key=lambda f: order[f.application.pk])
    return flags


def may_see_beside(user: User, photo: Evidence, beside: Evidence) -> bool:
    """A photo is shown beside ``beside`` to whoever reviews ``beside``'s application or
    runs its campaign, when the two were flagged as reused: a reviewer compares them even
    where the other application is outside their scope. An applicant never sees another
    applicant's photo this way."""
    application = beside.application
    reviewer = user.has_perm("campaigns.review_application", application) or user.has_perm(
        "campaigns.manage_campaign", application.campaign
    )
    return reviewer and Pair.objects.filter(from_evidence=beside, to_evidence=photo).exists()
