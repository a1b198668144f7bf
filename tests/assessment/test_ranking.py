"""Ranking: figures gathered in the database and combined by the domain, the tie rules,
the breakdown, bonuses and deductions, versions and the freeze."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.conftest import login
from tests.factories import OrganizationFactory

from wenming.assessment import services
from wenming.assessment.models import Assignment, Mark, RankingResult, SampleEntry
from wenming.assessment.services.deductions import deduction_record
from wenming.assessment.services.ranking import ranking_freeze
from wenming.audit import services as audit
from wenming.audit.models import AuditEvent
from wenming.audit.selectors import verify_chain
from wenming.campaigns.models import Application
from wenming.campaigns.services import application_move
from wenming.domain.application_states import Action

from .marking import assessors, give
from .ranking_fixtures import claim, with_deduction_item


def _row(app) -> RankingResult:
    return RankingResult.objects.filter(application=app).order_by("-version__number").first()


def _total(app) -> Decimal:
    return _row(app).total


def test_trimmed_mean_drops_highest_and_lowest_only_from_trim_from_marks(cast, assessment):
    round_ = assessment.round
    round_.aggregation, round_.trim_from = "trimmed_mean", 5
    round_.save()
    four, five = assessment.apps["East Unit"], assessment.apps["West Unit"]
    give(round_, four, {"1.1": ["0", "1", "1", "2"]})  # mean 1.00
    give(round_, five, {"1.1": ["0", "1", "1", "2", "2"]})  # (6 - 2 - 0) / 3 = 1.3333
    services.ranking_compute(acting_user=cast.city, campaign=assessment.setup.campaign)
    assert _total(four) == Decimal("1.0000")
    assert _total(five) == Decimal("1.3333")


def test_mean_when_the_round_says_mean(cast, assessment):
    app = assessment.apps["West Unit"]
    give(assessment.round, app, {"1.1": ["0", "1", "1", "2", "2"], "1.2": ["2", "1.5", "1.5"]})
    services.ranking_compute(acting_user=cast.city, campaign=assessment.setup.campaign)
    assert _total(app) == Decimal("2.8667")  # 1.2 + 1.6667


def test_rounds_combine_by_weight_and_an_unsampled_round_does_not_count(cast, assessment):
    campaign = assessment.setup.campaign
    cross = assessment.round
    cross.weight = Decimal("0.6")
    cross.save()
    recheck = services.round_create(
        acting_user=cast.city, campaign=campaign, kind="city_recheck", name="市级复核"
    )
    recheck.weight, recheck.sampled = Decimal("0.4"), True
    recheck.save()
    sampled, not_sampled = assessment.apps["East Unit"], assessment.apps["West Unit"]
    SampleEntry.objects.create(round=recheck, application=sampled, stratum="award:1")
    for app in (sampled, not_sampled):
        give(cross, app, {"1.1": ["2"], "1.2": ["2"], "1.3": ["1"]})  # 5
        give(recheck, app, {"1.1": ["1"]})  # 1, counts only for the sampled one
    services.ranking_compute(acting_user=cast.city, campaign=campaign)
    assert _total(sampled) == Decimal("3.4000")  # 0.6 × 5 + 0.4 × 1
    assert _total(not_sampled) == Decimal("5.0000")
    assert _row(sampled).rounds == 2


def test_a_tie_is_broken_by_preference_then_name_and_the_breakdown_says_why(
    client, cast, assessment
):
    campaign = assessment.setup.campaign
    names = ["East Unit", "West Unit", "East Extra"]
    for name in names:
        give(assessment.round, assessment.apps[name], {"1.1": ["2", "1"]})  # 1.5 each
    services.standing_set(
        acting_user=cast.city, application=assessment.apps["West Unit"], preference=2
    )
    services.ranking_compute(acting_user=cast.city, campaign=campaign)
    ranked = RankingResult.objects.filter(award=assessment.setup.unit, total=Decimal("1.5"))
    assert [r.name for r in ranked.order_by("rank")] == ["West Unit", "East Extra", "East Unit"]
    assert [r.tie_rule for r in ranked.order_by("rank")] == ["", "preference", "name"]
    login(client, cast.city)
    result = _row(assessment.apps["East Extra"])
    page = client.get(f"/assessment/rankings/{result.pk}/").content.decode()
    assert "按同等条件优先项数多者在前（本单位 0 项，对方 2 项）" in page
    assert "按单位名称排列" in page
    assert "marker0 2" in page
    assert "marker1 1" in page
    assert "1.50" in page


def test_ranking_moves_marked_applications_to_assessed_with_audit(cast, assessment):
    app, unmarked = assessment.apps["East Unit"], assessment.apps["West Unit"]
    give(assessment.round, app, {"1.1": ["2"]})
    done = services.ranking_compute(acting_user=cast.city, campaign=assessment.setup.campaign)
    app.refresh_from_db()
    unmarked.refresh_from_db()
    assert app.status == "assessed"
    assert done.assessed == 1
    assert AuditEvent.objects.filter(action="application.assess", object_id=str(app.pk)).exists()
    # Titles without marks: an application nobody marked is neither ranked nor moved on.
    assert unmarked.status == "recommended"
    assert _row(unmarked).rank is None
    again = services.ranking_compute(acting_user=cast.city, campaign=assessment.setup.campaign)
    assert again.assessed == 0
    assert again.ranked == 1


def test_ranking_page_shows_the_order_and_runs_constant_queries(client, cast, assessment, world):
    campaign = assessment.setup.campaign
    give(assessment.round, assessment.apps["East Unit"], {"1.1": ["2"]})
    give(assessment.round, assessment.apps["West Unit"], {"1.1": ["1"]})
    services.ranking_compute(acting_user=cast.city, campaign=campaign)
    login(client, cast.city)
    url = f"/assessment/campaigns/{campaign.pk}/ranking/"
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    assert page.index("East Unit") < page.index("West Unit")
    assert "<svg" in page
    for n in range(24):
        org = OrganizationFactory(name=f"More {n}", region=world.east)
        more = Application.objects.create(
            campaign=campaign, award=assessment.setup.unit, organization=org,
            status="recommended", region=world.east, created_by=cast.city,
        )  # fmt: skip
        give(assessment.round, more, {"1.2": ["1"]})
    services.ranking_compute(acting_user=cast.city, campaign=campaign)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "More 23" in page
    assert len(many) == len(few)


def test_only_the_running_office_sees_and_recomputes_the_ranking(client, cast, assessment):
    campaign = assessment.setup.campaign
    for user in (cast.county, cast.assessor):
        login(client, user)
        assert client.get(f"/assessment/campaigns/{campaign.pk}/ranking/").status_code == 403
        url = f"/assessment/campaigns/{campaign.pk}/ranking/compute/"
        assert client.post(url).status_code == 403
    assert not RankingResult.objects.exists()


def test_median_takes_the_middle_mark_or_the_mean_of_the_two_middle_ones(cast, assessment):
    round_ = assessment.round
    round_.aggregation = "median"
    round_.save()
    odd, even = assessment.apps["East Unit"], assessment.apps["West Unit"]
    give(round_, odd, {"1.1": ["0", "2", "0.5", "2", "1"]})  # 0 0.5 1 2 2 → 1
    give(round_, even, {"1.1": ["0", "2", "0.5", "2"], "1.2": ["2", "0", "0", "1.5", "2", "2"]})
    services.ranking_compute(acting_user=cast.city, campaign=assessment.setup.campaign)
    assert _total(odd) == Decimal("1.0000")
    assert _total(even) == Decimal("3.0000")  # (0.5 + 2) / 2 + (1.5 + 2) / 2


def test_a_clause_marked_on_material_and_on_site_takes_the_mean_of_both(cast, assessment):
    app = assessment.apps["East Unit"]
    give(assessment.round, app, {"1.1": ["2", "1"]})  # material: 1.5
    Mark.objects.create(
        round=assessment.round, application=app, assessor=assessors(1)[0], clause_key="1.1",
        method="onsite", points=Decimal("0.5"), framework_id=app.award.framework_id,
    )  # fmt: skip
    services.ranking_compute(acting_user=cast.city, campaign=assessment.setup.campaign)
    assert _total(app) == Decimal("1.0000")


def test_confirmed_honor_and_experience_count_in_total_and_breakdown(client, cast, assessment):
    app = assessment.apps["East Unit"]
    give(assessment.round, app, {"1.1": ["2"]})
    claim(app, rule="honor_titles", level="national", status="confirmed", title="全国文明单位")
    claim(app, rule="experience_promoted", level="national", status="confirmed",
          title="人民日报推介志愿服务经验")  # fmt: skip
    claim(app, rule="honor_titles", level="provincial", status="rejected", title="被驳回的称号")
    claim(app, rule="honor_titles", level="national", status="pending", title="待认定的称号")
    services.ranking_compute(acting_user=cast.city, campaign=assessment.setup.campaign)
    row = _row(app)
    assert (row.bonus_total, row.total) == (Decimal("5.0000"), Decimal("7.0000"))
    login(client, cast.city)
    page = client.get(f"/assessment/rankings/{row.pk}/").content.decode()
    assert "全国文明单位" in page
    assert "人民日报推介志愿服务经验" in page
    assert "被驳回的称号" not in page
    assert "待认定的称号" not in page
    assert "5.00" in page
    assert "7.00" in page


def test_deductions_recorded_with_reason_reach_the_total(client, cast, assessment):
    app = assessment.apps["East Unit"]
    key = with_deduction_item(app)
    give(assessment.round, app, {"1.1": ["2"], "1.2": ["2"]})
    deduction_record(
        acting_user=cast.city, application=app, key=key, count=3, reason="三次未按时报送"
    )
    services.ranking_compute(acting_user=cast.city, campaign=assessment.setup.campaign)
    row = _row(app)
    assert (row.deduction_total, row.total) == (Decimal("1.5000"), Decimal("2.5000"))
    assert AuditEvent.objects.filter(action="assessment.deduction_record").count() == 1
    login(client, cast.city)
    page = client.get(f"/assessment/rankings/{row.pk}/").content.decode()
    assert "三次未按时报送" in page


def test_only_the_office_or_an_assessor_of_an_assigned_group_records_deductions(cast, assessment):
    app = assessment.apps["East Unit"]
    key = with_deduction_item(app)
    with pytest.raises(PermissionDenied):
        deduction_record(
            acting_user=assessment.west_assessor, application=app, key=key, count=1, reason="x"
        )
    Assignment.objects.create(round=assessment.round, application=app, group=assessment.west_group)
    deduction_record(
        acting_user=assessment.west_assessor, application=app, key=key, count=1, reason="现场发现"
    )
    with pytest.raises(ValidationError) as error:
        deduction_record(acting_user=cast.city, application=app, key=key, count=1, reason=" ")
    assert "请填写减分原因" in str(error.value)
    with pytest.raises(ValidationError) as error:
        deduction_record(
            acting_user=cast.city, application=app, key="invented", count=1, reason="x"
        )
    assert "没有减分项目“invented”" in str(error.value)


def test_a_late_mark_after_screening_makes_a_new_version_keeping_screened_rows(cast, assessment):
    campaign = assessment.setup.campaign
    screened, late = assessment.apps["East Unit"], assessment.apps["West Unit"]
    give(assessment.round, screened, {"1.1": ["2"]})
    give(assessment.round, late, {"1.2": ["1"]})
    services.ranking_compute(acting_user=cast.city, campaign=campaign)
    frozen = ranking_freeze(acting_user=cast.city, campaign=campaign)
    assert frozen.number == 1
    before = _row(screened)
    screened.refresh_from_db()
    application_move(acting_user=cast.city, applications=screened, action=Action.SCREEN)
    give(assessment.round, screened, {"1.3": ["1"]})  # late marks, for both
    give(assessment.round, late, {"1.1": ["2"]})
    with pytest.raises(ValidationError) as error:
        services.ranking_compute(acting_user=cast.city, campaign=campaign)
    assert "第 1 版排名已锁定，重新排名须说明原因" in str(error.value)
    done = services.ranking_compute(acting_user=cast.city, campaign=campaign, reason="补录评分")
    assert (done.version, done.carried) == (2, 1)
    after = _row(screened)
    assert after.version.number == 2
    assert after.carried
    fields = ["total", "criteria_total", "bonus_total", "deduction_total", "rank", "computed_at"]
    assert [getattr(after, f) for f in fields] == [getattr(before, f) for f in fields]
    assert RankingResult.objects.get(pk=before.pk).total == before.total  # v1 untouched
    assert _total(late) == Decimal("3.0000")
    event = AuditEvent.objects.filter(action="assessment.ranking_compute").latest("pk")
    assert event.after["reason"] == "补录评分"


def test_the_bulk_move_writes_one_chained_event_per_application(cast, assessment, monkeypatch):
    monkeypatch.setattr(audit, "_FAST", 1)  # the COPY / executemany path, as for thousands
    moved = [assessment.apps["East Unit"], assessment.apps["West Unit"]]
    for app in moved:
        give(assessment.round, app, {"1.1": ["2"]})
    with CaptureQueriesContext(connection) as two:
        done = services.ranking_compute(acting_user=cast.city, campaign=assessment.setup.campaign)
    assert done.assessed == 2
    give(assessment.round, assessment.apps["East Extra"], {"1.1": ["1"]})
    with CaptureQueriesContext(connection) as one_more:
        again = services.ranking_compute(acting_user=cast.city, campaign=assessment.setup.campaign)
    assert again.assessed == 1

    for queries in (two, one_more):  # no query per application moved (a deferred field)
        assert not [q for q in queries.captured_queries if "LIMIT 21" in q["sql"]]
    for app in moved:
        (event,) = AuditEvent.objects.filter(action="application.assess", object_id=str(app.pk))
        assert event.object_repr == str(app)
        assert (event.before["status"], event.after["status"]) == ("recommended", "assessed")
    assert verify_chain()[1] is None
