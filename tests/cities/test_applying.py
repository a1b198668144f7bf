"""A county applies for 文明城市 itself (self-nominated, DOMAIN §4: any county) through the
ordinary application flow, and the running office recommends it; a unit may not apply.
Closing the assessment needs the shares; once closed, the settings stay as ranked."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from tests.cities.conftest import CitySetup, city_campaign, counties_of
from tests.cities.test_ranking_flow import WEIGHTS, close_assessment, enter_all
from tests.cities.workbooks import survey_workbook
from tests.factories import UserFactory, reach_stage, with_role

from wenming.accounts.models import Role
from wenming.campaigns import services as campaigns
from wenming.campaigns.eligibility import verdicts_for
from wenming.campaigns.models import SelfMark, Stage
from wenming.campaigns.selectors.applications import markable_clauses
from wenming.cities import selectors, services
from wenming.domain.application_states import State


def test_a_county_applies_and_the_running_office_recommends_it(world, cast):
    campaign, award, _framework = city_campaign(world, cast)
    county = counties_of(world)[0]
    contact = with_role(UserFactory(), Role.APPLICANT, organization=county)
    verdict = next(v for v in verdicts_for(campaign, county) if v.award.pk == award.pk)
    assert verdict.eligible
    unit_verdict = next(v for v in verdicts_for(campaign, world.east_unit))
    assert not unit_verdict.eligible
    application = campaigns.application_start(
        acting_user=contact, campaign=campaign, award=award, organization=county
    )
    assert (application.region, application.body) == (world.city, None)
    # What every applicant does before submitting: the form's figures and its self-check.
    campaigns.application_update_form(
        acting_user=contact, application=application,
        form={"staff_count": 300, "party_members": 80, "registered_volunteers": 5000,
              "party_member_volunteers": 70, "volunteers_served": 4000},
    )  # fmt: skip
    SelfMark.objects.bulk_create(
        SelfMark(application=application, clause_key=key, points=Decimal(5), narrative="x")
        for key in markable_clauses(application)
    )
    campaigns.application_submit(acting_user=contact, application=application)
    reach_stage(campaign, "recommendation")
    campaigns.recommend(
        acting_user=cast.city, award=award, recommended=[application], region=world.city
    )
    reach_stage(campaign, "assessment")
    assert [a.organization for a in selectors.applicants(campaign)] == [county]


def test_closing_without_shares_is_refused_and_nothing_moves(cast, cities):
    enter_all(cities, cast.city)
    services.city_settings_set(
        acting_user=cast.city, campaign=cities.campaign, weights=WEIGHTS, named=0, nominated=0
    )
    with pytest.raises(ValidationError) as refused:
        close_assessment(cities, cast.city)
    assert "尚未设置文明城市和提名城市名额" in refused.value.messages[0]
    stage = Stage.objects.get(campaign=cities.campaign, kind="assessment")
    assert stage.closed_at is None
    assert {a.status for a in selectors.applicants(cities.campaign)} == {State.RECOMMENDED}


def test_settings_after_the_close_are_refused(cast, cities: CitySetup):
    enter_all(cities, cast.city)
    close_assessment(cities, cast.city)
    with pytest.raises(ValidationError) as refused:
        services.city_settings_set(
            acting_user=cast.city, campaign=cities.campaign, weights=WEIGHTS, named=3, nominated=1
        )
    assert refused.value.messages == ["测评阶段已结束，文明城市排名已确定，不能再修改权重和名额。"]
    with pytest.raises(ValidationError):
        services.questionnaire_record(
            acting_user=cast.city, application=cities.applications[0], rate=50, respondents=9
        )


def test_a_part_entered_before_the_stage_opened_is_refused(world, cast):
    campaign, _award, _framework = city_campaign(world, cast)
    Stage.objects.filter(campaign=campaign, kind="assessment").update(
        opens_at=timezone.now() + timedelta(days=5)
    )
    with pytest.raises(ValidationError) as refused:
        services.survey_import(acting_user=cast.city, campaign=campaign, upload=survey_workbook([]))
    assert "阶段尚未结束" in refused.value.messages[0]
