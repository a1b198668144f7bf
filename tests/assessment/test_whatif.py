"""The what-if (模拟测算): quota cuts, aggregation and normalization tried in memory, side by
side with today's ranking, one audit event, and nothing of the campaign written."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from tests.conftest import login

from wenming.assessment import services
from wenming.assessment.models import RankingResult, RankingVersion, Round
from wenming.assessment.selectors.ranking import explain
from wenming.assessment.services.whatif import Changes, RoundChange, ranking_simulate
from wenming.audit.labels import action_label
from wenming.audit.models import AuditEvent
from wenming.campaigns import services as campaign_services
from wenming.campaigns.models import Application, Quota, QuotaChange, Stage
from wenming.domain.application_states import Action

from .marking import give

pytestmark = pytest.mark.django_db


def _state(campaign) -> tuple:
    """Everything of the campaign a simulation must leave as it was."""
    return (
        list(RankingVersion.objects.filter(campaign=campaign).values_list(
            "pk", "number", "computed_at", "frozen_at", "reason")),
        list(RankingResult.objects.filter(campaign=campaign).order_by("pk").values_list(
            "pk", "application_id", "total", "rank", "computed_at")),
        list(Application.objects.filter(campaign=campaign).order_by("pk").values_list(
            "pk", "status", "rank")),
        list(Round.objects.filter(campaign=campaign).order_by("pk").values_list(
            "pk", "weight", "aggregation", "normalize_marks")),
        list(Quota.objects.filter(award__campaign=campaign).order_by("pk").values_list(
            "pk", "places")),
        QuotaChange.objects.count(),
    )  # fmt: skip


def _recommend_east_as_the_flow_does(cast, assessment) -> None:
    """The east county recommends within its 2 places through the recommend service:
    East Unit and East Village recommended, East Extra kept as an alternate (not ranked)."""
    campaign = assessment.setup.campaign
    east = [assessment.apps[n] for n in ("East Unit", "East Village", "East Extra")]
    Application.objects.filter(pk__in=[a.pk for a in east]).update(status="submitted", rank=None)
    recommendation = Stage.objects.filter(campaign=campaign, kind="recommendation")
    closed = recommendation.get().closed_at
    recommendation.update(closed_at=None)
    for a in east:
        a.refresh_from_db()
    campaign_services.recommend(
        acting_user=cast.county,
        award=assessment.setup.unit,
        recommended=east[:2],
        alternates=east[2:],
        region=east[0].region,
    )
    recommendation.update(closed_at=closed)
    for name in ("East Unit", "East Village", "East Extra"):
        assessment.apps[name].refresh_from_db()


@pytest.fixture
def marked(cast, assessment):
    """East Unit 5, East Village 4 (east's 2 places, recommended), East Extra its
    alternate (not ranked), West Unit 2.5."""
    _recommend_east_as_the_flow_does(cast, assessment)
    points = {"East Unit": "2", "East Village": "1.5", "West Unit": "0.5"}
    for name, value in points.items():
        give(assessment.round, assessment.apps[name], {"1.1": [value], "1.2": ["2"], "1.3": ["1"]})
    services.ranking_compute(acting_user=cast.city, campaign=assessment.setup.campaign)
    return assessment


def _east_quota(assessment) -> Quota:
    return Quota.objects.get(
        award=assessment.setup.unit, region=assessment.apps["East Unit"].region
    )


def test_cutting_a_quota_by_one_names_the_last_within_it_and_changes_nothing(cast, marked):
    campaign = marked.setup.campaign
    quota = _east_quota(marked)
    before = _state(campaign)
    events = AuditEvent.objects.count()
    result = ranking_simulate(
        acting_user=cast.city, campaign=campaign, changes=Changes(quotas={quota.pk: 1})
    )
    assert [c.name for c in result.leaving] == ["East Village"]
    assert result.entering == []
    # Both places are used: quota_set would refuse this cut, and the result says so.
    assert result.below_used == ["市级文明单位 · East County：已推荐 2 个，名额不能少于已推荐数。"]
    assert _state(campaign) == before
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("pk")
    assert event.action == "assessment.ranking_simulated"
    assert event.after["changes"]["quotas"][0]["places"] == [2, 1]
    assert event.after["leaving"] == [marked.apps["East Village"].pk]


def test_raising_the_quota_shows_no_one_entering_and_the_page_says_why(client, cast, marked):
    campaign = marked.setup.campaign
    quota = _east_quota(marked)
    result = ranking_simulate(
        acting_user=cast.city, campaign=campaign, changes=Changes(quotas={quota.pk: 3})
    )
    assert result.entering == []  # East Extra is an alternate, not ranked
    assert result.leaving == []
    assert result.below_used == []
    login(client, cast.city)
    data = {f"quota-{q.pk}": q.places for q in Quota.objects.filter(award__campaign=campaign)}
    data |= {f"quota-{quota.pk}": 3, f"weight-{marked.round.pk}": "1"}
    data[f"aggregation-{marked.round.pk}"] = "mean"
    html = client.post(f"/assessment/campaigns/{campaign.pk}/ranking/what-if/", data).text
    assert "提高名额不会显示新进入名额内的单位：备选单位不参加测评排名" in html


def test_a_vetoed_applicants_place_stays_spent_and_a_cut_below_it_is_flagged(cast, marked):
    campaign = marked.setup.campaign
    vetoed = marked.apps["East Village"]
    vetoed.refresh_from_db()
    first = [Action.ASSESS] if vetoed.status == "recommended" else []
    for action in (*first, Action.SCREEN, Action.VETO):
        vetoed.refresh_from_db()
        campaign_services.application_move(
            acting_user=cast.city, applications=vetoed, action=action
        )
    quota = _east_quota(marked)
    result = ranking_simulate(
        acting_user=cast.city, campaign=campaign, changes=Changes(quotas={quota.pk: 1})
    )
    # 1 place, already spent by the vetoed East Village: East Unit, ranked, leaves.
    assert [c.name for c in result.leaving] == ["East Unit"]
    assert result.below_used == ["市级文明单位 · East County：已推荐 2 个，名额不能少于已推荐数。"]
    summary = AuditEvent.objects.latest("pk").after["summary"]
    assert "退出名额：East Unit" in summary
    assert "市级文明单位 · East County：名额 2 → 1" in summary


def test_median_instead_of_mean_moves_the_ranks_it_should(cast, assessment):
    campaign = assessment.setup.campaign
    spread_out, steady = assessment.apps["West Unit"], assessment.apps["East Unit"]
    give(assessment.round, spread_out, {"1.1": ["0", "2", "2"]})  # mean 1.3333, median 2
    give(assessment.round, steady, {"1.1": ["1.5", "1.5", "1.5"]})  # 1.5 either way
    change = Changes(rounds={assessment.round.pk: RoundChange(aggregation="median")})
    result = ranking_simulate(acting_user=cast.city, campaign=campaign, changes=change)
    rows = {c.name: c for c in result.awards[0].rows}
    assert result.summary == ["交叉互检：多人评分合成 平均分 → 中位数"]
    assert (rows["West Unit"].rank_before, rows["West Unit"].rank_after) == (2, 1)
    assert (rows["East Unit"].rank_before, rows["East Unit"].rank_after) == (1, 2)
    assert rows["West Unit"].total_after == Decimal(2)
    assert rows["East Unit"].total_after == rows["East Unit"].total_before == Decimal("1.5")


def _severity(assessment) -> None:
    """Two assessors: marker0 lenient and spread out, marker1 harsh and narrow."""
    give(assessment.round, assessment.apps["East Unit"], {"1.1": ["2", "1"], "1.2": ["2", "1.2"]})
    give(
        assessment.round, assessment.apps["West Unit"], {"1.1": ["1", "0.8"], "1.2": ["0.5", "0.9"]}
    )
    give(assessment.round, assessment.apps["East Village"], {"1.1": ["1.5", "0.6"]})


def test_normalization_in_the_simulation_matches_a_real_normalized_ranking(cast, assessment):
    campaign = assessment.setup.campaign
    _severity(assessment)
    change = Changes(rounds={assessment.round.pk: RoundChange(normalize=True)})
    result = ranking_simulate(acting_user=cast.city, campaign=campaign, changes=change)
    simulated = {c.key: (c.rank_after, c.total_after) for c in result.awards[0].rows}
    assert any(c.total_after != c.total_before for c in result.awards[0].rows)
    assessment.round.normalize_marks = True
    assessment.round.save()
    services.ranking_compute(acting_user=cast.city, campaign=campaign)
    stored = {
        r.application_id: (r.rank, r.total) for r in RankingResult.objects.filter(campaign=campaign)
    }
    assert stored == {
        k: (rank, total.quantize(Decimal("0.0001"))) for k, (rank, total) in simulated.items()
    }


def test_the_breakdown_explains_a_normalized_ranking_with_the_same_total(cast, assessment):
    _severity(assessment)
    assessment.round.normalize_marks = True
    assessment.round.save()
    services.ranking_compute(acting_user=cast.city, campaign=assessment.setup.campaign)
    app = assessment.apps["East Unit"]
    stored = RankingResult.objects.get(application=app).total
    assert explain(app).total.quantize(Decimal("0.0001")) == stored


def test_normalized_marks_stay_within_the_clauses_points(cast, assessment):
    give(assessment.round, assessment.apps["East Unit"], {"1.1": ["2", "0"], "1.2": ["2", "0"]})
    give(assessment.round, assessment.apps["West Unit"], {"1.1": ["0", "2"], "1.2": ["0", "0.1"]})
    assessment.round.normalize_marks = True
    assessment.round.save()
    services.ranking_compute(acting_user=cast.city, campaign=assessment.setup.campaign)
    for app in ("East Unit", "West Unit"):
        row = RankingResult.objects.get(application=assessment.apps[app])
        assert Decimal(0) <= row.criteria_total <= Decimal(4)  # 1.1 and 1.2 are 2 points each


def test_a_negative_quota_is_refused_and_nothing_is_recorded(cast, marked):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        ranking_simulate(
            acting_user=cast.city,
            campaign=marked.setup.campaign,
            changes=Changes(quotas={_east_quota(marked).pk: -1}),
        )
    assert error.value.messages == ["名额不能为负数。"]
    assert AuditEvent.objects.count() == events


def test_only_the_office_may_simulate(client, cast, marked):
    campaign = marked.setup.campaign
    with pytest.raises(PermissionDenied):
        ranking_simulate(acting_user=cast.county, campaign=campaign, changes=Changes())
    url = f"/assessment/campaigns/{campaign.pk}/ranking/what-if/"
    for user in (cast.county, cast.assessor, cast.applicant):
        login(client, user)
        assert client.get(url).status_code == 403
        assert client.post(url, {}).status_code == 403
    assert not AuditEvent.objects.filter(action="assessment.ranking_simulated").exists()


def test_the_page_shows_who_leaves_side_by_side(client, cast, marked):
    campaign = marked.setup.campaign
    login(client, cast.city)
    url = f"/assessment/campaigns/{campaign.pk}/ranking/what-if/"
    page = client.get(url)
    assert page.status_code == 200
    assert "模拟测算" in page.content.decode()
    quota = _east_quota(marked)
    data = {f"quota-{q.pk}": q.places for q in Quota.objects.filter(award__campaign=campaign)}
    data[f"quota-{quota.pk}"] = 1
    data |= {f"weight-{marked.round.pk}": "1", f"aggregation-{marked.round.pk}": "mean"}
    before = _state(campaign)
    answer = client.post(url, data)
    html = answer.content.decode()
    assert answer.status_code == 200
    assert "退出名额：</strong>East Village" in html
    assert "5.00 → 5.00" in html  # East Unit, two decimals
    assert "市级文明单位 · East County：名额 2 → 1" in html
    assert _state(campaign) == before
    assert str(action_label("assessment.ranking_simulated")) == "模拟测算排名（未保存）"


def test_all_weights_zero_is_refused_on_the_page(client, cast, marked):
    campaign = marked.setup.campaign
    login(client, cast.city)
    data = {f"quota-{q.pk}": q.places for q in Quota.objects.filter(award__campaign=campaign)}
    data |= {f"weight-{marked.round.pk}": "0", f"aggregation-{marked.round.pk}": "mean"}
    answer = client.post(f"/assessment/campaigns/{campaign.pk}/ranking/what-if/", data)
    assert "各轮次的权重不能全部为 0" in answer.content.decode()
    assert not AuditEvent.objects.filter(action="assessment.ranking_simulated").exists()


def test_the_ranking_page_shows_each_rounds_normalization_and_links_the_what_if(
    client, cast, marked
):
    campaign = marked.setup.campaign
    login(client, cast.city)
    html = client.get(f"/assessment/campaigns/{campaign.pk}/ranking/").content.decode()
    assert "交叉互检：评分标准化：未启用" in html
    assert f"/assessment/campaigns/{campaign.pk}/ranking/what-if/" in html
    marked.round.normalize_marks = True
    marked.round.save()
    html = client.get(f"/assessment/campaigns/{campaign.pk}/ranking/").content.decode()
    assert "交叉互检：评分标准化：已启用" in html
