"""A provincial 文明城市 campaign of the test world's city: a small city framework (two
items, 10 and 20 points), six counties recommended, the assessment stage open.

Counties 东城区 … 六合区 (codes 991101 … 991106) under the test city; each has an account
of its own (``county_users``). Shares and weights are left at their defaults unless a
test sets them.
"""

from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from tests.factories import (
    OrganizationFactory,
    RegionFactory,
    UserFactory,
    all_stages_open,
    reach_stage,
    with_role,
)

from wenming.accounts.models import Role
from wenming.campaigns import services
from wenming.campaigns.models import Application, Award, Campaign
from wenming.campaigns.services import application_move
from wenming.domain.application_states import Action
from wenming.frameworks.models import Framework
from wenming.frameworks.services import framework_import, framework_publish
from wenming.registry.models import Organization

TABLE = Path(__file__).parents[2] / "src/wenming/campaigns/data/eligibility-20.yaml"
NAMES = ["东城区", "西城区", "南岗区", "北林区", "中山区", "六合区"]


def city_framework() -> Framework:
    """A city framework of our own (the shipped ones are another agent's): two items."""
    document = {
        "kind": "framework",
        "code": "test-city-2021",
        "name": "测试文明城市测评体系",
        "category": "city",
        "level": "provincial",
        "edition": "2021年版",
        "version": 1,
        "step": "0.5",
        "items": [
            {
                "number": 1,
                "name": "组织领导",
                "points": "10",
                "criteria": [
                    {
                        "number": 1,
                        "text": "创建工作组织领导有力",
                        "points": "10",
                        "clauses": [
                            {"key": "1.1", "text": "组织领导", "points": "10",
                             "methods": ["material"], "departments": []},
                        ],
                    }
                ],
            },
            {
                "number": 2,
                "name": "创建成效",
                "points": "20",
                "criteria": [
                    {
                        "number": 2,
                        "text": "创建成效明显",
                        "points": "20",
                        "clauses": [
                            {"key": "2.1", "text": "创建成效", "points": "20",
                             "methods": ["material"], "departments": []},
                        ],
                    }
                ],
            },
        ],
    }  # fmt: skip
    framework, _changed = framework_import(acting_user=None, document=document)
    return framework_publish(acting_user=None, framework=framework)


@dataclass
class CitySetup:
    campaign: Campaign
    award: Award
    framework: Framework
    counties: list[Organization]
    applications: list[Application] = field(default_factory=list)


def city_campaign(world, cast) -> tuple[Campaign, Award, Framework]:
    framework = city_framework()
    campaign = services.campaign_create(
        acting_user=cast.city,
        name="第二十届省级文明城市推荐考核",
        edition=20,
        office=world.city,
        eligibility_table=yaml.safe_load(TABLE.read_text(encoding="utf-8")),
        stages=all_stages_open(days_after=60),
        awards=[
            {"category": "city", "level": "provincial", "model": False,
             "framework": framework, "assessment": "city_composite"},
        ],
    )  # fmt: skip
    award = campaign.awards.get()
    services.quota_set(acting_user=cast.city, award=award, places=6, reason="initial",
                       region=world.city)  # fmt: skip
    return campaign, award, framework


def counties_of(world) -> list[Organization]:
    out = []
    for n, name in enumerate(NAMES, start=1):
        region = RegionFactory(code=f"9911{n:02d}", name=name, level="county", parent=world.city)
        out.append(
            OrganizationFactory(
                code=region.code, name=name, kind="county", unit_type="", region=region
            )
        )
    return out


def recommended(setup: CitySetup, user) -> list[Application]:
    """Each county applied and was recommended, as the earlier stages do (their services
    have their own tests), then the assessment stage is reached."""
    apps = []
    for county in setup.counties:
        application = Application.objects.create(
            campaign=setup.campaign,
            award=setup.award,
            organization=county,
            region=setup.campaign.office,
            created_by=user,
        )
        for action in (Action.SUBMIT, Action.RECOMMEND):
            application_move(acting_user=user, applications=application, action=action)
        apps.append(application)
    reach_stage(setup.campaign, "assessment")
    return apps


@pytest.fixture
def cities(world, cast) -> CitySetup:
    campaign, award, framework = city_campaign(world, cast)
    setup = CitySetup(campaign, award, framework, counties_of(world))
    setup.applications = recommended(setup, cast.city)
    return setup


@pytest.fixture
def county_users(cities):
    return [
        with_role(UserFactory(username=f"county-{n}"), Role.APPLICANT, organization=org)
        for n, org in enumerate(cities.counties, start=1)
    ]
