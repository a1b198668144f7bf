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
from tests.factories import OrganizationFactory, UserFactory, all_stages_open, with_role

from wenming.accounts.models import Role, User
from wenming.campaigns import services
from wenming.campaigns.models import Award, Campaign, SelfMark
from wenming.campaigns.selectors.applications import markable_clauses
from wenming.frameworks.models import Framework
from wenming.frameworks.services import framework_import, framework_publish
from wenming.registry.models import Organization

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


FAMILY_STANDARD = {
    "kind": "checklist",
    "code": "family-test",
    "name": "文明家庭创建标准（测试）",
    "category": "family",
    "level": "municipal",
    "version": 1,
    "items": [
        {
            "number": 1,
            "name": "爱国守法",
            "conditions": [
                {"key": "1.1", "text": "家庭成员遵纪守法，无违法犯罪记录"},
                {"key": "1.2", "text": "积极参加村（社区）公益活动"},
            ],
        },
        {"number": 2, "name": "家风家教", "conditions": [{"key": "2.1", "text": "尊老爱幼"}]},
    ],
}


@dataclass
class FamilySetup:
    campaign: Campaign
    award: Award  # 市级文明家庭, reviewed centrally
    standard: Framework
    family: Organization  # lives in the village below East County
    contact: User  # the family's applicant login


@pytest.fixture
def family(world, cast) -> FamilySetup:
    """A campaign offering 市级文明家庭 under a family checklist, with one family."""
    standard, _created = framework_import(acting_user=None, document=FAMILY_STANDARD)
    standard = framework_publish(acting_user=None, framework=standard)
    campaign = services.campaign_create(
        acting_user=cast.city,
        name="第二十届文明家庭评选",
        edition=20,
        office=world.city,
        eligibility_table=yaml.safe_load(TABLE.read_text(encoding="utf-8")),
        stages=all_stages_open(),
        awards=[{"category": "family", "level": "municipal", "framework": standard}],
    )
    award = campaign.awards.get()
    services.quota_set(
        acting_user=cast.city, award=award, places=3, reason="initial", region=world.east
    )
    org = OrganizationFactory(
        name="张建国家庭",
        kind="family",
        unit_type="",
        region=world.village_region,
        staff_count=None,
        party_members=None,
    )
    contact = with_role(UserFactory(username="family"), Role.APPLICANT, organization=org)
    return FamilySetup(campaign, award, standard, org, contact)


def fill_family_form(application, user, recommender) -> None:
    """The family's form as a family fills it in (members, deeds, its village)."""
    services.application_update_family_form(
        acting_user=user,
        application=application,
        members="张建国 户主 退休教师\n李秀英 妻子\n张明 长子 医生",
        deeds="三代同堂，孝老爱亲；常年义务打扫村道。",
        honors=["most_beautiful_family"],
        other_honors="",
        recommender=recommender,
    )
