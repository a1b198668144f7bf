"""The committed draw (抽签公证): publish the list, draw from the public numbers, enlarge
the sample later, and the public verification page (docs/rules.md#committed-draw)."""

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from tests.assessment.drawing import NUMBERS, SOURCE, commit, commit_and_draw
from tests.assessment.marking import give
from tests.conftest import login

from wenming.assessment import services
from wenming.assessment.models import Round, SampleEntry
from wenming.assessment.selectors.marking import ranking_is_current
from wenming.audit.models import AuditEvent
from wenming.domain import draw_commitment


def recheck(cast, assessment, ratio="0.5") -> Round:
    round_ = services.round_create(
        acting_user=cast.city,
        campaign=assessment.setup.campaign,
        kind="city_recheck",
        name="市级复核",
    )
    return services.round_sampling_set(
        acting_user=cast.city, round_=round_, stratum_kind="county", default_ratio=ratio, ratios={}
    )


def sampled(round_: Round) -> set[int]:
    return set(SampleEntry.objects.filter(round=round_).values_list("application_id", flat=True))


def test_the_draw_is_refused_before_the_list_is_published(cast, assessment):
    round_ = recheck(cast, assessment)
    with pytest.raises(ValidationError) as error:
        services.sample_draw(acting_user=cast.city, round_=round_, public_numbers=NUMBERS)
    assert error.value.messages == ["请先公布候选名单，再录入开奖号码抽取样本。"]
    assert not sampled(round_)


def test_publishing_freezes_the_list_and_its_hash(cast, assessment):
    round_ = recheck(cast, assessment)
    commit(cast.city, round_)
    round_.refresh_from_db()
    ids = sorted(str(a.pk) for a in assessment.apps.values())
    assert sorted(i for i, _k in round_.sample_population) == ids
    lines = "".join(f"{k}\t{i}\n" for i, k in round_.sample_population)
    assert round_.candidates_hash == hashlib.sha256(lines.encode()).hexdigest()
    assert (round_.seed_source, round_.committed_by) == (SOURCE, cast.city)
    assert round_.seed_draw_on == timezone.localdate()
    event = AuditEvent.objects.get(action="assessment.round_commit")
    assert event.after["candidates_hash"] == round_.candidates_hash


def test_the_list_needs_a_named_seed_source_and_is_published_once(cast, assessment):
    round_ = recheck(cast, assessment)
    with pytest.raises(ValidationError) as error:
        commit(cast.city, round_, source="  ")
    assert "请填写种子来源" in error.value.messages[0]
    commit(cast.city, round_)
    with pytest.raises(ValidationError) as error:
        commit(cast.city, round_)
    assert "不能重新公布" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        services.round_sampling_set(
            acting_user=cast.city,
            round_=round_,
            stratum_kind="county",
            default_ratio="1",
            ratios={},
        )
    assert error.value.messages == [
        "候选名单已公布，抽查比例不能再改；抽取样本后可以提高比例扩大样本。"
    ]
    assert AuditEvent.objects.filter(action="assessment.round_commit").count() == 1


def test_the_seed_comes_from_the_hash_and_the_entered_numbers(cast, assessment):
    round_ = recheck(cast, assessment)
    commit_and_draw(cast.city, round_, witnesses=[("李四", "42"), ("张三", "07")])
    round_.refresh_from_db()
    text = f"{round_.candidates_hash}|3 7 12 19 25 31 9|张三:7|李四:42"
    assert round_.seed == hashlib.sha256(text.encode()).hexdigest()
    people = [{"name": "张三", "numbers": "7"}, {"name": "李四", "numbers": "42"}]
    assert round_.seed_inputs["public"] == "3 7 12 19 25 31 9"
    assert round_.seed_inputs["witnesses"] == people
    assert AuditEvent.objects.get(action="assessment.sample_draw").after["seed"] == round_.seed
    # The witnesses' numbers were fixed, and audited, with the list.
    assert AuditEvent.objects.get(action="assessment.round_commit").after["witnesses"] == people


