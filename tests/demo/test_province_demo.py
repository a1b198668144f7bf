"""The province's campaign as ``load_demo`` leaves it (issue 12 §5–§6): its 文明城市 award
for the counties under the county framework, and the province's own member departments,
not the city's, named on the page that sends the negative-list consultation (征求意见)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from tests.conftest import login

from wenming.accounts.models import User
from wenming.campaigns.models import Campaign
from wenming.demo.builder import load_data

pytestmark = pytest.mark.django_db


def test_the_province_consults_its_own_member_departments(client) -> None:
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    province = load_data()["province"]
    campaign = Campaign.objects.get(office__code=province["code"], edition=20)
    city = campaign.awards.get(category="city")
    assert (city.assessment, city.framework.code) == ("city_composite", "city-county-example")
    login(client, User.objects.get(username="province"))
    page = client.get(reverse("screening:send", args=[campaign.pk])).content.decode()
    assert "本地区没有文明委成员单位。" not in page
    for name in province["departments"]:
        assert name in page
    assert "清河市公安局" not in page  # the city's department answers the city's campaign
