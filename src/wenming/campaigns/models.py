"""Campaigns and what happens in them up to recommendation.

A campaign (届次) is run by the office of a region. It offers awards, each scored under
one frozen framework version, and has a timeline of stages whose deadlines the server
enforces. Organizations apply for awards; county offices and supervising bodies review
and recommend within their quotas. A city's campaign may point to the province's
campaign it recommends into (``parent``): recommendation is one mechanism at every level.
"""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.domain.application_states import State
from wenming.domain.cities import DEFAULT_CITY_WEIGHTS
from wenming.domain.floors import DEFAULT_SAMPLING_FLOORS
from wenming.domain.titles import AssessmentMode
from wenming.registry.models import CATEGORY_LABELS, LEVEL_LABELS, choices, title_label


def _default_floors() -> dict[str, str]:
    return dict(DEFAULT_SAMPLING_FLOORS)


def _default_city_weights() -> dict[str, str]:
    return dict(DEFAULT_CITY_WEIGHTS)


ASSESSMENT_CHOICES = [
    (AssessmentMode.SCORED.value, _("测评打分")),
    (AssessmentMode.CENTRAL_REVIEW.value, _("集中审核认定")),
    (AssessmentMode.CITY_COMPOSITE.value, _("综合测评排名")),
]


class Campaign(models.Model):
    name = models.CharField(_("名称"), max_length=200)
    edition = models.PositiveSmallIntegerField(_("届次"))
    office = models.ForeignKey(
        "registry.Region", verbose_name=_("组织单位"), on_delete=models.PROTECT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级届次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("本届推荐名单上报的省级届次"),
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    eligibility_table = models.JSONField(_("申报资格规则"))
    publicity_days = models.PositiveSmallIntegerField(_("公示工作日数"), default=5)
    theme_pattern = models.CharField(
        _("活动照片主题格式"),
        max_length=200,
        blank=True,
        help_text=_("如“益阳市2021年+{organization}+{activity}”；留空则不检查主题格式"),
    )
    # 发文字号 of the quota notice (名额通知), issued by 发文（取号）.
    quota_notice_number = models.CharField(_("名额通知文号"), max_length=100, blank=True)
    # The province's sampling floors by category, and the city's re-check (domain.floors).
    sampling_floors = models.JSONField(_("抽查比例下限"), default=_default_floors)
    # 文明城市 by composite (domain.cities): the weights of survey, review and
    # questionnaire, and how many are named 文明城市 and then 提名城市.
    city_weights = models.JSONField(_("综合测评权重"), default=_default_city_weights)
    city_named = models.PositiveSmallIntegerField(_("文明城市名额"), default=0)
    city_nominated = models.PositiveSmallIntegerField(_("提名城市名额"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("届次")
        verbose_name_plural = _("届次")
        ordering = ["-edition", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "edition"],
                name="campaign_once_per_office",
                violation_error_message=_("本单位的这一届次已经存在。"),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Award(models.Model):
    """A title the campaign offers (category × level × tier) and its framework version."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="awards")
    category = models.CharField(_("类别"), max_length=16, choices=choices(CATEGORY_LABELS))
    level = models.CharField(_("级别"), max_length=16, choices=choices(LEVEL_LABELS))
    model = models.BooleanField(_("标兵"), default=False)
    framework = models.ForeignKey(
        "frameworks.Framework", verbose_name=_("测评体系"), on_delete=models.PROTECT
    )
    assessment = models.CharField(
        _("测评方式"),
        max_length=16,
        choices=ASSESSMENT_CHOICES,
        default=AssessmentMode.SCORED,
    )

    class Meta:
        verbose_name = _("评选项目")
        verbose_name_plural = _("评选项目")
        ordering = ["campaign", "category", "level", "model"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "category", "level", "model"], name="award_once_per_campaign"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return title_label(self.category, self.level, self.model)


class StageKind(models.TextChoices):
    APPLICATION = "application", _("申报")
    RECOMMENDATION = "recommendation", _("推荐")
    ASSESSMENT = "assessment", _("测评")
    SCREENING = "screening", _("征求意见")
    PUBLICITY = "publicity", _("公示")
    APPROVAL = "approval", _("审定")
    NAMING = "naming", _("命名")


STAGE_ORDER = [kind.value for kind in StageKind]


class Stage(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("阶段"), max_length=16, choices=StageKind.choices)
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("截止时间"))
    # The office moves the campaign on: it opens a stage (early, or on its date) and
    # closes it once its gate holds (``wenming.domain.stage_gates``).
    opened_at = models.DateTimeField(_("开启时间"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    close_reason = models.CharField(_("提前结束原因"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("阶段")
        verbose_name_plural = _("阶段")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "kind"], name="stage_once_per_campaign"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="stage_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.get_kind_display()}"

    def is_open(self, now: datetime | None = None) -> bool:
        """Within its window and not closed by the office. Whether the stage before it
        was closed is checked by ``campaigns.stages.require_stage_open``."""
        now = now or timezone.now()
        return self.closed_at is None and self.opens_at <= now <= self.closes_at

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Justified(models.Model):
    """A recorded change that states why it was made (a deadline moved, a quota changed):
    the reason is required by the services and shown wherever the change is listed."""

    reason = models.CharField(_("原因"), max_length=500)

    class Meta:
        abstract = True


class DeadlineExtension(Justified):
    """An office moved a stage's deadline, with its reason (逾期一律不予受理 unless extended)."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="extensions")
    previous_closes_at = models.DateTimeField(_("原截止时间"))
    new_closes_at = models.DateTimeField(_("新截止时间"))
    extended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    extended_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("延期记录")
        verbose_name_plural = _("延期记录")
        ordering = ["-extended_at"]

    def __str__(self) -> str:
        return f"{self.stage}: {self.previous_closes_at} → {self.new_closes_at}"


def _one_recommender() -> Q:
    return Q(region__isnull=False, body__isnull=True) | Q(region__isnull=True, body__isnull=False)


class Quota(models.Model):
    """How many a recommending unit may recommend for an award (名额).

    The recommending unit is a county office (its region), a supervising body, or the
    running office itself for organizations that apply directly.
    """

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="quotas")
    region = models.ForeignKey(
        "registry.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body = models.ForeignKey(
        "registry.Body", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    places = models.PositiveIntegerField(_("名额"))

    class Meta:
        verbose_name = _("名额")
        verbose_name_plural = _("名额")
        constraints = [
            models.CheckConstraint(condition=_one_recommender(), name="quota_one_recommender"),
            models.UniqueConstraint(
                fields=["award", "region"], condition=Q(body__isnull=True), name="quota_region_once"
            ),
            models.UniqueConstraint(
                fields=["award", "body"], condition=Q(region__isnull=True), name="quota_body_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award} · {self.region or self.body}: {self.places}"


class QuotaChangeKind(models.TextChoices):
    SET = "set", _("设定")
    PENALTY = "penalty", _("扣减（问责）")
    INCREASE = "increase", _("增加（重点领域）")
    CORRECTION = "correction", _("更正")


class QuotaChange(Justified):
    """A quota set or changed, from how many places to how many, and why."""

    quota = models.ForeignKey(Quota, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("类型"), max_length=16, choices=QuotaChangeKind.choices)
    previous = models.PositiveIntegerField(_("原名额"))
    places = models.PositiveIntegerField(_("新名额"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("名额调整")
        verbose_name_plural = _("名额调整")
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"{self.quota}: {self.previous} → {self.places}"


STATE_LABELS = {
    State.DRAFT: _("填报中"),
    State.SUBMITTED: _("已申报"),
    State.RETURNED: _("退回修改"),
    State.RECOMMENDED: _("已推荐"),
    State.ALTERNATE: _("备选"),
    State.ASSESSED: _("已测评"),
    State.SCREENED: _("已征求意见"),
    State.PUBLISHED: _("公示中"),
    State.APPROVED: _("已审定"),
    State.NAMED: _("已命名"),
    State.WITHDRAWN: _("已撤回"),
    State.VETOED: _("一票否决"),
    State.REJECTED: _("未通过"),
}


STATE_CHOICES = choices(STATE_LABELS)


class ExceptionalStatus(models.TextChoices):
    NONE = "", _("非破格")
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未批准")


class Application(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="applications")
    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="applications")
    organization = models.ForeignKey(
        "registry.Organization", on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(_("状态"), max_length=16, choices=STATE_CHOICES, default=State.DRAFT)
    # The recommending unit it goes through: a county office, a supervising body, or the
    # running office itself for direct applicants.
    region = models.ForeignKey(
        "registry.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body = models.ForeignKey(
        "registry.Body", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    eligibility = models.JSONField(_("资格依据"), default=dict)
    exceptional = models.CharField(
        _("破格申报"), max_length=16, choices=ExceptionalStatus.choices, blank=True, default=""
    )
    justification = models.TextField(_("破格理由"), blank=True)
    form = models.JSONField(_("申报表"), default=dict)
    rank = models.PositiveIntegerField(_("推荐顺序"), null=True, blank=True)
    comment = models.TextField(_("审核意见"), blank=True)
    # 文明城市 ranking: passed as 提名城市 rather than named 文明城市.
    nominated = models.BooleanField(_("提名城市"), default=False)
    submitted_at = models.DateTimeField(_("申报时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("申报")
        verbose_name_plural = _("申报")
        ordering = ["campaign", "award", "rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "award", "organization"], name="application_once_per_award"
            ),
            models.CheckConstraint(
                condition=_one_recommender(), name="application_one_recommender"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.award}"

    @property
    def recommender(self) -> object:
        return self.body or self.region


class SelfMark(models.Model):
    """The applicant's own mark for one scoring point, with its account of the work (自评)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="self_marks"
    )
    clause_key = models.CharField(_("评分要点"), max_length=32)
    points = models.DecimalField(_("自评分"), max_digits=6, decimal_places=2)
    narrative = models.TextField(_("自评说明"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("自评")
        verbose_name_plural = _("自评")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "clause_key"], name="self_mark_once_per_clause"
            )
        ]

    def __str__(self) -> str:
        return f"{self.clause_key}: {self.points}"


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", _("活动照片")
    OFFICIAL_DOCUMENT = "official_document", _("正式文件")
    REPORT = "report", _("情况说明")
    MEDIA_SCREENSHOT = "media_screenshot", _("媒体报道截图")


class Evidence(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="evidence")
    clause_key = models.CharField(_("评分要点"), max_length=32)
    kind = models.CharField(_("材料类型"), max_length=20, choices=EvidenceKind.choices)
    activity = models.CharField(_("活动"), max_length=200, blank=True)
    file = models.FileField(_("文件"), upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=255)
    size = models.PositiveIntegerField(_("大小"))
    content_type = models.CharField(_("文件类型"), max_length=100)
    sha256 = models.CharField(max_length=64)
    captions = models.JSONField(_("说明信息"), default=dict, blank=True)
    findings = models.JSONField(_("检查结果"), default=list, blank=True)
    blocking = models.BooleanField(_("有硬性问题"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # A photo's perceptual hash (16 hex digits) and its four 16-bit bands, each indexed, so
    # that near photos are found among a province's in a few index lookups
    # (docs/rules.md#photo-trust, ``wenming.domain.evidence.photos``). Empty for other files.
    phash = models.CharField(_("感知哈希"), max_length=16, blank=True, default="")
    phash_band0 = models.PositiveIntegerField(null=True, blank=True)
    phash_band1 = models.PositiveIntegerField(null=True, blank=True)
    phash_band2 = models.PositiveIntegerField(null=True, blank=True)
    phash_band3 = models.PositiveIntegerField(null=True, blank=True)
    # Photos flagged as reused with this one (in its campaign another applicant's, or this
    # applicant's for another activity; in another campaign this applicant's): found once
    # at upload, shown to reviewers.
    reused_with = models.ManyToManyField("self", symmetrical=True, blank=True)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["clause_key", "id"]
        indexes = [
            models.Index(fields=[f"phash_band{i}"], name=f"evidence_phash_band{i}")
            for i in range(4)
        ]

    def __str__(self) -> str:
        return self.original_name


class Recommendation(models.Model):
    """A recommending unit's formal recommendation (推荐报告): who is responsible, the
    generated report, and the stamped PDF it uploads (谁推荐、谁负责)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="recommendations")
    region = models.ForeignKey(
        "registry.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body = models.ForeignKey(
        "registry.Body", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responsible_person = models.CharField(_("责任人"), max_length=50)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    stamped_file = models.FileField(_("盖章推荐报告"), upload_to="recommendations/%Y/", blank=True)
    stamped_sha256 = models.CharField(max_length=64, blank=True)
    # 发文字号 of the report, issued by 发文（取号） on the review page (docs/rules.md).
    report_number = models.CharField(_("发文字号"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("推荐报告")
        verbose_name_plural = _("推荐报告")
        constraints = [
            models.CheckConstraint(
                condition=_one_recommender(), name="recommendation_one_recommender"
            ),
            models.UniqueConstraint(
                fields=["campaign", "region"],
                condition=Q(body__isnull=True),
                name="recommendation_region_once",
            ),
            models.UniqueConstraint(
                fields=["campaign", "body"],
                condition=Q(region__isnull=True),
                name="recommendation_body_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.region or self.body}"


class ClaimKind(models.TextChoices):
    HONOR = "honor", _("荣誉称号")
    EXPERIENCE = "experience", _("经验推介")


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    REJECTED = "rejected", _("不予认定")


class BonusClaim(models.Model):
    """A bonus the applicant claims (特色加分): an honor it was granted, or an experience
    of its work promoted by the media or a meeting. The recommending unit confirms or
    rejects it; only confirmed claims reach the ranking, under the framework's caps,
    window and once-per-content rule."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="bonus_claims"
    )
    rule = models.CharField(_("加分项目"), max_length=32)  # the framework's bonus item key
    kind = models.CharField(_("类型"), max_length=16, choices=ClaimKind.choices)
    level = models.CharField(_("级别"), max_length=16)  # one of the bonus item's levels
    title = models.CharField(_("名称"), max_length=200)
    granting_body = models.CharField(_("授予机关"), max_length=100, blank=True)
    outlet = models.CharField(_("推介媒体或会议"), max_length=200, blank=True)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    dated = models.DateField(_("日期"))
    content_key = models.CharField(
        _("经验内容"),
        max_length=100,
        blank=True,
        help_text=_("同一内容的创建经验只按最高分加一次，请用同一名称标明"),
    )
    honor = models.ForeignKey(
        "registry.Honor", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    evidence = models.ForeignKey(
        Evidence, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    status = models.CharField(
        _("认定"), max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    decision_reason = models.CharField(_("认定意见"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("认定时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("加分申报")
        verbose_name_plural = _("加分申报")
        ordering = ["application", "rule", "dated", "id"]

    def __str__(self) -> str:
        return f"{self.application} · {self.title}"
