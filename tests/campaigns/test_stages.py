"""The office drives a campaign: stages in order, gates before closing, audited."""

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone
from tests.campaigns.conftest import complete
from tests.factories import all_stages_open

from wenming.audit.models import AuditEvent
from wenming.campaigns import services, stages
from wenming.campaigns.models import Application, ExceptionalStatus, Stage
from wenming.campaigns.stages import StageClosed
from wenming.registry.models import Organization


def stage(setup, kind: str) -> Stage:
    return Stage.objects.get(campaign=setup.campaign, kind=kind)


def submitted(setup, cast) -> Application:
    application = services.application_start(
        acting_user=cast.applicant,
        campaign=setup.campaign,
        award=setup.unit,
        organization=Organization.objects.get(name="East Unit"),
    )
    complete(application, cast.applicant)
    return services.application_submit(acting_user=cast.applicant, application=application)


def test_a_plan_lacking_a_stage_is_refused_naming_it(world, cast, campaign):
    plan = all_stages_open()
    del plan["screening"], plan["naming"]
    with pytest.raises(ValidationError) as error:
        services.campaign_create(
            acting_user=cast.city,
            name="第二十一届",
            edition=21,
            office=world.city,
            eligibility_table={},
            stages=plan,
            awards=[],
        )
    assert error.value.messages == [
        "届次计划缺少以下阶段：征求意见、命名。每一届都须设置全部阶段的起止时间。"
    ]


def test_recommending_waits_for_the_application_stage_to_close(world, cast, campaign):
    application = submitted(campaign, cast)
    with pytest.raises(StageClosed) as error:
        services.recommend(
            acting_user=cast.county,
            award=campaign.unit,
            recommended=[application],
            alternates=[],
            region=world.east,
        )
    assert error.value.messages == ["申报阶段尚未结束，推荐阶段还不能办理。"]


def test_closing_early_needs_a_reason_and_is_audited(world, cast, campaign):
    application_stage = stage(campaign, "application")
    with pytest.raises(ValidationError) as error:
        stages.stage_close(acting_user=cast.city, stage=application_stage)
    assert error.value.messages[0].endswith("提前结束须说明原因。")
    stages.stage_close(acting_user=cast.city, stage=application_stage, reason="申报已全部收齐")
    event = AuditEvent.objects.get(action="stage.close")
    assert event.after["close_reason"] == "申报已全部收齐"
    assert event.actor_name == cast.city.display_name


def test_a_closed_stage_refuses_its_actions_and_cannot_close_again(world, cast, campaign):
    application_stage = stage(campaign, "application")
    stages.stage_close(acting_user=cast.city, stage=application_stage, reason="收齐")
    with pytest.raises(StageClosed) as error:
        services.application_start(
            acting_user=cast.applicant,
            campaign=campaign.campaign,
            award=campaign.unit,
            organization=world.east_unit,
        )
    assert "申报阶段已于" in error.value.messages[0]
    assert error.value.messages[0].endswith("结束。")
    with pytest.raises(ValidationError) as again:
        stages.stage_close(acting_user=cast.city, stage=application_stage, reason="x")
    assert again.value.messages == ["申报阶段已经结束。"]


def test_a_pending_exceptional_application_holds_the_application_stage(world, cast, campaign):
    application = submitted(campaign, cast)
    Application.objects.filter(pk=application.pk).update(exceptional=ExceptionalStatus.PENDING)
    with pytest.raises(ValidationError) as error:
        stages.stage_close(acting_user=cast.city, stage=stage(campaign, "application"), reason="x")
    assert error.value.messages == ["还有破格申报待审批：East Unit。"]
    services.exceptional_decide(acting_user=cast.city, application=application, approve=True)
    stages.stage_close(acting_user=cast.city, stage=stage(campaign, "application"), reason="x")
    assert stage(campaign, "application").closed_at is not None


def test_recommendation_closes_only_when_every_application_is_decided_and_reported(
    world, cast, campaign
):
    application = submitted(campaign, cast)
    stages.stage_close(acting_user=cast.city, stage=stage(campaign, "application"), reason="x")
    recommendation = stage(campaign, "recommendation")
    with pytest.raises(ValidationError) as error:
        stages.stage_close(acting_user=cast.city, stage=recommendation, reason="x")
    assert error.value.messages == ["还有申报未作推荐决定：East Unit。"]
    services.recommend(
        acting_user=cast.county,
        award=campaign.unit,
        recommended=[application],
        alternates=[],
        region=world.east,
    )
    with pytest.raises(ValidationError) as error:
        stages.stage_close(acting_user=cast.city, stage=recommendation, reason="x")
    assert error.value.messages == ["还有推荐单位未报送推荐报告：East County。"]


