"""A 20th-edition campaign of the test world's city, with the Yiyang framework.

Every stage's window spans now, and the application stage is open: a test of a later
stage reaches it with ``tests.factories.reach_stage`` (the stages before it closed).
The east county office and the education bureau each have two places for 市级文明单位.
"""

import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from tests.factories import all_stages_open

from wenming.campaigns import services
from wenming.campaigns.models import Award, Campaign, SelfMark
from wenming.campaigns.selectors.applications import markable_clauses
from wenming.frameworks.models import Framework

TABLE = Path(__file__).parents[2] / "src/wenming/campaigns/data/eligibility-20.yaml"


@dataclass
class Setup:
    campaign: Campaign
    unit: Award  # 市级文明单位
    unit_model: Award  # 市级文明单位标兵
    framework: Framework


@pytest.fixture
def campaign(world, cast) -> Setup:
    call_command("load_frameworks", stdout=io.StringIO())
    framework = Framework.objects.get(code="yiyang-unit-2021")
    stages = all_stages_open()
    campaign = services.campaign_create(
        acting_user=cast.city,
        name="第二十届市级精神文明建设先进集体推荐考核",
        edition=20,
        office=world.city,
        eligibility_table=yaml.safe_load(TABLE.read_text(encoding="utf-8")),
        stages=stages,
        awards=[
            {"category": "unit", "level": "municipal", "model": False, "framework": framework},
            {"category": "unit", "level": "municipal", "model": True, "framework": framework},
        ],
    )
    unit = campaign.awards.get(model=False)
    for region in (world.east, world.west):
        services.quota_set(
            acting_user=cast.city, award=unit, places=2, reason="initial", region=region
        )
    services.quota_set(
        acting_user=cast.city, award=unit, places=2, reason="initial", body=world.education
    )
    return Setup(campaign, unit, campaign.awards.get(model=True), framework)


def complete(application, user) -> None:
    """Fill the form and self-mark every scoring point, as an applicant would."""
    services.application_update_form(
        acting_user=user,
        application=application,
        form={
            "staff_count": 100,
            "party_members": 30,
            "registered_volunteers": 60,
            "party_member_volunteers": 25,
            "volunteers_served": 55,
        },
    )
    # Set-up data, not the subject: written in one go (the self-mark service has its own
    # tests), so each test that needs a complete application stays fast.
    SelfMark.objects.bulk_create(
        SelfMark(application=application, clause_key=key, points=Decimal(1), narrative="x")
        for key in markable_clauses(application)
    )
