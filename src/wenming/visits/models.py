"""Inspection groups (考核组), their members and their visits (实地考核).

A campaign's assessment round and a periodic review both send groups of assessors to
visit: the applicants of a round, the titled units of a review. The group belongs to its
owner (a round or a review) through a generic relation, so this app knows neither; the
owner's visited thing (an assignment, a review entry) holds its visit one-to-one.
"""

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

#: The four steps of a visit, in order (docs/rules.md#visits): 听汇报, 查台账, 看环境, 意见反馈.
STEPS = ("report", "files", "site", "feedback")


class Group(models.Model):
    """An assessment group of one owner (a round or a review).

    ``phase`` and ``home_county`` matter to a campaign's rounds only (a cross-inspection
    group comes from a county and must not assess it); a review's groups keep the defaults.
    """

    owner_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    name = models.CharField(_("名称"), max_length=100)
    phase = models.PositiveSmallIntegerField(_("批次"), default=1)
    home_county = models.ForeignKey(
        "registry.Region",
        verbose_name=_("所属县市区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("考核组")
        verbose_name_plural = _("考核组")
        ordering = ["owner_type", "owner_id", "phase", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner_type", "owner_id", "name"], name="visit_group_name_once"
            )
        ]
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="visit_group_owner")]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    """An assessor in a group; at most one member leads it (组长)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("考核人员"),
        on_delete=models.PROTECT,
        related_name="visit_groups",
    )
    is_leader = models.BooleanField(_("组长"), default=False)

    class Meta:
        verbose_name = _("考核组成员")
        verbose_name_plural = _("考核组成员")
        ordering = ["group", "-is_leader", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="visit_member_once"),
            models.UniqueConstraint(
                fields=["group"], condition=Q(is_leader=True), name="visit_group_one_leader"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.user}"


class Visit(models.Model):
    """A group's visit: the four steps, each done or not, with notes, and the site
    checklist. A review keeps the visit's date on its entry, so ``visited_on`` stays empty
    there."""

    visited_on = models.DateField(_("考核日期"), null=True, blank=True)
    report_done = models.BooleanField(_("听汇报"), default=False)
    report_notes = models.TextField(_("听汇报记录"), blank=True)
    files_done = models.BooleanField(_("查台账"), default=False)
    files_notes = models.TextField(_("查台账记录"), blank=True)
    site_done = models.BooleanField(_("看环境"), default=False)
    site_notes = models.TextField(_("看环境记录"), blank=True)
    site_checklist = models.JSONField(_("看环境检查清单"), default=dict, blank=True)
    feedback_done = models.BooleanField(_("意见反馈"), default=False)
    feedback_notes = models.TextField(_("意见反馈记录"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("考核记录")
        verbose_name_plural = _("考核记录")

    def __str__(self) -> str:
        # Named after what was visited (an assignment, a review entry): whichever owner
        # holds this visit, found through the reverse one-to-one relations.
        for relation in self._meta.related_objects:
            if relation.one_to_one:
                owner = getattr(self, relation.get_accessor_name() or "", None)
                if owner is not None:
                    return str(owner)
        return f"{self._meta.verbose_name} {self.pk}"


def photo_path(instance: "VisitPhoto", filename: str) -> str:
    """A random storage name: never the uploader's file name."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"visits/{secrets.token_hex(16)}{suffix}"


class VisitPhoto(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    step = models.CharField(_("环节"), max_length=10)
    file = models.FileField(_("照片"), upload_to=photo_path)
    original_name = models.CharField(_("原文件名"), max_length=255)
    size = models.PositiveIntegerField(_("大小"))
    content_type = models.CharField(_("文件类型"), max_length=100)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("考核照片")
        verbose_name_plural = _("考核照片")
        ordering = ["visit", "id"]

    def __str__(self) -> str:
        return self.original_name
