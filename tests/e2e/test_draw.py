"""In the browser: the city office publishes a round's candidate list, enters the public
draw's numbers with two people present and draws the sample; then anyone, without logging
in, on a phone, checks the draw on its public page."""

from django.utils import timezone
from playwright.sync_api import Browser, expect
from tests.assessment.conftest import assessment, campaign  # noqa: F401 - fixtures
from tests.conftest import PASSWORD
from tests.e2e.conftest import confirm_if_asked, log_in, shot

from wenming.assessment import services
from wenming.assessment.models import Round


def test_office_commits_and_draws_and_anyone_verifies_on_a_phone(
    transactional_db,
    cast,
    assessment,  # noqa: F811 - the fixture
    live_server,
    page,
    browser: Browser,
):
    round_ = services.round_create(  # set-up: a city re-check of half of each county
        acting_user=cast.city, campaign=assessment.setup.campaign, kind="city_recheck", name="复核"
    )
    services.round_sampling_set(
        acting_user=cast.city, round_=round_, stratum_kind="county", default_ratio="0.5", ratios={}
    )
    base = live_server.url
    log_in(page, base, "city", PASSWORD)
    page.goto(f"{base}/assessment/rounds/{round_.pk}/sample/")
    page.fill("input[name=seed_source]", "中国福利彩票双色球2026年12月8日开奖号码")
    # Today's lottery (same day is allowed: it draws in the evening), typed as a user would.
    page.fill("input[name=seed_draw_on]", timezone.localdate().isoformat())
    page.fill("input[name=witness_name_1]", "张三")
    page.fill("input[name=witness_numbers_1]", "7")
    page.fill("input[name=witness_name_2]", "李四")
    page.fill("input[name=witness_numbers_2]", "42")
    assert confirm_if_asked(page, page.locator("button[name=commit]"))
    expect(page.locator("ul.messages")).to_contain_text("候选名单已公布")
    published = Round.objects.get(pk=round_.pk).candidates_hash
    # The digest is in the 校验信息 fold, opened by whoever wants to check it.
    page.locator("details.checksums summary").first.click()
    expect(page.locator("code.seed")).to_be_visible()
    expect(page.locator("code.seed")).to_have_text(published)

    page.fill("input[name=public_numbers]", "03 07 12 19 25 31 + 09")
    assert confirm_if_asked(page, page.locator("button[name=draw]"))
    expect(page.locator("h2", has_text="共抽取")).to_contain_text("共抽取 4 个，总体 6 个")
    shot(page, "e2e-draw-office")

    public = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    try:
        anyone = public.new_page()
        anyone.goto(f"{base}/draw/{round_.pk}/")
        expect(anyone.locator(".verdict")).to_contain_text("全部核对通过")
        expect(anyone.locator("ul.checks li.ok")).to_have_count(4)
        expect(anyone.locator("code.draw-hash")).to_be_hidden()  # folded away by default
        anyone.locator("details.checksums summary").first.click()
        expect(anyone.locator("code.draw-hash")).to_have_text(published)
        expect(anyone.locator("body")).to_contain_text("张三")
        width = anyone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, width
        shot(anyone, "e2e-draw-public-phone")
    finally:
        public.close()
