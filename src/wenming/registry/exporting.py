"""Rows for the organization workbook export, streamed so a province's registry fits."""

from collections.abc import Iterator
from typing import Any

from wenming.accounts.models import User
from wenming.domain.privacy import mask_phone
from wenming.registry.scopes import Scope, contact_in_full, organizations_for, scope_of

from .models import Title
from .services import ORGANIZATION_FIELDS, TITLE_FIELDS


def export_rows(user: User) -> tuple[Iterator[dict[str, Any]], Iterator[dict[str, Any]]]:
    organizations = organizations_for(user)
    scope = scope_of(user)
    # The export's columns are the services' field lists, with relations by their key.
    org_values = [
        {"region": "region__code", "body": "body__name"}.get(f, f) for f in ORGANIZATION_FIELDS
    ]
    org_rows = (
        _contact_for(scope, row)
        | {"region": row.pop("region__code"), "body": row.pop("body__name")}
        for row in organizations.order_by("region__path", "code")
        .values("id", "region__path", *org_values)
        .iterator(chunk_size=2000)
    )
    title_values = ["organization__code" if f == "organization" else f for f in TITLE_FIELDS]
    title_rows = (
        row | {"organization": row.pop("organization__code")}
        for row in Title.objects.filter(organization__in=organizations)
        .order_by("organization__code", "named_on", "id")
        .values(*title_values)
        .iterator(chunk_size=2000)
    )
    return org_rows, title_rows


def _contact_for(scope: Scope, row: dict[str, Any]) -> dict[str, Any]:
    """The row without the lookup columns, its phone masked for a reader who does not keep
    the record (docs/rules.md#accounts-security)."""
    pk, path = row.pop("id"), row.pop("region__path")
    if not contact_in_full(scope, pk, path):
        row["contact_phone"] = mask_phone(row.get("contact_phone") or "")
    return row
