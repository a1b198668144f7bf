"""The rows of creation work (DOMAIN §12, seed 004).

A plan (创建实施方案) belongs to one applicant organization and aims at one award of a
campaign, whose framework it works through. The organization's staff (人员) are the
people the plan names; a staff member may have a login (``user``), or be invited to one.
Departments (科室) belong to the organization; the framework's clauses are assigned to
them (the first listed leads, 牵头). Tasks are the plan's work per clause or common item,
each with one occurrence per period its due-date words name; material is collected per
occurrence, submitted by the department, signed off by its leader, then accepted or
returned by the applicant's office. Accepted material is copied to the application as
evidence (``Material.evidence``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.registry.models import KIND_CHOICES, UNIT_TYPE_LABELS, choices


class StaffMember(models.Model):
    """A person of the applicant organization, with or without a login."""

    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("单位"),
        on_delete=models.CASCADE,
        related_name="creation_staff",
    )
    name = models.CharField(_("姓名"), max_length=50)
    position = models.CharField(_("职务"), max_length=100, blank=True)
    phone = models.CharField(_("电话"), max_length=32, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="creation_staff",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["organization", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=models.Q(user__isnull=False),
                name="creation_staff_one_per_user",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """An account invitation for a staff member without a login: a one-time link (only
    its hash is kept) that sets a password and binds the new account to the member."""

    staff = models.ForeignKey(
        StaffMember, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("电子邮箱"))
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("有效期至"))
    accepted_at = models.DateTimeField(_("接受时间"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("账号邀请")
        verbose_name_plural = _("账号邀请")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.staff} {self.email}"


class Department(models.Model):
    """A department of the organization (科室, 中心, 图书馆, 机关党委 …): its head (负责人)
    submits its material; its leader (分管领导) signs it off."""

    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("单位"),
        on_delete=models.CASCADE,
        related_name="creation_departments",
    )
    name = models.CharField(_("名称"), max_length=100)
    head = models.ForeignKey(
        StaffMember,
        verbose_name=_("负责人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_departments",
    )
    leader = models.ForeignKey(
        StaffMember,
        verbose_name=_("分管领导"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_departments",
    )
    members = models.ManyToManyField(
        StaffMember, verbose_name=_("成员"), blank=True, related_name="departments"
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["organization", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="creation_department_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("编制中")
    ACTIVE = "active", _("实施中")
    CLOSED = "closed", _("已结束")


class Plan(models.Model):
    """An applicant's creation plan (创建实施方案) for one award of a campaign."""

    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        related_name="creation_plans",
    )
    award = models.ForeignKey(
        "campaigns.Award", verbose_name=_("创建目标"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("方案名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("创建年度"))
    status = models.CharField(
        _("状态"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("创建实施方案")
        verbose_name_plural = _("创建实施方案")
        ordering = ["-year", "organization", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "award"], name="creation_plan_one_per_award"
            )
        ]

    def __str__(self) -> str:
        return self.title


class GroupBody(models.TextChoices):
    LEADING_GROUP = "group", _("创建工作领导小组")
    OFFICE = "office", _("领导小组办公室")


class GroupPosition(models.TextChoices):
    """The positions seed 004 names, in its order."""

    LEADER = "leader", _("组长")
    DEPUTY_LEADER = "deputy_leader", _("副组长")
    MEMBER = "member", _("成员")
    DIRECTOR = "director", _("主任")
    EXECUTIVE_DEPUTY = "executive_deputy", _("常务副主任")
    DEPUTY_DIRECTOR = "deputy_director", _("副主任")
    OFFICER = "officer", _("专干")
    INSPECTOR = "inspector", _("督查员")


#: Which positions each body has (a 组长 is never in the office, a 专干 never in the group).
BODY_POSITIONS = {
    GroupBody.LEADING_GROUP: (
        GroupPosition.LEADER,
        GroupPosition.DEPUTY_LEADER,
        GroupPosition.MEMBER,
    ),
    GroupBody.OFFICE: (
        GroupPosition.DIRECTOR,
        GroupPosition.EXECUTIVE_DEPUTY,
        GroupPosition.DEPUTY_DIRECTOR,
        GroupPosition.OFFICER,
        GroupPosition.INSPECTOR,
    ),
}


class GroupMember(models.Model):
    """A seat in the plan's leading group or its office."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="group_members")
    body = models.CharField(_("机构"), max_length=16, choices=GroupBody.choices)
    position = models.CharField(_("职务"), max_length=20, choices=GroupPosition.choices)
    staff = models.ForeignKey(StaffMember, verbose_name=_("人员"), on_delete=models.PROTECT)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("领导小组成员")
        verbose_name_plural = _("领导小组成员")
        ordering = ["plan", "body", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "body", "staff"], name="creation_group_member_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_position_display()} {self.staff}"


class Assignment(models.Model):
    """One department's share of one clause of the plan's framework; ``order`` 0 leads
    (牵头): it drafts the combined plan for the clause, the others contribute."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assignments")
    clause_key = models.CharField(_("评分要点"), max_length=32)
    department = models.ForeignKey(
        Department, verbose_name=_("责任部门"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("责任分工")
        verbose_name_plural = _("责任分工")
        ordering = ["plan", "clause_key", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "clause_key", "department"], name="creation_assignment_once"
            ),
            models.UniqueConstraint(
                fields=["plan", "clause_key", "order"], name="creation_assignment_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clause_key} {self.department}"


class Phase(models.Model):
    """A phase of the plan (宣传发动, 全面实施, 申报验收) with its dates."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("阶段名称"), max_length=50)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    description = models.TextField(_("工作内容"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("实施阶段")
        verbose_name_plural = _("实施阶段")
        ordering = ["plan", "order", "starts_on"]

    def __str__(self) -> str:
        return self.name


class TaskListStatus(models.TextChoices):
    DRAFT = "draft", _("未发布")
    PUBLISHED = "published", _("已发布")


class TaskList(models.Model):
    """The city office's task list (网上申报任务分工, 共性任务) for a kind of organization."""

    office = models.ForeignKey(
        "registry.Region", verbose_name=_("发布机关"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("组织类型"), max_length=16, choices=KIND_CHOICES)
    unit_type = models.CharField(
        _("单位性质"), max_length=24, choices=choices(UNIT_TYPE_LABELS), blank=True
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=TaskListStatus.choices, default=TaskListStatus.DRAFT
    )
    source_name = models.CharField(_("导入文件"), max_length=255, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("任务清单")
        verbose_name_plural = _("任务清单")
        ordering = ["-year", "office", "id"]

    def __str__(self) -> str:
        return self.name


class TaskListItem(models.Model):
    """One row of the office's task list, as the Excel file has it."""

    task_list = models.ForeignKey(TaskList, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveIntegerField(_("序号"))
    indicator = models.CharField(_("指标名称"), max_length=200)
    content = models.TextField(_("测评内容"), blank=True)
    standard = models.TextField(_("测评标准"), blank=True)
    online_requirement = models.TextField(_("网上申报具体要求"), blank=True)
    departments = models.CharField(_("责任部门"), max_length=200, blank=True)
    material_requirement = models.TextField(_("资料提交要求"), blank=True)
    due_text = models.CharField(_("完成时间"), max_length=100)
    clause_key = models.CharField(_("评分要点"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("任务清单条目")
        verbose_name_plural = _("任务清单条目")
        ordering = ["task_list", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["task_list", "number"], name="creation_task_list_item_number"
            )
        ]

    def __str__(self) -> str:
        return self.indicator


class Task(models.Model):
    """A task of the plan: a clause (or a common item of the office's list), the
    department doing it, what material it asks for and when (the due-date words)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    clause_key = models.CharField(_("评分要点"), max_length=32, blank=True)
    list_item = models.ForeignKey(
        TaskListItem,
        verbose_name=_("共性任务"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    title = models.CharField(_("任务"), max_length=200)
    department = models.ForeignKey(
        Department,
        verbose_name=_("责任部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    material_requirement = models.TextField(_("资料要求"), blank=True)
    due_text = models.CharField(_("完成时间"), max_length=100)
    #: How many activities each occurrence needs ("至少2次"; "每个季度至少1次" is one per
    #: quarterly occurrence); 0 when the requirement names no count.
    minimum_count = models.PositiveSmallIntegerField(_("最少次数"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("创建任务")
        verbose_name_plural = _("创建任务")
        ordering = ["plan", "clause_key", "id"]

    def __str__(self) -> str:
        return self.title


class OccurrenceStatus(models.TextChoices):
    OPEN = "open", _("待提交")
    SUBMITTED = "submitted", _("待领导签批")
    SIGNED_OFF = "signed_off", _("待办公室验收")
    ACCEPTED = "accepted", _("已验收")
    RETURNED = "returned", _("已退回")


class Occurrence(models.Model):
    """One period's work of a task (a one-off task has one): its window, its due date
    and where its material stands."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="occurrences")
    label = models.CharField(_("期次"), max_length=50, blank=True)
    starts_on = models.DateField(_("开始日期"))
    due_on = models.DateField(_("完成时间"))
    status = models.CharField(
        _("状态"), max_length=16, choices=OccurrenceStatus.choices, default=OccurrenceStatus.OPEN
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(_("签批时间"), null=True, blank=True)
    sign_off_comment = models.CharField(_("签批意见"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("验收时间"), null=True, blank=True)
    return_comment = models.CharField(_("退回意见"), max_length=500, blank=True)
    #: The printable 资料提交表, made when the leader signs off and kept for the file.
    sheet = models.FileField(_("资料提交表"), upload_to="creation/sheets/%Y/", blank=True)

    class Meta:
        verbose_name = _("任务期次")
        verbose_name_plural = _("任务期次")
        ordering = ["task", "due_on", "id"]

    def __str__(self) -> str:
        return f"{self.task} {self.label}".strip()


class MaterialKind(models.TextChoices):
    PHOTO = "photo", _("活动照片")
    DOCUMENT = "document", _("文件")
    REPORT = "report", _("汇报材料")
    MEDIA = "media", _("媒体报道截图")


class Material(models.Model):
    """A file collected for an occurrence, with its captions and the evidence checks'
    findings; ``evidence`` is the application's copy once the office accepts it."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(_("材料类型"), max_length=16, choices=MaterialKind.choices)
    activity = models.CharField(_("活动"), max_length=200, blank=True)
    file = models.FileField(_("文件"), upload_to="creation/material/%Y/%m/")
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
    evidence = models.OneToOneField(
        "campaigns.Evidence",
        verbose_name=_("申报材料"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="creation_material",
    )

    class Meta:
        verbose_name = _("任务材料")
        verbose_name_plural = _("任务材料")
        ordering = ["occurrence", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Reminder(models.Model):
    """A reminder in the last week before an occurrence's due date: once per occurrence
    and person, shown in the app and mailed by the task worker."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="creation_reminders"
    )
    sent_on = models.DateField(_("提醒日期"))
    mailed = models.BooleanField(_("已发邮件"), default=False)
    read = models.BooleanField(_("已读"), default=False)

    class Meta:
        verbose_name = _("任务提醒")
        verbose_name_plural = _("任务提醒")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "user"], name="creation_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.occurrence} {self.user}"
