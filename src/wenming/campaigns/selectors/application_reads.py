"""The application page's reads and its saves', compiled once per process.

An applicant opens its application page and saves a self-mark on it many times an hour,
and in the weeks of application a province's applicants do so together. Each read here
has a fixed shape, so its SQL is compiled once (``wenming.compiled``) and each request
only runs it. Each returns what the ORM would: the same rows, in the same order.
"""

from django.db.models import QuerySet

from wenming.compiled import compiled
from wenming.registry.models import Honor

from ..models import Application, BonusClaim, Evidence, SelfMark


@compiled
def application_parts(pk: int) -> QuerySet[Application]:
    """An application with what its pages read beside it. The framework's document is
    read through the domain cache, and only on a miss."""
    return (
        Application.objects.select_related(
            "campaign", "award__framework", "organization", "region", "body"
        )
        .defer("award__framework__document")
        .filter(pk=pk)
        .order_by()
    )


@compiled
def application_locked(pk: int) -> QuerySet[Application]:
    """The application's row alone, locked until the transaction ends."""
    return Application.objects.select_for_update(of=("self",)).filter(pk=pk).order_by()


@compiled
def self_marks_of(application_pk: int) -> QuerySet[SelfMark]:
    return SelfMark.objects.filter(application_id=application_pk).order_by()


@compiled
def self_mark_of(application_pk: int, clause_key: str) -> QuerySet[SelfMark]:
    return SelfMark.objects.filter(application_id=application_pk, clause_key=clause_key)[:1]


@compiled
def claims_of(application_pk: int) -> QuerySet[BonusClaim]:
    """The bonus claims in the order they were dated, each with its evidence or honour."""
    return (
        BonusClaim.objects.filter(application_id=application_pk)
        .select_related("evidence", "honor")
        .order_by("dated", "pk")
    )


@compiled
def honors_of(organization_pk: int) -> QuerySet[Honor]:
    return Honor.objects.filter(organization_id=organization_pk)


@compiled
def evidence_of(application_pk: int) -> QuerySet[Evidence]:
    return Evidence.objects.filter(application_id=application_pk)
