"""Ending a title after a review: revocation, or a downgrade that records the lower title.

The registry owns titles; these functions decide what the office's decision means and
call the registry's services inside one transaction, so a downgrade never leaves the
old title ended without the new one, or the reverse.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.domain.titles import Category, Level, TitleRank, TitleStatus, has_model_tier
from wenming.registry import services as registry_services
from wenming.registry.models import Title


def title_downgrade(
    *,
    acting_user: User,
    title: Title,
    ended_on: date,
    reason: str,
    document: str,
    level: str,
    model: bool,
    naming_body: str,
) -> Title:
    """End ``title`` as downgraded and record the lower title the office names in its
    place (same category and edition, named by the downgrade's document on its date)."""
    require_perm(acting_user, "supervision.end_title", title.organization)
    if title.status != TitleStatus.ACTIVE:
        raise ValidationError(_("只能降级有效的称号。"))
    category = Category(title.category)
    if model and not has_model_tier(category):
        raise ValidationError(_("该类别的称号没有标兵。"))
    old = TitleRank(Level(title.level), title.model)
    new = TitleRank(Level(level), model and Level(level) is not Level.NATIONAL)
    if new.step >= old.step:
        raise ValidationError(_("降级后的称号须低于原称号。"))
    if not naming_body.strip():
        raise ValidationError(_("请填写降级决定机关。"))
    with transaction.atomic():
        registry_services.title_end(
            acting_user=acting_user,
            title=title,
            status=TitleStatus.DOWNGRADED,
            ended_on=ended_on,
            reason=reason,
            document=document,
        )
        return registry_services.title_add(
            acting_user=acting_user,
            organization=title.organization,
            category=title.category,
            level=new.level.value,
            model=new.model,
            edition=title.edition,
            naming_body=naming_body.strip(),
            document_number=document.strip(),
            named_on=ended_on,
        )
