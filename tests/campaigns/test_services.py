"""Campaign services: eligibility, deadlines, submission, quotas, recommendation."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from tests.campaigns.conftest import complete
from tests.conftest import login
from tests.factories import OrganizationFactory, TitleFactory, UserFactory, reach_stage, with_role

from wenming.accounts.models import Role
from wenming.audit.models import AuditEvent
from wenming.campaigns import services
from wenming.campaigns.models import Application, Stage
from wenming.campaigns.stages import StageClosed
from wenming.registry.models import Organization


def start(setup, cast, org=None, award=None):
    return services.application_start(
        acting_user=cast.applicant,
        campaign=setup.campaign,
        award=award or setup.unit,
        organization=org or Organization.objects.get(name="East Unit"),
    )


def test_applicant_applies_submits_and_is_routed_to_its_county(world, cast, campaign):
    application = start(campaign, cast)
    assert application.status == "draft"
    assert application.region == world.east  # the east county office reviews it
    complete(application, cast.applicant)
    services.application_submit(acting_user=cast.applicant, application=application)
    application.refresh_from_db()
    assert application.status == "submitted"
    assert application.submitted_at is not None


def test_submitting_twice_changes_nothing(world, cast, campaign):
    application = start(campaign, cast)
    complete(application, cast.applicant)
    services.application_submit(acting_user=cast.applicant, application=application)
    services.application_submit(acting_user=cast.applicant, application=application)
    assert AuditEvent.objects.filter(action="application.submit").count() == 1


def test_applying_twice_returns_the_same_application(world, cast, campaign):
    first = start(campaign, cast)
    second = start(campaign, cast)
    assert first.pk == second.pk
    assert Application.objects.count() == 1


def test_model_tier_needs_a_municipal_title_and_says_so(world, cast, campaign):
    with pytest.raises(ValidationError) as error:
        start(campaign, cast, award=campaign.unit_model)
    assert "需要第十八、十九届市级文明单位" in error.value.messages[0]
    TitleFactory(organization=world.east_unit, edition=19, document_number="清文明委〔2019〕5号")
    application = start(campaign, cast, award=campaign.unit_model)
    assert "第十九届市级文明单位（清文明委〔2019〕5号）" in application.eligibility["text"]


def test_incomplete_application_cannot_be_submitted(world, cast, campaign):
    application = start(campaign, cast)
    with pytest.raises(ValidationError) as error:
        services.application_submit(acting_user=cast.applicant, application=application)
    text = " ".join(error.value.messages)
    assert "统计数据未填写完整" in text
    assert "未自评" in text


def test_submission_after_deadline_is_refused_until_extended(world, cast, campaign):
    application = start(campaign, cast)
    complete(application, cast.applicant)
    stage = Stage.objects.get(campaign=campaign.campaign, kind="application")
    stage.closes_at = timezone.now() - timedelta(seconds=1)
    stage.save()
    with pytest.raises(StageClosed) as error:
        services.application_submit(acting_user=cast.applicant, application=application)
    assert "逾期不予受理" in error.value.messages[0]
    services.stage_extend(
        acting_user=cast.city,
        stage=stage,
        closes_at=timezone.now() + timedelta(days=1),
        reason="暴雨停电，延长一天",
    )
    services.application_submit(acting_user=cast.applicant, application=application)
    assert AuditEvent.objects.filter(action="stage.extend").get().after["reason"] == (
        "暴雨停电，延长一天"
    )


def test_only_office_extends_deadlines(world, cast, campaign):
    stage = Stage.objects.get(campaign=campaign.campaign, kind="application")
    for user in (cast.county, cast.applicant, cast.body):
        with pytest.raises(PermissionDenied):
            services.stage_extend(
                acting_user=user, stage=stage, closes_at=stage.closes_at, reason="x"
            )


def submitted(setup, cast, world, n: int) -> list[Application]:
    """n submitted applications of east-county units for 市级文明单位."""
    out = []
    for i in range(n):
        org = OrganizationFactory(name=f"East applicant {i}", region=world.east)
        user = with_role(UserFactory(), Role.APPLICANT, organization=org)
        application = services.application_start(
            acting_user=user, campaign=setup.campaign, award=setup.unit, organization=org
        )
        complete(application, user)
        services.application_submit(acting_user=user, application=application)
        out.append(application)
    reach_stage(setup.campaign, "recommendation")
    return out


def test_recommendation_beyond_quota_is_refused(world, cast, campaign):
    apps = submitted(campaign, cast, world, 3)
    with pytest.raises(ValidationError) as error:
        services.recommend(
            acting_user=cast.county, award=campaign.unit, recommended=apps, region=world.east
        )
    assert "超出名额 2 个" in error.value.messages[0]
    assert Application.objects.filter(status="recommended").count() == 0


def test_withdrawing_a_recommended_application_promotes_the_first_alternate(world, cast, campaign):
    a, b, c, d = submitted(campaign, cast, world, 4)
    services.recommend(
        acting_user=cast.county,
        award=campaign.unit,
        recommended=[a, b],
        alternates=[d, c],
        region=world.east,
    )
    services.application_withdraw(acting_user=cast.county, application=a, reason="劝退")
    statuses = {x.organization.name: x.status for x in Application.objects.all()}
    assert statuses == {
        "East applicant 0": "withdrawn",
        "East applicant 1": "recommended",
        "East applicant 2": "alternate",
        "East applicant 3": "recommended",  # the first-ranked alternate
    }
    event = AuditEvent.objects.filter(action="application.promote").get()
    assert event.object_id == str(d.pk)


def test_another_county_cannot_recommend(world, cast, campaign):
    (a,) = submitted(campaign, cast, world, 1)
    west = with_role(UserFactory(), Role.OFFICE, region=world.west)
    with pytest.raises(PermissionDenied):
        services.recommend(
            acting_user=west, award=campaign.unit, recommended=[a], region=world.east
        )


def test_returned_application_is_corrected_and_resubmitted(world, cast, campaign):
    application = start(campaign, cast)
    complete(application, cast.applicant)
    services.application_submit(acting_user=cast.applicant, application=application)
    services.application_return(
        acting_user=cast.county, application=application, comment="请补充志愿服务照片"
    )
    application.refresh_from_db()
    assert (application.status, application.comment) == ("returned", "请补充志愿服务照片")
    services.application_submit(acting_user=cast.applicant, application=application)
    application.refresh_from_db()
    assert application.status == "submitted"


def test_quota_change_needs_a_reason_and_is_audited(world, cast, campaign):
    with pytest.raises(ValidationError):
        services.quota_set(
            acting_user=cast.city, award=campaign.unit, places=1, reason=" ", region=world.east
        )
    services.quota_set(
        acting_user=cast.city,
        award=campaign.unit,
        places=1,
        reason="上届交叉互检不规范，扣减名额",
        kind="penalty",
        region=world.east,
    )
    event = AuditEvent.objects.filter(action="quota.change").last()
    assert (event.before["places"], event.after["places"]) == (2, 1)


def test_self_mark_above_the_clause_points_is_refused(world, cast, campaign):
    application = start(campaign, cast)
    with pytest.raises(ValidationError) as error:
        services.self_mark_save(
            acting_user=cast.applicant, application=application, clause_key="1.1", points="2.5"
        )
    assert "0 到 2" in error.value.messages[0]


def test_copy_starts_the_next_edition_with_the_same_awards_and_quotas(world, cast, campaign):
    new = services.campaign_copy(
        acting_user=cast.city,
        campaign=campaign.campaign,
        edition=21,
        name="第二十一届",
        shift=timedelta(days=730),
    )
    assert new.edition == 21
    assert new.eligibility_table["edition"] == 21
    # Fixed windows move on with the edition: "named in the 18th or 19th" becomes 19th/20th.
    windows = [
        need["window"]["editions"]
        for rule in new.eligibility_table["rules"]
        for need in rule.get("any_of", [])
        if isinstance(need.get("window"), dict) and "editions" in need["window"]
    ]
    assert [19, 20] in windows
    assert all(min(w) >= 19 for w in windows)  # nothing still names the 18th edition
    assert new.awards.count() == 2
    assert sorted(q.places for q in new.awards.get(model=False).quotas.all()) == [2, 2, 2]


def test_recommending_in_two_steps_cannot_exceed_the_quota(world, cast, campaign):
    a, b, c = submitted(campaign, cast, world, 3)
    services.recommend(
        acting_user=cast.county, award=campaign.unit, recommended=[a, b], region=world.east
    )
    with pytest.raises(ValidationError) as error:
        services.recommend(
            acting_user=cast.county, award=campaign.unit, recommended=[c], region=world.east
        )
    assert "推荐 3 个，超出名额 2 个" in error.value.messages[0]
    assert Application.objects.filter(status="recommended").count() == 2


def test_an_outsider_is_refused_before_the_quota_is_told(world, cast, campaign):
    with pytest.raises(PermissionDenied):
        services.recommend(
            acting_user=cast.applicant, award=campaign.unit, recommended=[], region=world.east
        )


def test_a_promotion_shows_in_the_promoted_applications_record(world, cast, campaign, client):
    a, b, c = submitted(campaign, cast, world, 3)
    services.recommend(
        acting_user=cast.county,
        award=campaign.unit,
        recommended=[a, b],
        alternates=[c],
        region=world.east,
    )
    services.application_withdraw(acting_user=cast.county, application=a, reason="劝退")
    login(client, cast.county)
    page = client.get(reverse("campaigns:application", args=[c.pk])).content.decode()
    assert "递补为推荐" in page
    assert "递补 East applicant 0 空出的名额" in page
