"""The inbox, the bell, preferences, the office's templates and the API, as their users
see them, with their permissions and query counts."""

import json

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.conftest import login
from tests.factories import UserFactory, with_role

from wenming.accounts.models import Role
from wenming.audit.models import AuditEvent
from wenming.notifications import services
from wenming.notifications.models import Notification, Preference, Template

from .conftest import returned_message


def _make(user, count: int, start: int = 0) -> None:
    services.notifications_create(
        messages=[(f"test:{i}", returned_message(user.pk)) for i in range(start, start + count)]
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_inbox_lists_unread_first_and_marks_read(cast, client):
    _make(cast.applicant, 2)
    first, second = Notification.objects.order_by("id")
    services.notification_read(acting_user=cast.applicant, notification=second)
    login(client, cast.applicant)
    text = client.get(reverse("notifications:inbox")).content.decode()
    assert "1 条未读" in text
    assert text.index(f"/notifications/{first.pk}/read/") < text.index(
        f"/notifications/{second.pk}/read/"
    )
    response = client.post(reverse("notifications:read", args=[first.pk]), {"open": "1"})
    assert response["Location"] == "/campaigns/applications/1/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert AuditEvent.objects.filter(action="notification.read").count() == 2


def test_mark_all_read_says_how_many(cast, client):
    _make(cast.applicant, 3)
    login(client, cast.applicant)
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "已将 3 条通知标为已读。" in response.content.decode()
    assert "没有未读通知。" in response.content.decode()


def test_nobody_reads_or_marks_anothers_notification(cast, client):
    _make(cast.applicant, 1)
    notification = Notification.objects.get()
    login(client, cast.county)
    assert client.post(reverse("notifications:read", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None
    assert client.get(f"/api/notifications/{notification.pk}/").status_code == 404


def test_the_bell_shows_the_count_with_no_query_once_cached(
    cast, client, django_capture_on_commit_callbacks
):
    _make(cast.applicant, 2)
    login(client, cast.applicant)
    cache.clear()
    page = client.get(reverse("home")).content.decode()
    assert 'hx-get="/notifications/bell/"' in page  # not cached: the bell asks for itself
    bell = client.get(reverse("notifications:bell")).content.decode()
    assert '<span class="badge-count" aria-label="2 条未读">2</span>' in bell
    page = client.get(reverse("home")).content.decode()
    assert 'aria-label="2 条未读">2</span>' in page
    with django_capture_on_commit_callbacks(execute=True):
        _make(cast.applicant, 1, start=5)  # a new one forgets the cached count
    assert 'hx-get="/notifications/bell/"' in client.get(reverse("home")).content.decode()


def test_the_bell_costs_one_indexed_count(cast, client):
    _make(cast.applicant, 1)
    login(client, cast.applicant)
    cache.clear()
    client.get(reverse("notifications:bell"))  # the session and user are loaded once
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("notifications:bell"))
    counts = [q["sql"] for q in queries if "notifications_notification" in q["sql"]]
    assert len(counts) == 1
    assert "COUNT(" in counts[0].upper()


def test_the_inbox_and_the_api_list_read_in_constant_queries(cast, client):
    _make(cast.applicant, 2)
    login(client, cast.applicant)
    few = (_queries(client, "/notifications/"), _queries(client, "/api/notifications/"))
    _make(cast.applicant, 30, start=10)
    many = (_queries(client, "/notifications/"), _queries(client, "/api/notifications/"))
    assert many == few


def test_the_api_marks_read_and_all_read(cast, client):
    _make(cast.applicant, 3)
    login(client, cast.applicant)
    listed = client.get("/api/notifications/").json()
    assert listed["count"] == 3
    assert listed["results"][0]["unread"] is True
    one = listed["results"][0]["id"]
    assert client.post(f"/api/notifications/{one}/read/").json()["unread"] is False
    assert client.post("/api/notifications/read-all/").json() == {"count": 2}


def test_the_delivery_log_is_the_offices_and_reads_in_constant_queries(
    world, cast, client, settings
):
    settings.NOTIFY_CHANNELS = ["inapp", "email"]
    services.notifications_create(
        messages=[("test:1", returned_message(cast.applicant.pk, region_path=world.city.path))]
    )
    login(client, cast.applicant)
    assert client.get(reverse("notifications:deliveries")).status_code == 403
    assert client.get("/api/notification-deliveries/").status_code == 403
    login(client, cast.city)
    few = (
        _queries(client, "/notifications/deliveries/"),
        _queries(client, "/api/notification-deliveries/"),
    )
    services.notifications_create(
        messages=[
            (f"test:{i}", returned_message(cast.applicant.pk, region_path=world.city.path))
            for i in range(2, 12)
        ]
    )
    many = (
        _queries(client, "/notifications/deliveries/"),
        _queries(client, "/api/notification-deliveries/"),
    )
    assert many == few
    assert client.get("/api/notification-deliveries/").json()["count"] == 11


def test_preferences_are_saved_and_audited(cast, client):
    login(client, cast.applicant)
    account = client.get(reverse("accounts:account")).content.decode()
    assert f'href="{reverse("notifications:preferences")}"' in account
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "申报被退回" in page
    assert 'name="application_returned:email" checked' in page
    # Everything on but one box: the returned application's e-mail.
    data = {
        f"{kind}:{channel}": "on"
        for kind in ["application_returned", "stage_closing"]
        for channel in ["inapp", "email"]
    }
    del data["application_returned:email"]
    response = client.post(reverse("notifications:preferences"), data, follow=True)
    assert "通知偏好已保存。" in response.content.decode()
    assert Preference.objects.filter(
        user=cast.applicant, kind="application_returned", channel="email", enabled=False
    ).exists()
    assert AuditEvent.objects.filter(action="notification.preferences").count() == 1


def test_the_top_office_edits_a_template_with_a_preview_and_a_refusal(world, cast, client):
    url = reverse("notifications:template", args=["application_returned"])
    # The wording is everybody's: a city's or a county's office below the province may not.
    for user in (cast.applicant, cast.city, cast.county):
        login(client, user)
        assert client.get(url).status_code == 403
    login(client, cast.city)
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "发送记录" in inbox
    assert "通知模板" not in inbox
    province = with_role(UserFactory(username="province"), Role.OFFICE, region=world.province)
    login(client, province)
    bad = client.post(url, {"subject": "{{ password }}", "body": "x"}).content.decode()
    assert "模板中的变量“password”不存在" in bad
    tag = client.post(url, {"subject": "x", "body": "{% include 'base.html' %}"}).content.decode()
    assert "不能使用“include &#x27;base.html&#x27;”" in tag
    broken = client.post(url, {"subject": "x", "body": "{% if %}"}).content.decode()
    assert "模板格式有误" in broken
    assert not Template.objects.exists()
    preview = client.post(
        url, {"subject": "退回：{{ object }}", "body": "{{ recipient }}：请修改。", "preview": "1"}
    ).content.decode()
    assert "退回：示例单位 · 市级文明单位" in preview
    assert not Template.objects.exists()
    client.post(url, {"subject": "退回：{{ object }}", "body": "{{ recipient }}：请修改。"})
    assert AuditEvent.objects.filter(action="notification.template").count() == 1
    [made] = services.notifications_create(
        messages=[("test:1", returned_message(cast.applicant.pk))]
    )
    assert (made.title, made.body) == ("退回：East Unit · 市级文明单位", "applicant：请修改。")


def test_the_api_schema_carries_the_endpoints(db, client):
    schema = client.get("/api/schema/?format=json")
    paths = json.loads(schema.content)["paths"]
    assert "/api/notifications/{id}/read/" in paths
    assert "/api/notification-deliveries/" in paths
