"""Admin for people and their roles, split among the three administrators (三员分立).

The system administrator edits users (never their powers: no superuser, staff, group
or permission fields; ``is_staff`` follows the roles); the security administrator
assigns and revokes roles (through the services, which refuse a second administrator
role), resets second factors and lifts lockouts. Who may open which page is
``admin_roles.ADMIN_PERMISSIONS``.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Role, RoleAssignment, User
from .permissions import signed_in_user
from .services import account_unlock, role_assign, role_revoke, second_factor_reset


@admin.register(User)
class WenmingUserAdmin(UserAdmin[User]):
    list_display = ["username", "display_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "roles__role"]
    fieldsets = (
        (None, {"fields": ["username", "password"]}),
        (_("个人信息"), {"fields": ["display_name", "first_name", "last_name", "email", "phone"]}),
        (_("状态"), {"fields": ["is_active", "last_login", "date_joined"]}),
    )
    readonly_fields = ["last_login", "date_joined"]
    actions = ["reset_second_factor", "unlock"]

    def has_reset_second_factor_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.reset_second_factor")

    def has_unlock_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.unlock_account")

    @admin.action(
        description=_("重置双因素认证（删除其认证器和恢复码）"), permissions=["reset_second_factor"]
    )
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        acting = signed_in_user(request)
        for user in queryset:
            second_factor_reset(acting_user=acting, user=user)
        self.message_user(
            request,
            gettext("已重置 %(n)d 个用户的双因素认证，他们下次登录时须重新绑定认证器。")
            % {"n": len(queryset)},
            messages.SUCCESS,
        )

    @admin.action(description=_("解除账号锁定"), permissions=["unlock"])
    def unlock(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        acting = signed_in_user(request)
        for user in queryset:
            account_unlock(acting_user=acting, user=user)
        self.message_user(
            request, gettext("已解除 %(n)d 个账号的锁定。") % {"n": len(queryset)}, messages.SUCCESS
        )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin[RoleAssignment]):
    list_display = ["user", "role", "region", "body", "organization"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__display_name"]
    raw_id_fields = ["user", "region", "body", "organization"]

    def has_change_permission(
        self, request: HttpRequest, obj: RoleAssignment | None = None
    ) -> bool:
        # Roles are assigned and revoked, never edited in place: each is one audited act.
        return False

    def save_model(
        self,
        request: HttpRequest,
        obj: RoleAssignment,
        form: ModelForm[RoleAssignment],
        change: bool,
    ) -> None:
        saved = role_assign(
            acting_user=signed_in_user(request),
            user=obj.user,
            role=Role(obj.role),
            region=obj.region,
            body=obj.body,
            organization=obj.organization,
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: RoleAssignment) -> None:
        role_revoke(acting_user=signed_in_user(request), assignment=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[RoleAssignment]) -> None:
        acting = signed_in_user(request)
        for assignment in queryset.select_related("user"):
            role_revoke(acting_user=acting, assignment=assignment)
