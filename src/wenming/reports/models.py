"""Citizens' reports (随手拍), 12345 hotline tickets, the inspection points they concern, and
the outlines of regions the office's map is drawn on (seed 001, 通州; DOMAIN.md §11).

A report belongs to the office whose public page took it (or whose hotline export it came
in). Repeated reports of one point and category make a ``ReportGroup``; the office routes
a group into a supervision item, whose state and answer the reporters read by their code.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PointKind(models.TextChoices):
    CROSSING = "crossing", _("路口")
    MARKET = "market", _("市场")
    ESTATE = "estate", _("小区")
    WINDOW = "window", _("窗口单位")
    ALLEY = "alley", _("背街小巷")
    PARK = "park", _("公园广场")
    SCHOOL = "school", _("学校周边")
    STATION = "station", _("车站")
    OTHER = "other", _("其他")


class Category(models.TextChoices):
    SANITATION = "sanitation", _("环境卫生")
    STREET_VENDING = "vending", _("占道经营")
    PARKING = "parking", _("乱停乱放")
    FACILITIES = "facilities", _("公共设施损坏")
    ADVERTISING = "advertising", _("乱贴乱画")
    TRAFFIC = "traffic", _("交通秩序")
    CONDUCT = "conduct", _("不文明行为")
    OTHER = "other", _("其他")


class Source(models.TextChoices):
    CITIZEN = "citizen", _("随手拍")
    HOTLINE = "hotline", _("12345热线")


class RegionOutline(models.Model):
    """A region's boundary for the office's own map: rings of [lng, lat] (GeoJSON order)."""

    region = models.OneToOneField(
        "registry.Region", verbose_name=_("地区"), on_delete=models.CASCADE, related_name="+"
    )
    rings = models.JSONField(_("轮廓"))
    imported_at = models.DateTimeField(_("导入时间"), auto_now=True)

    class Meta:
        verbose_name = _("区划轮廓")
        verbose_name_plural = _("区划轮廓")
        ordering = ["region__path"]

    def __str__(self) -> str:
        return str(self.region)


class InspectionPoint(models.Model):
    """A place the office inspects (点位), with the unit answerable for it."""

    office = models.ForeignKey(
        "registry.Region", verbose_name=_("所属文明办"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("点位名称"), max_length=100)
    kind = models.CharField(_("点位类型"), max_length=16, choices=PointKind.choices)
    lng = models.DecimalField(_("经度"), max_digits=9, decimal_places=6)
    lat = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6)
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("责任单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("点位")
        verbose_name_plural = _("点位")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="reports_point_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class ReportGroup(models.Model):
    """Reports of one problem: one point and category within an open period (or a report
    placed by coordinates alone). Routed once, into one supervision item."""

    office = models.ForeignKey(
        "registry.Region", verbose_name=_("所属文明办"), on_delete=models.PROTECT, related_name="+"
    )
    point = models.ForeignKey(
        InspectionPoint,
        verbose_name=_("点位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="groups",
    )
    category = models.CharField(_("问题类别"), max_length=16, choices=Category.choices)
    opened_on = models.DateField(_("首次反映日期"))
    item = models.OneToOneField(
        "supervision.SupervisionItem",
        verbose_name=_("督办事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_group",
    )

    class Meta:
        verbose_name = _("问题线索")
        verbose_name_plural = _("问题线索")
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.point or ''} {self.get_category_display()}"


def photo_key(instance: "Report", filename: str) -> str:
    """A random storage name: never the uploader's file name."""
    return f"reports/{secrets.token_hex(16)}.jpg"


class Report(models.Model):
    """One citizen's report or one hotline ticket."""

    office = models.ForeignKey(
        "registry.Region", verbose_name=_("所属文明办"), on_delete=models.PROTECT, related_name="+"
    )
    group = models.ForeignKey(
        ReportGroup, verbose_name=_("问题线索"), on_delete=models.PROTECT, related_name="reports"
    )
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    tracking_code = models.CharField(_("查询码"), max_length=14, unique=True)
    category = models.CharField(_("问题类别"), max_length=16, choices=Category.choices)
    description = models.TextField(_("问题描述"))
    point = models.ForeignKey(
        InspectionPoint,
        verbose_name=_("点位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    lng = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    lat = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    # The photo is re-encoded on upload (EXIF, with the reporter's GPS and phone, dropped).
    photo = models.FileField(_("照片"), upload_to=photo_key, blank=True)
    photo_sha256 = models.CharField(max_length=64, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    source_ip = models.GenericIPAddressField(null=True, blank=True)
    # 12345 tickets: the hotline's own number (unique: a re-import adds nothing), when the
    # call came in and the unit the hotline named.
    ticket_number = models.CharField(
        _("工单编号"), max_length=40, null=True, blank=True, unique=True
    )
    called_at = models.DateTimeField(_("来电时间"), null=True, blank=True)
    handling_unit = models.CharField(_("承办单位"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("群众反映")
        verbose_name_plural = _("群众反映")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.tracking_code