def test_witness_numbers_cannot_change_after_publishing(client, cast, assessment):
    round_ = recheck(cast, assessment)
    commit(cast.city, round_, witnesses=[("张三", "7"), ("李四", "42")])
    login(client, cast.city)
    # Numbers typed at the draw step are not read: only the public numbers count.
    posted = {"draw": "1", "public_numbers": NUMBERS}
    posted |= {"witness_name_1": "张三", "witness_numbers_1": "8"}
    posted |= {"witness_name_2": "李四", "witness_numbers_2": "43"}
    client.post(page_url(round_), posted)
    round_.refresh_from_db()
    text = f"{round_.candidates_hash}|3 7 12 19 25 31 9|张三:7|李四:42"
    assert round_.seed == hashlib.sha256(text.encode()).hexdigest()
    with pytest.raises(TypeError):
        services.sample_draw(  # type: ignore[call-arg]
            acting_user=cast.city, round_=round_, public_numbers=NUMBERS, witnesses=[]
        )
    page = client.get(f"/draw/{round_.pk}/").content.decode()
    assert "现场人员 张三" in page
    assert "全部核对通过" in page


def test_the_public_page_shows_the_witnesses_before_the_draw(client, cast, assessment):
    round_ = recheck(cast, assessment)
    commit(cast.city, round_, witnesses=[("张三", "07"), ("李四", "42")])
    page = client.get(f"/draw/{round_.pk}/").content.decode()
    assert "尚未抽取" in page
    assert "现场人员 张三</dt><dd>7</dd>" in page
    assert "现场人员 李四</dt><dd>42</dd>" in page


def test_a_public_draw_already_past_is_refused(cast, assessment):
    round_ = recheck(cast, assessment)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.round_commit_candidates(
            acting_user=cast.city,
            round_=round_,
            seed_source=SOURCE,
            seed_draw_on=today - timedelta(days=1),
        )
    assert (
        f"开奖日期须不早于今天（{formats.date_format(today, 'Y年n月j日')}）"
        in (error.value.messages[0])
    )
    round_.refresh_from_db()
    assert (round_.committed_at, round_.candidates_hash) == (None, "")


def test_the_draw_is_refused_before_the_public_draw_date(client, cast, assessment):
    round_ = recheck(cast, assessment)
    later = timezone.localdate() + timedelta(days=6)
    services.round_commit_candidates(
        acting_user=cast.city, round_=round_, seed_source=SOURCE, seed_draw_on=later
    )
    with pytest.raises(ValidationError) as error:
        services.sample_draw(acting_user=cast.city, round_=round_, public_numbers=NUMBERS)
    day = formats.date_format(later, "Y年n月j日")
    assert error.value.messages[0].startswith(f"开奖日期 {day} 之前不能抽取")
    round_.refresh_from_db()
    assert (round_.seed, sampled(round_)) == ("", set())
    page = client.get(f"/draw/{round_.pk}/").content.decode()
    assert f"开奖日期 {day}" in page


def test_the_public_page_fails_when_the_draw_date_was_already_past(client, cast, assessment):
    round_ = recheck(cast, assessment)
    commit_and_draw(cast.city, round_)
    # As if the office had named yesterday's lottery: its numbers were known.
    yesterday = timezone.localdate() - timedelta(days=1)
    Round.objects.filter(pk=round_.pk).update(seed_draw_on=yesterday)
    page = client.get(f"/draw/{round_.pk}/").content.decode()
    failed = [line for line in page.splitlines() if "未通过 · " in line]
    assert len(failed) == 1
    assert "先公布后抽取" in failed[0]
    assert "核对未通过" in page


