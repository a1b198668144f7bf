"""Admin for reference data (regions, bodies); organizations are managed in the workspace."""

from django.contrib import admin

from .models import Body, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ["code", "name", "level", "parent"]
    search_fields = ["code", "name"]
    list_filter = ["level"]
    readonly_fields = ["path"]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin[Body]):
    list_display = ["name", "region", "supervises", "screens"]
    list_filter = ["supervises", "screens"]
    search_fields = ["name"]
