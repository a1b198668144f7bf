"""Writes to the registry: each a transaction with its audit event."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record, snapshot

from .models import Honor, Organization, Title

ORGANIZATION_FIELDS = [
    "code",
    "name",
    "kind",
    "unit_type",
    "region",
    "body",
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
]
TITLE_FIELDS = [
    "organization",
    "category",
    "level",
    "model",
    "nominated",
    "edition",
    "naming_body",
    "document_number",
    "named_on",
    "status",
    "ended_on",
    "end_reason",
    "end_document",
]
HONOR_FIELDS = [
    "organization",
    "kind",
    "level",
    "name",
    "granting_body",
    "document_number",
    "granted_on",
]


def organization_create(*, acting_user: User, **data: Any) -> Organization:
    require_perm(acting_user, "registry.add_organization", data.get("region"))
    organization = Organization(**data)
    organization.full_clean()
    with transaction.atomic():
        organization.save()
        audit_record(
            actor=acting_user,
            action="organization.create",
            obj=organization,
            after=snapshot(organization, ORGANIZATION_FIELDS),
        )
    return organization


def organization_update(
    *, acting_user: User, organization: Organization, **changes: Any
) -> Organization:
    require_perm(acting_user, "registry.change_organization", organization)
    if "region" in changes:
        require_perm(acting_user, "registry.add_organization", changes["region"])
    with transaction.atomic():
        current = Organization.objects.select_for_update().get(pk=organization.pk)
        before = snapshot(current, ORGANIZATION_FIELDS)
        for name, value in changes.items():
            setattr(current, name, value)
        current.full_clean()
        after = snapshot(current, ORGANIZATION_FIELDS)
        if after != before:
            current.save()
            audit_record(
                actor=acting_user,
                action="organization.update",
                obj=current,
                before=before,
                after=after,
            )
    return current


def _record_held[H: (Title, Honor)](
    acting_user: User, held: H, fields: list[str], action: str, id_key: str
) -> H:
    """Save a title or an honor the organization holds, audited on the organization
    (its history shows what it holds) with the new row's id."""
    require_perm(acting_user, "registry.change_organization", held.organization)
    held.full_clean()
    with transaction.atomic():
        held.save()
        audit_record(
            actor=acting_user,
            action=action,
            obj=held.organization,
            after=snapshot(held, fields) | {id_key: held.pk},
        )
    return held


def title_add(*, acting_user: User, organization: Organization, **data: Any) -> Title:
    title = Title(organization=organization, **data)
    return _record_held(acting_user, title, TITLE_FIELDS, "title.add", "title_id")


def title_end(
    *,
    acting_user: User,
    title: Title,
    status: str,
    ended_on: Any,
    reason: str,
    document: str,
) -> Title:
    """Revoke, downgrade or expire a title; the reason and the document are required."""
    require_perm(acting_user, "registry.change_organization", title.organization)
    if not reason.strip() or not document.strip():
        raise ValidationError(_("撤销或降级称号必须填写原因和文号。"))
    with transaction.atomic():
        current = Title.objects.select_for_update().get(pk=title.pk)
        before = snapshot(current, TITLE_FIELDS)
        current.status = status
        current.ended_on = ended_on
        current.end_reason = reason
        current.end_document = document
        current.full_clean()
        current.save()
        audit_record(
            actor=acting_user,
            action=f"title.{status}",
            obj=current.organization,
            before=before | {"title_id": current.pk},
            after=snapshot(current, TITLE_FIELDS) | {"title_id": current.pk},
        )
    return current


def honor_add(*, acting_user: User, organization: Organization, **data: Any) -> Honor:
    honor = Honor(organization=organization, **data)
    return _record_held(acting_user, honor, HONOR_FIELDS, "honor.add", "honor_id")