def test_the_next_stage_opens_only_after_the_one_before_closed(world, cast, campaign):
    recommendation = stage(campaign, "recommendation")
    later = timezone.now() + timedelta(days=3)
    Stage.objects.filter(pk=recommendation.pk).update(opens_at=later)
    recommendation.refresh_from_db()
    with pytest.raises(StageClosed) as error:
        stages.stage_open(acting_user=cast.city, stage=recommendation)
    assert error.value.messages == ["申报阶段尚未结束，推荐阶段还不能办理。"]
    stages.stage_close(acting_user=cast.city, stage=stage(campaign, "application"), reason="x")
    opened = stages.stage_open(acting_user=cast.city, stage=recommendation)
    assert opened.opens_at <= timezone.now() < later
    assert stages.stage_is_open(opened)
    assert AuditEvent.objects.filter(action="stage.open").count() == 1


def test_opening_past_the_planned_deadline_needs_a_new_one(world, cast, campaign):
    stages.stage_close(acting_user=cast.city, stage=stage(campaign, "application"), reason="x")
    recommendation = stage(campaign, "recommendation")
    past = timezone.now() - timedelta(hours=1)
    Stage.objects.filter(pk=recommendation.pk).update(
        opens_at=past - timedelta(days=1), closes_at=past
    )
    recommendation.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        stages.stage_open(acting_user=cast.city, stage=recommendation)
    assert error.value.messages[0].endswith("已过，开启时请设定新的截止时间。")
    deadline = timezone.now() + timedelta(days=5)
    stages.stage_open(acting_user=cast.city, stage=recommendation, closes_at=deadline)
    assert stage(campaign, "recommendation").closes_at == deadline


def test_only_the_running_office_closes_or_opens(world, cast, campaign):
    application_stage = stage(campaign, "application")
    for user in (cast.county, cast.applicant, cast.body, cast.committee):
        with pytest.raises(PermissionDenied):
            stages.stage_close(acting_user=user, stage=application_stage, reason="x")
        with pytest.raises(PermissionDenied):
            stages.stage_open(acting_user=user, stage=application_stage)
    assert stage(campaign, "application").closed_at is None


def test_campaign_page_shows_the_gate_and_closes_the_stage(client, world, cast, campaign):
    application = submitted(campaign, cast)
    Application.objects.filter(pk=application.pk).update(exceptional=ExceptionalStatus.PENDING)
    client.force_login(cast.city)
    url = f"/campaigns/{campaign.campaign.pk}/"
    page = client.get(url).content.decode()
    assert "还有破格申报待审批：East Unit。" in page
    assert "结束申报阶段" not in page  # no button while the gate is unmet
    services.exceptional_decide(acting_user=cast.city, application=application, approve=True)
    page = client.get(url).content.decode()
    assert "破格申报均已审批。" in page
    assert "结束申报阶段" in page
    assert "不能重新开启" in page  # the confirmation says what cannot be undone
    close = f"{url}stages/{stage(campaign, 'application').pk}/close/"
    response = client.post(close, {"reason": ""}, follow=True)
    assert "提前结束须说明原因。" in response.content.decode()
    response = client.post(close, {"reason": "申报已收齐"}, follow=True)
    page = response.content.decode()
    assert "申报阶段已结束。" in page
    assert "还有申报未作推荐决定：East Unit。" in page  # the next stage's gate now shows


def test_county_cannot_post_a_close(client, world, cast, campaign):
    client.force_login(cast.county)
    close = f"/campaigns/{campaign.campaign.pk}/stages/{stage(campaign, 'application').pk}/close/"
    assert client.post(close, {"reason": "x"}).status_code in (403, 404)
    assert stage(campaign, "application").closed_at is None


def test_create_campaign_refuses_a_plan_file_lacking_a_stage(
    world, cast, campaign, tmp_path, capsys
):
    data = Path(__file__).parents[2] / "src/wenming/campaigns/data"
    plan = yaml.safe_load((data / "campaign-example.yaml").read_text(encoding="utf-8"))
    plan["office"] = world.city.code
    plan["quotas"] = []
    del plan["stages"]["publicity"]
    shutil.copy(data / plan["eligibility"], tmp_path / plan["eligibility"])
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("create_campaign", str(path), "--as", "city")
    assert "届次计划缺少以下阶段：公示。" in capsys.readouterr().err
