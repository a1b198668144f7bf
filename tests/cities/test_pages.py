"""The 文明城市 pages: the running office sets the weights and shares, enters a county's
review and questionnaire and reads the ranking; everyone else is refused (403), and
nothing they send is saved. Each save is audited."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from tests.cities.workbooks import survey_row, survey_workbook
from tests.conftest import login

from wenming.audit.models import AuditEvent
from wenming.campaigns.models import Campaign
from wenming.cities import services
from wenming.cities.models import QuestionnaireRate, ReviewScore

SETTINGS = {"survey": "50", "review": "30", "questionnaire": "20", "named": "2", "nominated": "1"}


def urls(cities):
    pk, county = cities.campaign.pk, cities.applications[0].pk
    return [
        ("get", reverse("cities:ranking", args=[pk]), {}),
        ("get", reverse("cities:settings", args=[pk]), {}),
        ("post", reverse("cities:settings", args=[pk]), SETTINGS),
        ("get", reverse("cities:survey", args=[pk]), {}),
        ("get", reverse("cities:survey_template", args=[pk]), {}),
        ("get", reverse("cities:county", args=[county]), {}),
        ("post", reverse("cities:county_review", args=[county]), {"item_1": "8", "item_2": "15"}),
        ("post", reverse("cities:county_questionnaire", args=[county]),
         {"rate": "90", "respondents": "100"}),
    ]  # fmt: skip


@pytest.mark.parametrize("who", ["county", "applicant", "assessor", "committee", "nobody"])
def test_only_the_running_office_may_open_or_post(cast, cities, client, who):
    login(client, getattr(cast, who))
    for method, url, data in urls(cities):
        assert getattr(client, method)(url, data).status_code == 403, url
    upload = survey_workbook([survey_row(org, (80, 80, 80)) for org in cities.counties])
    response = client.post(reverse("cities:survey", args=[cities.campaign.pk]), {"file": upload})
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action__startswith="cities.").exists()
    assert Campaign.objects.get(pk=cities.campaign.pk).city_named == 0


def test_the_office_sets_weights_and_shares_shown_on_the_ranking(cast, cities, client):
    login(client, cast.city)
    response = client.post(
        reverse("cities:settings", args=[cities.campaign.pk]), SETTINGS, follow=True
    )
    page = response.content.decode()
    assert "文明城市测评设置已保存。" in page
    assert "实地测评 × <strong>50%</strong>" in page
    assert (
        "综合成绩前 <strong>2</strong> 名为文明城市，其后 <strong>1</strong> 名为提名城市" in page
    )
    saved = Campaign.objects.get(pk=cities.campaign.pk)
    assert (saved.city_weights, saved.city_named, saved.city_nominated) == (
        {"survey": "0.5", "review": "0.3", "questionnaire": "0.2"}, 2, 1,
    )  # fmt: skip
    event = AuditEvent.objects.get(action="cities.settings")
    assert event.before["city_weights"] == {
        "survey": "0.60",
        "review": "0.20",
        "questionnaire": "0.20",
    }
    assert (event.after["city_named"], event.after["city_nominated"]) == (2, 1)


def test_weights_not_summing_to_100_are_refused_and_nothing_saved(cast, cities, client):
    login(client, cast.city)
    response = client.post(
        reverse("cities:settings", args=[cities.campaign.pk]), SETTINGS | {"review": "35"}
    )
    assert "三项权重之和须为 100%（现为 105%）。" in response.content.decode()
    assert Campaign.objects.get(pk=cities.campaign.pk).city_weights["review"] == "0.20"
    assert not AuditEvent.objects.filter(action="cities.settings").exists()


def test_the_review_is_a_share_of_the_framework_maximum(cast, cities, client):
    login(client, cast.city)
    county = cities.applications[0]
    url = reverse("cities:county_review", args=[county.pk])
    response = client.post(url, {"item_1": "8.5", "item_2": "15"}, follow=True)
    assert "材料审核成绩已保存。" in response.content.decode()
    review = ReviewScore.objects.get(application=county)
    assert (review.total, review.score, review.items) == (
        Decimal("23.50"), Decimal("78.33"), {"1": "8.50", "2": "15.00"},
    )  # fmt: skip
    event = AuditEvent.objects.get(action="cities.review")
    assert (event.object_id, event.after["score"]) == (str(county.pk), "78.33")


def test_a_review_item_above_its_points_is_refused(cast, cities):
    with pytest.raises(ValidationError) as refused:
        services.review_record(
            acting_user=cast.city, application=cities.applications[0], items={"1": "11", "2": "5"}
        )
    assert refused.value.messages == ["“1. 组织领导”的得分须在 0 到 10 之间，最多两位小数。"]
    assert not ReviewScore.objects.exists()


def test_the_questionnaire_needs_respondents(cast, cities, client):
    login(client, cast.city)
    county = cities.applications[1]
    url = reverse("cities:county_questionnaire", args=[county.pk])
    client.post(url, {"rate": "92.5", "respondents": "0"})
    assert not QuestionnaireRate.objects.exists()
    client.post(url, {"rate": "92.5", "respondents": "320"})
    rate = QuestionnaireRate.objects.get(application=county)
    assert (rate.rate, rate.respondents) == (Decimal("92.50"), 320)
    client.post(url, {"rate": "93", "respondents": "321"})
    event = AuditEvent.objects.filter(action="cities.questionnaire").latest("id")
    assert (event.before["rate"], event.after["rate"]) == ("92.50", "93.00")


def test_the_ranking_page_lists_parts_missing_and_the_campaign_page_links_it(cast, cities, client):
    login(client, cast.city)
    county = cities.applications[0]
    services.questionnaire_record(
        acting_user=cast.city, application=county, rate="88", respondents=120
    )
    page = client.get(reverse("cities:ranking", args=[cities.campaign.pk])).content.decode()
    assert "还有 6 个县（市、区）成绩不全" in page
    assert "120 人答卷" in page
    assert page.count('badge warn">未导入<') == 6
    detail = client.get(reverse("campaigns:detail", args=[cities.campaign.pk])).content.decode()
    assert reverse("cities:ranking", args=[cities.campaign.pk]) in detail


def test_the_ranking_page_runs_a_fixed_number_of_queries(
    cast, cities, client, django_assert_max_num_queries
):
    login(client, cast.city)
    url = reverse("cities:ranking", args=[cities.campaign.pk])
    client.get(url)
    with django_assert_max_num_queries(25):
        client.get(url)
