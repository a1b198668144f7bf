"""Feedback on every action: the board's and the sampling page's steps each say what
happened (a Django message after the redirect), and slow steps show progress."""

from django.utils import timezone
from tests.conftest import login

from wenming.assessment import services


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_board_steps_say_what_happened(client, cast, assessment):
    login(client, cast.city)
    board = f"/assessment/rounds/{assessment.round.pk}/"
    response = client.post(f"{board}groups/", {"name": "北片组", "phase": "1"}, follow=True)
    assert "已新建考核组“北片组”。" in _messages(response)
    response = client.post(f"{board}generate/", follow=True)
    assert any(m.startswith("已生成分配：") for m in _messages(response))
    west = assessment.apps["West Unit"]
    response = client.post(
        f"{board}conflicts/",
        {"application": west.pk, "group": assessment.east_group.pk, "reason": "曾任职"},
        follow=True,
    )
    assert "已登记回避：West Unit不由East group考核。" in _messages(response)
    page = response.content.decode()
    assert 'data-busy="正在处理…"' in page  # 自动分配 shows progress while it runs
    assert "core/busy.js" in page


def test_sampling_steps_say_what_happened(client, cast, assessment):
    round_ = services.round_create(
        acting_user=cast.city, campaign=assessment.setup.campaign, kind="city_recheck", name="复核"
    )
    login(client, cast.city)
    url = f"/assessment/rounds/{round_.pk}/sample/"
    response = client.post(url, {"stratum_kind": "county", "default_ratio": "0.5"}, follow=True)
    assert "抽查比例已保存。" in _messages(response)
    client.post(
        url,
        {
            "commit": "1",
            "seed_source": "双色球开奖号码",
            "seed_draw_on": timezone.localdate().isoformat(),
        },
    )
    response = client.post(
        url, {"draw": "1", "public_numbers": "03 07 12 19 25 31 09"}, follow=True
    )
    assert "已抽取：从 6 个单位中抽中 4 个，抽查名单已记录。" in _messages(response)


def test_a_new_round_says_what_comes_next(client, cast, assessment):
    login(client, cast.city)
    response = client.post(
        f"/assessment/campaigns/{assessment.setup.campaign.pk}/rounds/",
        {
            "kind": "city_recheck",
            "name": "市级复核",
            "weight": "1",
            "aggregation": "mean",
            "disagreement_margin": "0.5",
        },
        follow=True,
    )
    assert "已新建测评轮次“市级复核”：下一步新建考核组、添加成员。" in _messages(response)
