"""The recommending unit's review page, the recommendation report and the office's quota
dashboard, as their users see them."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from tests.campaigns.conftest import complete
from tests.conftest import login
from tests.factories import (
    BodyFactory,
    OrganizationFactory,
    RegionFactory,
    UserFactory,
    reach_stage,
    with_role,
)

from wenming.accounts.models import Role
from wenming.campaigns import services
from wenming.campaigns.models import Application, Quota, QuotaChange, Stage
from wenming.demo.later import STAMPED_PDF


def received(setup, names, **where):
    """Submitted applications for 市级文明单位 of new organizations at ``where``."""
    out = []
    for name in names:
        org = OrganizationFactory(name=name, **where)
        user = with_role(UserFactory(), Role.APPLICANT, organization=org)
        application = services.application_start(
            acting_user=user, campaign=setup.campaign, award=setup.unit, organization=org
        )
        complete(application, user)
        services.application_submit(acting_user=user, application=application)
        out.append(application)
    return out


def review_url(setup):
    return reverse("campaigns:review", args=[setup.campaign.pk])


def recommend_url(setup):
    return reverse("campaigns:recommend", args=[setup.campaign.pk, setup.unit.pk])


def decide(applications, unit, **decisions):
    """The review form as posted: each application's order and decision."""
    data = {"unit": unit}
    for rank, application in enumerate(applications, start=1):
        data[f"rank-{application.pk}"] = str(rank)
        data[f"decision-{application.pk}"] = decisions.get(application.organization.name, "")
    return data


def statuses():
    return dict(Application.objects.values_list("organization__name", "status"))


def test_county_sees_its_own_applications_only(world, cast, campaign, client):
    received(campaign, ["东岗小学", "东城医院"], region=world.east)
    received(campaign, ["西山中学"], region=world.west)
    login(client, cast.county)
    text = client.get(review_url(campaign)).content.decode()
    assert "East County文明办" in text
    assert "东岗小学" in text
    assert "东城医院" in text
    assert "西山中学" not in text
    assert "名额 <strong>2</strong>" in text


def test_staff_of_an_office_and_a_body_see_both_units(world, cast, campaign, client):
    received(campaign, ["东岗小学"], region=world.east)
    received(campaign, ["教育局下属学校"], region=world.west, body=world.education)
    both = with_role(cast.county, Role.BODY, body=world.education)
    login(client, both)
    text = client.get(review_url(campaign)).content.decode()
    assert "East County文明办" in text
    assert "Education Bureau" in text
    assert "东岗小学" in text
    assert "教育局下属学校" in text


def test_running_office_reviews_direct_applicants(world, cast, campaign, client):
    received(campaign, ["市直企业"], region=world.city, applies_directly=True)
    login(client, cast.city)
    text = client.get(review_url(campaign)).content.decode()
    assert "City文明办（直接申报单位）" in text
    assert "市直企业" in text


@pytest.mark.parametrize("who", ["applicant", "assessor", "reviewer", "nobody"])
def test_others_are_refused_the_review_page_and_report(world, cast, campaign, client, who):
    login(client, getattr(cast, who))
    assert client.get(review_url(campaign)).status_code == 403
    report = reverse("campaigns:report", args=[campaign.campaign.pk, "pdf"])
    assert client.get(report).status_code == 403


def test_another_county_cannot_recommend_for_the_east(world, cast, campaign, client):
    (a,) = received(campaign, ["东岗小学"], region=world.east)
    west = with_role(UserFactory(), Role.OFFICE, region=world.west)
    login(client, west)
    data = decide([a], f"region-{world.east.pk}", 东岗小学="recommended")
    assert client.post(recommend_url(campaign), data).status_code == 403
    assert statuses()["东岗小学"] == "submitted"


def test_unknown_campaign_is_not_found(cast, client):
    login(client, cast.county)
    assert client.get(reverse("campaigns:review", args=[999])).status_code == 404


def test_recommending_within_the_quota_through_the_page(world, cast, campaign, client):
    a, b, c = received(campaign, ["甲单位", "乙单位", "丙单位"], region=world.east)
    reach_stage(campaign.campaign, "recommendation")
    login(client, cast.county)
    data = decide([a, b, c], f"region-{world.east.pk}", 甲单位="alternate", 乙单位="recommended")
    data |= {f"rank-{b.pk}": "1", f"rank-{a.pk}": "2", f"rank-{c.pk}": "3"}
    data[f"decision-{c.pk}"] = "recommended"
    response = client.post(recommend_url(campaign), data, follow=True)
    text = response.content.decode()
    assert "已推荐 2 个，备选 1 个" in text
    assert statuses() == {"甲单位": "alternate", "乙单位": "recommended", "丙单位": "recommended"}
    ranks = dict(Application.objects.values_list("organization__name", "rank"))
    assert (ranks["乙单位"], ranks["丙单位"], ranks["甲单位"]) == (1, 2, 1)
    # The page now lists the recommended first, in their order.
    assert text.index("乙单位") < text.index("丙单位") < text.index("甲单位")


