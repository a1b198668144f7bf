"""Reads of frameworks that pages and the API share."""

from django.db.models import QuerySet

from .models import Framework

#: A version's figures as lists show them.
SUMMARY_FIELDS = (
    "id",
    "code",
    "version",
    "name",
    "edition",
    "kind",
    "status",
    "maximum",
    "bonus_caps",
    "item_count",
    "criterion_count",
)
#: What a list loads (its figures and its save time, which the domain cache is keyed by).
LIST_FIELDS = (*SUMMARY_FIELDS, "updated_at")


def framework_list() -> QuerySet[Framework]:
    """Every version, without its document (lists never need it): one query."""
    return Framework.objects.only(*LIST_FIELDS).order_by("code", "-version")


def framework_versions(framework: Framework) -> QuerySet[Framework]:
    """The other versions of the same framework, newest first."""
    return (
        framework_list().filter(code=framework.code).exclude(pk=framework.pk).order_by("-version")
    )
