"""Writes on quotas: a recommending unit's places for an award, set or changed with the
reason (docs/rules.md#quota). A quota never drops below the places already used."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record
from wenming.registry.models import Body, Region

from ..models import Application, Award, Quota, QuotaChange, QuotaChangeKind
from ..selectors.applications import holds_place


def quota_set(
    *,
    acting_user: User,
    award: Award,
    places: int,
    reason: str,
    kind: str = QuotaChangeKind.SET,
    region: Region | None = None,
    body: Body | None = None,
) -> Quota:
    """Set or change a recommending unit's quota for an award, with the reason."""
    require_perm(acting_user, "campaigns.manage_campaign", award.campaign)
    if (region is None) == (body is None):
        raise ValidationError(_("名额必须属于一个县（市、区）文明办或一个主管部门。"))
    if places < 0:
        raise ValidationError(_("名额不能为负数。"))
    if not reason.strip():
        raise ValidationError(_("调整名额必须说明原因。"))
    with transaction.atomic():
        quota, _created = Quota.objects.select_for_update().get_or_create(
            award=award, region=region, body=body, defaults={"places": 0}
        )
        previous = quota.places
        used = Application.objects.filter(
            holds_place(), award=award, region=region, body=body
        ).count()
        if places < used:
            raise ValidationError(_("已推荐 %(used)d 个，名额不能少于已推荐数。") % {"used": used})
        quota.places = places
        quota.save()
        QuotaChange.objects.create(
            quota=quota,
            kind=kind,
            previous=previous,
            places=places,
            reason=reason.strip(),
            changed_by=acting_user,
        )
        audit_record(
            actor=acting_user,
            action="quota.change",
            obj=award.campaign,
            before={"award": award.pk, "unit": str(region or body), "places": previous},
            after={
                "award": award.pk,
                "unit": str(region or body),
                "places": places,
                "kind": kind,
                "reason": reason.strip(),
            },
        )
    return quota
