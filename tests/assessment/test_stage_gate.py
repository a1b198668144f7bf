"""The assessment stage's gate: rounds, every applicant assigned, every mark set complete
or its absence explained, the ranking current; and every assessment action needs the
stage open."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.assessment.conftest import give_full
from tests.assessment.drawing import commit_and_draw
from tests.factories import OrganizationFactory, reach_stage

from wenming.assessment import services
from wenming.assessment.models import Assignment, Mark, RankingVersion
from wenming.campaigns.models import Application, Stage
from wenming.campaigns.stages import StageClosed, stage_close, stage_gate

from .ranking_fixtures import with_deduction_item


def assessment_stage(campaign) -> Stage:
    return Stage.objects.get(campaign=campaign, kind="assessment")


def refusal(cast, campaign) -> list[str]:
    with pytest.raises(ValidationError) as error:
        stage_close(acting_user=cast.city, stage=assessment_stage(campaign), reason="提前完成")
    return error.value.messages


def unmet(campaign) -> dict[str, str]:
    lines = stage_gate(assessment_stage(campaign))
    return {line.code: line.message for line in lines if not line.met}


def mark_everyone(assessment, skip=()) -> None:
    """Every member of each assigned group gives a complete mark set (but ``skip``)."""
    rows = Assignment.objects.filter(round=assessment.round).select_related(
        "application__award__framework", "application__organization"
    )
    for assignment in rows:
        for member in assignment.group.members.select_related("user"):
            if (assignment.application.organization.name, member.user.username) in skip:
                continue
            give_full(assessment.round, assignment.application, member.user)


def test_the_gate_refuses_a_campaign_without_rounds(cast, campaign):
    reach_stage(campaign.campaign, "assessment")
    messages = refusal(cast, campaign.campaign)
    assert "尚未设置测评轮次。" in messages


def test_the_gate_names_an_applicant_no_group_assesses(cast, assessment):
    campaign = assessment.setup.campaign
    messages = refusal(cast, campaign)
    assert "尚未设置测评轮次。" not in messages
    names = "Direct Unit、East Extra、East Unit、East Village、West School等6个"
    assert f"还有推荐申报未分配考核组：{names}。" in messages


def test_the_gate_names_each_missing_mark_set(cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    campaign = assessment.setup.campaign
    mark_everyone(assessment, skip={("East Unit", "west_assessor")})
    gate = unmet(campaign)
    assert "all_assigned" not in gate
    missing = "还有评分未完成且未登记原因：East Unit · west_assessor · 交叉互检。"
    assert gate["marks_complete"] == missing
    assert missing in refusal(cast, campaign)


def test_a_partial_mark_set_is_missing(cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    mark_everyone(assessment, skip={("East Unit", "west_assessor")})
    east_unit = assessment.apps["East Unit"]
    services.mark_save(
        acting_user=assessment.west_assessor,
        assignment=assessment.assignment("East Unit"),
        clause_key="1.1",
        method="material",
        points="1",
    )
    given = Mark.objects.filter(application=east_unit, assessor=assessment.west_assessor)
    assert given.count() == 1
    assert "East Unit · west_assessor" in unmet(assessment.setup.campaign)["marks_complete"]


def test_the_gate_passes_with_marks_a_waiver_and_a_current_ranking(cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    campaign = assessment.setup.campaign
    mark_everyone(assessment, skip={("East Unit", "west_assessor")})
    services.mark_set_waive(
        acting_user=cast.city,
        round=assessment.round,
        application=assessment.apps["East Unit"],
        assessor=assessment.west_assessor,
        reason="因病未能参加实地考察",
    )
    assert set(unmet(campaign)) == {"ranking_current"}
    assert unmet(campaign)["ranking_current"] == (
        "测评排名尚未计算，或计算后评分有变动，请重新计算排名。"
    )
    services.ranking_compute(acting_user=cast.city, campaign=campaign)
    assert unmet(campaign) == {}
    stage = stage_close(
        acting_user=cast.city, stage=assessment_stage(campaign), reason="评分全部完成"
    )
    assert stage.closed_at is not None
    assert assessment_stage(campaign).close_reason == "评分全部完成"
    # Closing froze the ranking screening takes.
    version = RankingVersion.objects.get(campaign=campaign)
    assert version.frozen_at is not None
    assert version.frozen_by == cast.city


def test_complete_marks_alone_pass_once_ranked(cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    campaign = assessment.setup.campaign
    mark_everyone(assessment)
    services.ranking_compute(acting_user=cast.city, campaign=campaign)
    assert unmet(campaign) == {}


def test_a_mark_after_the_ranking_makes_it_stale(cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    campaign = assessment.setup.campaign
    mark_everyone(assessment)
    services.ranking_compute(acting_user=cast.city, campaign=campaign)
    services.mark_save(
        acting_user=assessment.west_assessor,
        assignment=assessment.assignment("East Unit"),
        clause_key="1.1",
        method="material",
        points="0",
    )
    assert set(unmet(campaign)) == {"ranking_current"}


def test_a_deduction_or_a_waiver_after_the_ranking_makes_it_stale(cast, assessment):
    key = with_deduction_item(assessment.apps["West Unit"])
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    campaign = assessment.setup.campaign
    mark_everyone(assessment, skip={("East Unit", "west_assessor")})
    services.mark_set_waive(
        acting_user=cast.city,
        round=assessment.round,
        application=assessment.apps["East Unit"],
        assessor=assessment.west_assessor,
        reason="因病",
    )
    services.ranking_compute(acting_user=cast.city, campaign=campaign)
    assert unmet(campaign) == {}
    services.deduction_record(
        acting_user=cast.city,
        application=Application.objects.get(pk=assessment.apps["West Unit"].pk),
        key=key,
        count=1,
        reason="未按时报送材料",
    )
    assert set(unmet(campaign)) == {"ranking_current"}
    services.ranking_compute(acting_user=cast.city, campaign=campaign)
    assert unmet(campaign) == {}
    waiver = assessment.round.waivers.get()
    services.mark_set_waiver_remove(acting_user=cast.city, waiver=waiver)
    services.mark_set_waive(
        acting_user=cast.city,
        round=assessment.round,
        application=assessment.apps["East Unit"],
        assessor=assessment.west_assessor,
        reason="因病缺席实地考察",
    )
    assert set(unmet(campaign)) == {"ranking_current"}


def test_a_sampled_round_asks_only_for_its_sample(cast, assessment):
    campaign = assessment.setup.campaign
    recheck = services.round_create(
        acting_user=cast.city, campaign=campaign, kind="city_recheck", name="市级复核"
    )
    services.round_sampling_set(
        acting_user=cast.city, round_=recheck, stratum_kind="award", default_ratio="0.5", ratios={}
    )
    # Not drawn yet: every candidate may be in the sample, so all of them wait.
    assert "等12个" in unmet(campaign)["all_assigned"]
    drawn = commit_and_draw(cast.city, recheck)
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    message = unmet(campaign)["all_assigned"]
    assert len(drawn.chosen) == 3
    for app_id in drawn.chosen:
        name = Application.objects.get(pk=app_id).organization.name
        assert f"{name}（市级复核）" in message
    assert "交叉互检" not in message


def test_the_gate_reads_in_constant_queries(cast, assessment, world, django_assert_max_num_queries):
    campaign = assessment.setup.campaign
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    stage = assessment_stage(campaign)
    with CaptureQueriesContext(connection) as few:
        stage_gate(stage)
    for n in range(20):
        Application.objects.create(
            campaign=campaign,
            award=assessment.setup.unit,
            organization=OrganizationFactory(name=f"More {n}", region=world.east),
            status="recommended",
            region=world.east,
            created_by=cast.city,
        )
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    mark_everyone(assessment, skip={("More 3", "west_assessor")})
    with django_assert_max_num_queries(len(few)):
        lines = stage_gate(stage)
    assert "More 3 · west_assessor" in next(x.message for x in lines if x.code == "marks_complete")


# --- every action needs the assessment stage open ----------------------------------------


def close_recommendation_reopened(campaign) -> None:
    """The recommendation stage open again (as before it was closed)."""
    Stage.objects.filter(campaign=campaign, kind="recommendation").update(closed_at=None)


def test_assigning_waits_for_the_recommendation_to_close(cast, assessment):
    close_recommendation_reopened(assessment.setup.campaign)
    with pytest.raises(StageClosed) as error:
        services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    assert error.value.messages == ["推荐阶段尚未结束，测评阶段还不能办理。"]
    assert not Assignment.objects.exists()


def test_no_action_once_the_assessment_stage_is_past(cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    assignment = assessment.assignment("East Unit")
    Stage.objects.filter(campaign=assessment.setup.campaign, kind="assessment").update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    actions = {
        "generate": lambda: services.assignment_generate(
            acting_user=cast.city, round_=assessment.round
        ),
        "move": lambda: services.assignment_move(
            acting_user=cast.city, assignment=assignment, group=assessment.east_group
        ),
        "draw": lambda: services.sample_draw(
            acting_user=cast.city, round_=assessment.round, public_numbers="1 2 3"
        ),
        "visit": lambda: services.assignment_visit_record(
            acting_user=assessment.west_assessor, assignment=assignment, steps={}
        ),
        "tokens": lambda: services.questionnaire_tokens_issue(
            acting_user=cast.city, application=assessment.apps["East Unit"], kind="public", count=3
        ),
        "waive": lambda: services.mark_set_waive(
            acting_user=cast.city,
            round=assessment.round,
            application=assessment.apps["East Unit"],
            assessor=assessment.west_assessor,
            reason="因病",
        ),
    }
    for name, action in actions.items():
        with pytest.raises(StageClosed) as error:
            action()
        assert "逾期不予受理" in error.value.messages[0], name


def test_set_up_is_refused_once_the_assessment_stage_is_closed(cast, assessment):
    Stage.objects.filter(campaign=assessment.setup.campaign, kind="assessment").update(
        closed_at=timezone.now()
    )
    with pytest.raises(StageClosed) as error:
        services.round_create(
            acting_user=cast.city, campaign=assessment.setup.campaign, kind="city_recheck", name="x"
        )
    assert error.value.messages[0].startswith("测评阶段已于")
    with pytest.raises(StageClosed):
        services.group_create(acting_user=cast.city, round_=assessment.round, name="Late group")
