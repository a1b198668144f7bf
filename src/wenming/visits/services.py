"""Writes to groups, members and visits shared by every owner (a round, a review).

The owner's service checks the acting user's permission, guards its own state (a stage
open, a review period), opens the transaction and writes the audit event; these functions
do the part that is the same for every owner, inside that transaction.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from wenming.accounts.models import Role, User
from wenming.audit.services import snapshot

from .models import STEPS, Group, GroupMember, Visit

#: The fields of a visit the audit trail compares (the steps and the checklist).
STEP_FIELDS = ["site_checklist"] + [
    f"{step}_{part}" for step in STEPS for part in ("done", "notes")
]
#: The same with the visit's date, for owners that keep it on the visit.
VISIT_FIELDS = ["visited_on", *STEP_FIELDS]


@dataclass(frozen=True)
class VisitRecorded:
    """What ``visit_record`` wrote: the visit and its audited fields before and after."""

    visit: Visit
    before: dict[str, Any] | None
    after: dict[str, Any]


def group_add(*, owner: models.Model, name: str, taken: str, **fields: Any) -> Group:
    """A new group of ``owner`` (a round, a review) named ``name``, with the owner's other
    ``fields`` (a round's phase and home county). A blank name is refused, and so is a name
    the owner already has, with the owner's ``taken`` message (``%(name)s`` in it)."""
    name = name.strip()
    if not name:
        raise ValidationError(_("请填写考核组名称。"))
    try:
        # A savepoint: the owner's transaction goes on after a refused name.
        with transaction.atomic():
            return Group.objects.create(owner=owner, name=name, **fields)
    except IntegrityError as error:  # visit_group_name_once
        raise ValidationError(taken % {"name": name}) from error


def group_member_put(*, group: Group, user: User, is_leader: bool = False) -> GroupMember:
    """Put an assessor in a group (as its leader, replacing the previous one, if asked)."""
    if not user.roles.filter(role=Role.ASSESSOR).exists():
        raise ValidationError(_("%(user)s 不是考核人员，不能加入考核组。") % {"user": user})
    if is_leader:
        GroupMember.objects.filter(group=group, is_leader=True).exclude(user=user).update(
            is_leader=False
        )
    member, created = GroupMember.objects.get_or_create(
        group=group, user=user, defaults={"is_leader": is_leader}
    )
    if not created and member.is_leader != is_leader:
        member.is_leader = is_leader
        member.save(update_fields=["is_leader"])
    return member


def checklist_check(checklist: Mapping[str, bool] | None, allowed: Sequence[str]) -> None:
    """Refuse a checklist item the owner's list does not have."""
    unknown = [item for item in (checklist or {}) if item not in allowed]
    if unknown:
        raise ValidationError(_("检查清单中没有“%(item)s”。") % {"item": unknown[0]})


def visit_locked(owners: QuerySet[Any]) -> Visit | None:
    """The visit held by the one owner row of ``owners``, both locked for the update."""
    visit_id = owners.select_for_update().values_list("visit_id", flat=True).first()
    return Visit.objects.select_for_update().filter(pk=visit_id).first() if visit_id else None


def visit_record(
    *,
    acting_user: User,
    owners: QuerySet[Any],
    allowed: Sequence[str],
    steps: Mapping[str, Mapping[str, Any]],
    checklist: Mapping[str, bool] | None = None,
    visited_on: date | None = None,
    fields: Sequence[str] = VISIT_FIELDS,
) -> VisitRecorded:
    """Record the steps of the visit of the one owner row in ``owners`` (an assignment, a
    review entry), creating the visit the first time.

    ``steps`` maps a step to {"done": bool, "notes": str}, as the visit form posts them; a
    step left out is recorded as not done, without notes (an unticked box is absent from a
    form's data). ``checklist`` maps an item of ``allowed`` (the owner's checklist) to
    whether the visit found it; when it is None the checklist is left as it is.
    """
    if any(step not in STEPS for step in steps):
        raise ValidationError(_("未知的考核环节。"))
    checklist_check(checklist, allowed)
    visit = visit_locked(owners)
    before = snapshot(visit, list(fields)) if visit else None
    if visit is None:
        visit = Visit(updated_by=acting_user)
    if visited_on is not None:
        visit.visited_on = visited_on
    for step in STEPS:
        values = steps.get(step, {})
        setattr(visit, f"{step}_done", bool(values.get("done")))
        setattr(visit, f"{step}_notes", str(values.get("notes", "")).strip())
    if checklist is not None:
        visit.site_checklist = {item: bool(checklist.get(item)) for item in allowed}
    visit.updated_by = acting_user
    visit.save()
    if before is None:
        owners.update(visit=visit)
    return VisitRecorded(visit=visit, before=before, after=snapshot(visit, list(fields)))


def visit_for_photo(*, acting_user: User, owners: QuerySet[Any]) -> Visit:
    """The owner's visit, created empty when a photo comes before any record."""
    visit = visit_locked(owners)
    if visit is None:
        visit = Visit.objects.create(updated_by=acting_user)
        owners.update(visit=visit)
    return visit
