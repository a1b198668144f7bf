"""批量退回 on the review page: the ticked applications go back with one comment, in one
transaction with an audit event each; a refusal leaves every one as it was."""

from django.urls import reverse
from tests.campaigns.test_review_pages import received, review_url
from tests.conftest import login

from wenming.audit.models import AuditEvent
from wenming.campaigns.models import Application


def statuses():
    return dict(Application.objects.values_list("organization__name", "status"))


def test_office_returns_three_with_one_comment(world, cast, campaign, client):
    apps = received(campaign, ["甲单位", "乙单位", "丙单位", "丁单位"], region=world.east)
    login(client, cast.county)
    page = client.get(review_url(campaign)).content.decode()
    assert "退回所选申报" in page
    assert page.count('name="application"') == 4
    url = reverse("campaigns:return_many", args=[campaign.campaign.pk])
    response = client.post(
        url,
        {"application": [a.pk for a in apps[:3]], "comment": "请补充照片"},
        follow=True,
    )
    text = response.content.decode()
    assert "已退回 3 个申报修改：" in text
    assert statuses() == {
        "甲单位": "returned",
        "乙单位": "returned",
        "丙单位": "returned",
        "丁单位": "submitted",
    }
    assert set(Application.objects.filter(status="returned").values_list("comment", flat=True)) == {
        "请补充照片"
    }
    assert AuditEvent.objects.filter(action="application.return").count() == 3


def test_return_many_needs_a_comment_and_a_tick(world, cast, campaign, client):
    apps = received(campaign, ["甲单位", "乙单位"], region=world.east)
    login(client, cast.county)
    url = reverse("campaigns:return_many", args=[campaign.campaign.pk])
    text = client.post(
        url, {"application": [a.pk for a in apps], "comment": " "}, follow=True
    ).content.decode()
    assert "退回修改必须写明意见" in text
    text = client.post(url, {"comment": "请补充"}, follow=True).content.decode()
    assert "请先勾选要退回的申报" in text
    assert set(statuses().values()) == {"submitted"}


def test_one_that_cannot_be_returned_leaves_all_unreturned(world, cast, campaign, client):
    apps = received(campaign, ["甲单位", "乙单位"], region=world.east)
    login(client, cast.county)
    client.post(reverse("campaigns:return", args=[apps[1].pk]), {"comment": "先退回"})
    url = reverse("campaigns:return_many", args=[campaign.campaign.pk])
    client.post(url, {"application": [a.pk for a in apps], "comment": "再退回"}, follow=True)
    assert statuses() == {"甲单位": "submitted", "乙单位": "returned"}
    assert AuditEvent.objects.filter(action="application.return").count() == 1


def test_another_countys_application_is_refused(world, cast, campaign, client):
    (west,) = received(campaign, ["西单位"], region=world.west)
    login(client, cast.county)
    url = reverse("campaigns:return_many", args=[campaign.campaign.pk])
    response = client.post(url, {"application": [west.pk], "comment": "越权"})
    assert response.status_code == 403
    assert statuses()["西单位"] == "submitted"
