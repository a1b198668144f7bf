"""Writes for a review's assessment groups: groups, their assessors, which group visits
which entry on which day, and the record of each visit (听汇报, 查台账, 看环境, 意见反馈)."""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record, snapshot
from wenming.documents.style import date_words
from wenming.visits.checklist import default_checklist
from wenming.visits.models import Group, GroupMember, Visit
from wenming.visits.selectors import owned_by
from wenming.visits.services import STEP_FIELDS, group_member_put, visit_record
from wenming.visits.services import group_add as visits_group_add

from ..models import Review, ReviewEntry
from ..selectors import group_review


def group_add(*, acting_user: User, review: Review, name: str) -> Group:
    require_perm(acting_user, "supervision.manage_review", review)
    with transaction.atomic():
        group = visits_group_add(
            owner=review, name=name, taken=_("本次考核已有名为“%(name)s”的考核组。")
        )
        audit_record(
            actor=acting_user, action="review.group_add", obj=review, after={"group": group.name}
        )
    return group


def group_member_add(
    *, acting_user: User, group: Group, user: User, is_leader: bool = False
) -> GroupMember:
    """Put an assessor in a group (as its leader, replacing the previous one, if asked)."""
    review = group_review(group)
    require_perm(acting_user, "supervision.manage_review", review)
    with transaction.atomic():
        member = group_member_put(group=group, user=user, is_leader=is_leader)
        audit_record(
            actor=acting_user,
            action="review.member_add",
            obj=review,
            after={"group": group.name, "user": user.pk, "is_leader": is_leader},
        )
    return member


def group_member_remove(*, acting_user: User, member: GroupMember) -> None:
    group = member.group
    review = group_review(group)
    require_perm(acting_user, "supervision.manage_review", review)
    with transaction.atomic():
        audit_record(
            actor=acting_user,
            action="review.member_remove",
            obj=review,
            before={"group": group.name, "user": member.user_id, "is_leader": member.is_leader},
        )
        member.delete()


def period_refuse_outside(review: Review, days: Iterable[date | None]) -> None:
    """Refuse a visit day outside the review's period (the first such day is named)."""
    outside = [d for d in days if d and not review.period_start <= d <= review.period_end]
    if outside:
        raise ValidationError(
            _("实地考核日期 %(day)s 不在考核期（%(start)s 至 %(end)s）内。")
            % {
                "day": date_words(outside[0]),
                "start": date_words(review.period_start),
                "end": date_words(review.period_end),
            }
        )


def entries_plan(
    *,
    acting_user: User,
    review: Review,
    plans: Mapping[int, tuple[Group | None, date | None]],
) -> int:
    """Set which group visits each entry (by entry id) and on which day; returns how many
    entries changed. Each change is an audit event; nothing is saved if one is refused."""
    require_perm(acting_user, "supervision.manage_review", review)
    if any(g is not None and not owned_by(g, review) for g, _d in plans.values()):
        raise ValidationError(_("考核组不属于本次考核。"))
    period_refuse_outside(review, (d for _g, d in plans.values()))
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


def entry_visit_record(
    *,
    acting_user: User,
    entry: ReviewEntry,
    steps: Mapping[str, Mapping[str, Any]],
    checklist: Mapping[str, bool] | None = None,
    visited_on: date | None = None,
) -> Visit:
    """Record the steps of an entry's visit; ``steps`` maps a step to {"done": bool,
    "notes": str} (a step left out is recorded as not done). The day is the entry's."""
    require_perm(acting_user, "supervision.record_visit", entry)
    review = entry.review
    period_refuse_outside(review, [visited_on])
    with transaction.atomic():
        recorded = visit_record(
            acting_user=acting_user,
            owners=ReviewEntry.objects.filter(pk=entry.pk),
            allowed=default_checklist(),
            steps=steps,
            checklist=checklist,
            fields=STEP_FIELDS,
        )
        entry.visit = recorded.visit
        before, after = dict(recorded.before or {}), dict(recorded.after)
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
    return recorded.visit
