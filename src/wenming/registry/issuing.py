"""A document's 发文字号, issued once from the office's register and kept on its owner.

Every 公文 the office issues (推荐报告, 公示, 整改通知书, 督办通知书, 名额通知) takes its
number the first time someone who may issue for the office downloads it; every later
download, Word or PDF, reprints the same number (docs/rules.md#document-numbers). The
owner's row is locked while the number is drawn, so two clerks downloading at once get
one number between them, and the register's own audit event (``document.issue``) says
who issued it.
"""

from datetime import date

from django.db import models, transaction

from wenming.accounts.models import User

from .letterheads import document_number_issue
from .models import DocumentKind, Region


def may_issue(user: User, office: Region) -> bool:
    """Whether ``user`` may take numbers from ``office``'s register."""
    return user.has_perm("registry.change_letterhead", office)


def number_once(
    *,
    acting_user: User,
    owner: models.Model,
    field: str,
    office: Region,
    kind: DocumentKind,
    title: str,
    on: date,
) -> str:
    """``owner.<field>``, issued from ``office``'s register when still empty.

    "" when the office set no 机关代字 yet, or when ``acting_user`` may not issue for it
    (a reader's copy goes out unnumbered rather than taking a number from the register).
    """
    current: str = getattr(owner, field)
    if current or not may_issue(acting_user, office):
        return current
    with transaction.atomic():
        locked = type(owner)._default_manager.select_for_update().get(pk=owner.pk)
        current = getattr(locked, field)
        if not current:
            issued = document_number_issue(
                acting_user=acting_user, office=office, kind=kind, title=title, on=on
            )
            if issued is None:
                return ""
            current = issued.number
            setattr(locked, field, current)
            locked.save(update_fields=[field])
    setattr(owner, field, current)
    return current
