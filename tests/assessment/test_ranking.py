"""Ranking: assessors and rounds combined in the database, the tie rules, the breakdown."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.conftest import login

from wenming.assessment import services
from wenming.assessment.models import RankingResult, SampleEntry
from wenming.audit.models import AuditEvent

from .marking import give


def _total(app) -> Decimal:
    return RankingResult.objects.get(application=app).total


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
    assert RankingResult.objects.get(application=sampled).rounds == 2


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
    login(client, cast.city)
    result = RankingResult.objects.get(application=assessment.apps["East Extra"])
    page = client.get(f"/assessment/rankings/{result.pk}/").content.decode()
    assert "按同等条件优先项数多者在前（本单位 0 项，对方 2 项）" in page
    assert "按单位名称排列" in page
    assert "marker0 2" in page
    assert "marker1 1" in page
    assert "1.50" in page


def test_ranking_moves_recommended_applications_to_assessed_with_audit(cast, assessment):
    app = assessment.apps["East Unit"]
    give(assessment.round, app, {"1.1": ["2"]})
    done = services.ranking_compute(acting_user=cast.city, campaign=assessment.setup.campaign)
    app.refresh_from_db()
    assert app.status == "assessed"
    assert done.assessed == 6
    assert AuditEvent.objects.filter(action="application.assess", object_id=str(app.pk)).exists()
    again = services.ranking_compute(acting_user=cast.city, campaign=assessment.setup.campaign)
    assert again.assessed == 0
    assert again.ranked == 6


def test_ranking_page_shows_the_order_and_runs_constant_queries(client, cast, assessment, world):
    from tests.factories import OrganizationFactory

    from wenming.campaigns.models import Application

    campaign = assessment.setup.campaign
    give(assessment.round, assessment.apps["East Unit"], {"1.1": ["2"]})
    services.ranking_compute(acting_user=cast.city, campaign=campaign)
    login(client, cast.city)
    url = f"/assessment/campaigns/{campaign.pk}/ranking/"
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    assert page.index("East Unit") < page.index("West Unit")
    assert "<svg" in page
    for n in range(24):
        org = OrganizationFactory(name=f"More {n}", region=world.east)
        Application.objects.create(
            campaign=campaign, award=assessment.setup.unit, organization=org,
            status="recommended", region=world.east, created_by=cast.city,
        )  # fmt: skip
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


def test_the_lean_statement_gives_the_full_statements_totals(cast, assessment):
    from wenming.assessment import ranking_sql

    campaign = assessment.setup.campaign
    give(assessment.round, assessment.apps["East Unit"], {"1.1": ["2", "1", "0.5"], "1.2": ["1"]})
    give(assessment.round, assessment.apps["West Unit"], {"1.1": ["0", "1", "1", "2", "2"]})
    assert ranking_sql.lean_possible(campaign.pk)
    lean = ranking_sql.application_totals_sql(campaign.pk, lean=True)
    full = ranking_sql.application_totals_sql(campaign.pk, lean=False)
    with connection.cursor() as cursor:
        cursor.execute(*lean)
        lean_rows = sorted(cursor.fetchall())
        cursor.execute(*full)
        full_rows = sorted(cursor.fetchall())
    assert [(a, Decimal(str(t)), r) for a, t, r in lean_rows] == [
        (a, Decimal(str(t)), r) for a, t, r in full_rows
    ]
    from wenming.assessment.models import Mark

    mark = Mark.objects.filter(application=assessment.apps["East Unit"], clause_key="1.2").get()
    mark.pk, mark.method = None, "onsite"
    mark.save()
    assert not ranking_sql.lean_possible(campaign.pk)  # a clause marked by two methods
    mark.delete()
    assert ranking_sql.lean_possible(campaign.pk)
    round_ = assessment.round
    round_.aggregation = "trimmed_mean"
    round_.save()
    assert not ranking_sql.lean_possible(campaign.pk)


def test_thresholds_per_condition_agree_with_the_scorer(db):
    import io

    from django.core.management import call_command

    from wenming.assessment.thresholds import ThresholdTotals, statistics_of
    from wenming.domain.frameworks import ZERO
    from wenming.domain.scoring import QuestionnaireResult, Scorer
    from wenming.frameworks.models import Framework

    call_command("load_frameworks", stdout=io.StringIO())
    for framework in Framework.objects.all():
        domain = framework.to_domain()
        if not hasattr(domain, "thresholds"):
            continue
        scorer, fast = Scorer(domain), ThresholdTotals(domain)
        for n in range(240):
            form = {"staff_count": n % 7 * 9, "party_members": n % 5 * 4 + (n % 3 == 0) * 30,
                    "registered_volunteers": n % 11 * 5, "party_member_volunteers": n % 4 * 6,
                    "volunteers_served": n % 9 * 3}  # fmt: skip
            if n % 10 == 0:
                form.pop("staff_count")
            if n % 13 == 0:
                form["party_members"] = [True, "12", None, 0.5][n // 13 % 4]  # not reported
            answers = {"public_satisfaction": QuestionnaireResult(n % 10, 9)} if n % 3 else {}
            if n % 7 == 0:
                answers["staff_participation"] = QuestionnaireResult(min(n % 4, n % 5), n % 5)
            breakdown = scorer.score({}, statistics=statistics_of(form), questionnaires=answers)
            expected = sum((t.earned for t in breakdown.thresholds), ZERO)
            assert fast.earned(form, answers) == expected
