"""Inline rows of an admin page are audited one event per row (defect 4).

The project's admins have no inline today (role assignments go through their service),
so a site of this test's own shows regions with their bodies inline."""

import pytest
from django.contrib import admin
from django.urls import path, reverse
from tests.conftest import login
from tests.factories import BodyFactory, UserFactory
from tests.security.test_audit_admin import page_data

from wenming import urls as project_urls
from wenming.audit.models import AuditEvent
from wenming.core.admin_site import WenmingAdminSite
from wenming.registry.models import Body, Region


class BodyInline(admin.TabularInline[Body, Region]):
    model = Body
    extra = 1


class RegionWithBodies(admin.ModelAdmin[Region]):
    inlines = [BodyInline]
    readonly_fields = ["path"]


site = WenmingAdminSite(name="inline_admin")
site.register(Region, RegionWithBodies)
urlpatterns = [path("inline-admin/", site.urls), *project_urls.urlpatterns]

pytestmark = pytest.mark.urls(__name__)


def test_each_inline_row_added_changed_or_deleted_is_one_event(world, client, db):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    kept = BodyFactory(name="Civil Affairs", region=world.east)
    dropped = BodyFactory(name="Old Office", region=world.east)
    login(client, root)
    url = reverse("inline_admin:registry_region_change", args=[world.east.pk])
    data = page_data(client, url)
    rows = {data[f"body_set-{i}-name"]: i for i in range(2)}
    data[f"body_set-{rows['Civil Affairs']}-name"] = "Civil Affairs Bureau"
    data[f"body_set-{rows['Old Office']}-DELETE"] = "on"
    data["body_set-2-name"] = "New Office"
    assert client.post(url, data).status_code == 302
    events = AuditEvent.objects.filter(action__startswith="admin.").order_by("id")
    by_action = {e.action: e for e in events}
    assert sorted(by_action) == ["admin.add", "admin.change", "admin.delete"]
    assert by_action["admin.change"].object_id == str(kept.pk)
    assert by_action["admin.change"].after == {"name": "Civil Affairs Bureau"}
    assert by_action["admin.delete"].object_id == str(dropped.pk)
    assert by_action["admin.delete"].before["name"] == "Old Office"
    assert by_action["admin.add"].after["name"] == "New Office"
    assert events.count() == 3  # the region itself did not change
