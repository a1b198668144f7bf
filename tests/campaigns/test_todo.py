"""待办 of campaigns: the applicant's drafts and returned applications, the recommending
unit's applications to review and places left, each with its link, in constant queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.campaigns.conftest import complete
from tests.conftest import login
from tests.factories import OrganizationFactory, UserFactory, reach_stage, with_role

from wenming.accounts.models import Role
from wenming.campaigns import services
from wenming.campaigns.todo import applicant_todo, recommending_unit_todo


def submitted(setup, world, names):
    out = []
    for name in names:
        org = OrganizationFactory(name=name, region=world.east)
        user = with_role(UserFactory(), Role.APPLICANT, organization=org)
        application = services.application_start(
            acting_user=user, campaign=setup.campaign, award=setup.unit, organization=org
        )
        complete(application, user)
        services.application_submit(acting_user=user, application=application)
        out.append(application)
    return out


def test_applicant_sees_its_draft_and_returned_applications_with_links(world, cast, campaign):
    draft = services.application_start(
        acting_user=cast.applicant,
        campaign=campaign.campaign,
        award=campaign.unit,
        organization=world.east_unit,
    )
    lines = applicant_todo(cast.applicant)
    assert [(t.label, t.count, t.url) for t in lines] == [
        (
            "填报中：East Unit · 市级文明单位",
            1,
            reverse("campaigns:application", args=[draft.pk]),
        )
    ]
    assert lines[0].group == "申报"
    complete(draft, cast.applicant)
    services.application_submit(acting_user=cast.applicant, application=draft)
    assert applicant_todo(cast.applicant) == []
    services.application_return(acting_user=cast.county, application=draft, comment="补材料")
    (line,) = applicant_todo(cast.applicant)
    assert line.label == "退回修改：East Unit · 市级文明单位"
    assert line.urgent is True


def test_nothing_waits_for_an_applicant_once_the_application_stage_closed(world, cast, campaign):
    services.application_start(
        acting_user=cast.applicant,
        campaign=campaign.campaign,
        award=campaign.unit,
        organization=world.east_unit,
    )
    reach_stage(campaign.campaign, "recommendation")
    assert applicant_todo(cast.applicant) == []


def test_county_sees_applications_to_review_and_places_left(world, cast, campaign):
    a, _b, _c = submitted(campaign, world, ["甲单位", "乙单位", "丙单位"])
    reach_stage(campaign.campaign, "recommendation")
    review = reverse("campaigns:review", args=[campaign.campaign.pk])
    lines = {t.label: t for t in recommending_unit_todo(cast.county)}
    assert (lines["待审核推荐的申报"].count, lines["待审核推荐的申报"].url) == (3, review)
    assert lines["剩余名额：市级文明单位"].count == 2
    assert "East County文明办，名额 2 个" in lines["剩余名额：市级文明单位"].detail
    services.recommend(
        acting_user=cast.county, award=campaign.unit, recommended=[a], region=world.east
    )
    lines = {t.label: t for t in recommending_unit_todo(cast.county)}
    assert lines["待审核推荐的申报"].count == 2
    assert lines["剩余名额：市级文明单位"].count == 1


def test_the_body_sees_its_own_quota_and_not_the_countys(world, cast, campaign):
    submitted(campaign, world, ["甲单位"])
    lines = recommending_unit_todo(cast.body)
    assert [(t.label, t.count) for t in lines] == [("剩余名额：市级文明单位", 2)]
    assert "Education Bureau" in lines[0].detail


def test_a_closed_recommendation_stage_leaves_nothing_to_do(world, cast, campaign):
    submitted(campaign, world, ["甲单位"])
    reach_stage(campaign.campaign, "assessment")
    assert recommending_unit_todo(cast.county) == []


def mine(user) -> tuple[int, list]:
    """This app's lines for a freshly read user, and the queries they took."""
    fresh = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as queries:
        lines = applicant_todo(fresh) + recommending_unit_todo(fresh)
    return len(queries), lines


def test_providers_run_the_same_queries_for_few_and_many(world, cast, campaign):
    submitted(campaign, world, ["甲"])
    user = with_role(cast.county, Role.APPLICANT, organization=world.east_unit)
    services.application_start(
        acting_user=user,
        campaign=campaign.campaign,
        award=campaign.unit,
        organization=world.east_unit,
    )
    few, _lines = mine(user)
    submitted(campaign, world, [f"单位{i}" for i in range(6)])
    services.quota_set(
        acting_user=cast.city, award=campaign.unit_model, places=1, reason="r", region=world.east
    )
    many, lines = mine(user)
    assert {t.label for t in lines} >= {
        "填报中：East Unit · 市级文明单位",
        "待审核推荐的申报",
        "剩余名额：市级文明单位标兵",
    }
    assert few == many


def test_home_page_lists_the_applicants_draft(world, cast, campaign, client):
    services.application_start(
        acting_user=cast.applicant,
        campaign=campaign.campaign,
        award=campaign.unit,
        organization=world.east_unit,
    )
    login(client, cast.applicant)
    text = client.get("/").text
    assert "填报中：East Unit · 市级文明单位" in text


def test_applicant_is_called_to_apply_while_a_campaign_over_its_region_takes_applications(
    world, cast, campaign
):
    (line,) = applicant_todo(cast.applicant)
    assert (line.label, line.count, line.url) == (
        "可申报：East Unit 尚未申报",
        1,
        reverse("campaigns:workspace", args=[campaign.campaign.pk]),
    )
    assert line.group == "申报"
    assert line.detail.startswith(f"{campaign.campaign.name}，申报 ")
    services.application_start(
        acting_user=cast.applicant,
        campaign=campaign.campaign,
        award=campaign.unit,
        organization=world.east_unit,
    )
    assert [t.label for t in applicant_todo(cast.applicant)] == ["填报中：East Unit · 市级文明单位"]
    reach_stage(campaign.campaign, "recommendation")  # applications closed: nothing to apply for
    assert applicant_todo(cast.applicant) == []
