"""The marking page's reads and a mark save's, compiled once per process.

In the weeks of assessment hundreds of assessors open marking pages and save a mark at a
time, each a few queries of a fixed shape: their SQL is compiled once
(``wenming.compiled``) and each request only runs it. Each returns what the ORM would.
"""

from decimal import Decimal

from django.db.models import QuerySet

from wenming.campaigns.models import Evidence, SelfMark
from wenming.compiled import compiled
from wenming.visits.models import GroupMember

from ..models import Assignment, Conflict, Mark

#: What a mark's save reads of its assignment: the event's label names the organization
#: and the award, the stage check reads the campaign.
MARK_SAVE_READS = (
    "application__organization",
    "application__award__framework",
    "application__campaign",
)


@compiled
def assignment_to_mark(pk: int) -> QuerySet[Assignment]:
    """An assignment with what the marking page shows, without the large JSON columns it
    never reads (the framework's document is read through the domain cache, on a miss):
    decoding them cost more than the rest of the query."""
    return (
        Assignment.objects.select_related(
            "round", "group", "application__organization", "application__award__framework"
        )
        .defer(
            "round__sample_population",
            "round__checklist",
            "application__form",
            "application__eligibility",
            "application__award__framework__document",
        )
        .filter(pk=pk)
        .order_by()
    )


@compiled
def assignment_to_save(pk: int) -> QuerySet[Assignment]:
    return (
        Assignment.objects.select_related(*MARK_SAVE_READS)
        .defer("application__award__framework__document")
        .filter(pk=pk)
        .order_by()
    )


@compiled
def membership(group_pk: int, user_pk: int) -> QuerySet[GroupMember, int]:
    """The user's seat in the group, if any (a list of at most one id)."""
    return GroupMember.objects.filter(group_id=group_pk, user_id=user_pk).values_list(
        "pk", flat=True
    )[:1]


@compiled
def conflict(application_pk: int, user_pk: int, group_pk: int) -> QuerySet[Conflict, int]:
    """The user's declared conflict with the application in this group, if any."""
    return Conflict.objects.filter(
        application_id=application_pk, member__user_id=user_pk, member__group_id=group_pk
    ).values_list("pk", flat=True)[:1]


@compiled
def mark_locked(
    round_pk: int, application_pk: int, assessor_pk: int, clause_key: str, method: str
) -> QuerySet[Mark]:
    """The saved mark, locked until the transaction ends. Only the mark's own row:
    unordered, so ``Mark.Meta.ordering`` joins no round, application or campaign, and
    ``FOR UPDATE`` locks none of those rows (every assessor of a campaign would wait for
    every other one's save)."""
    return (
        Mark.objects.select_for_update(of=("self",))
        .filter(
            round_id=round_pk,
            application_id=application_pk,
            assessor_id=assessor_pk,
            clause_key=clause_key,
            method=method,
        )
        .order_by()[:1]
    )


@compiled
def self_marks(application_pk: int) -> QuerySet[SelfMark, tuple[str, Decimal, str]]:
    return (
        SelfMark.objects.filter(application_id=application_pk)
        .order_by()
        .values_list("clause_key", "points", "narrative")
    )


@compiled
def evidence_lines(application_pk: int) -> QuerySet[Evidence, tuple[str, str, str, str]]:
    return (
        Evidence.objects.filter(application_id=application_pk)
        .order_by("id")
        .values_list("clause_key", "kind", "original_name", "activity")
    )


@compiled
def my_marks(
    round_pk: int, application_pk: int, assessor_pk: int
) -> QuerySet[Mark, tuple[str, str, Decimal]]:
    return (
        Mark.objects.filter(
            round_id=round_pk, application_id=application_pk, assessor_id=assessor_pk
        )
        .order_by()
        .values_list("clause_key", "method", "points")
    )
