"""Writes to frameworks: import, revise, publish, retire; each a transaction with its audit event.

``acting_user`` is the person acting, or None for the system itself (the command line
loading the built-in frameworks); None skips the permission check
and is audited as "system".

Every write forgets the version's built domain framework once it commits
(``domain_cache``), so the next reader builds it from the saved document.

A version in use (or retired) is frozen: revising it makes the next version as a draft,
and importing a changed document for its code does the same. A draft is edited in place.
Importing a document identical to the latest version changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record, snapshot
from wenming.domain.checklists import Checklist
from wenming.domain.framework_data import dump, load
from wenming.domain.frameworks import HUNDRED, ZERO, FrameworkError
from wenming.domain.frameworks import Framework as DomainFramework

from .domain_cache import DomainAny, domain_cache
from .messages import error_message
from .models import Framework, FrameworkKind, FrameworkStatus

FIELDS = ["code", "version", "name", "status", "maximum", "bonus_caps", "criterion_count"]


def _forget_on_commit(row: Framework) -> None:
    pk = row.pk
    transaction.on_commit(lambda: domain_cache.forget(pk))


def framework_validate(document: Mapping[str, Any]) -> DomainAny:
    """The domain framework a document describes, or a ValidationError in the user's words."""
    try:
        return load(document)
    except FrameworkError as error:
        raise ValidationError(error_message(error, document), code=error.code) from error


def _fill(row: Framework, domain: DomainAny, version: int) -> None:
    document = dump(domain)
    document["version"] = version  # the stored version wins over the file's
    row.document = document
    row.version = version
    row.code = domain.code
    row.name = domain.name
    row.issuing_body = domain.issuing_body
    row.category = domain.category.value if domain.category is not None else ""
    row.level = domain.level.value if domain.level is not None else ""
    row.edition = domain.edition
    if isinstance(domain, DomainFramework):
        row.kind = FrameworkKind.FRAMEWORK
        row.maximum = domain.maximum
        row.bonus_caps = domain.bonus_caps
        row.item_count = len(domain.items)
        row.criterion_count = len(domain.criteria())
    elif isinstance(domain, Checklist):
        # A checklist has no points: its figures are its headings and conditions.
        row.kind = FrameworkKind.CHECKLIST
        row.maximum = ZERO
        row.bonus_caps = ZERO
        row.item_count = len(domain.items)
        row.criterion_count = len(domain.conditions())
    else:
        row.kind = FrameworkKind.COMPOSITE
        row.maximum = HUNDRED  # components are scored 0..100 and weights sum to 1
        row.bonus_caps = ZERO
        row.item_count = len(domain.components)
        row.criterion_count = 0


def _same_content(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return {**a, "version": 0} == {**b, "version": 0}


def _next_version(code: str) -> int:
    latest = Framework.objects.filter(code=code).aggregate(n=Max("version"))["n"]
    return (latest or 0) + 1


def _save_new(
    acting_user: User | None,
    domain: DomainAny,
    version: int,
    action: str,
    source: Framework | None = None,
) -> Framework:
    row = Framework(created_by=acting_user if acting_user is not None else None)
    _fill(row, domain, version)
    row.save()
    after = snapshot(row, FIELDS)
    if source is not None:
        after["revised_from"] = source.version
    audit_record(actor=acting_user, action=action, obj=row, after=after)
    return row


def _save_draft(acting_user: User | None, row: Framework, domain: DomainAny) -> Framework:
    before = snapshot(row, FIELDS) | {"document": row.document}
    _fill(row, domain, row.version)
    row.save()
    _forget_on_commit(row)
    after = snapshot(row, FIELDS) | {"document": row.document}
    audit_record(actor=acting_user, action="framework.edit", obj=row, before=before, after=after)
    return row


def framework_import(
    *, acting_user: User | None, document: Mapping[str, Any]
) -> tuple[Framework, bool]:
    """Save a document as a framework version; returns it and whether anything changed.

    A new code keeps the document's version; a changed document for a known code edits
    the latest version when it is a draft and makes the next version otherwise.
    """
    if acting_user is not None:  # None is the system itself (load_frameworks): not asked
        require_perm(acting_user, "frameworks.change_framework")
    domain = framework_validate(document)
    canonical = dump(domain)
    with transaction.atomic():
        latest = (
            Framework.objects.select_for_update()
            .filter(code=domain.code)
            .order_by("-version")
            .first()
        )
        if latest is None:
            return _save_new(acting_user, domain, domain.version, "framework.import"), True
        if _same_content(latest.document, canonical):
            return latest, False
        if latest.status == FrameworkStatus.DRAFT:
            return _save_draft(acting_user, latest, domain), True
        version = latest.version + 1
        return _save_new(acting_user, domain, version, "framework.import", latest), True


def framework_revise(
    *,
    acting_user: User | None,
    framework: Framework,
    document: Mapping[str, Any] | None = None,
) -> Framework:
    """Change a framework: a draft in place, a frozen version by making the next draft.

    Without a document a frozen version is copied as it is, ready to be edited.
    """
    if acting_user is not None:  # None is the system itself (load_frameworks): not asked
        require_perm(acting_user, "frameworks.change_framework")
    domain = framework_validate(document if document is not None else framework.document)
    if domain.code != framework.code:
        raise ValidationError(
            _("文档编码“%(new)s”与测评体系编码“%(old)s”不一致。")
            % {"new": domain.code, "old": framework.code}
        )
    with transaction.atomic():
        current = Framework.objects.select_for_update().get(pk=framework.pk)
        if current.status == FrameworkStatus.DRAFT:
            return _save_draft(acting_user, current, domain)
        return _save_new(
            acting_user, domain, _next_version(current.code), "framework.revise", current
        )


def _transition(
    acting_user: User | None, framework: Framework, source: str, target: str, action: str
) -> Framework:
    if acting_user is not None:  # None is the system itself (load_frameworks): not asked
        require_perm(acting_user, "frameworks.change_framework")
    with transaction.atomic():
        current = Framework.objects.select_for_update().get(pk=framework.pk)
        if current.status != source:
            raise ValidationError(
                _("“%(name)s”第 %(version)s 版当前为“%(status)s”，不能执行此操作。")
                % {
                    "name": current.name,
                    "version": current.version,
                    "status": current.get_status_display(),
                }
            )
        before = snapshot(current, FIELDS)
        current.status = target
        current.save(update_fields=["status", "updated_at"])
        _forget_on_commit(current)
        audit_record(
            actor=acting_user,
            action=action,
            obj=current,
            before=before,
            after=snapshot(current, FIELDS),
        )
    return current


def framework_publish(*, acting_user: User | None, framework: Framework) -> Framework:
    """Put a draft in use; from now on it is frozen."""
    return _transition(
        acting_user, framework, FrameworkStatus.DRAFT, FrameworkStatus.IN_USE, "framework.publish"
    )


def framework_retire(*, acting_user: User | None, framework: Framework) -> Framework:
    """Stop using a version; its marks keep pointing at it."""
    return _transition(
        acting_user,
        framework,
        FrameworkStatus.IN_USE,
        FrameworkStatus.RETIRED,
        "framework.retire",
    )
