"""Rows for the organization workbook export, streamed so a province's registry fits."""

from collections.abc import Iterator
from typing import Any

from wenming.accounts.models import User
from wenming.accounts.scopes import organizations_for

from .models import Title


def export_rows(user: User) -> tuple[Iterator[dict[str, Any]], Iterator[dict[str, Any]]]:
    organizations = organizations_for(user)
    org_rows = (
        row | {"region": row.pop("region__code"), "body": row.pop("body__name")}
        for row in organizations.order_by("region__path", "code")
        .values(
            "code",
            "name",
            "kind",
            "unit_type",
            "region__code",
            "body__name",
            "applies_directly",
            "is_fulltime_school",
            "staff_count",
            "party_members",
            "registered_volunteers",
            "party_member_volunteers",
            "volunteers_served",
            "contact_name",
            "contact_phone",
            "address",
        )
        .iterator(chunk_size=2000)
    )
    title_rows = (
        row | {"organization": row.pop("organization__code")}
        for row in Title.objects.filter(organization__in=organizations)
        .order_by("organization__code", "named_on", "id")
        .values(
            "organization__code",
            "category",
            "level",
            "model",
            "edition",
            "naming_body",
            "document_number",
            "named_on",
            "status",
            "ended_on",
            "end_reason",
            "end_document",
        )
        .iterator(chunk_size=2000)
    )
    return org_rows, title_rows
