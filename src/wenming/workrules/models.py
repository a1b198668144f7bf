"""The committee's and office's own work (docs/rules.md#work-rules, 满洲里 工作制度).

- ``WorkMeeting``: a committee meeting (文明委例会 or 临时会议) or a joint meeting of the
  member units (联席会议) of an office's region, with its papers (circulated to the members
  before it), its attendees (the committee's members, each present, on leave with a
  written opinion, or absent), its minutes, and for a joint meeting its decisions split
  into tasks of member units, each tracked as a supervision item (督办事项).
- ``LiaisonOfficer``: a member unit's liaison officer (联络员), one appointment per row, so
  the register keeps every officer a unit had; their contact changes are in the audit trail.
- ``InfoReport``: information a member unit reports (信息报送), and the office's decision
  to adopt it (采用) and where it went (简报, 上报); ``InfoBulletin``: the periodic 通报 of
  the figures, frozen when it is drawn up.
- ``TrainingSession``: a session of the liaison officers' study and training (学习培训)
  and who attended it.

Member units are the registry's bodies marked 文明委成员单位 (``Body.screens``); members
are the users holding the committee role in the office's region, as at approval meetings.
"""

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenming.domain.workrules import MeetingKind, Rank
from wenming.registry.models import choices

MEETING_KIND_LABELS = {
    MeetingKind.REGULAR: _("文明委例会"),
    MeetingKind.EXTRA: _("文明委临时会议"),
    MeetingKind.JOINT: _("成员单位联席会议"),
}
RANK_LABELS = {
    Rank.CLERK: _("科员"),
    Rank.DEPUTY_SECTION: _("副科级"),
    Rank.SECTION: _("正科级"),
    Rank.DEPUTY_DIVISION: _("副处级"),
    Rank.DIVISION: _("正处级"),
    Rank.DEPUTY_BUREAU: _("副厅级"),
    Rank.BUREAU: _("正厅级"),
}
#: Module-level choice lists, so the API schema can name its enums.
MEETING_KIND_CHOICES = choices(MEETING_KIND_LABELS)
RANK_CHOICES = choices(RANK_LABELS)


def file_key(instance: models.Model, filename: str) -> str:
    """A random storage name: never the uploader's file name."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"workrules/{secrets.token_hex(16)}{suffix}"


class StoredFile(models.Model):
    """A checked upload: stored under a random key, its name shown, its hash verified."""

    file = models.FileField(_("文件"), upload_to=file_key, blank=True)
    original_name = models.CharField(_("原文件名"), max_length=255, blank=True)
    content_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        abstract = True


class WorkMeeting(models.Model):
    office = models.ForeignKey(
        "registry.Region", verbose_name=_("文明办"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("会议类型"), max_length=16, choices=MEETING_KIND_CHOICES)
    title = models.CharField(_("会议名称"), max_length=200)
    held_on = models.DateField(_("会议日期"))
    place = models.CharField(_("会议地点"), max_length=200, blank=True)
    agenda = models.TextField(_("会议内容"), blank=True)
    # When the office sent the papers to the members (文明办向文明委成员通报会议内容).
    papers_circulated_at = models.DateTimeField(_("材料通报时间"), null=True, blank=True)
    papers_circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    minutes = models.TextField(_("会议纪要"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("文明委工作会议")
        verbose_name_plural = _("文明委工作会议")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class MeetingPaper(StoredFile):
    """One paper of a meeting (会议材料): a title, a text or a file, or both."""

    meeting = models.ForeignKey(WorkMeeting, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(_("材料名称"), max_length=200)
    text = models.TextField(_("内容"), blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("会议材料")
        verbose_name_plural = _("会议材料")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.TextChoices):
    INVITED = "invited", _("待参会")
    PRESENT = "present", _("出席")
    LEAVE = "leave", _("请假")
    ABSENT = "absent", _("缺席")


class Attendee(models.Model):
    """A member at one meeting: a user holding the committee role, or a name entered."""

    meeting = models.ForeignKey(WorkMeeting, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("姓名"), max_length=100)
    status = models.CharField(
        _("参会情况"), max_length=16, choices=Attendance.choices, default=Attendance.INVITED
    )
    leave_reason = models.CharField(_("请假事由"), max_length=200, blank=True)
    # 委员因故不能出席，应提前请假，对会议拟定的事项，可委托他人反映意见.
    written_opinion = models.TextField(_("书面意见"), blank=True)

    class Meta:
        verbose_name = _("参会委员")
        verbose_name_plural = _("参会委员")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "name"], name="attendee_once_per_meeting"),
            models.CheckConstraint(
                condition=Q(status="leave") | (Q(leave_reason="") & Q(written_opinion="")),
                name="attendee_opinion_only_on_leave",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    """A decision of a joint meeting (会议议定事项), split into tasks of member units."""

    meeting = models.ForeignKey(WorkMeeting, on_delete=models.PROTECT, related_name="decisions")
    text = models.TextField(_("议定事项"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("议定事项")
        verbose_name_plural = _("议定事项")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:50]


class DecisionTask(models.Model):
    """One member unit's part of a decision, tracked as a supervision item."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="tasks")
    body = models.ForeignKey(
        "registry.Body", verbose_name=_("成员单位"), on_delete=models.PROTECT, related_name="+"
    )
    task = models.CharField(_("任务"), max_length=200)
    deadline = models.DateField(_("完成时限"))
    item = models.OneToOneField(
        "supervision.SupervisionItem",
        verbose_name=_("督办事项"),
        on_delete=models.PROTECT,
        related_name="meeting_task",
    )

    class Meta:
        verbose_name = _("分解任务")
        verbose_name_plural = _("分解任务")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.task


