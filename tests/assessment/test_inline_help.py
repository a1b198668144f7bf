"""Inline help (本页说明) at the top of the pages where people hesitated: the assignment
board's four numbered set-up steps, each marked done or not, and the sampling page."""

import re

from tests.conftest import login

from wenming.assessment import services


def _steps(page: str) -> list[tuple[str, str]]:
    """(step, state) in the order shown: ("第1步 考核组", "已完成"), ..."""
    block = page.split('<details class="help"', 1)[1].split("</details>", 1)[0]
    return [
        (f"第{n}步 {title}", state)
        for n, title, state in re.findall(
            r"<strong>第(\d)步 (\S+)</strong>\s*<span class=\"badge[^\"]*\">(?:✓ )?(\S+)</span>",
            block,
        )
    ]


def test_a_new_round_shows_the_four_numbered_steps_with_none_done(client, cast, assessment):
    round_ = services.round_create(
        acting_user=cast.city,
        campaign=assessment.setup.campaign,
        kind="city_recheck",
        name="复核",
        sampled=True,
    )
    login(client, cast.city)
    page = client.get(f"/assessment/rounds/{round_.pk}/").content.decode()
    assert '<details class="help" open>' in page
    steps = _steps(page)
    assert [s for s, _ in steps] == ["第1步 考核组", "第2步 成员", "第3步 抽查", "第4步 分配"]
    assert [state for _, state in steps] == ["待办理"] * 4
    assert f'<a href="/assessment/rounds/{round_.pk}/sample/">去办理</a>' in page


def test_groups_with_members_are_done_and_assigning_finishes_the_steps(client, cast, assessment):
    login(client, cast.city)
    url = f"/assessment/rounds/{assessment.round.pk}/"
    page = client.get(url).content.decode()
    # Two groups, each with its leader; this round is not sampled (抽查 needs nothing).
    assert _steps(page) == [
        ("第1步 考核组", "已完成"),
        ("第2步 成员", "已完成"),
        ("第3步 抽查", "已完成"),
        ("第4步 分配", "待办理"),
    ]
    assert "本轮不抽查，测评全部推荐申报" in page
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    page = client.get(url).content.decode()
    assert [state for _, state in _steps(page)] == ["已完成"] * 4
    assert '<details class="help">' in page  # folded once everything is done
    assert "（已全部完成）" in page


def test_a_group_without_members_leaves_the_members_step_to_do(client, cast, world, assessment):
    services.group_create(
        acting_user=cast.city, round_=assessment.round, name="Empty group", home_county=world.east
    )
    login(client, cast.city)
    page = client.get(f"/assessment/rounds/{assessment.round.pk}/").content.decode()
    assert dict(_steps(page))["第2步 成员"] == "待办理"


def test_the_sampling_page_explains_its_steps(client, cast, assessment):
    login(client, cast.city)
    page = client.get(f"/assessment/rounds/{assessment.round.pk}/sample/").content.decode()
    block = page.split('<details class="help">', 1)[1].split("</details>", 1)[0]
    assert "本页说明：抽查怎么做" in block
    assert "公布候选名单" in block
    assert "抽取只能进行一次" in block
