"""Admin for people and their roles."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import RoleAssignment, User


class RoleInline(admin.TabularInline[RoleAssignment, User]):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["region", "body", "organization"]


@admin.register(User)
class WenmingUserAdmin(UserAdmin[User]):
    inlines = [RoleInline]
    list_display = ["username", "display_name", "is_active", "is_staff"]
    fieldsets = (*(UserAdmin.fieldsets or ()), (None, {"fields": ["display_name", "phone"]}))