@pytest.mark.parametrize(
    ("numbers", "people", "message"),
    [
        ("", [], "请录入事先指定的公开开奖的号码。"),
        ("O3 07", [], "开奖号码中不能有“O”：只填数字，数字之间用空格或逗号隔开。"),
        (
            NUMBERS,
            [("张三", "12")],
            "现场人员的号码须由两人或两人以上录入；只有一人时请不要录入，只用公开开奖的号码。",
        ),
        (NUMBERS, [("张三", "12"), ("李四", "")], "请录入李四的号码。"),
    ],
)
def test_bad_numbers_are_refused_and_nothing_is_drawn(cast, assessment, numbers, people, message):
    round_ = recheck(cast, assessment)
    if people:  # the witnesses' numbers are checked when the list is published
        with pytest.raises(ValidationError) as error:
            commit(cast.city, round_, witnesses=people)
    else:
        commit(cast.city, round_)
        with pytest.raises(ValidationError) as error:
            services.sample_draw(acting_user=cast.city, round_=round_, public_numbers=numbers)
    assert error.value.messages == [message]
    round_.refresh_from_db()
    assert (round_.seed, sampled(round_)) == ("", set())
    assert (round_.committed_at is None) == bool(people)  # nothing published either


def test_a_larger_ratio_keeps_the_earlier_picks(cast, assessment):
    round_ = recheck(cast, assessment, ratio="0.5")
    first = {int(i) for i in commit_and_draw(cast.city, round_).chosen}
    later = services.sample_extend(
        acting_user=cast.city, round_=round_, default_ratio="0.8", ratios={}
    )
    assert first < {int(i) for i in later.chosen}
    assert sampled(round_) == {int(i) for i in later.chosen}
    event = AuditEvent.objects.get(action="assessment.sample_extend")
    assert event.after["added"] == sorted(sampled(round_) - first)
    round_.refresh_from_db()
    (extension,) = round_.seed_inputs["extensions"]
    assert extension["added"] == sorted(sampled(round_) - first)
    assert set(extension["ratios"].values()) == {"0.800"}
    assert set(round_.seed_inputs["ratios"].values()) == {"0.500"}  # as committed


def test_the_public_page_shows_the_committed_ratios_and_each_extension(client, cast, assessment):
    round_ = recheck(cast, assessment, ratio="0.5")
    commit(cast.city, round_)
    before = client.get(f"/draw/{round_.pk}/").content.decode()
    assert "比例 50%，候选" in before  # known before the draw
    services.sample_draw(acting_user=cast.city, round_=round_, public_numbers=NUMBERS)
    services.sample_extend(acting_user=cast.city, round_=round_, default_ratio="0.8", ratios={})
    page = client.get(f"/draw/{round_.pk}/").content.decode()
    assert "的抽查比例</dt><dd>50%</dd>" in page  # still as committed
    assert "抽取后提高比例" in page
    assert "提高比例，新增" in page
    assert "80%" in page
    assert "全部核对通过" in page


def test_a_smaller_ratio_after_the_draw_is_refused(cast, assessment):
    round_ = recheck(cast, assessment, ratio="0.5")
    first = {int(i) for i in commit_and_draw(cast.city, round_).chosen}
    with pytest.raises(ValidationError) as error:
        services.sample_extend(acting_user=cast.city, round_=round_, default_ratio="0.3", ratios={})
    assert error.value.messages[0].startswith("样本已抽取，抽查比例只能提高，不能降低：")
    assert "原为 50%" in error.value.messages[0]
    round_.refresh_from_db()
    assert (str(round_.default_ratio), sampled(round_)) == ("0.500", first)


def page_url(round_: Round) -> str:
    return f"/assessment/rounds/{round_.pk}/sample/"


