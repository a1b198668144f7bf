"""随手拍 as ``load_demo`` leaves it: the city office's map has its counties, points and
open reports; a reporter's code shows the unit's answer."""

import io

import pytest
from django.core.management import call_command
from tests.conftest import login

from wenming.accounts.models import User
from wenming.demo.reports import ANSWER
from wenming.reports.models import Report

pytestmark = pytest.mark.django_db


def test_the_office_map_shows_the_demo_points_and_reports(client) -> None:
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    login(client, User.objects.get(username="city"))
    text = client.get("/reports/").content.decode()
    assert text.count('class="outline"') == 6
    assert text.count('class="point"') == 5
    assert text.count('class="report"') == 3  # the market's two reports make one group
    assert "清源农贸市场" in text
    assert '<td class="num">2</td>' in text
    answered = Report.objects.get(description__startswith="小区北门路灯")
    client.logout()
    page = client.get("/reports/track/", {"code": answered.tracking_code}).content.decode()
    assert "已答复" in page
    assert ANSWER in page
