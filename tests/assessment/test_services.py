"""Assessment services: assignment, hand changes, sampling, marks, deadlines, visits."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from tests.assessment.drawing import commit_and_draw
from tests.factories import UserFactory, with_role

from wenming.accounts.models import Role
from wenming.assessment import services
from wenming.assessment.models import Assignment, Mark, SampleEntry
from wenming.audit.models import AuditEvent
from wenming.campaigns.models import Stage
from wenming.campaigns.stages import StageClosed


def groups_of(a) -> dict[str, str]:
    return {
        x.application.organization.name: x.group.name
        for x in Assignment.objects.filter(round=a.round).select_related(
            "application__organization", "group"
        )
    }


def test_generated_assignment_never_sends_a_group_to_its_own_county(cast, assessment):
    generated = services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    assert generated.count == 6
    assert generated.warning == ""
    placed = groups_of(assessment)
    assert {placed[n] for n in ("East Unit", "East Village", "East Extra")} == {"West group"}
    assert {placed[n] for n in ("West Unit", "West School")} == {"East group"}
    loads = sorted(list(placed.values()).count(g) for g in ("East group", "West group"))
    assert loads == [3, 3]  # the direct applicant balances the loads


def test_infeasible_assignment_says_why_in_chinese(cast, assessment):
    services.conflict_declare(
        acting_user=cast.city,
        application=assessment.apps["West Unit"],
        group=assessment.east_group,
        reason="组长曾在该单位任职",
    )
    with pytest.raises(ValidationError) as error:
        services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    assert error.value.messages == [
        "无法完成分配。West Unit 没有可分配的考核组："
        "West group 来自West County本县（交叉互检不查本县）；East group 有成员声明回避。"
    ]
    assert not Assignment.objects.exists()


def test_hand_change_to_the_own_county_is_refused_with_the_rule(cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    with pytest.raises(ValidationError) as error:
        services.assignment_move(
            acting_user=cast.city,
            assignment=assessment.assignment("East Unit"),
            group=assessment.east_group,
        )
    assert error.value.messages == ["East group 来自East Unit所在的县市区，交叉互检不能查本县。"]
    assert groups_of(assessment)["East Unit"] == "West group"


def test_hand_change_onto_a_member_conflict_is_refused(cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    member = assessment.east_group.members.get(user=cast.assessor)
    services.conflict_declare(
        acting_user=cast.assessor,
        application=assessment.apps["Direct Unit"],
        member=member,
        reason="亲属在该单位",
    )
    direct = assessment.assignment("Direct Unit")
    if direct.group_id == assessment.east_group.pk:
        direct = services.assignment_move(
            acting_user=cast.city, assignment=direct, group=assessment.west_group
        )
    with pytest.raises(ValidationError) as error:
        services.assignment_move(
            acting_user=cast.city, assignment=direct, group=assessment.east_group
        )
    assert error.value.messages == ["East group 有成员对Direct Unit声明了回避。"]


def test_allowed_hand_change_is_saved_and_audited(cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    direct = assessment.assignment("Direct Unit")
    other = (
        assessment.west_group
        if direct.group_id == assessment.east_group.pk
        else assessment.east_group
    )
    services.assignment_move(acting_user=cast.city, assignment=direct, group=other)
    assert groups_of(assessment)["Direct Unit"] == other.name
    assert AuditEvent.objects.filter(action="assessment.assignment_move").count() == 1


def test_an_assessor_cannot_assign(cast, assessment):
    with pytest.raises(PermissionDenied):
        services.assignment_generate(acting_user=cast.assessor, round_=assessment.round)


def recheck(cast, assessment, ratio="0.5"):
    round_ = services.round_create(
        acting_user=cast.city,
        campaign=assessment.setup.campaign,
        kind="city_recheck",
        name="市级复核",
    )
    return services.round_sampling_set(
        acting_user=cast.city, round_=round_, stratum_kind="county", default_ratio=ratio, ratios={}
    )


def test_sample_is_drawn_once_and_reproducible_from_the_stored_seed(cast, assessment):
    round_ = recheck(cast, assessment)
    drawn = commit_and_draw(cast.city, round_)
    round_.refresh_from_db()
    assert len(round_.seed) == 64
    # east 3 → 2, west 2 → 1, city 1 → 1 (ceil of half each)
    assert [(s.population, s.size) for s in drawn.strata] == [(1, 1), (3, 2), (2, 1)]
    stored = set(SampleEntry.objects.filter(round=round_).values_list("application_id", flat=True))
    assert stored == {int(i) for i in drawn.chosen}
    with pytest.raises(ValidationError) as error:
        services.sample_draw(acting_user=cast.city, round_=round_, public_numbers="1 2 3")
    assert error.value.messages == ["样本已抽取，不能重新抽取；需要更多样本时请提高抽查比例。"]
    round_.refresh_from_db()
    assert services.sample_recompute(round_) == drawn
    assert AuditEvent.objects.filter(action="assessment.sample_draw").count() == 1


def test_ratios_cannot_change_after_the_draw(cast, assessment):
    round_ = recheck(cast, assessment)
    commit_and_draw(cast.city, round_)
    with pytest.raises(ValidationError) as error:
        services.round_sampling_set(
            acting_user=cast.city, round_=round_, stratum_kind="award", default_ratio="1", ratios={}
        )
    assert error.value.messages == ["样本已抽取，抽查比例不能再改。"]


def test_a_sampled_round_assigns_only_its_sample(cast, assessment, world):
    round_ = recheck(cast, assessment, ratio="0.5")
    commit_and_draw(cast.city, round_)
    city_group = services.group_create(acting_user=cast.city, round_=round_, name="City group")
    generated = services.assignment_generate(acting_user=cast.city, round_=round_)
    assert generated.count == 4
    assert set(Assignment.objects.filter(round=round_).values_list("group", flat=True)) == {
        city_group.pk
    }


def assigned(cast, assessment, name="West Unit"):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    return assessment.assignment(name)  # West Unit goes to the east group (cast.assessor)


def test_assessor_of_the_assigned_group_marks_and_saving_again_is_idempotent(cast, assessment):
    assignment = assigned(cast, assessment)
    saved = services.mark_save(
        acting_user=cast.assessor,
        assignment=assignment,
        clause_key="1.1",
        method="material",
        points="1.5",
    )
    assert saved.changed
    again = services.mark_save(
        acting_user=cast.assessor,
        assignment=assignment,
        clause_key="1.1",
        method="material",
        points="1.50",
    )
    assert not again.changed
    mark = Mark.objects.get()
    assert mark.points == Decimal("1.5")
    assert mark.framework == assessment.setup.framework
    assert AuditEvent.objects.filter(action="assessment.mark_save").count() == 1


def test_assessor_of_another_group_cannot_mark(cast, assessment):
    assignment = assigned(cast, assessment)
    with pytest.raises(PermissionDenied):
        services.mark_save(
            acting_user=assessment.west_assessor,
            assignment=assignment,
            clause_key="1.1",
            method="material",
            points="1",
        )
    assert not Mark.objects.exists()


def test_marks_after_the_deadline_are_refused(cast, assessment):
    assignment = assigned(cast, assessment)
    stage = Stage.objects.get(campaign=assessment.setup.campaign, kind="assessment")
    stage.closes_at = timezone.now() - timedelta(seconds=1)
    stage.save()
    with pytest.raises(StageClosed) as error:
        services.mark_save(
            acting_user=cast.assessor,
            assignment=assignment,
            clause_key="1.1",
            method="material",
            points="1",
        )
    assert "测评阶段已于" in error.value.messages[0]
    assert "逾期不予受理" in error.value.messages[0]
    assert not Mark.objects.exists()


@pytest.mark.parametrize(
    ("clause", "method", "points", "message"),
    [
        ("1.1", "material", "2.5", "评分要点 1.1 的得分应在 0 到 2 之间。"),
        ("1.1", "material", "0.3", "得分须为 0.5 的整数倍。"),
        ("1.1", "onsite", "1", "评分要点 1.1 不采用“实地考察”方式。"),
        ("99.9", "material", "1", "测评体系中没有需要评分的要点“99.9”。"),
        ("1.1", "material", "abc", "得分“abc”不是数字。"),
    ],
)
def test_marks_outside_the_framework_are_refused(cast, assessment, clause, method, points, message):
    assignment = assigned(cast, assessment)
    with pytest.raises(ValidationError) as error:
        services.mark_save(
            acting_user=cast.assessor,
            assignment=assignment,
            clause_key=clause,
            method=method,
            points=points,
        )
    assert error.value.messages == [message]


def test_on_site_and_material_marks_are_kept_apart(cast, assessment):
    assignment = assigned(cast, assessment)
    for method, points in (("material", "1"), ("onsite", "2")):
        services.mark_save(
            acting_user=cast.assessor,
            assignment=assignment,
            clause_key="4.1",
            method=method,
            points=points,
        )
    assert dict(Mark.objects.values_list("method", "points")) == {
        "material": Decimal("1"),
        "onsite": Decimal("2"),
    }


def test_a_member_who_declared_a_conflict_cannot_mark(cast, assessment):
    assignment = assigned(cast, assessment)
    colleague = with_role(UserFactory(username="colleague"), Role.ASSESSOR)
    member = services.group_member_add(
        acting_user=cast.city, group=assessment.east_group, user=colleague
    )
    services.conflict_declare(
        acting_user=colleague, application=assignment.application, member=member, reason="亲属"
    )
    with pytest.raises(PermissionDenied):
        services.mark_save(
            acting_user=colleague,
            assignment=assignment,
            clause_key="1.1",
            method="material",
            points="1",
        )


def test_only_assessors_join_groups(cast, assessment):
    with pytest.raises(ValidationError) as error:
        services.group_member_add(
            acting_user=cast.city, group=assessment.east_group, user=cast.county
        )
    assert error.value.messages == ["county 不是考核人员，不能加入考核组。"]


def test_visit_records_the_four_steps_and_the_checklist(cast, assessment):
    assignment = assigned(cast, assessment)
    checklist = assessment.round.checklist
    visit = services.assignment_visit_record(
        acting_user=cast.assessor,
        assignment=assignment,
        steps={"report": {"done": True, "notes": "汇报 20 分钟"}, "site": {"done": True}},
        checklist={checklist[0]: True},
    )
    visit.refresh_from_db()
    assert (visit.report_done, visit.files_done, visit.site_done) == (True, False, True)
    assert visit.site_checklist[checklist[0]] is True
    assert visit.site_checklist[checklist[1]] is False
    with pytest.raises(PermissionDenied):
        services.assignment_visit_record(
            acting_user=assessment.west_assessor, assignment=assignment
        )
