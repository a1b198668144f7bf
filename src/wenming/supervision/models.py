"""Periodic reviews, duty rosters, supervision items, self-assessments and bulletins.

A review (考核) is run by an office under one frozen composite framework version; each
reviewed organization has an entry holding the inputs of every component and the
composite result. Crossing-duty records (值勤通报) feed the roster component. Supervision
items (督办事项) follow ``wenming.domain.review``'s states.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenming.domain.review import ItemClass, ItemState, ReviewClass
from wenming.registry.models import LEVEL_LABELS, choices
from wenming.visits.models import Group, Visit


class ReviewKind(models.TextChoices):
    MIDYEAR = "midyear", _("年中考核")
    ANNUAL = "annual", _("年度考核")
    MONTHLY = "monthly", _("月度考评")


CLASS_LABELS = {
    ReviewClass.EXISTING_NATIONAL: _("现有全国文明单位"),
    ReviewClass.NEW_NATIONAL: _("新申报全国文明单位"),
    ReviewClass.PROVINCIAL: _("省级文明单位（除申报全国文明单位外）"),
    ReviewClass.NEW_PROVINCIAL: _("新申报省级文明单位"),
    ReviewClass.MUNICIPAL: _("市级文明单位（除申报省级外）"),
}
GRADE_LABELS = {
    "excellent": _("优秀"),
    "good": _("良好"),
    "pass": _("合格"),
    "fail": _("不合格"),
}


class Ranking(models.TextChoices):
    BY_CLASS = "by_class", _("分类排名")
    LEAGUE = "league", _("擂台赛排名与奖励")


class Review(models.Model):
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=16, choices=ReviewKind.choices)
    ranking = models.CharField(
        _("排名方式"), max_length=16, choices=Ranking.choices, default=Ranking.BY_CLASS
    )
    office = models.ForeignKey(
        "registry.Region", verbose_name=_("组织单位"), on_delete=models.PROTECT
    )
    framework = models.ForeignKey(
        "frameworks.Framework", verbose_name=_("综合考评体系"), on_delete=models.PROTECT
    )
    period_start = models.DateField(_("考核期开始"))
    period_end = models.DateField(_("考核期结束"))
    # Mentougou-style league table and rewards; unused when ``fund`` is empty.
    fund = models.DecimalField(
        _("本期奖励资金（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    bottom_n = models.PositiveIntegerField(_("取消奖励的末位名次数"), default=20)
    top_n = models.PositiveIntegerField(_("二次奖励的前列名次数"), default=3)
    top_share = models.DecimalField(
        _("二次奖励占资金比例"), max_digits=5, decimal_places=4, default=Decimal("0.2")
    )
    grade_weights = models.JSONField(_("各等次奖励权重"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The review's assessment groups (考核组), kept in the visits app.
    groups = GenericRelation(
        Group,
        content_type_field="owner_type",
        object_id_field="owner_id",
        related_query_name="review",
    )

    class Meta:
        verbose_name = _("考核")
        verbose_name_plural = _("考核")
        ordering = ["-period_end", "-id"]

    def __str__(self) -> str:
        return self.name


APPLYING_LABELS = {k: v for k, v in LEVEL_LABELS.items() if k.value != "municipal"}


class ReviewEntry(models.Model):
    """One organization in a review: the inputs of each component and the composite result."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="entries")
    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("单位"), on_delete=models.PROTECT
    )
    applying_for = models.CharField(
        _("本年度申报"), max_length=16, choices=choices(APPLYING_LABELS), blank=True
    )
    review_class = models.CharField(
        _("排名类别"), max_length=24, choices=choices(CLASS_LABELS), blank=True
    )
    group = models.ForeignKey(
        Group,
        verbose_name=_("考核组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entries",
    )
    visited_on = models.DateField(_("实地考核日期"), null=True, blank=True)
    # The record of the group's visit (the date above is the visit's).
    visit = models.OneToOneField(
        Visit, null=True, blank=True, on_delete=models.SET_NULL, related_name="entry"
    )
    inputs = models.JSONField(_("各项得分"), default=dict, blank=True)
    total = models.DecimalField(
        _("综合得分"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    grade = models.CharField(_("等次"), max_length=16, blank=True)
    breakdown = models.JSONField(_("得分明细"), default=dict, blank=True)
    strengths = models.TextField(_("亮点"), blank=True)
    problems = models.TextField(_("问题"), blank=True)

    class Meta:
        verbose_name = _("考核对象")
        verbose_name_plural = _("考核对象")
        ordering = ["review", "organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["review", "organization"], name="entry_once")
        ]

    def __str__(self) -> str:
        return f"{self.review} · {self.organization}"

    @property
    def grade_label(self) -> str:
        return str(GRADE_LABELS.get(self.grade, self.grade))


class DutyRecord(models.Model):
    """One event of the daily crossing-duty bulletin (帮包路口每日通报) for one unit."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="duty_records")
    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("单位"), on_delete=models.PROTECT
    )
    on = models.DateField(_("日期"))
    kind = models.CharField(_("情况"), max_length=32)  # a roster event kind of the framework
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("值勤记录")
        verbose_name_plural = _("值勤记录")
        ordering = ["-on", "organization__name", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.organization_id} {self.kind}"


class ItemSource(models.TextChoices):
    REVIEW = "review", _("考核发现")
    HOTLINE = "hotline", _("12345热线投诉")
    MEDIA = "media", _("媒体曝光")
    INSTRUCTION = "instruction", _("领导批示")
    BULLETIN = "bulletin", _("通报整改")
    CITIZEN = "citizen", _("市民随手拍")
    JOINT_MEETING = "joint_meeting", _("联席会议议定事项")


ITEM_CLASS_LABELS = {
    ItemClass.SMALL: _("小问题（通知单，限时整改）"),
    ItemClass.BIG: _("大问题（整改方案，分阶段）"),
    ItemClass.PERSISTENT: _("老问题（提交分管领导）"),
}
ITEM_STATE_LABELS = {
    ItemState.OPENED: _("立项"),
    ItemState.REMINDED: _("催办"),
    ItemState.FEEDBACK: _("反馈"),
    ItemState.CLOSED: _("办结"),
}


class SupervisionItem(models.Model):
    office = models.ForeignKey(
        "registry.Region", verbose_name=_("督办单位"), on_delete=models.PROTECT
    )
    title = models.CharField(_("事项"), max_length=200)
    description = models.TextField(_("问题描述"), blank=True)
    source = models.CharField(_("来源"), max_length=16, choices=ItemSource.choices)
    source_reference = models.CharField(_("来源编号"), max_length=100, blank=True)
    review = models.ForeignKey(
        Review, verbose_name=_("考核"), null=True, blank=True, on_delete=models.SET_NULL
    )
    bulletin = models.ForeignKey(
        "Bulletin",
        verbose_name=_("通报"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )
    # The responsible unit: an organization, or a member unit of the committee (文明委成员单位,
    # a ``registry.Body``) for the tasks a joint meeting's decisions are split into; never both.
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    body = models.ForeignKey(
        "registry.Body",
        verbose_name=_("责任成员单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervision_items",
    )
    item_class = models.CharField(_("问题类别"), max_length=16, choices=choices(ITEM_CLASS_LABELS))
    deadline = models.DateField(_("整改期限"))
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("分管领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=choices(ITEM_STATE_LABELS), default=ItemState.OPENED
    )
    feedback = models.TextField(_("反馈"), blank=True)
    result = models.TextField(_("办理结果"), blank=True)
    escalated_on = models.DateField(_("提交领导日期"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    # 发文字号 of the 整改通知书 and the 督办通知书, each issued by 发文（取号）.
    rectification_number = models.CharField(_("整改通知书文号"), max_length=100, blank=True)
    supervision_number = models.CharField(_("督办通知书文号"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("督办事项")
        verbose_name_plural = _("督办事项")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(
                name="item_one_responsible_unit",
                condition=Q(organization__isnull=False, body__isnull=True)
                | Q(organization__isnull=True, body__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def responsible_name(self) -> str:
        """The responsible unit's name: the organization's, or the member unit's."""
        unit = self.organization or self.body
        return unit.name if unit is not None else ""


class Milestone(models.Model):
    """A stage of a big problem's rectification plan."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("阶段目标"), max_length=200)
    due_on = models.DateField(_("完成时限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("整改节点")
        verbose_name_plural = _("整改节点")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class NoticeKind(models.TextChoices):
    REMINDER = "reminder", _("督办提醒")
    OVERDUE = "overdue", _("逾期催办")
    ESCALATED = "escalated", _("提交分管领导")


class Notice(models.Model):
    """An in-app notice about a supervision item; one per item, person, kind and day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supervision_notices"
    )
    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("类型"), max_length=16, choices=NoticeKind.choices)
    on = models.DateField(_("日期"))
    read = models.BooleanField(_("已读"), default=False)

    class Meta:
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        ordering = ["-on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "item", "kind", "on"], name="notice_once")
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.kind} {self.item_id}"


class SelfAssessment(models.Model):
    """A titled unit's half-yearly self-assessment (自测自评), reported to the office."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("单位"), on_delete=models.PROTECT
    )
    framework = models.ForeignKey(
        "frameworks.Framework", verbose_name=_("测评体系"), on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    half = models.PositiveSmallIntegerField(_("半年"), choices=[(1, _("上半年")), (2, _("下半年"))])
    due_on = models.DateField(_("报送期限"))
    scores = models.JSONField(_("各项目自评得分"), default=dict)
    total = models.DecimalField(_("自评总分"), max_digits=9, decimal_places=2)
    summary = models.TextField(_("自评说明"), blank=True)
    reported_at = models.DateTimeField(_("报送时间"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("自测自评")
        verbose_name_plural = _("自测自评")
        ordering = ["-year", "-half", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "half"], name="self_assessment_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year}-{self.half}"


class Bulletin(models.Model):
    """The review's bulletin (通报): results, strengths, problems, requirements."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="bulletins")
    title = models.CharField(_("标题"), max_length=200)
    addressees = models.CharField(_("主送"), max_length=200, blank=True)
    opening = models.TextField(_("开头（考核情况）"), blank=True)
    strengths = models.TextField(_("主要特点"), blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    requirements = models.TextField(_("下一步要求"), blank=True)
    issuing_office = models.CharField(_("发文机关"), max_length=100)
    issued_on = models.DateField(_("发文日期"))
    # Issued once from the office's register when the bulletin is created; blank when the
    # office had set no 机关代字 then (the bulletin goes out unnumbered).
    document_number = models.CharField(_("发文字号"), max_length=60, blank=True)
    rectification_days = models.PositiveSmallIntegerField(_("整改报告期限（日）"), default=10)
    criticized = models.ManyToManyField(
        "registry.Organization", verbose_name=_("被通报整改单位"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.title
