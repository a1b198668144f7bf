"""Assessment pages: the board, sampling and its verification, the assessor's list and
the marking page with its save endpoint."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.assessment.conftest import give_full
from tests.assessment.drawing import commit
from tests.conftest import login
from tests.factories import OrganizationFactory

from wenming.assessment import services
from wenming.assessment.models import Mark
from wenming.assessment.todo import assessor_todo
from wenming.campaigns.models import Application, SelfMark


def test_board_shows_groups_with_their_applicants_and_loads(client, cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    login(client, cast.city)
    page = client.get(f"/assessment/rounds/{assessment.round.pk}/").content.decode()
    assert "East group" in page
    assert "West group" in page
    assert page.count('class="load"') == 2
    assert page.count('<span class="load" title="任务数">3</span>') == 2
    assert "回避冲突" not in page


def test_board_flags_an_assignment_that_breaks_a_later_conflict(client, cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    west_unit = assessment.apps["West Unit"]
    services.conflict_declare(
        acting_user=cast.city, application=west_unit, group=assessment.east_group, reason="曾任职"
    )
    login(client, cast.city)
    page = client.get(f"/assessment/rounds/{assessment.round.pk}/").content.decode()
    assert "1 项分配与回避声明冲突" in page
    assert "曾任职" in page


def test_refused_hand_change_shows_the_rule(client, cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    login(client, cast.city)
    response = client.post(
        f"/assessment/rounds/{assessment.round.pk}/move/",
        {"assignment": assessment.assignment("East Unit").pk, "group": assessment.east_group.pk},
        follow=True,
    )
    assert "交叉互检不能查本县" in response.content.decode()


def test_assessors_and_other_offices_cannot_open_the_board(client, cast, assessment):
    for user in (cast.assessor, cast.county):
        login(client, user)
        assert client.get(f"/assessment/rounds/{assessment.round.pk}/").status_code == 403


def test_board_runs_a_constant_number_of_queries(client, cast, assessment, world):
    login(client, cast.city)
    url = f"/assessment/rounds/{assessment.round.pk}/"
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(8):
        org = OrganizationFactory(name=f"More {n}", region=world.west if n % 2 else world.east)
        Application.objects.create(
            campaign=assessment.setup.campaign,
            award=assessment.setup.unit,
            organization=org,
            status="recommended",
            region=org.region,
            created_by=cast.city,
        )
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_sampling_page_shows_the_seed_and_verify_recomputes_it(client, cast, assessment):
    round_ = services.round_create(
        acting_user=cast.city, campaign=assessment.setup.campaign, kind="city_recheck", name="复核"
    )
    login(client, cast.city)
    url = f"/assessment/rounds/{round_.pk}/sample/"
    client.post(url, {"stratum_kind": "county", "default_ratio": "0.5"})
    client.post(
        url,
        {
            "commit": "1",
            "seed_source": "双色球开奖号码",
            "seed_draw_on": timezone.localdate().isoformat(),
        },
    )
    client.post(url, {"draw": "1", "public_numbers": "03 07 12 19 25 31 09"})
    round_.refresh_from_db()
    page = client.get(url).content.decode()
    assert round_.seed in page
    assert "共抽取 4 个，总体 6 个" in page
    login(client, cast.assessor)  # anyone with a role may verify
    verify = client.get(f"/assessment/rounds/{round_.pk}/sample/verify/").content.decode()
    assert "重新计算的样本与保存的样本一致。" in verify
    other = client.get(f"/assessment/rounds/{round_.pk}/sample/verify/?seed=0").content.decode()
    assert "您输入的不是保存的种子。" in other


def test_assessor_sees_only_its_groups_applicants(client, cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    login(client, cast.assessor)
    page = client.get("/assessment/").content.decode()
    assert "West Unit" in page
    assert "West School" in page
    assert "East Unit" not in page
    assert "已评 0 / " in page
    east_unit = assessment.assignment("East Unit")
    assert client.get(f"/assessment/assignments/{east_unit.pk}/").status_code == 403


def test_assessor_list_runs_a_constant_number_of_queries(client, cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    login(client, cast.assessor)
    with CaptureQueriesContext(connection) as queries:
        client.get("/assessment/")
    round2 = services.round_create(
        acting_user=cast.city, campaign=assessment.setup.campaign, kind="city_recheck", name="复核"
    )
    group = services.group_create(acting_user=cast.city, round_=round2, name="City group")
    services.group_member_add(acting_user=cast.city, group=group, user=cast.assessor)
    services.assignment_generate(acting_user=cast.city, round_=round2)
    with CaptureQueriesContext(connection) as more:
        page = client.get("/assessment/").content.decode()
    assert page.count('class="my-row"') == 9
    assert len(more) == len(queries)


def test_marking_page_shows_the_self_mark_and_saves_a_mark(client, cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    assignment = assessment.assignment("West Unit")
    SelfMark.objects.create(
        application=assignment.application, clause_key="1.1", points="1.5", narrative="学习笔记"
    )
    login(client, cast.assessor)
    page = client.get(f"/assessment/assignments/{assignment.pk}/").content.decode()
    assert "学习笔记" in page
    assert 'data-clause="4.1" data-method="onsite"' in page
    assert 'data-clause="1.1" data-method="onsite"' not in page
    assert "assessment/marking.js" in page
    url = f"/assessment/assignments/{assignment.pk}/marks/"
    ok = client.post(url, {"clause": "1.1", "method": "material", "points": "2"})
    assert ok.json() == {"clause": "1.1", "method": "material", "points": "2.00"}
    refused = client.post(url, {"clause": "1.1", "method": "material", "points": "3"})
    assert refused.status_code == 400
    assert refused.json() == {"error": "评分要点 1.1 的得分应在 0 到 2 之间。"}
    assert Mark.objects.get().points == 2
    login(client, assessment.west_assessor)
    assert (
        client.post(url, {"clause": "1.2", "method": "material", "points": "1"}).status_code == 403
    )


def test_drawing_the_sample_asks_first_and_says_it_cannot_be_redrawn(client, cast, assessment):
    round_ = services.round_create(
        acting_user=cast.city, campaign=assessment.setup.campaign, kind="city_recheck", name="复核"
    )
    login(client, cast.city)
    page = client.get(f"/assessment/rounds/{round_.pk}/sample/").content.decode()
    assert 'name="commit" value="1" data-confirm="候选名单只公布一次' in page
    commit(cast.city, round_, source="双色球")
    page = client.get(f"/assessment/rounds/{round_.pk}/sample/").content.decode()
    assert 'name="draw" value="1" data-confirm="样本只抽取一次' in page
    assert "不能重新抽取" in page


def test_the_ranking_page_warns_before_ranking(client, cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    for name in ("West Unit", "West School"):  # the east group assesses the west
        give_full(assessment.round, assessment.apps[name], cast.assessor)
    campaign = assessment.setup.campaign
    login(client, cast.city)
    page = client.get(f"/assessment/campaigns/{campaign.pk}/ranking/").content.decode()
    warnings = page[page.index("计算排名前请注意") : page.index('class="toolbar"')]
    assert "评分不完整的申报（4 个）" in warnings
    assert "<strong>East Unit</strong>：交叉互检：west_assessor 已评 0 / " in warnings
    assert "<strong>West Unit</strong>：交叉互检" not in warnings
    assert "问卷类指标无法计算的申报（6 个）" in warnings
    assert "第 15 条（群众满意度）：问卷无人作答，无法计算" in warnings
    assert "第 38 条（职工参与率、职工满意率、职工支持率）" in warnings


def test_the_ranking_warnings_name_a_recorded_reason(client, cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    services.mark_set_waive(
        acting_user=cast.city,
        round=assessment.round,
        application=assessment.apps["East Unit"],
        assessor=assessment.west_assessor,
        reason="因病缺席",
    )
    login(client, cast.city)
    page = client.get(
        f"/assessment/campaigns/{assessment.setup.campaign.pk}/ranking/"
    ).content.decode()
    assert "（已登记缺评原因：因病缺席）" in page


def test_an_assessors_home_lists_marks_still_to_give(client, cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    give_full(assessment.round, assessment.apps["West Unit"], cast.assessor)
    assignment = assessment.assignment("West School")
    login(client, cast.assessor)
    page = client.get("/").content.decode()
    assert "West School：评分待完成" in page
    assert f"/assessment/assignments/{assignment.pk}/" in page
    assert "West Unit：评分待完成" not in page
    assert "交叉互检 · East group，已评 0 / " in page


def test_the_assessors_todo_runs_constant_queries(cast, assessment, django_assert_max_num_queries):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    with CaptureQueriesContext(connection) as few:
        assert len(assessor_todo(cast.assessor)) == 3
    round2 = services.round_create(
        acting_user=cast.city, campaign=assessment.setup.campaign, kind="city_recheck", name="复核"
    )
    group = services.group_create(acting_user=cast.city, round_=round2, name="City group")
    services.group_member_add(acting_user=cast.city, group=group, user=cast.assessor)
    services.assignment_generate(acting_user=cast.city, round_=round2)
    cast.assessor.refresh_from_db()
    with django_assert_max_num_queries(len(few)):
        items = assessor_todo(cast.assessor)
    assert len(items) == 9
    assert all(item.count > 0 and item.group == "测评" for item in items)
