"""Cross-inspection at the province: groups come from cities, and no group inspects its
own city's applicants (seed 000 §四(四); docs/rules.md#cross-inspection). The round's
counties are the regions one level below the campaign's office, so for a province
office they are its cities."""

from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ValidationError
from tests.factories import (
    OrganizationFactory,
    RegionFactory,
    UserFactory,
    all_stages_open,
    reach_stage,
    with_role,
)

from wenming.accounts.models import Role
from wenming.assessment import services
from wenming.assessment.models import Assignment
from wenming.campaigns import services as campaigns
from wenming.campaigns.models import Application

TABLE = Path(__file__).parents[2] / "src/wenming/campaigns/data/eligibility-20.yaml"


@pytest.fixture
def province(world, cast, campaign):
    office = with_role(UserFactory(username="province"), Role.OFFICE, region=world.province)
    other_city = RegionFactory(
        code="992000", name="Other City", level="city", parent=world.province
    )
    other_county = RegionFactory(
        code="992001", name="Other County", level="county", parent=other_city
    )
    parent = campaigns.campaign_create(
        acting_user=office,
        name="省级第二十届",
        edition=20,
        office=world.province,
        eligibility_table=yaml.safe_load(TABLE.read_text(encoding="utf-8")),
        stages=all_stages_open(),
        awards=[{"category": "unit", "level": "provincial", "framework": campaign.framework}],
    )
    award = parent.awards.get()
    homes = {world.city: [world.east, world.west], other_city: [other_county, other_county]}
    for city, counties in homes.items():
        for n, county in enumerate(counties):
            Application.objects.create(
                campaign=parent,
                award=award,
                organization=OrganizationFactory(name=f"{city.name} Unit {n}", region=county),
                status="recommended",
                region=city,
                created_by=office,
            )
    reach_stage(parent, "assessment")
    round_ = services.round_create(
        acting_user=office, campaign=parent, kind="cross_inspection", name="交叉检查"
    )
    for city in homes:
        group = services.group_create(
            acting_user=office, round_=round_, name=f"{city.name} group", home_county=city
        )
        member = with_role(UserFactory(), Role.ASSESSOR)
        services.group_member_add(acting_user=office, group=group, user=member, is_leader=True)
    return office, round_, other_city


def test_no_city_group_inspects_its_own_city(world, province):
    office, round_, _other_city = province
    services.assignment_generate(acting_user=office, round_=round_)
    pairs = {
        (a.application.organization.name, a.group.name)
        for a in Assignment.objects.filter(round=round_).select_related(
            "application__organization", "group"
        )
    }
    assert pairs == {
        ("City Unit 0", "Other City group"),
        ("City Unit 1", "Other City group"),
        ("Other City Unit 0", "City group"),
        ("Other City Unit 1", "City group"),
    }


def test_a_group_from_a_county_is_refused_at_the_province(world, province):
    office, round_, _other = province
    with pytest.raises(ValidationError) as error:
        services.group_create(
            acting_user=office, round_=round_, name="County group", home_county=world.east
        )
    assert error.value.messages == ["考核组所属地区须是本届组织单位下一级的县市区。"]
