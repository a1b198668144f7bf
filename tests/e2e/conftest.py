"""Browser tests in the system's Chromium (never a downloaded browser).

With STACK_URL set (scripts/stack.py, ``make stack-test``) the pages come from the stack's
nginx and gunicorn instead of a live server in this process, and the tests' set-up works in
the stack's own database, which is emptied first as a test database would be."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import modify_settings
from playwright.sync_api import Browser, Locator, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from tests.factories import enter_next_year

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


STACK_URL = os.environ.get("STACK_URL", "")


class StackServer:
    """Stands in for pytest-django's live server: the address of the stack's nginx."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self._live_server_modified_settings = modify_settings(ALLOWED_HOSTS={"append": "127.0.0.1"})


if STACK_URL:
    # The content types the stack's workers have cached (a group's owner is a generic key).
    _KEPT: list[list[tuple[object, ...]]] = []

    @pytest.fixture(scope="session")
    def django_db_setup(django_db_blocker):
        """The stack migrated its database; empty it (the demo it loaded too), so each walk
        starts from nothing as it does on a test database."""
        with django_db_blocker.unblock():
            _KEPT[:] = _content_types()
            call_command("flush", interactive=False, verbosity=0)
            _restore_content_types()
        # Cached pages of the flushed rows (the queue keeps its own Redis database).
        caches["default"].clear()

    @pytest.fixture(autouse=True)
    def _stack_content_types(transactional_db):
        """A flush (the set-up's, the previous test's teardown) makes the content types again
        under new ids, while the stack's gunicorn workers keep the old ones in their cache: a
        group created by one worker would be sought under a stale id by the next. Put the
        ids back as the workers know them."""
        _restore_content_types()

    def _content_types() -> list[list[tuple[object, ...]]]:
        return [
            sorted(ContentType.objects.values_list("id", "app_label", "model")),
            sorted(Permission.objects.values_list("id", "name", "content_type_id", "codename")),
        ]

    def _restore_content_types() -> None:
        if not _KEPT or _content_types() == _KEPT:
            return
        types, permissions = _KEPT
        with connection.cursor() as cursor:
            # Right after a flush: the tables pointing at content types are empty already.
            cursor.execute("TRUNCATE auth_permission, django_content_type CASCADE")
        ContentType.objects.bulk_create(
            ContentType(id=i, app_label=app, model=model) for i, app, model in types
        )
        Permission.objects.bulk_create(
            Permission(id=i, name=name, content_type_id=ct, codename=code)
            for i, name, ct, code in permissions
        )
        ContentType.objects.clear_cache()

    @pytest.fixture(scope="session")
    def live_server() -> StackServer:
        return StackServer(STACK_URL)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def _next_year_entered(transactional_db):
    """Walks that publish from today must not run off the bundled calendar in December."""
    enter_next_year()


@pytest.fixture(autouse=True)
def _demo_password_allowed(settings):
    """The walks sign in as the demo's people; production (DEBUG off) refuses its password."""
    settings.WENMING_ALLOW_DEMO_PASSWORD = True


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def log_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button.primary")
    page.wait_for_url(f"{base}/")


def shot(page: Page, name: str, selector: str | None = None, *, full_page: bool = True) -> Path:
    """Save what the user sees (the whole page, one part of it, or with ``full_page=False``
    the window) to var/screenshots."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    if selector:
        page.locator(selector).first.screenshot(path=str(path))
    else:
        page.screenshot(path=str(path), full_page=full_page)
    return path


def confirm_if_asked(page: Page, button: Locator) -> bool:
    """Click an irreversible step's button and choose 确认 when the page asks first
    (data-confirm); returns whether it asked."""
    button.click()
    dialog = page.locator("dialog#confirm-dialog")
    try:
        dialog.wait_for(state="visible", timeout=1_500)
    except PlaywrightTimeout:
        return False
    dialog.locator("button", has_text="确认").click()
    return True
