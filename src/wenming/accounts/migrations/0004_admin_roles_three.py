"""三员分立: the security and audit administrators beside the system administrator.

Existing ``admin`` assignments stay what they were, the system administrator (the value
and its label 系统管理员 are unchanged). Before the one-administrator-role-per-user
constraint, a user's repeated ``admin`` rows are folded into one, and ``is_staff`` is set
to holding an administrator role (superusers keep it).
"""

from typing import Any

from django.db import migrations, models

ADMIN_ROLES = ["admin", "security", "auditor"]


def fold_and_sync_staff(apps: Any, schema_editor: Any) -> None:
    assignment = apps.get_model("accounts", "RoleAssignment")
    user = apps.get_model("accounts", "User")
    seen: set[int] = set()
    for row in assignment.objects.filter(role__in=ADMIN_ROLES).order_by("user_id", "id"):
        if row.user_id in seen:
            row.delete()
        seen.add(row.user_id)
    user.objects.filter(is_superuser=False).exclude(pk__in=seen).update(is_staff=False)
    user.objects.filter(pk__in=seen).update(is_staff=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_password_history"),
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="roleassignment",
            name="role_scope_matches",
        ),
        migrations.AlterField(
            model_name="roleassignment",
            name="role",
            field=models.CharField(
                choices=[
                    ("admin", "系统管理员"),
                    ("security", "安全管理员"),
                    ("auditor", "审计管理员"),
                    ("office", "文明办工作人员"),
                    ("body", "主管部门工作人员"),
                    ("applicant", "申报单位联系人"),
                    ("assessor", "考核人员"),
                    ("reviewer", "成员单位审核人"),
                    ("committee", "文明委委员"),
                ],
                max_length=16,
                verbose_name="角色",
            ),
        ),
        migrations.AddConstraint(
            model_name="roleassignment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("body__isnull", True),
                        ("organization__isnull", True),
                        ("region__isnull", False),
                        ("role__in", ["office", "committee"]),
                    ),
                    models.Q(
                        ("body__isnull", False),
                        ("organization__isnull", True),
                        ("region__isnull", True),
                        ("role__in", ["body", "reviewer"]),
                    ),
                    models.Q(
                        ("body__isnull", True),
                        ("organization__isnull", False),
                        ("region__isnull", True),
                        ("role__in", ["applicant"]),
                    ),
                    models.Q(
                        ("body__isnull", True),
                        ("organization__isnull", True),
                        ("region__isnull", True),
                        ("role__in", ["admin", "security", "auditor", "assessor"]),
                    ),
                    _connector="OR",
                ),
                name="role_scope_matches",
            ),
        ),
        migrations.RunPython(fold_and_sync_staff, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="roleassignment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("role__in", ["admin", "security", "auditor"])),
                fields=("user",),
                name="one_admin_role_per_user",
                violation_error_message="系统管理员、安全管理员、审计管理员须由不同的人担任（三员分立）。",
            ),
        ),
    ]
