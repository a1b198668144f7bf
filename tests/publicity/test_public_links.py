"""Publicity's public page: its full address and QR code to share (SITE_URL when set), and a
finished publicity that stays readable as 已结束 and refuses objections (issue 13)."""

import base64
import time
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from wenming.publicity import services
from wenming.publicity.forms import started_token
from wenming.publicity.models import Objection, Publicity


@pytest.fixture
def publicity(screened, cast):
    return services.publicity_publish(
        acting_user=cast.city,
        campaign=screened.setup.campaign,
        starts_on=timezone.localdate(),
        contact_phone="0737-1234567",
    )


def _finished(publicity: Publicity) -> Publicity:
    # Time passes: the publicity period ended yesterday.
    today = timezone.localdate()
    Publicity.objects.filter(pk=publicity.pk).update(
        starts_on=today - timedelta(days=9), ends_on=today - timedelta(days=1)
    )
    return Publicity.objects.get(pk=publicity.pk)


def _qr_svg(page: str) -> str:
    data = page.split('class="share-qr" src="data:image/svg+xml;base64,', 1)[1].split('"', 1)[0]
    return base64.b64decode(data).decode()


@override_settings(SITE_URL="https://wenming.example.gov.cn")
def test_the_publicity_page_shows_its_public_address_and_a_qr_code(client, publicity):
    response = client.get(reverse("publicity:detail", args=[publicity.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    address = f"https://wenming.example.gov.cn/publicity/{publicity.pk}/"
    assert f'<a class="share-url" href="{address}">{address}</a>' in page
    assert "<svg" in _qr_svg(page)
    assert "已结束" not in page
    assert "在线提出异议" in page


def test_without_site_url_the_address_is_the_requests_host(client, publicity):
    response = client.get(reverse("publicity:detail", args=[publicity.pk]))
    assert f"http://testserver/publicity/{publicity.pk}/" in response.content.decode()


def test_a_finished_publicity_stays_readable_marked_ended(client, screened, publicity):
    ended = _finished(publicity)
    response = client.get(reverse("publicity:detail", args=[ended.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<span class="badge">已结束</span>' in page
    period = f"公示期：{ended.starts_on:%Y年%-m月%-d日}至{ended.ends_on:%Y年%-m月%-d日}"
    assert period in page
    assert "公示期已结束，不再受理异议。" in page
    for name in ("East Unit", "East Extra", "West Unit"):
        assert name in page
    # No way to object is offered any more.
    assert "在线提出异议" not in page
    assert 'href="tel:' not in page


def test_an_objection_on_a_finished_publicity_is_refused(client, screened, publicity):
    ended = _finished(publicity)
    url = reverse("publicity:object", args=[ended.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert "不再受理异议" in form.content.decode()
    response = client.post(
        url,
        {
            "application": screened.apps["East Extra"].pk,
            "reasons": "Noise complaints every night.",
            "contact": "13800000000",
            "website": "",
            "started": started_token(time.time() - 30),
        },
    )
    assert response.status_code == 410
    assert "公示期已结束，不再受理异议" in response.content.decode()
    assert Objection.objects.count() == 0


def test_a_closed_publicity_still_shows_its_list(client, screened, cast, publicity):
    ended = _finished(publicity)
    services.publicity_close(acting_user=cast.city, publicity=ended, reason="公示期满")
    response = client.get(reverse("publicity:detail", args=[ended.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "已结束" in page
    assert "East Unit" in page