def test_recommending_beyond_the_quota_shows_it_and_saves_nothing(world, cast, campaign, client):
    apps = received(campaign, ["甲单位", "乙单位", "丙单位"], region=world.east)
    reach_stage(campaign.campaign, "recommendation")
    login(client, cast.county)
    everyone = dict.fromkeys(["甲单位", "乙单位", "丙单位"], "recommended")
    response = client.post(
        recommend_url(campaign), decide(apps, f"region-{world.east.pk}", **everyone)
    )
    text = response.content.decode()
    assert "超出名额" in text
    assert "未保存" in text
    assert set(statuses().values()) == {"submitted"}
    # What the reviewer chose is still on the form to correct.
    assert text.count('value="recommended" selected') == 3


def test_recommending_after_the_deadline_shows_the_deadline(world, cast, campaign, client):
    (a,) = received(campaign, ["甲单位"], region=world.east)
    reach_stage(campaign.campaign, "recommendation")
    stage = Stage.objects.get(campaign=campaign.campaign, kind="recommendation")
    stage.closes_at = timezone.now() - timedelta(minutes=1)
    stage.save()
    login(client, cast.county)
    response = client.post(
        recommend_url(campaign), decide([a], f"region-{world.east.pk}", 甲单位="recommended")
    )
    assert "逾期不予受理" in response.content.decode()
    assert statuses()["甲单位"] == "submitted"


def test_returning_needs_a_comment(world, cast, campaign, client):
    (a,) = received(campaign, ["甲单位"], region=world.east)
    login(client, cast.county)
    url = reverse("campaigns:return", args=[a.pk])
    text = client.post(url, {"comment": "  "}).content.decode()
    assert "退回修改必须写明意见" in text
    assert statuses()["甲单位"] == "submitted"
    text = client.post(url, {"comment": "请补充志愿服务照片"}, follow=True).content.decode()
    assert "已退回修改" in text
    assert "请补充志愿服务照片" in text
    assert statuses()["甲单位"] == "returned"


def test_stamped_report_must_be_a_pdf_and_names_the_person(world, cast, campaign, client):
    reach_stage(campaign.campaign, "recommendation")
    login(client, cast.county)
    url = reverse("campaigns:recommendation", args=[campaign.campaign.pk])
    fake = SimpleUploadedFile("report.pdf", b"GIF89a not a pdf", content_type="application/pdf")
    text = client.post(url, {"responsible_person": "赵文华", "stamped_pdf": fake}).content.decode()
    assert "必须是 PDF 文件" in text
    # A whole PDF: a truncated one is refused (tests/security/test_hostile_evidence.py).
    stamped = SimpleUploadedFile("scan.pdf", STAMPED_PDF, content_type="application/pdf")
    response = client.post(
        url, {"responsible_person": "赵文华", "stamped_pdf": stamped}, follow=True
    )
    assert "推荐责任人：赵文华" in response.content.decode()


def quotas_url(setup):
    return reverse("campaigns:quotas", args=[setup.campaign.pk])


def east_cell(text):
    """The east county's row of the dashboard, as text."""
    start = text.index("East County文明办")
    return text[start : text.index("</tr>", start)]


def test_dashboard_numbers_go_up_by_one_after_a_recommendation(world, cast, campaign, client):
    a, b = received(campaign, ["甲单位", "乙单位"], region=world.east)
    reach_stage(campaign.campaign, "recommendation")
    login(client, cast.city)
    before = client.get(quotas_url(campaign)).content.decode()
    assert "<strong>0</strong>" in east_cell(before)
    services.recommend(
        acting_user=cast.county, award=campaign.unit, recommended=[a], region=world.east
    )
    after = client.get(quotas_url(campaign)).content.decode()
    assert "<strong>1</strong>" in east_cell(after)
    assert "cell-under" in east_cell(after)  # one place left
    services.recommend(
        acting_user=cast.county, award=campaign.unit, recommended=[a, b], region=world.east
    )
    assert "cell-full" in east_cell(client.get(quotas_url(campaign)).content.decode())


