"""The registry: where organizations are, who supervises them, what they hold.

Regions form a tree (province > city > county > township > village/community);
``path`` holds the codes from the root down, so "everything below a region" is
one indexed prefix match.
"""

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.db import models
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from wenming.domain.titles import (
    Category,
    HonorKind,
    HonorLevel,
    Level,
    OrganizationKind,
    TitleStatus,
    UnitType,
)


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县（市、区）")
    TOWNSHIP = "township", _("乡镇（街道）")
    VILLAGE = "village", _("村（社区）")


class Region(models.Model):
    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)

    class Meta:
        verbose_name = _("地区")
        verbose_name_plural = _("地区")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The path is derived, not data: recompute it whenever the region is saved.
        self.path = (self.parent.path if self.parent else "") + self.code + "/"
        super().save(*args, **kwargs)


class Body(models.Model):
    """A supervising body (系统/行业主管部门) or a member department (文明委成员单位)."""

    name = models.CharField(_("名称"), max_length=100)
    region = models.ForeignKey(Region, verbose_name=_("所属地区"), on_delete=models.PROTECT)
    supervises = models.BooleanField(_("主管部门"), default=False)
    screens = models.BooleanField(_("文明委成员单位"), default=False)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="body_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


KIND_LABELS = {
    OrganizationKind.COUNTY: _("县（市、区）"),
    OrganizationKind.TOWNSHIP: _("乡镇"),
    OrganizationKind.VILLAGE: _("村"),
    OrganizationKind.COMMUNITY: _("社区"),
    OrganizationKind.UNIT: _("单位"),
    OrganizationKind.SCHOOL: _("学校"),
    OrganizationKind.FAMILY: _("家庭"),
}
UNIT_TYPE_LABELS = {
    UnitType.ORGAN: _("党政机关"),
    UnitType.INSTITUTION: _("事业单位"),
    UnitType.STATE_ENTERPRISE: _("国有企业"),
    UnitType.PRIVATE_ENTERPRISE: _("民营企业"),
    UnitType.NEW_ECONOMIC: _("新经济组织"),
    UnitType.NEW_SOCIAL: _("新社会组织"),
}
CATEGORY_LABELS = {
    Category.CITY: _("文明城市"),
    Category.VILLAGE_TOWN: _("文明村镇"),
    Category.COMMUNITY: _("文明社区"),
    Category.UNIT: _("文明单位"),
    Category.CAMPUS: _("文明校园"),
    Category.FAMILY: _("文明家庭"),
}
# 提名城市 names the lesser outcome of the 文明城市 ranking in place of the category.
NOMINATED_LABEL = _("提名城市")
LEVEL_LABELS = {
    Level.MUNICIPAL: _("市级"),
    Level.PROVINCIAL: _("省级"),
    Level.NATIONAL: _("全国"),
}
STATUS_LABELS = {
    TitleStatus.ACTIVE: _("有效"),
    TitleStatus.REVOKED: _("撤销"),
    TitleStatus.DOWNGRADED: _("降级"),
    TitleStatus.EXPIRED: _("到期"),
}
HONOR_KIND_LABELS = {
    HonorKind.MOST_BEAUTIFUL_FAMILY: _("最美家庭"),
    HonorKind.TEN_STAR_HOUSEHOLD: _("十星级文明户"),
    HonorKind.HONOR_TITLE: _("荣誉称号"),
}
HONOR_LEVEL_LABELS = {
    HonorLevel.NATIONAL: _("国家级"),
    HonorLevel.PROVINCIAL: _("省级"),
    HonorLevel.MINISTERIAL: _("部级"),
    HonorLevel.MUNICIPAL: _("市级"),
}


