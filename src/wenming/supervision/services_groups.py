"""Writes for a review's assessment groups: groups, their assessors, which group visits
which entry on which day, and the record of each visit (听汇报, 查台账, 看环境, 意见反馈)."""

from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wenming.accounts.models import Role, User
from wenming.audit.services import audit_record, snapshot

from .models import AssessmentGroup, GroupMember, Review, ReviewEntry, Visit
from .services import need

#: The four steps of a visit, in order (docs/rules.md#visits).
STEPS = ("report", "files", "site", "feedback")
VISIT_FIELDS = ["site_checklist"] + [
    f"{step}_{part}" for step in STEPS for part in ("done", "notes")
]
CHECKLIST_FILE = Path(__file__).parent / "data" / "visit-checklist.yaml"


@cache
def checklist() -> tuple[str, ...]:
    """What a group checks on site (看环境), from the versioned data file."""
    return tuple(yaml.safe_load(CHECKLIST_FILE.read_text(encoding="utf-8")))


def group_add(*, acting_user: User, review: Review, name: str) -> AssessmentGroup:
    need(acting_user, "supervision.manage_review", review)
    name = name.strip()
    if not name:
        raise ValidationError(_("请填写考核组名称。"))
    group = AssessmentGroup(review=review, name=name)
    try:
        with transaction.atomic():
            group.save()
            audit_record(
                actor=acting_user, action="review.group_add", obj=review, after={"group": name}
            )
    except IntegrityError as error:
        raise ValidationError(_("本次考核已有名为“%(name)s”的考核组。") % {"name": name}) from error
    return group


def group_member_add(
    *, acting_user: User, group: AssessmentGroup, user: User, is_leader: bool = False
) -> GroupMember:
    """Put an assessor in a group (as its leader, replacing the previous one, if asked)."""
    need(acting_user, "supervision.manage_review", group.review)
    if not user.roles.filter(role=Role.ASSESSOR).exists():  # type: ignore[attr-defined]
        raise ValidationError(_("%(user)s 不是考核人员，不能加入考核组。") % {"user": user})
    with transaction.atomic():
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
        audit_record(
            actor=acting_user,
            action="review.member_add",
            obj=group.review,
            after={"group": group.name, "user": user.pk, "is_leader": is_leader},
        )
    return member


def group_member_remove(*, acting_user: User, member: GroupMember) -> None:
    group = member.group
    need(acting_user, "supervision.manage_review", group.review)
    with transaction.atomic():
        audit_record(
            actor=acting_user,
            action="review.member_remove",
            obj=group.review,
            before={"group": group.name, "user": member.user_id, "is_leader": member.is_leader},
        )
        member.delete()


def entries_plan(
    *,
    acting_user: User,
    review: Review,
    plans: Mapping[int, tuple[AssessmentGroup | None, date | None]],
) -> int:
    """Set which group visits each entry (by entry id) and on which day; returns how many
    entries changed. Each change is an audit event; nothing is saved if one is refused."""
    need(acting_user, "supervision.manage_review", review)
    if any(g is not None and g.review_id != review.pk for g, _d in plans.values()):
        raise ValidationError(_("考核组不属于本次考核。"))
    outside = [
        d for _g, d in plans.values() if d and not review.period_start <= d <= review.period_end
    ]
    if outside:
        raise ValidationError(
            _("实地考核日期 %(day)s 不在考核期（%(start)s 至 %(end)s）内。")
            % {"day": outside[0], "start": review.period_start, "end": review.period_end}
        )
    changed = 0
    with transaction.atomic():
        entries = ReviewEntry.objects.select_for_update().filter(review=review, pk__in=plans)
        for entry in entries:
            group, day = plans[entry.pk]
            if (entry.group_id, entry.visited_on) == (group.pk if group else None, day):
                continue
            before = snapshot(entry, ["organization", "group", "visited_on"])
            entry.group, entry.visited_on = group, day
            entry.save(update_fields=["group", "visited_on"])
            audit_record(
                actor=acting_user,
                action="review.entry_plan",
                obj=review,
                before=before,
                after=snapshot(entry, ["organization", "group", "visited_on"]),
            )
            changed += 1
    return changed


def visit_record(
    *,
    acting_user: User,
    entry: ReviewEntry,
    steps: Mapping[str, Mapping[str, Any]],
    checklist_done: Mapping[str, bool] | None = None,
    visited_on: date | None = None,
) -> Visit:
    """Record the steps of a visit; ``steps`` maps a step to {"done": bool, "notes": str}."""
    need(acting_user, "supervision.record_visit", entry)
    allowed = checklist()
    unknown = [item for item in (checklist_done or {}) if item not in allowed]
    if unknown:
        raise ValidationError(_("检查清单中没有“%(item)s”。") % {"item": unknown[0]})
    review = entry.review
    if visited_on and not review.period_start <= visited_on <= review.period_end:
        raise ValidationError(
            _("实地考核日期 %(day)s 不在考核期（%(start)s 至 %(end)s）内。")
            % {"day": visited_on, "start": review.period_start, "end": review.period_end}
        )
    with transaction.atomic():
        visit = Visit.objects.select_for_update().filter(entry=entry).first()
        before = snapshot(visit, VISIT_FIELDS) if visit else {}
        if visit is None:
            visit = Visit(entry=entry, updated_by=acting_user)
        for step in STEPS:
            values = steps.get(step, {})
            setattr(visit, f"{step}_done", bool(values.get("done")))
            setattr(visit, f"{step}_notes", str(values.get("notes", "")).strip())
        if checklist_done is not None:
            visit.site_checklist = {item: bool(checklist_done.get(item)) for item in allowed}
        visit.updated_by = acting_user
        visit.save()
        after = snapshot(visit, VISIT_FIELDS)
        if visited_on is not None and visited_on != entry.visited_on:
            before["visited_on"] = entry.visited_on
            ReviewEntry.objects.filter(pk=entry.pk).update(visited_on=visited_on)
            entry.visited_on = visited_on
            after["visited_on"] = visited_on
        audit_record(
            actor=acting_user,
            action="review.visit_record",
            obj=review,
            before=before | {"organization": entry.organization_id},
            after=after | {"organization": entry.organization_id},
        )
    return visit
