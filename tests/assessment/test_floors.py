"""The campaign's sampling floors (docs/rules.md#sampling): a province on-site round of
units below 20%, or a city re-check below 50%, is refused naming the floor and nothing is
saved; at the floor the sample is ceil(ratio × applicants)."""

import pytest
from django.core.exceptions import ValidationError
from tests.assessment.drawing import commit_and_draw
from tests.conftest import login
from tests.factories import OrganizationFactory

from wenming.assessment import services
from wenming.assessment.models import Round, SampleEntry
from wenming.audit.models import AuditEvent
from wenming.campaigns.models import Application


def eleven_units(world, cast, assessment) -> None:
    """Five more unit applicants in the east county, eleven in all."""
    for n in range(5):
        Application.objects.create(
            campaign=assessment.setup.campaign,
            award=assessment.setup.unit,
            organization=OrganizationFactory(name=f"East More {n}", region=world.east),
            status="recommended",
            region=world.east,
            created_by=cast.city,
        )


def onsite(cast, assessment) -> Round:
    return services.round_create(
        acting_user=cast.city,
        campaign=assessment.setup.campaign,
        kind="provincial_onsite",
        name="省级实地抽查",
    )


def set_ratio(cast, round_: Round, ratio: str, ratios=None) -> Round:
    services.round_sampling_set(
        acting_user=cast.city,
        round_=round_,
        stratum_kind="award",
        default_ratio=ratio,
        ratios=ratios or {},
    )
    return Round.objects.get(pk=round_.pk)


def test_a_unit_round_at_15_percent_is_refused_naming_the_floor(world, cast, assessment):
    eleven_units(world, cast, assessment)
    round_ = onsite(cast, assessment)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        set_ratio(cast, round_, "0.15")
    assert error.value.messages == [
        "抽查比例低于本次评选的下限：文明单位的抽查比例须不低于20%（本轮为15%）。"
    ]
    round_.refresh_from_db()
    assert (round_.sampled, str(round_.default_ratio)) == (False, "1.000")
    assert AuditEvent.objects.count() == events


def test_at_20_percent_of_eleven_units_the_province_samples_three(world, cast, assessment):
    eleven_units(world, cast, assessment)
    round_ = set_ratio(cast, onsite(cast, assessment), "0.2")
    commit_and_draw(cast.city, round_)
    assert SampleEntry.objects.filter(round=round_).count() == 3


def test_a_stratum_of_its_own_below_the_floor_is_refused_too(world, cast, assessment):
    round_ = onsite(cast, assessment)
    key = f"award:{assessment.setup.unit.pk}"
    with pytest.raises(ValidationError) as error:
        set_ratio(cast, round_, "1", {key: "0.1"})
    assert "不低于20%（本轮为10%）" in error.value.messages[0]


def test_the_office_sets_the_floors_of_its_campaign(world, cast, assessment):
    campaign = assessment.setup.campaign
    campaign.sampling_floors = {**campaign.sampling_floors, "unit": "0.10"}
    campaign.save()
    round_ = set_ratio(cast, onsite(cast, assessment), "0.15")
    assert str(round_.default_ratio) == "0.150"


def test_the_city_recheck_samples_at_least_half(world, cast, assessment):
    round_ = services.round_create(
        acting_user=cast.city,
        campaign=assessment.setup.campaign,
        kind="city_recheck",
        name="市级复核",
    )
    with pytest.raises(ValidationError) as error:
        set_ratio(cast, round_, "0.4")
    assert error.value.messages == [
        "抽查比例低于本次评选的下限：市级复核须抽查不低于50%的申报（本轮为40%）。"
    ]
    assert str(set_ratio(cast, round_, "0.5").default_ratio) == "0.500"


def test_cross_inspection_has_no_floor(cast, assessment):
    services.round_sampling_set(
        acting_user=cast.city,
        round_=assessment.round,
        stratum_kind="county",
        default_ratio="0.1",
        ratios={},
    )
    round_ = Round.objects.get(pk=assessment.round.pk)
    assert str(round_.default_ratio) == "0.100"


def test_the_sampling_page_names_the_campaigns_floors(client, cast, assessment):
    login(client, cast.city)
    page = client.get(f"/assessment/rounds/{onsite(cast, assessment).pk}/sample/").content
    assert "本轮各类别的抽查比例下限：文明村镇30%、文明社区30%、文明单位20%、文明校园20%。" in (
        page.decode()
    )
    recheck = services.round_create(
        acting_user=cast.city, campaign=assessment.setup.campaign, kind="city_recheck", name="复核"
    )
    page = client.get(f"/assessment/rounds/{recheck.pk}/sample/").content.decode()
    assert "本轮须抽查不低于全部申报的50%。" in page
