"""The house: health, security headers, login lockout, idle logout, navigation."""

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.conftest import PASSWORD, login
from tests.factories import OrganizationFactory

from wenming import settings as production


def test_health_answers_ok(db, client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_pages_carry_a_strict_csp_with_a_nonce(world, cast, client):
    login(client, cast.city)
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()  # htmx is loaded with it


def test_assets_are_served_locally(world, cast, client):
    login(client, cast.city)
    text = client.get(reverse("home")).content.decode()
    assert "http://" not in text.replace("http://testserver", "")
    assert "https://" not in text


def test_five_wrong_passwords_lock_the_account(world, cast, client):
    for _ in range(5):
        client.post(reverse("login"), {"username": "county", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "county", "password": PASSWORD})
    assert response.status_code == 429
    assert "账号已锁定 30 分钟" in response.content.decode()
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60


def test_right_password_logs_in_and_shows_the_role(world, cast, client):
    response = client.post(
        reverse("login"), {"username": "county", "password": PASSWORD}, follow=True
    )
    text = response.content.decode()
    assert "文明办工作人员（East County）" in text
    assert "批量导入" in text  # office staff see the import in their navigation


def test_applicant_navigation_has_no_import(world, cast, client):
    login(client, cast.applicant)
    text = client.get(reverse("home")).content.decode()
    assert "批量导入" not in text
    assert "East Unit" in text


def test_session_expires_after_thirty_idle_minutes():
    # The renewal at most once a minute is tested in tests/security/test_idle_sessions.py.
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_passwords_are_hashed_with_argon2():
    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_english_is_offered(world, cast, client):
    login(client, cast.city)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Organizations" in client.get(reverse("home")).content.decode()


def count_list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("registry:organizations"))
    assert response.status_code == 200
    return len(queries)


def test_organization_list_runs_constant_queries(world, cast, client):
    login(client, cast.city)
    OrganizationFactory.create_batch(10, region=world.east)
    at_small = count_list_queries(client)
    OrganizationFactory.create_batch(990, region=world.west)
    at_large = count_list_queries(client)
    assert at_small == at_large


def test_organization_api_runs_constant_queries(world, cast, client):
    login(client, cast.city)
    OrganizationFactory.create_batch(10, region=world.east)
    with CaptureQueriesContext(connection) as small:
        client.get("/api/organizations/?limit=100")
    OrganizationFactory.create_batch(200, region=world.west)
    with CaptureQueriesContext(connection) as large:
        client.get("/api/organizations/?limit=100")
    assert len(small) == len(large)


def test_openapi_schema_is_published(world, cast, client):
    login(client, cast.city)
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/organizations/" in response.content


def test_chinese_is_shown_even_to_an_english_browser(world, cast, client):
    login(client, cast.city)
    text = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "组织名录" in text
    assert '<html lang="zh-hans">' in text
