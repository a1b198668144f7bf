"""People and the roles they hold, each within a scope.

A role is held within one scope: a region (office staff, committee members), a
body (supervising-body staff, member-department reviewers) or an organization
(applicant contacts). Assessors and administrators need no scope here; what an
assessor sees comes from the groups they sit in.

Administration is split in three (三员分立, GB/T 22239-2019 §8.1.4.2): the system,
security and audit administrators. Nobody holds two of them: ``validate_constraints``
refuses it in Chinese naming both roles, and a partial unique constraint (one
administrator role per user) is the database's backstop.
"""

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    display_name = models.CharField(_("姓名"), max_length=100, blank=True)
    phone = models.CharField(_("电话"), max_length=32, blank=True)

    #: What the user's roles reach, worked out once per loaded user by
    #: ``wenming.registry.scopes.scope_of`` (as Django keeps ``_perm_cache``); not a column.
    #: Typed ``object`` because the scope is the registry's type, a layer above accounts.
    role_scope: object = None

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username


class Role(models.TextChoices):
    #: The system administrator: users, regions, bodies (the value predates 三员分立).
    ADMIN = "admin", _("系统管理员")
    #: Role assignments and scopes, lockouts, second-factor resets.
    SECURITY = "security", _("安全管理员")
    #: Reads and verifies the audit trail; changes nothing.
    AUDITOR = "auditor", _("审计管理员")
    OFFICE = "office", _("文明办工作人员")
    BODY = "body", _("主管部门工作人员")
    APPLICANT = "applicant", _("申报单位联系人")
    ASSESSOR = "assessor", _("考核人员")
    REVIEWER = "reviewer", _("成员单位审核人")
    COMMITTEE = "committee", _("文明委委员")


#: Which scope each role is held in.
#: (Tuples, not sets: the check constraint below must list them in a stable order, or
#: every run of makemigrations would see a new constraint.)
REGION_ROLES = (Role.OFFICE, Role.COMMITTEE)
BODY_ROLES = (Role.BODY, Role.REVIEWER)
ORGANIZATION_ROLES = (Role.APPLICANT,)
#: The three administrators of 三员分立; a user holds at most one of them.
ADMIN_ROLES = (Role.ADMIN, Role.SECURITY, Role.AUDITOR)
#: Roles that must sign in with a second factor when ``WENMING_REQUIRE_2FA`` is on
#: (applicants and assessors may opt in).
STAFF_ROLES = (*ADMIN_ROLES, Role.OFFICE, Role.BODY, Role.REVIEWER, Role.COMMITTEE)
#: The security and audit administrators oversee the others' work, so they hold no work
#: role (三员分立); the system administrator's reach is a design choice kept apart.
OVERSIGHT_ROLES = (Role.SECURITY, Role.AUDITOR)
WORK_ROLES = (
    Role.OFFICE,
    Role.BODY,
    Role.REVIEWER,
    Role.COMMITTEE,
    Role.APPLICANT,
    Role.ASSESSOR,
)


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    region = models.ForeignKey(
        "registry.Region", verbose_name=_("地区"), null=True, blank=True, on_delete=models.PROTECT
    )
    body = models.ForeignKey(
        "registry.Body", verbose_name=_("部门"), null=True, blank=True, on_delete=models.PROTECT
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches",
                condition=(
                    Q(
                        role__in=[r.value for r in REGION_ROLES],
                        region__isnull=False,
                        body__isnull=True,
                        organization__isnull=True,
                    )
                    | Q(
                        role__in=[r.value for r in BODY_ROLES],
                        region__isnull=True,
                        body__isnull=False,
                        organization__isnull=True,
                    )
                    | Q(
                        role__in=[r.value for r in ORGANIZATION_ROLES],
                        region__isnull=True,
                        body__isnull=True,
                        organization__isnull=False,
                    )
                    | Q(
                        role__in=[*(r.value for r in ADMIN_ROLES), Role.ASSESSOR.value],
                        region__isnull=True,
                        body__isnull=True,
                        organization__isnull=True,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(role__in=[r.value for r in ADMIN_ROLES]),
                name="one_admin_role_per_user",
                violation_error_message=_(
                    "系统管理员、安全管理员、审计管理员须由不同的人担任（三员分立）。"
                ),
            ),
        ]

    def __str__(self) -> str:
        scope = self.region or self.body or self.organization
        label = self.get_role_display()
        return f"{label}（{scope}）" if scope else str(label)

    def validate_constraints(self, exclude: Any = None) -> None:
        # Before the database's constraint, so the message names both roles.
        self.refuse_second_admin_role()
        self.refuse_oversight_with_work_role()
        super().validate_constraints(exclude)

    def refuse_second_admin_role(self) -> None:
        """Refuse, in Chinese, an administrator role for a user who already holds one."""
        if self.role not in ADMIN_ROLES or self.user_id is None:
            return
        held = (
            RoleAssignment.objects.filter(user_id=self.user_id, role__in=ADMIN_ROLES)
            .exclude(pk=self.pk)
            .values_list("role", flat=True)
            .first()
        )
        if held is not None:
            raise ValidationError(admin_role_conflict(Role(held), Role(self.role)))

    def refuse_oversight_with_work_role(self) -> None:
        """Refuse a work role to the security or audit administrator, and the reverse."""
        if self.user_id is None:
            return
        if self.role in OVERSIGHT_ROLES:
            conflicting: tuple[Role, ...] = WORK_ROLES
        elif self.role in WORK_ROLES:
            conflicting = OVERSIGHT_ROLES
        else:
            return
        held = (
            RoleAssignment.objects.filter(user_id=self.user_id, role__in=conflicting)
            .exclude(pk=self.pk)
            .values_list("role", flat=True)
            .first()
        )
        if held is not None:
            raise ValidationError(
                gettext(
                    "该用户已担任%(held)s，不能再担任%(new)s：安全管理员、审计管理员不能兼任"
                    "业务角色（三员分立）。请先撤销其%(held)s角色，或另选他人。"
                )
                % {"held": Role(held).label, "new": Role(self.role).label}
            )


def admin_role_conflict(held: Role, new: Role) -> str:
    """The refusal of a second administrator role, naming both (三员分立)."""
    if held == new:
        return gettext("该用户已担任%(held)s，不能重复分配。") % {"held": held.label}
    return gettext(
        "该用户已担任%(held)s，不能再担任%(new)s：系统管理员、安全管理员、审计管理员"
        "须由不同的人担任（三员分立）。请先撤销其%(held)s角色，或另选他人。"
    ) % {"held": held.label, "new": new.label}


from .passwords import PasswordHistory  # noqa: E402, F401  (the model lives with the password rules)
