"""An award uses a framework of its own category, of the kind its assessment needs
(DOMAIN §5): campaign creation and the campaign page refuse any other, naming both."""

import io
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from tests.campaigns.conftest import FAMILY_STANDARD, TABLE, complete
from tests.conftest import login
from tests.factories import all_stages_open

from wenming.audit.models import AuditEvent
from wenming.campaigns import services
from wenming.campaigns.models import Award, Campaign
from wenming.frameworks.models import Framework
from wenming.frameworks.services import framework_import, framework_publish

EXAMPLE = Path(__file__).parents[2] / "src/wenming/campaigns/data/campaign-example.yaml"


@pytest.fixture
def family_standard(db) -> Framework:
    framework, _ = framework_import(acting_user=None, document=FAMILY_STANDARD)
    return framework_publish(acting_user=None, framework=framework)


def create(cast, world, awards):
    return services.campaign_create(
        acting_user=cast.city,
        name="第二十一届",
        edition=21,
        office=world.city,
        eligibility_table=yaml.safe_load(TABLE.read_text(encoding="utf-8")),
        stages=all_stages_open(),
        awards=awards,
    )


def test_a_family_award_with_the_unit_framework_is_refused_naming_both(
    cast, world, campaign, family_standard
):
    before = Campaign.objects.count()
    with pytest.raises(ValidationError) as error:
        create(
            cast,
            world,
            [
                {"category": "unit", "level": "municipal", "framework": campaign.framework},
                {"category": "family", "level": "municipal", "framework": campaign.framework},
            ],
        )
    assert error.value.messages == [
        "“市级文明家庭”只能使用文明家庭类的测评体系，"
        "“益阳市文明单位(标兵单位)测评细则(2021年版)”属于文明单位类。"
    ]
    assert Campaign.objects.count() == before  # nothing half-saved


def test_a_family_award_takes_the_family_standard_and_central_review(
    cast, world, campaign, family_standard
):
    created = create(
        cast,
        world,
        [{"category": "family", "level": "municipal", "framework": family_standard}],
    )
    award = created.awards.get()
    assert (award.framework, award.assessment) == (family_standard, "central_review")


def test_a_scored_unit_award_may_not_take_a_checklist(cast, world, campaign, family_standard):
    document = FAMILY_STANDARD | {"code": "unit-list", "name": "单位达标清单", "category": "unit"}
    checklist = framework_publish(
        acting_user=None, framework=framework_import(acting_user=None, document=document)[0]
    )
    with pytest.raises(ValidationError) as error:
        create(cast, world, [{"category": "unit", "level": "municipal", "framework": checklist}])
    assert error.value.messages == [
        "“市级文明单位”采用测评打分，须使用测评细则；“单位达标清单”是创建标准（达标制）。"
    ]


def test_a_composite_is_never_an_awards_framework(cast, world, campaign):
    composite = Framework.objects.get(code="liaocheng-midyear-2018")
    with pytest.raises(ValidationError) as error:
        create(cast, world, [{"category": "unit", "level": "municipal", "framework": composite}])
    assert "是综合考评体系，不能作为“市级文明单位”的测评体系。" in error.value.messages[0]


def page(client, campaign) -> str:
    return client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()


def test_the_campaign_page_refuses_a_unit_award_the_family_standard(
    client, cast, campaign, family_standard
):
    login(client, cast.city)
    assert "文明家庭创建标准（测试）" in page(client, campaign.campaign)  # offered in the list
    url = reverse("campaigns:award_framework", args=[campaign.campaign.pk, campaign.unit.pk])
    response = client.post(url, {"framework": family_standard.pk}, follow=True)
    assert (
        "“市级文明单位”只能使用文明单位类的测评体系，“文明家庭创建标准（测试）”属于文明家庭类。"
        in response.content.decode()
    )
    assert Award.objects.get(pk=campaign.unit.pk).framework == campaign.framework
    assert not AuditEvent.objects.filter(action="award.framework").exists()


def test_the_office_changes_a_framework_version_until_someone_applies(
    client, cast, world, campaign
):
    revised = framework_publish(
        acting_user=None,
        framework=framework_import(
            acting_user=None,
            document=campaign.framework.canonical_document | {"name": "益阳（修订）"},
        )[0],
    )
    login(client, cast.city)
    url = reverse("campaigns:award_framework", args=[campaign.campaign.pk, campaign.unit.pk])
    response = client.post(url, {"framework": revised.pk}, follow=True)
    assert "“市级文明单位”改用“益阳（修订）”。" in response.content.decode()
    assert Award.objects.get(pk=campaign.unit.pk).framework == revised
    event = AuditEvent.objects.get(action="award.framework")
    assert (event.before["framework"], event.after["framework"]) == (
        campaign.framework.pk,
        revised.pk,
    )

    application = services.application_start(
        acting_user=cast.applicant,
        campaign=campaign.campaign,
        award=Award.objects.get(pk=campaign.unit.pk),
        organization=world.east_unit,
    )
    complete(application, cast.applicant)
    services.application_submit(acting_user=cast.applicant, application=application)
    response = client.post(url, {"framework": campaign.framework.pk}, follow=True)
    assert "已有单位提交了“市级文明单位”的申报，测评体系不能再更换。" in response.content.decode()
    assert Award.objects.get(pk=campaign.unit.pk).framework == revised


def test_a_county_office_may_not_change_an_awards_framework(client, cast, campaign):
    login(client, cast.county)
    url = reverse("campaigns:award_framework", args=[campaign.campaign.pk, campaign.unit.pk])
    assert client.post(url, {"framework": campaign.framework.pk}).status_code in (403, 404)
    assert "更换测评体系" not in page(client, campaign.campaign)


def test_the_campaign_page_refuses_a_family_award_the_unit_framework(client, cast, family):
    call_command("load_frameworks", stdout=io.StringIO())
    yiyang = Framework.objects.get(code="yiyang-unit-2021")
    login(client, cast.city)
    url = reverse("campaigns:award_framework", args=[family.campaign.pk, family.award.pk])
    response = client.post(url, {"framework": yiyang.pk}, follow=True)
    assert (
        "“市级文明家庭”只能使用文明家庭类的测评体系，"
        "“益阳市文明单位(标兵单位)测评细则(2021年版)”属于文明单位类。" in response.content.decode()
    )
    assert Award.objects.get(pk=family.award.pk).framework == family.standard
    assert not AuditEvent.objects.filter(action="award.framework").exists()


def test_create_campaign_refuses_a_plan_giving_families_the_unit_framework(
    cast, world, campaign, tmp_path, capsys
):
    plan = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    plan["office"] = world.city.code
    plan["quotas"] = []
    for award in plan["awards"]:
        if award["category"] == "family":
            award["framework"] = "yiyang-unit-2021"
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    (tmp_path / "eligibility-20.yaml").write_text(
        (EXAMPLE.parent / "eligibility-20.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    before = Campaign.objects.count()
    with pytest.raises(SystemExit):
        call_command("create_campaign", str(path), "--as", "city")
    assert capsys.readouterr().err.strip() == (
        "未创建届次：“市级文明家庭”只能使用文明家庭类的测评体系，"
        "“益阳市文明单位(标兵单位)测评细则(2021年版)”属于文明单位类。"
    )
    assert Campaign.objects.count() == before  # nothing half-saved
