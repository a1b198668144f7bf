"""The office sets its campaign's sampling floors on the campaign page; they go on into
the next edition, and a county office may not change them (docs/rules.md#sampling)."""

from django.urls import reverse
from tests.conftest import login

from wenming.audit.models import AuditEvent
from wenming.campaigns.models import Campaign

FLOORS = {"village_town": "30", "community": "30", "unit": "25", "campus": "20", "recheck": "50"}


def test_the_office_sets_the_floors_and_the_copy_keeps_them(cast, campaign, client):
    login(client, cast.city)
    page = client.get(reverse("campaigns:detail", args=[campaign.campaign.pk])).content.decode()
    assert "抽查比例下限" in page
    assert "文明单位（省级实地抽查，%）" in page
    assert "村镇、社区不低于30%，单位、校园不低于20%" in page
    assert 'value="20.0"' in page
    response = client.post(
        reverse("campaigns:floors", args=[campaign.campaign.pk]), FLOORS, follow=True
    )
    assert "抽查比例下限已保存。" in response.content.decode()
    saved = Campaign.objects.get(pk=campaign.campaign.pk)
    assert saved.sampling_floors["unit"] == "0.25"
    event = AuditEvent.objects.get(action="campaign.floors")
    assert (event.before["sampling_floors"]["unit"], event.after["sampling_floors"]["unit"]) == (
        "0.20",
        "0.25",
    )
    client.post(
        reverse("campaigns:copy", args=[campaign.campaign.pk]),
        {"edition": 21, "name": "第二十一届", "years": 2},
    )
    assert Campaign.objects.get(edition=21).sampling_floors["unit"] == "0.25"


def test_a_floor_above_100_is_refused_and_nothing_saved(cast, campaign, client):
    login(client, cast.city)
    response = client.post(
        reverse("campaigns:floors", args=[campaign.campaign.pk]),
        FLOORS | {"unit": "120"},
        follow=True,
    )
    assert "抽查比例下限须填写 0 到 100 之间的百分数。" in response.content.decode()
    assert Campaign.objects.get(pk=campaign.campaign.pk).sampling_floors["unit"] == "0.20"
    assert not AuditEvent.objects.filter(action="campaign.floors").exists()


def test_a_county_office_may_not_set_the_floors(cast, campaign, client):
    login(client, cast.county)
    url = reverse("campaigns:floors", args=[campaign.campaign.pk])
    assert client.post(url, FLOORS).status_code == 403
    assert Campaign.objects.get(pk=campaign.campaign.pk).sampling_floors["unit"] == "0.20"
