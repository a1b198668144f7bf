"""Publicity pages: the public reads and objects with no login (rate-limited, spam-guarded);
the office sees objections and decides them; who may open what."""

import time

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.conftest import login

from wenming.publicity import services
from wenming.publicity.forms import started_token
from wenming.publicity.models import Objection


@pytest.fixture
def publicity(screened, cast):
    return services.publicity_publish(
        acting_user=cast.city,
        campaign=screened.setup.campaign,
        starts_on=timezone.localdate(),
        contact_phone="0737-1234567",
    )


def objection_data(s, **extra):
    return {
        "application": s.apps["East Extra"].pk,
        "reasons": "Noise complaints every night.",
        "contact": "13800000000",
        "website": "",
        "started": started_token(time.time() - 30),
        **extra,
    }


def test_the_public_reads_the_list_and_how_to_object_without_login(client, screened, publicity):
    index = client.get(reverse("publicity:index")).content.decode()
    assert "第二十届市级精神文明建设先进集体推荐考核拟推荐名单公示" in index
    page = client.get(reverse("publicity:detail", args=[publicity.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'href="tel:0737-1234567"' in text
    assert publicity.ends_on.strftime("%Y年%-m月%-d日") in text
    for name in ("East Unit", "East Extra", "West Unit"):
        assert name in text


def test_anyone_lodges_an_objection_and_the_office_sees_it(client, screened, cast, publicity):
    url = reverse("publicity:object", args=[publicity.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, objection_data(screened))
    assert "您的异议已受理" in response.content.decode()
    objection = Objection.objects.get()
    assert (objection.application, objection.status) == (screened.apps["East Extra"], "open")
    login(client, cast.city)
    page = client.get(reverse("publicity:manage", args=[screened.setup.campaign.pk]))
    assert "Noise complaints every night." in page.content.decode()


def test_a_filled_honeypot_or_a_too_quick_submission_is_refused(client, screened, publicity):
    url = reverse("publicity:object", args=[publicity.pk])
    robot = client.post(url, objection_data(screened, website="http://spam.example"))
    assert "提交未成功，请稍后重试。" in robot.content.decode()
    quick = client.post(url, objection_data(screened, started=started_token()))
    assert "提交过快，请核对内容后再提交。" in quick.content.decode()
    assert Objection.objects.count() == 0


def test_objections_are_rate_limited_per_address(client, screened, publicity):
    url = reverse("publicity:object", args=[publicity.pk])
    codes = [client.post(url, objection_data(screened)).status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]
    assert Objection.objects.count() == 5
    other = client.post(url, objection_data(screened), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_an_upheld_objection_shows_the_promoted_alternate(client, screened, cast, publicity):
    objection = services.objection_lodge(
        acting_user=None,
        publicity=publicity,
        application_id=screened.apps["East Extra"].pk,
        reasons="Fraudulent statistics.",
        contact="13900000000",
    )
    login(client, cast.city)
    url = reverse("publicity:objection", args=[objection.pk])
    response = client.post(url, {"upheld": "1", "reply": "Confirmed."}, follow=True)
    text = response.content.decode()
    assert "异议成立" in text
    assert "已由备选单位“East Alt 1”递补" in text
    manage = client.get(reverse("publicity:manage", args=[screened.setup.campaign.pk]))
    assert "已由备选单位“East Alt 1”递补" in manage.content.decode()
    assert (
        "East Extra"
        not in client.get(reverse("publicity:detail", args=[publicity.pk])).content.decode()
    )


def test_only_the_running_office_manages_publicity(client, screened, cast, publicity):
    url = reverse("publicity:manage", args=[screened.setup.campaign.pk])
    assert client.get(url).status_code == 302  # to the login page
    for user, code in [
        (cast.county, 403),
        (cast.reviewer, 403),
        (cast.applicant, 403),
        (cast.city, 200),
    ]:
        login(client, user)
        assert client.get(url).status_code == code


def test_the_public_list_runs_a_constant_number_of_queries(
    client, screened, publicity, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        client.get(reverse("publicity:detail", args=[publicity.pk]))


def test_the_office_enters_a_holiday_year(client, cast):
    login(client, cast.city)
    response = client.post(
        reverse("publicity:holidays"),
        {
            "year": 2027,
            "document_number": "国办发明电〔2026〕7号",
            "days_off": "2027-01-01\n2027-01-05",
            "makeup_workdays": "2027-01-09",
        },
        follow=True,
    )
    assert "已保存2027年节假日安排。" in response.content.decode()


def test_publish_form_offers_today_in_the_date_field(screened, cast, client):
    """Date fields show ISO dates: a browser's date input cannot show 2026/11/26."""
    login(client, cast.city)
    response = client.get(reverse("publicity:manage", args=[screened.setup.campaign.pk]))
    assert f'value="{timezone.localdate().isoformat()}"' in response.content.decode()
