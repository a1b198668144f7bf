"""Writes to the liaison officers' study and training (学习培训, docs/rules.md#training)."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record, snapshot
from wenming.registry.models import Region

from ..models import LiaisonOfficer, TrainingKind, TrainingSession

SESSION_FIELDS = ["office", "kind", "topic", "held_on", "place", "speaker"]


def _officers(office: Region, officers: Iterable[LiaisonOfficer]) -> list[LiaisonOfficer]:
    chosen = list(officers)
    outside = [o.name for o in chosen if o.body.region_id != office.pk]
    if outside:
        raise ValidationError(
            _("参加人员不是本级成员单位的联络员：%(names)s") % {"names": "、".join(outside)}
        )
    return chosen


def training_create(
    *,
    acting_user: User,
    office: Region,
    kind: str,
    topic: str,
    held_on: date,
    place: str = "",
    speaker: str = "",
    attendees: Iterable[LiaisonOfficer] = (),
) -> TrainingSession:
    require_perm(acting_user, "workrules.run_office", office)
    if kind not in TrainingKind.values:
        raise ValidationError({"kind": [_("培训方式无效。")]})
    if not topic.strip():
        raise ValidationError({"topic": [_("请填写培训主题。")]})
    chosen = _officers(office, attendees)
    with transaction.atomic():
        session = TrainingSession.objects.create(
            office=office, kind=kind, topic=topic.strip(), held_on=held_on, place=place.strip(),
            speaker=speaker.strip(), created_by=acting_user,
        )  # fmt: skip
        session.attendees.set(chosen)
        audit_record(
            actor=acting_user,
            action="training.create",
            obj=session,
            after=snapshot(session, SESSION_FIELDS) | {"attendees": sorted(o.pk for o in chosen)},
        )
    return session


def training_attendance_set(
    *, acting_user: User, session: TrainingSession, attendees: Iterable[LiaisonOfficer]
) -> TrainingSession:
    """Who attended the session (replaces the list)."""
    require_perm(acting_user, "workrules.manage_training", session)
    chosen = _officers(session.office, attendees)
    with transaction.atomic():
        current = TrainingSession.objects.select_for_update().get(pk=session.pk)
        before = sorted(current.attendees.values_list("pk", flat=True))
        current.attendees.set(chosen)
        audit_record(
            actor=acting_user,
            action="training.attendance",
            obj=current,
            before={"attendees": before},
            after={"attendees": sorted(o.pk for o in chosen)},
        )
    return current