class LiaisonOfficer(models.Model):
    """One appointment of a member unit's liaison officer; ``ended_on`` when they left."""

    body = models.ForeignKey(
        "registry.Body",
        verbose_name=_("成员单位"),
        on_delete=models.PROTECT,
        related_name="liaison_officers",
    )
    name = models.CharField(_("姓名"), max_length=50)
    rank = models.CharField(_("职级"), max_length=16, choices=RANK_CHOICES)
    position = models.CharField(_("职务"), max_length=100, blank=True)
    office_phone = models.CharField(_("办公电话"), max_length=32, blank=True)
    mobile = models.CharField(_("手机"), max_length=32, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("系统账号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="liaison_appointments",
    )
    started_on = models.DateField(_("指定日期"))
    ended_on = models.DateField(_("离任日期"), null=True, blank=True)
    end_reason = models.CharField(_("离任原因"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("联络员")
        verbose_name_plural = _("联络员")
        ordering = ["body__name", "-started_on", "-id"]
        constraints = [
            # 联络员由文明委成员单位指定专人担任: one officer in office per unit.
            models.UniqueConstraint(
                fields=["body"], condition=Q(ended_on__isnull=True), name="one_liaison_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def current(self) -> bool:
        return self.ended_on is None


class ReportKind(models.TextChoices):
    PLAN = "plan", _("工作计划")
    SUMMARY = "summary", _("工作总结")
    EXPERIENCE = "experience", _("经验做法")
    PROBLEM = "problem", _("新情况新问题")


class InfoReport(StoredFile):
    """Information a member unit reports to the office, and what the office made of it."""

    body = models.ForeignKey(
        "registry.Body",
        verbose_name=_("报送单位"),
        on_delete=models.PROTECT,
        related_name="info_reports",
    )
    kind = models.CharField(_("信息类别"), max_length=16, choices=ReportKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("正文"))
    submitted_on = models.DateField(_("报送日期"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The liaison officer who reported it, when the submitter is the unit's officer.
    liaison = models.ForeignKey(
        LiaisonOfficer,
        verbose_name=_("联络员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    # None until the office decides.
    adopted = models.BooleanField(_("采用"), null=True, blank=True)
    in_briefing = models.BooleanField(_("编入简报"), default=False)
    reported_up = models.BooleanField(_("上报"), default=False)
    decision_note = models.CharField(_("采用说明"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("报送信息")
        verbose_name_plural = _("报送信息")
        ordering = ["-submitted_on", "-id"]
        constraints = [
            # Only adopted information goes into the briefing or up.
            models.CheckConstraint(
                condition=Q(adopted=True) | (Q(in_briefing=False) & Q(reported_up=False)),
                name="report_used_only_when_adopted",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class InfoBulletin(models.Model):
    """The office's 通报 of a period's reports and adoptions, its figures frozen."""

    office = models.ForeignKey(
        "registry.Region", verbose_name=_("文明办"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"), null=True, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    addressees = models.CharField(_("主送"), max_length=200, blank=True)
    opening = models.TextField(_("开头"), blank=True)
    requirements = models.TextField(_("下一步要求"), blank=True)
    # [{"unit": name, "submitted": n, "adopted": n, "in_briefing": n, "reported_up": n,
    #   "rate": "50.0" or None}], in the table's order.
    figures = models.JSONField(_("统计"), default=list)
    issued_on = models.DateField(_("成文日期"))
    document_number = models.CharField(_("发文字号"), max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("信息报送通报")
        verbose_name_plural = _("信息报送通报")
        ordering = ["-year", "-quarter", "-id"]

    def __str__(self) -> str:
        return self.title


class TrainingKind(models.TextChoices):
    CENTRAL = "central", _("集中学习")
    LECTURE = "lecture", _("专家讲座")
    VISIT = "visit", _("外出参观考察")


class TrainingSession(models.Model):
    """A session of the liaison officers' study and training, and who attended."""

    office = models.ForeignKey(
        "registry.Region", verbose_name=_("文明办"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("培训方式"), max_length=16, choices=TrainingKind.choices)
    topic = models.CharField(_("主题"), max_length=200)
    held_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    speaker = models.CharField(_("主讲"), max_length=100, blank=True)
    attendees = models.ManyToManyField(
        LiaisonOfficer, verbose_name=_("参加人员"), related_name="trainings", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("学习培训")
        verbose_name_plural = _("学习培训")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.topic
