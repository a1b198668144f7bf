"""The inbox and the top bar's bell as a person sees them, on a desk and on a phone."""

import pytest
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot
from tests.factories import OrganizationFactory, RegionFactory, UserFactory, with_role

from wenming.accounts.models import Role
from wenming.notifications import services
from wenming.notifications.events import Message
from wenming.notifications.kinds import Kind


def _inbox(user) -> None:
    rows = [
        (Kind.APPLICATION_RETURNED, "East Unit · 市级文明单位", "请补充第3项佐证材料。", ""),
        (Kind.STAGE_CLOSING, "第二十届推荐考核 · 申报", "", "2026年12月4日"),
        (Kind.ITEM_DUE, "路口乱停车整治", "", "2026年12月8日"),
    ]
    services.notifications_create(
        messages=[
            (
                f"e2e:{i}",
                Message(
                    kind=kind,
                    recipients=frozenset([user.pk]),
                    object=name,
                    url="/",
                    detail=detail,
                    date=date,
                ),
            )
            for i, (kind, name, detail, date) in enumerate(rows)
        ]
    )
    services.notification_read(acting_user=user, notification=user.notifications.get(key="e2e:2"))


@pytest.mark.parametrize("width", [1366, 390])
def test_the_inbox_and_the_bell(live_server, browser, width):
    region = RegionFactory(code="981000", name="江川市", level="city")
    user = with_role(
        UserFactory(username="unit", display_name="李明"),
        Role.APPLICANT,
        organization=OrganizationFactory(name="East Unit", region=region),
    )
    _inbox(user)
    context = browser.new_context(
        locale="zh-CN", viewport={"width": width, "height": 860 if width > 400 else 844}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, "unit", PASSWORD)
    bell = page.locator(".topbar .bell .badge-count")
    assert bell.inner_text() == "2"
    page.goto(f"{live_server.url}/notifications/")
    assert page.locator(".notifications li.unread").count() == 2
    assert "退回意见：请补充第3项佐证材料。" in page.inner_text("main")
    shot(page, f"notifications-inbox-{width}")
    page.click("text=全部标为已读")
    assert page.locator(".topbar .bell .badge-count").count() == 0
    context.close()