def test_the_sampling_page_walks_the_two_steps(client, cast, assessment):
    round_ = recheck(cast, assessment)
    login(client, cast.city)
    page = client.get(page_url(round_)).content.decode()
    assert "第一步：公布候选名单" in page
    assert "录入开奖号码并抽取" not in page
    refused = client.post(page_url(round_), {"draw": "1", "public_numbers": NUMBERS}, follow=True)
    assert "请先公布候选名单，再录入开奖号码抽取样本。" in refused.content.decode()
    undated = client.post(page_url(round_), {"commit": "1", "seed_source": SOURCE}, follow=True)
    assert "请填写开奖日期" in undated.content.decode()
    today = timezone.localdate()
    posted = {"commit": "1", "seed_source": SOURCE, "seed_draw_on": today.isoformat()}
    posted |= {"witness_name_1": "张三", "witness_numbers_1": "7"}
    posted |= {"witness_name_2": "李四", "witness_numbers_2": "42"}
    client.post(page_url(round_), posted)
    round_.refresh_from_db()
    page = client.get(page_url(round_)).content.decode()
    assert round_.candidates_hash in page
    assert round_.committed_at is not None
    assert round_.seed_draw_on == today
    assert "第二步：录入开奖号码并抽取" in page
    assert SOURCE in page
    assert "现场人员 李四" in page
    assert 'name="witness_name_1"' not in page  # no witness rows at the draw step
    client.post(page_url(round_), {"draw": "1", "public_numbers": NUMBERS})
    round_.refresh_from_db()
    page = client.get(page_url(round_)).content.decode()
    assert round_.seed in page
    assert "共抽取 4 个，总体 6 个" in page
    assert "提高比例扩大样本" in page


def test_the_board_shows_the_published_hash(client, cast, assessment):
    round_ = recheck(cast, assessment)
    commit(cast.city, round_)
    round_.refresh_from_db()
    login(client, cast.city)
    page = client.get(f"/assessment/rounds/{round_.pk}/").content.decode()
    assert round_.candidates_hash in page


