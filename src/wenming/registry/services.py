"""Writes to the registry: each a transaction with its audit event."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.models import User
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


def _require(user: User, perm: str, obj: Any = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("您没有权限执行此操作。"))


def organization_create(*, acting_user: User, **data: Any) -> Organization:
    _require(acting_user, "registry.add_organization", data.get("region"))
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
    _require(acting_user, "registry.change_organization", organization)
    if "region" in changes:
        _require(acting_user, "registry.add_organization", changes["region"])
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


def title_add(*, acting_user: User, organization: Organization, **data: Any) -> Title:
    _require(acting_user, "registry.change_organization", organization)
    title = Title(organization=organization, **data)
    title.full_clean()
    with transaction.atomic():
        title.save()
        audit_record(
            actor=acting_user,
            action="title.add",
            obj=organization,
            after=snapshot(title, TITLE_FIELDS) | {"title_id": title.pk},
        )
    return title


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
    _require(acting_user, "registry.change_organization", title.organization)
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
    _require(acting_user, "registry.change_organization", organization)
    honor = Honor(organization=organization, **data)
    honor.full_clean()
    with transaction.atomic():
        honor.save()
        audit_record(
            actor=acting_user,
            action="honor.add",
            obj=organization,
            after=snapshot(honor, HONOR_FIELDS) | {"honor_id": honor.pk},
        )
    return honor