def title_label(category: str, level: str, model: bool | None, nominated: bool = False) -> str:
    """A title's name, e.g. 市级文明单位标兵; ``model=None`` reads "either tier";
    ``nominated``: a county passed below the named share, 省级提名城市 for 省级文明城市."""
    tier = (
        pgettext("title tier", "（标兵）")
        if model is None
        else pgettext("title tier", "标兵")
        if model
        else ""
    )
    # One format string, so each language can place its own spaces and order.
    return gettext("%(level)s%(category)s%(tier)s") % {
        "level": LEVEL_LABELS[Level(level)],
        "category": NOMINATED_LABEL if nominated else CATEGORY_LABELS[Category(category)],
        "tier": tier,
    }


def choices[E: StrEnum](labels: Mapping[E, Any]) -> list[tuple[str, str]]:
    return [(code.value, label) for code, label in labels.items()]


#: Module-level choice lists, so the API schema can name its enums (ENUM_NAME_OVERRIDES).
KIND_CHOICES = choices(KIND_LABELS)
TITLE_STATUS_CHOICES = choices(STATUS_LABELS)


class Organization(models.Model):
    code = models.CharField(
        _("编码"),
        max_length=32,
        unique=True,
        help_text=_("统一社会信用代码、区划代码或户编码，全市唯一"),
    )
    name = models.CharField(_("名称"), max_length=200, db_index=True)
    kind = models.CharField(_("类型"), max_length=16, choices=KIND_CHOICES)
    unit_type = models.CharField(
        _("单位性质"), max_length=24, choices=choices(UNIT_TYPE_LABELS), blank=True
    )
    region = models.ForeignKey(Region, verbose_name=_("所属地区"), on_delete=models.PROTECT)
    body = models.ForeignKey(
        Body,
        verbose_name=_("主管部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    applies_directly = models.BooleanField(
        _("直接向市文明办申报"),
        default=False,
        help_text=_("驻市中省直单位、企事业单位直接向市文明办申报"),
    )
    is_fulltime_school = models.BooleanField(_("国民教育序列全日制学校"), default=False)
    staff_count = models.PositiveIntegerField(_("职工人数"), null=True, blank=True)
    party_members = models.PositiveIntegerField(_("在职党员数"), null=True, blank=True)
    registered_volunteers = models.PositiveIntegerField(_("注册志愿者数"), null=True, blank=True)
    party_member_volunteers = models.PositiveIntegerField(
        _("党员注册志愿者数"), null=True, blank=True
    )
    volunteers_served = models.PositiveIntegerField(_("参与服务志愿者数"), null=True, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Title(models.Model):
    """A title an organization holds or held (荣誉称号), with how it was named and ended."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("组织"), on_delete=models.CASCADE, related_name="titles"
    )
    category = models.CharField(_("类别"), max_length=16, choices=choices(CATEGORY_LABELS))
    level = models.CharField(_("级别"), max_length=16, choices=choices(LEVEL_LABELS))
    model = models.BooleanField(_("标兵"), default=False)
    # 提名城市: a county that passed the 文明城市 ranking below the named share.
    nominated = models.BooleanField(_("提名城市"), default=False)
    edition = models.PositiveSmallIntegerField(_("届次"))
    naming_body = models.CharField(_("命名机关"), max_length=100)
    document_number = models.CharField(_("命名文号"), max_length=100)
    named_on = models.DateField(_("命名日期"))
    status = models.CharField(
        _("状态"), max_length=16, choices=TITLE_STATUS_CHOICES, default=TitleStatus.ACTIVE
    )
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=200, blank=True)
    end_document = models.CharField(_("终止文号"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("称号")
        verbose_name_plural = _("称号")
        ordering = ["-named_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "category", "level", "model", "edition"],
                name="title_unique_per_edition",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.label}"

    @property
    def label(self) -> str:
        """E.g. 市级文明单位标兵, or 省级提名城市 for a nominated county."""
        return title_label(self.category, self.level, self.model, self.nominated)


class Honor(models.Model):
    """Another honor (最美家庭, 十星级文明户, an honor title granted by a body)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("组织"), on_delete=models.CASCADE, related_name="honors"
    )
    kind = models.CharField(_("种类"), max_length=32, choices=choices(HONOR_KIND_LABELS))
    level = models.CharField(_("级别"), max_length=16, choices=choices(HONOR_LEVEL_LABELS))
    name = models.CharField(_("名称"), max_length=200)
    granting_body = models.CharField(_("授予机关"), max_length=100)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    granted_on = models.DateField(_("授予日期"))

    class Meta:
        verbose_name = _("其他荣誉")
        verbose_name_plural = _("其他荣誉")
        ordering = ["-granted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.organization} {self.name}"


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    VALIDATING = "validating", _("正在校验")
    SAVING = "saving", _("正在保存")
    DONE = "done", _("已导入")
    FAILED = "failed", _("未导入：有错误")


class ImportJob(models.Model):
    """An uploaded workbook and how far its import has gone (shown as progress)."""

    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=255)
    status = models.CharField(
        _("状态"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    title_count = models.PositiveIntegerField(_("称号"), default=0)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("导入人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0 if self.status not in {ImportStatus.DONE, ImportStatus.FAILED} else 100
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def finished(self) -> bool:
        return self.status in {ImportStatus.DONE, ImportStatus.FAILED}


class DocumentKind(models.TextChoices):
    """The official documents (公文) an office issues, each numbered from one sequence."""

    BULLETIN = "bulletin", _("通报")
    RECOMMENDATION_REPORT = "recommendation_report", _("推荐报告")
    NAMING_DECISION = "naming_decision", _("命名决定")
    PUBLICITY_NOTICE = "publicity_notice", _("公示")
    RECTIFICATION_NOTICE = "rectification_notice", _("整改通知书")
    SUPERVISION_NOTICE = "supervision_notice", _("督办通知书")
    QUOTA_NOTICE = "quota_notice", _("名额通知")


class Letterhead(models.Model):
    """How an office heads the documents it issues (GB/T 9704-2012), set once.

    The 发文字号 is ``number_code〔year〕N号``: the issuer's code (机关代字) is the only
    part an office chooses; the year and the sequence come from ``IssuedDocument``.
    """

    office = models.OneToOneField(
        Region, verbose_name=_("发文单位"), on_delete=models.PROTECT, related_name="letterhead"
    )
    mark = models.CharField(
        _("发文机关标志"),
        max_length=60,
        help_text=_("红色套印在首页上方，如“清源区精神文明建设委员会办公室文件”"),
    )
    number_code = models.CharField(
        _("机关代字"),
        max_length=20,
        help_text=_("发文字号为“机关代字〔年份〕序号号”，如“清文明办〔2026〕12号”"),
    )
    signature = models.CharField(
        _("发文机关署名"), max_length=60, help_text=_("成文日期上方的署名")
    )
    printer = models.CharField(_("印发机关"), max_length=60, help_text=_("版记中的印发机关"))
    copies_to = models.TextField(_("抄送机关"), blank=True, help_text=_("每行一个"))
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("发文设置")
        verbose_name_plural = _("发文设置")

    def __str__(self) -> str:
        return self.mark

    @property
    def copies_list(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.copies_to.splitlines() if line.strip())


class IssuedDocument(models.Model):
    """The office's register of issued documents (发文登记): one row per 发文字号."""

    office = models.ForeignKey(
        Region, verbose_name=_("发文单位"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    # Null for a number typed in under another issuer's code (e.g. the 文明委's).
    sequence = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    number = models.CharField(_("发文字号"), max_length=60)
    kind = models.CharField(_("文种"), max_length=32, choices=DocumentKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    issued_by = models.ForeignKey(
        "accounts.User", verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    # The 成文日期 frozen at issue: every reprint prints this date, not the day it is printed.
    signed_on = models.DateField(_("成文日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("发文登记")
        verbose_name_plural = _("发文登记")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "sequence"], name="issued_document_sequence"
            ),
            models.UniqueConstraint(fields=["office", "number"], name="issued_document_number"),
        ]

    def __str__(self) -> str:
        return self.number
