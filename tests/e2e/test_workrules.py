"""The office schedules a committee meeting a day ahead through the page and is told that
its papers can no longer reach the members two days before; a member asks for leave."""

import pytest
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot
from tests.workrules.conftest import ahead, committee  # noqa: F401 - the fixture, reused

from wenming.workrules.models import Attendance, Attendee

pytestmark = pytest.mark.e2e


def test_a_meeting_set_a_day_ahead_warns_and_a_member_asks_for_leave(
    page,
    live_server,
    world,
    cast,
    committee,  # noqa: F811 - the fixture
):
    base = live_server.url
    log_in(page, base, "city", PASSWORD)
    page.click("nav.mainnav >> text=文明委工作")
    page.click("nav.subnav >> text=会议")
    page.select_option("select[name=kind]", "extra")
    page.fill("input[name=title]", "文明委临时会议")
    page.fill("input[name=held_on]", ahead(1).isoformat())
    page.click("#schedule button.primary")
    page.wait_for_selector("#papers-warning")
    assert "会议材料已无法在会前两天送达文明委成员" in page.inner_text("#papers-warning")
    page.fill("#papers input[name=title]", "会议议程")
    page.fill("#papers textarea[name=text]", "一、审议年度工作计划")
    page.click("#papers button:has-text('添加材料')")
    page.wait_for_selector("text=已添加会议材料")
    shot(page, "workrules-meeting-late")
    page.context.clear_cookies()
    log_in(page, base, "committee", PASSWORD)
    page.click("nav.mainnav >> text=文明委工作")
    page.click("#my-meetings a")
    page.fill("#leave-form input[name=reason]", "外出学习")
    page.fill("#leave-form textarea[name=opinion]", "同意年度工作计划。")
    page.click("#leave-form button.primary")
    page.wait_for_selector("text=已请假")
    mine = Attendee.objects.get(user=cast.committee)
    assert (mine.status, mine.written_opinion) == (Attendance.LEAVE, "同意年度工作计划。")
