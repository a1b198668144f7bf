"""Setting up campaigns: from a plan file, and copying one into the next edition."""

from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse
from tests.conftest import login

from wenming.audit.models import AuditEvent
from wenming.campaigns.models import Campaign

EXAMPLE = Path(__file__).parents[2] / "src/wenming/campaigns/data/campaign-example.yaml"


def test_create_campaign_from_a_plan_then_refuse_it_twice(world, cast, campaign, tmp_path, capsys):
    plan = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    plan["office"] = world.city.code
    plan["quotas"] = [
        {"category": "unit", "level": "municipal", "region": world.east.code, "places": 4}
    ]
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    (tmp_path / "eligibility-20.yaml").write_text(
        (EXAMPLE.parent / "eligibility-20.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    call_command("create_campaign", str(path), "--as", "city")
    created = Campaign.objects.get(edition=21)
    assert created.eligibility_table["edition"] == 21
    assert created.awards.count() == 3
    assert created.awards.get(category="unit", model=False).quotas.get().places == 4
    family = created.awards.get(category="family")
    assert (family.framework.code, family.assessment) == ("family-example", "central_review")
    with pytest.raises(SystemExit):
        call_command("create_campaign", str(path), "--as", "city")
    assert "本单位的这一届次已经存在" in capsys.readouterr().err


def test_office_copies_the_campaign_into_the_next_edition(world, cast, campaign, client):
    login(client, cast.city)
    response = client.post(
        reverse("campaigns:copy", args=[campaign.campaign.pk]),
        {"edition": 21, "name": "第二十一届", "years": 2},
        follow=True,
    )
    new = Campaign.objects.get(edition=21)
    assert "已创建 第二十一届" in response.content.decode()
    assert new.copied_from == campaign.campaign
    assert AuditEvent.objects.filter(action="campaign.create", object_id=str(new.pk)).exists()
    login(client, cast.county)
    assert client.post(reverse("campaigns:copy", args=[new.pk]), {"edition": 22}).status_code == 403


def test_home_lists_the_campaigns(world, cast, campaign, client):
    login(client, cast.applicant)
    text = client.get(reverse("home")).content.decode()
    assert campaign.campaign.name in text