def test_dashboard_highlights_a_unit_over_its_quota(world, cast, campaign, client):
    a, b = received(campaign, ["甲单位", "乙单位"], region=world.east)
    reach_stage(campaign.campaign, "recommendation")
    services.recommend(
        acting_user=cast.county, award=campaign.unit, recommended=[a, b], region=world.east
    )
    # Places taken away behind the service's back (a data repair): the office must see it.
    Quota.objects.filter(award=campaign.unit, region=world.east).update(places=1)
    login(client, cast.city)
    assert "cell-over" in east_cell(client.get(quotas_url(campaign)).content.decode())


@pytest.mark.parametrize("who", ["county", "body", "applicant"])
def test_dashboard_is_the_running_offices(world, cast, campaign, client, who):
    login(client, getattr(cast, who))
    assert client.get(quotas_url(campaign)).status_code == 403


def dashboard_queries(client, setup, office_staff, numbers):
    for i in numbers:
        body = BodyFactory(name=f"部门{i}", region=setup.campaign.office)
        services.quota_set(
            acting_user=office_staff, award=setup.unit, places=1, reason="r", body=body
        )
        received(setup, [f"部门{i}下属单位"], region=setup.campaign.office, body=body)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(quotas_url(setup))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_dashboard_runs_the_same_queries_with_2_and_20_bodies_added(world, cast, campaign, client):
    login(client, cast.city)
    few, _text = dashboard_queries(client, campaign, cast.city, range(2))
    many, text = dashboard_queries(client, campaign, cast.city, range(2, 20))
    assert text.count('class="unit-row"') == 3 + 20  # east, west, education + the new ones
    assert few == many


def test_review_page_runs_the_same_queries_for_2_and_12_applications(world, cast, campaign, client):
    login(client, cast.county)
    received(campaign, ["甲", "乙"], region=world.east)
    with CaptureQueriesContext(connection) as few:
        client.get(review_url(campaign))
    received(campaign, [f"单位{i}" for i in range(10)], region=world.east)
    region = RegionFactory(name="North County", parent=world.city)
    with_role(cast.county, Role.OFFICE, region=region)
    with CaptureQueriesContext(connection) as many:
        text = client.get(review_url(campaign)).content.decode()
    assert "单位9" in text
    assert "North County文明办" in text
    assert len(few) == len(many)


def test_quota_change_needs_a_reason_and_shows_in_the_history(world, cast, campaign, client):
    login(client, cast.city)
    url = reverse("campaigns:quota_change", args=[campaign.campaign.pk, campaign.unit.pk])
    post = {"unit": f"region-{world.east.pk}", "places": "1", "kind": "penalty", "reason": ""}
    text = client.post(url, post).content.decode()
    assert "调整名额必须说明原因" in text
    assert QuotaChange.objects.filter(kind="penalty").count() == 0
    post["reason"] = "上届交叉互检不规范"
    text = client.post(url, post, follow=True).content.decode()
    assert "名额已调整为 1 个" in text
    history = text[text.index("名额调整记录") :]
    assert "上届交叉互检不规范" in history
    assert "扣减（问责）" in history


def test_quota_below_what_is_recommended_is_refused(world, cast, campaign, client):
    a, b = received(campaign, ["甲单位", "乙单位"], region=world.east)
    reach_stage(campaign.campaign, "recommendation")
    services.recommend(
        acting_user=cast.county, award=campaign.unit, recommended=[a, b], region=world.east
    )
    login(client, cast.city)
    url = reverse("campaigns:quota_change", args=[campaign.campaign.pk, campaign.unit.pk])
    post = {"unit": f"region-{world.east.pk}", "places": "1", "kind": "penalty", "reason": "扣减"}
    text = client.post(url, post).content.decode()
    assert "名额不能少于已推荐数" in text


def test_office_decides_a_pending_exceptional_application(world, cast, campaign, client):
    (a,) = received(campaign, ["甲单位"], region=world.east)
    Application.objects.filter(pk=a.pk).update(exceptional="pending", justification="获全国先进")
    login(client, cast.city)
    text = client.get(quotas_url(campaign)).content.decode()
    assert "获全国先进" in text
    url = reverse("campaigns:exceptional", args=[a.pk])
    text = client.post(url, {"decision": "approve"}, follow=True).content.decode()
    assert "已批准破格申报：甲单位" in text
    assert "没有待审批的破格申报" in text
    login(client, cast.county)
    assert client.post(url, {"decision": "refuse"}).status_code == 403
