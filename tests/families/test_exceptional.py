"""The exceptional path for families (DOMAIN §4): a family with outstanding deeds but no
earlier title or honor may apply for 省级文明家庭 directly, with a justification, and
counts only once the office approves it."""

import pytest
import yaml
from django.core.exceptions import ValidationError
from tests.campaigns.conftest import TABLE, fill_family_form
from tests.factories import all_stages_open, reach_stage

from wenming.campaigns import services


@pytest.fixture
def provincial(world, cast, family):
    campaign = services.campaign_create(
        acting_user=cast.city,
        name="第二十届省级文明家庭推荐",
        edition=21,
        office=world.city,
        eligibility_table=yaml.safe_load(TABLE.read_text(encoding="utf-8")),
        stages=all_stages_open(),
        awards=[{"category": "family", "level": "provincial", "framework": family.standard}],
    )
    award = campaign.awards.get()
    services.quota_set(
        acting_user=cast.city, award=award, places=2, reason="initial", region=world.east
    )
    return campaign, award


def test_without_an_honor_a_family_applies_for_provincial_only_by_exceptional_route(
    world, cast, family, provincial
):
    campaign, award = provincial
    with pytest.raises(ValidationError) as error:
        services.application_start(
            acting_user=family.contact, campaign=campaign, award=award, organization=family.family
        )
    assert "破格" in " ".join(error.value.messages)
    application = services.application_start(
        acting_user=family.contact,
        campaign=campaign,
        award=award,
        organization=family.family,
        justification="照顾瘫痪邻居二十年，事迹被县电视台报道。",
    )
    assert application.exceptional == "pending"
    fill_family_form(application, family.contact, world.village)
    services.application_submit(acting_user=family.contact, application=application)
    reach_stage(campaign, "recommendation")
    with pytest.raises(ValidationError):
        services.recommend(
            acting_user=cast.county, award=award, recommended=[application], region=world.east
        )
    services.exceptional_decide(acting_user=cast.city, application=application, approve=True)
    recommended = services.recommend(
        acting_user=cast.county, award=award, recommended=[application], region=world.east
    )
    assert [a.status for a in recommended if a.pk == application.pk] == ["recommended"]
