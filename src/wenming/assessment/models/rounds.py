"""Assessment records: rounds, conflicts, samples, assignments, marks and waivers
(groups and visits are the visits app's).

A round (测评轮次) is one pass of assessors over a campaign's recommended applicants:
the cross-inspection between counties, the city's re-check of a sample, the province's
on-site sampling. Its weight and aggregation feed the ranking; its sample, once drawn
with a stored seed, can be re-drawn by anyone to check it (``domain.sampling``).
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenming.domain.scoring import Aggregation
from wenming.visits.models import Group, GroupMember, Visit


class RoundKind(models.TextChoices):
    CROSS_INSPECTION = "cross_inspection", _("交叉互检")
    CITY_RECHECK = "city_recheck", _("市级复核")
    PROVINCIAL_REVIEW = "provincial_review", _("省级网上材料审核")
    PROVINCIAL_ONSITE = "provincial_onsite", _("省级实地抽查")


class StratumKind(models.TextChoices):
    AWARD = "award", _("按评选项目")
    COUNTY = "county", _("按县市区")
    BOTH = "both", _("按评选项目和县市区")


AGGREGATION_LABELS = {
    Aggregation.MEAN: _("平均分"),
    Aggregation.TRIMMED_MEAN: _("去掉最高分和最低分后的平均分"),
    Aggregation.MEDIAN: _("中位数"),
}


class Round(models.Model):
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="assessment_rounds"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=RoundKind.choices)
    name = models.CharField(_("名称"), max_length=200)
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=2, default=1)
    aggregation = models.CharField(
        _("多人评分合成"),
        max_length=16,
        choices=[(a.value, label) for a, label in AGGREGATION_LABELS.items()],
        default=Aggregation.MEAN.value,
    )
    trim_from = models.PositiveSmallIntegerField(_("去高去低的最少评分人数"), default=5)
    sampled = models.BooleanField(
        _("抽查"), default=False, help_text=_("抽查则只测评抽中的申报，否则测评全部推荐申报")
    )
    stratum_kind = models.CharField(
        _("分层方式"), max_length=8, choices=StratumKind.choices, default=StratumKind.AWARD
    )
    default_ratio = models.DecimalField(
        _("抽查比例"), max_digits=4, decimal_places=3, default=1, help_text=_("0 到 1，如 0.5")
    )
    # Overrides of the default ratio per award ("award:<id>") or county ("county:<id>").
    ratios = models.JSONField(_("分层抽查比例"), default=dict, blank=True)
    seed = models.CharField(_("随机种子"), max_length=64, blank=True)
    # The population exactly as drawn from ([application id, stratum key] pairs), so the
    # draw can be re-run later whatever happened to the applications since.
    sample_population = models.JSONField(default=list, blank=True)
    sampled_at = models.DateTimeField(_("抽取时间"), null=True, blank=True)
    sampled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The draw's commitment (docs/rules.md#committed-draw): the candidate list, frozen in
    # ``sample_population`` and published as its SHA-256 before the seed can be known; the
    # seed then comes from the public draw named in advance and the numbers of those present.
    candidates_hash = models.CharField(_("候选名单摘要"), max_length=64, blank=True)
    committed_at = models.DateTimeField(_("名单公布时间"), null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    seed_source = models.CharField(
        _("种子来源"),
        max_length=300,
        blank=True,
        help_text=_("事先指定的公开开奖，如“中国福利彩票双色球2026年12月8日开奖号码”"),
    )
    # The date of the public draw named in advance: a list published after it could have
    # been chosen for the numbers already known (docs/rules.md#committed-draw).
    seed_draw_on = models.DateField(_("开奖日期"), null=True, blank=True)
    # {"witnesses": [{"name": …, "numbers": …}, …] (fixed when the list is published),
    #  "public": the public draw's numbers, "extensions": [{"at", "ratios", "added"}, …]}
    seed_inputs = models.JSONField(_("种子输入"), default=dict, blank=True)
    # Assessor comparison and normalization (docs/rules.md#assessor-comparison).
    normalize_marks = models.BooleanField(
        _("按评分人标准化"),
        default=False,
        help_text=_("把每位评分人的评分换算为标准分后再合成，默认不启用"),
    )
    disagreement_margin = models.DecimalField(
        _("评分分歧阈值"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.300"),
        help_text=_("同一评分要点最高分与最低分之差超过该要点分值的这一比例即标为分歧，如 0.3"),
    )
    # When a setting that moves the ranking (normalize_marks) last changed: a ranking
    # computed before it is out of date.
    settings_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    checklist = models.JSONField(_("看环境检查清单"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The round's assessment groups (考核组), kept in the visits app.
    groups = GenericRelation(
        Group,
        content_type_field="owner_type",
        object_id_field="owner_id",
        related_query_name="round",
    )

    class Meta:
        verbose_name = _("测评轮次")
        verbose_name_plural = _("测评轮次")
        ordering = ["campaign", "id"]

    def __str__(self) -> str:
        return self.name


class Conflict(models.Model):
    """A declared conflict of interest: a member or a whole group must not assess this
    application (回避)."""

    application = models.ForeignKey(
        "campaigns.Application", on_delete=models.CASCADE, related_name="conflicts"
    )
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.CASCADE, related_name="conflicts"
    )
    member = models.ForeignKey(
        GroupMember, null=True, blank=True, on_delete=models.CASCADE, related_name="conflicts"
    )
    reason = models.CharField(_("回避原因"), max_length=300)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("回避声明")
        verbose_name_plural = _("回避声明")
        constraints = [
            models.CheckConstraint(
                condition=Q(group__isnull=False, member__isnull=True)
                | Q(group__isnull=True, member__isnull=False),
                name="conflict_group_or_member",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member or self.group} × {self.application_id}"


class SampleEntry(models.Model):
    """One application the round's draw chose."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="sample")
    application = models.ForeignKey(
        "campaigns.Application", on_delete=models.PROTECT, related_name="+"
    )
    stratum = models.CharField(_("分层"), max_length=64)

    class Meta:
        verbose_name = _("抽查样本")
        verbose_name_plural = _("抽查样本")
        ordering = ["round", "stratum", "application_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "application"], name="sampled_once")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.application_id}"


class AssignmentSource(models.TextChoices):
    GENERATED = "generated", _("自动分配")
    HAND = "hand", _("人工调整")


class Assignment(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    application = models.ForeignKey(
        "campaigns.Application", on_delete=models.PROTECT, related_name="assignments"
    )
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="assignments")
    source = models.CharField(
        _("来源"), max_length=10, choices=AssignmentSource.choices, default="generated"
    )
    visit = models.OneToOneField(
        Visit, null=True, blank=True, on_delete=models.SET_NULL, related_name="assignment"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("分配")
        verbose_name_plural = _("分配")
        ordering = ["round", "group", "application_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "application"], name="assigned_once")
        ]

    def __str__(self) -> str:
        return f"{self.application} → {self.group}"


class MarkMethod(models.TextChoices):
    MATERIAL = "material", _("材料审核")
    ONSITE = "onsite", _("实地考察")


class Mark(models.Model):
    """One assessor's points for one scoring point by one method, in one round."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="marks")
    application = models.ForeignKey(
        "campaigns.Application", on_delete=models.PROTECT, related_name="assessor_marks"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessment_marks"
    )
    clause_key = models.CharField(_("评分要点"), max_length=32)
    method = models.CharField(_("考评方法"), max_length=10, choices=MarkMethod.choices)
    points = models.DecimalField(_("得分"), max_digits=5, decimal_places=2)
    framework = models.ForeignKey(
        "frameworks.Framework", verbose_name=_("测评体系版本"), on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        ordering = ["round", "application", "clause_key", "method", "assessor"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "application", "assessor", "clause_key", "method"],
                name="mark_once_per_key",
            )
        ]
        indexes = [models.Index(fields=["round", "application"], name="mark_round_application")]

    def __str__(self) -> str:
        return f"{self.clause_key}/{self.method}: {self.points}"


class MarkSetWaiver(models.Model):
    """The office's record of why one assessor's mark set for an applicant in a round is
    missing (缺评原因: illness, a declared conflict found late, the visit cancelled). The
    assessment stage closes only when every missing mark set has one."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="waivers")
    application = models.ForeignKey(
        "campaigns.Application", on_delete=models.CASCADE, related_name="mark_waivers"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("缺评原因"), max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("缺评记录")
        verbose_name_plural = _("缺评记录")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "application", "assessor"], name="waiver_once_per_mark_set"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.application_id} · {self.assessor_id}"