def test_the_public_page_passes_every_check_without_login(client, cast, assessment):
    round_ = recheck(cast, assessment)
    commit_and_draw(cast.city, round_, witnesses=[("张三", "7"), ("李四", "42")])
    round_.refresh_from_db()
    response = client.get(f"/draw/{round_.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "全部核对通过：样本确由事先公布的名单和开奖号码算出。" in page
    assert "未通过" not in page
    assert round_.candidates_hash in page
    assert round_.seed in page
    assert "West Unit" in page
    assert draw_commitment.candidates_bytes(
        (i, k) for i, k in round_.sample_population
    ).decode() in page.replace("&#x27;", "'")


def test_the_public_page_fails_on_a_tampered_stored_hash(client, cast, assessment):
    round_ = recheck(cast, assessment)
    commit_and_draw(cast.city, round_)
    Round.objects.filter(pk=round_.pk).update(candidates_hash="0" * 64)
    page = client.get(f"/draw/{round_.pk}/").content.decode()
    assert "核对未通过：保存的记录与公布的名单、号码或样本不一致。" in page
    failed = [line for line in page.splitlines() if "未通过 · " in line]
    assert len(failed) == 2  # the hash, hence the seed made from it; the sample still holds
    assert "名单摘要" in failed[0]
    assert "随机种子" in failed[1]


def test_the_public_page_fails_on_a_sample_changed_after_the_draw(client, cast, assessment):
    round_ = recheck(cast, assessment)
    drawn = commit_and_draw(cast.city, round_)
    SampleEntry.objects.filter(round=round_, application_id=int(drawn.chosen[0])).delete()
    page = client.get(f"/draw/{round_.pk}/").content.decode()
    assert page.count("未通过 · ") == 1
    assert "核对未通过" in page


def test_the_public_page_shows_a_published_list_before_the_draw(client, cast, assessment):
    round_ = recheck(cast, assessment)
    assert client.get(f"/draw/{round_.pk}/").status_code == 404  # not yet published
    commit(cast.city, round_)
    page = client.get(f"/draw/{round_.pk}/").content.decode()
    assert "尚未抽取" in page
    assert "East Village" in page


def test_the_public_page_shows_nothing_private(client, cast, assessment):
    round_ = recheck(cast, assessment)
    for n, app in enumerate(assessment.apps.values()):
        app.organization.contact_phone = f"1380000{n:04d}"
        app.organization.save()
    cast.city.phone = "13911112222"
    cast.city.save()
    commit_and_draw(cast.city, round_)
    page = client.get(f"/draw/{round_.pk}/").content.decode()
    assert "1380000" not in page
    assert "13911112222" not in page
    assert cast.city.username not in page


def test_a_round_is_created_with_its_comparison_settings(client, cast, assessment):
    login(client, cast.city)
    campaign = assessment.setup.campaign
    client.post(
        f"/assessment/campaigns/{campaign.pk}/rounds/",
        {
            "kind": "city_recheck",
            "name": "复核",
            "weight": "1",
            "aggregation": "mean",
            "normalize_marks": "on",
            "disagreement_margin": "0.250",
        },
    )
    round_ = Round.objects.get(name="复核")
    assert (round_.normalize_marks, str(round_.disagreement_margin)) == (True, "0.250")
    page = client.get("/assessment/").content.decode()
    assert "按评分人标准化" in page
    assert "评分分歧阈值" in page


def test_the_comparison_settings_are_changed_on_the_board(client, cast, assessment):
    round_ = assessment.round
    login(client, cast.city)
    board = client.get(f"/assessment/rounds/{round_.pk}/").content.decode()
    assert "评分比较设置" in board
    url = f"/assessment/rounds/{round_.pk}/comparison/"
    bad = client.post(url, {"disagreement_margin": "1.5"}, follow=True).content.decode()
    assert "评分分歧阈值应在 0 到 1 之间（如 0.5 表示 50%）。" in bad
    round_.refresh_from_db()
    assert str(round_.disagreement_margin) == "0.300"
    client.post(url, {"normalize_marks": "on", "disagreement_margin": "0.2"})
    round_.refresh_from_db()
    assert (round_.normalize_marks, str(round_.disagreement_margin)) == (True, "0.200")
    assert AuditEvent.objects.filter(action="assessment.round_comparison").count() == 1
    login(client, cast.assessor)
    assert client.post(url, {"disagreement_margin": "0.5"}).status_code == 403


def test_a_round_drawn_before_commitments_existed_still_shows_its_sample(client, cast, assessment):
    round_ = recheck(cast, assessment)
    commit(cast.city, round_)
    drawn = services.sample_draw(acting_user=cast.city, round_=round_, public_numbers=NUMBERS)
    # As a round drawn with a random seed before this feature: no published list.
    Round.objects.filter(pk=round_.pk).update(committed_at=None, candidates_hash="")
    login(client, cast.city)
    page = client.get(page_url(round_)).content.decode()
    assert "没有事先公布的候选名单" in page
    assert f"共抽取 {drawn.size} 个" in page
    assert 'id="step-1"' not in page  # no 公布候选名单 step; the folded help still names it
    assert client.get(f"/draw/{round_.pk}/").status_code == 404


def test_turning_normalization_on_marks_the_ranking_out_of_date(client, cast, assessment):
    campaign = assessment.setup.campaign
    give(assessment.round, assessment.apps["East Unit"], {"1.1": ["2"]})
    services.ranking_compute(acting_user=cast.city, campaign=campaign)
    assert ranking_is_current(campaign)
    login(client, cast.city)
    url = f"/assessment/campaigns/{campaign.pk}/ranking/"
    assert "排名计算后评分有变动，请重新计算。" not in client.get(url).content.decode()
    services.round_comparison_set(
        acting_user=cast.city,
        round_=assessment.round,
        normalize_marks=True,
        disagreement_margin="0.3",
    )
    assert not ranking_is_current(campaign)
    assert "排名计算后评分有变动，请重新计算。" in client.get(url).content.decode()
    services.ranking_compute(acting_user=cast.city, campaign=campaign)
    assert ranking_is_current(campaign)
