"""Framework versions (测评体系): one row per version, the whole framework as a document.

The document is the dict form of ``wenming.domain.framework_data``; the domain object it
describes is built once per version and kept in ``domain_cache`` (a version in use never
changes, a draft is rebuilt when its ``updated_at`` moves). Marks in later apps point at
the version.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.domain.checklists import Checklist
from wenming.domain.framework_data import (
    KIND_CHECKLIST,
    KIND_COMPOSITE,
    KIND_FRAMEWORK,
    Document,
    dump,
    load,
)
from wenming.domain.frameworks import CompositeFramework
from wenming.domain.frameworks import Framework as DomainFramework

from .domain_cache import DomainAny, domain_cache


class FrameworkKind(models.TextChoices):
    FRAMEWORK = KIND_FRAMEWORK, _("测评细则")
    COMPOSITE = KIND_COMPOSITE, _("综合考评")
    CHECKLIST = KIND_CHECKLIST, _("创建标准（达标制）")


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_USE = "in_use", _("使用中")
    RETIRED = "retired", _("已停用")


class Framework(models.Model):
    """One version of a framework; in use or retired versions are frozen."""

    code = models.CharField(_("编码"), max_length=64)
    version = models.PositiveIntegerField(_("版本"))
    name = models.CharField(_("名称"), max_length=200)
    issuing_body = models.CharField(_("制定机关"), max_length=200, blank=True)
    category = models.CharField(_("类别"), max_length=20, blank=True)
    level = models.CharField(_("级别"), max_length=20, blank=True)
    edition = models.CharField(_("版次"), max_length=50, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=FrameworkKind.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=FrameworkStatus.choices, default=FrameworkStatus.DRAFT
    )
    document = models.JSONField(_("体系文档"))
    # Figures for lists, taken from the document when it is saved.
    maximum = models.DecimalField(_("满分"), max_digits=9, decimal_places=2, default=Decimal(0))
    bonus_caps = models.DecimalField(
        _("加分上限"), max_digits=9, decimal_places=2, default=Decimal(0)
    )
    item_count = models.PositiveIntegerField(_("测评项目数"), default=0)
    criterion_count = models.PositiveIntegerField(_("测评标准数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("测评体系")
        verbose_name_plural = _("测评体系")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="framework_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def is_frozen(self) -> bool:
        """A version in use or retired is never edited: revising it makes a new version."""
        return self.status != FrameworkStatus.DRAFT

    @property
    def canonical_document(self) -> Document:
        """The document in its canonical key order, for export.

        PostgreSQL's jsonb keeps an object's keys in its own order, not the order they were
        written in, so exports are built from the domain framework, never from the column.
        """
        return dump(self.to_domain())

    @property
    def is_checklist(self) -> bool:
        """A standard of conditions met or not (达标制), reviewed rather than marked."""
        return self.kind == FrameworkKind.CHECKLIST

    def to_framework(self) -> DomainFramework:
        """The plain framework an award is marked against (never a composite)."""
        domain = self.to_domain()
        if not isinstance(domain, DomainFramework):
            raise TypeError(f"framework {self.code} v{self.version} is not marked by points")
        return domain

    def to_checklist(self) -> Checklist:
        """The checklist a central review (集中审核认定) runs on."""
        domain = self.to_domain()
        if not isinstance(domain, Checklist):
            raise TypeError(f"framework {self.code} v{self.version} is not a checklist")
        return domain

    def to_composite(self) -> CompositeFramework:
        """The composite framework a supervision review runs on."""
        domain = self.to_domain()
        if not isinstance(domain, CompositeFramework):
            raise TypeError(f"framework {self.code} v{self.version} is not composite")
        return domain

    def to_domain(self) -> DomainAny:
        """The validated domain framework, built once per pk and save.

        The save time is part of the key: drafts are edited in place, and a test
        database may hand a rolled-back pk to another framework.
        """
        if self.pk is None:  # not saved yet: nothing to keep it under
            return load(self.document)
        return domain_cache.get(
            self.pk, f"{self.code}/{self.version}/{self.updated_at}", lambda: load(self.document)
        )
