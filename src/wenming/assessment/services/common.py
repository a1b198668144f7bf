"""Helpers shared by the assessment services."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from wenming.accounts.models import User


def require(user: User, perm: str, obj: Any = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("您没有权限执行此操作。"))


def ratio(value: Any, label: str) -> Decimal:
    """A sampling ratio between 0 and 1, as an exact Decimal."""
    try:
        result = Decimal(str(value).strip())
    except InvalidOperation as error:
        message = _("%(label)s“%(v)s”不是数字。") % {"label": label, "v": value}
        raise ValidationError(message) from error
    if not result.is_finite() or not Decimal(0) <= result <= Decimal(1):
        raise ValidationError(
            _("%(label)s应在 0 到 1 之间（如 0.5 表示 50%%）。") % {"label": label}
        )
    return result
