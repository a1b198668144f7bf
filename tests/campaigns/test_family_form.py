"""A 文明家庭 application has its own form (issue 12, DOMAIN §5): members, deeds, honors
and the recommending village or community; no staff or party-member statistics, no
self-marks; the family standard's conditions take evidence."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from tests.campaigns.conftest import fill_family_form
from tests.campaigns.test_evidence_files import pdf
from tests.conftest import login
from tests.factories import OrganizationFactory

from wenming.audit.models import AuditEvent
from wenming.campaigns import services
from wenming.campaigns.models import Application, Award
from wenming.campaigns.selectors.applications import statistics_asked
from wenming.frameworks.models import Framework


@pytest.fixture
def application(family):
    return services.application_start(
        acting_user=family.contact,
        campaign=family.campaign,
        award=family.award,
        organization=family.family,
    )


def page(client, application) -> str:
    return client.get(reverse("campaigns:application", args=[application.pk])).content.decode()


def test_the_family_form_has_no_staff_or_party_member_fields(client, family, application):
    login(client, family.contact)
    html = page(client, application)
    for absent in ("职工人数", "在职党员数", "党员注册志愿者数", "自评分", "自评合计"):
        assert absent not in html
    for present in ("家庭成员", "主要事迹", "最美家庭", "十星级文明户", "推荐村（社区）"):
        assert present in html
    assert "East Village" in html  # the village it lives in may recommend it
    assert "家庭成员遵纪守法，无违法犯罪记录" in html  # the standard's conditions
    assert "申报表未填写家庭成员。" in html


def test_a_family_saves_its_form_and_submits_without_marking_itself(
    client, world, family, application
):
    login(client, family.contact)
    response = client.post(
        reverse("campaigns:application_form", args=[application.pk]),
        {
            "members": "张建国 户主 退休教师\n李秀英，妻子\n\n张明、长子、医生",
            "deeds": "三代同堂，孝老爱亲。",
            "honors": ["ten_star_household"],
            "other_honors": "县级五好家庭",
            "recommender": world.village.pk,
        },
        follow=True,
    )
    assert "申报表已保存。" in response.content.decode()
    saved = Application.objects.get(pk=application.pk).form
    assert saved["members"] == [
        {"name": "张建国", "relation": "户主", "note": "退休教师"},
        {"name": "李秀英", "relation": "妻子", "note": ""},
        {"name": "张明", "relation": "长子", "note": "医生"},
    ]
    assert (saved["honors"], saved["recommender_name"]) == (["ten_star_household"], "East Village")
    assert AuditEvent.objects.filter(action="application.form").count() == 1
    html = page(client, application)
    assert "提交前还需要" not in html
    services.application_submit(acting_user=family.contact, application=application)
    assert Application.objects.get(pk=application.pk).status == "submitted"


def test_a_member_line_without_a_relation_is_refused_naming_the_line(
    client, world, family, application
):
    login(client, family.contact)
    response = client.post(
        reverse("campaigns:application_form", args=[application.pk]),
        {
            "members": "张建国 户主\n李秀英",
            "deeds": "孝老爱亲二十年",
            "recommender": world.village.pk,
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "家庭成员第 2 行“李秀英”缺少与户主关系（每行写“姓名 关系 备注”）。" in html
    assert "孝老爱亲二十年" in html  # what the family typed is still there
    assert Application.objects.get(pk=application.pk).form == {}
    assert not AuditEvent.objects.filter(action="application.form").exists()


def test_a_village_elsewhere_cannot_recommend_the_family(world, family, application):
    elsewhere = OrganizationFactory(name="West Village", kind="village", region=world.west)
    with pytest.raises(ValidationError) as error:
        fill_family_form(application, family.contact, elsewhere)
    assert "“West Village”不是本家庭所在的村（社区）。" in " ".join(error.value.messages)


def test_a_family_marks_nothing_and_has_no_statistics(world, family, application):
    with pytest.raises(ValidationError) as error:
        services.self_mark_save(
            acting_user=family.contact, application=application, clause_key="1.1", points=1
        )
    assert "按创建标准集中审核认定，申报单位不自评打分" in error.value.messages[0]
    with pytest.raises(ValidationError):
        services.application_update_form(
            acting_user=family.contact, application=application, form={"staff_count": 3}
        )


def test_evidence_goes_with_a_condition_of_the_standard(client, family, application):
    evidence = services.evidence_add(
        acting_user=family.contact,
        application=application,
        clause_key="1.2",
        kind="report",
        upload=SimpleUploadedFile("公益活动记录.pdf", pdf(), content_type="application/pdf"),
    )
    assert evidence.clause_key == "1.2"
    login(client, family.contact)
    assert "公益活动记录.pdf" in page(client, application)
    with pytest.raises(ValidationError):
        services.evidence_add(
            acting_user=family.contact,
            application=application,
            clause_key="4.1",  # a Yiyang scoring point, not a condition of the standard
            kind="report",
            upload=SimpleUploadedFile("x.pdf", pdf(), content_type="application/pdf"),
        )


def test_statistics_are_asked_only_where_a_threshold_reads_them(family):
    call_command("load_frameworks", stdout=io.StringIO())
    frameworks = {f.code: f for f in Framework.objects.filter(status="in_use")}
    # Yiyang's criterion 22 divides all five; the family standard and a framework without
    # thresholds read none, so a county applying for 文明城市 is not asked for its staff.
    assert statistics_asked(Award(framework=frameworks["yiyang-unit-2021"])) == (
        "staff_count",
        "party_members",
        "registered_volunteers",
        "party_member_volunteers",
        "volunteers_served",
    )
    assert statistics_asked(family.award) == ()
    assert statistics_asked(Award(framework=frameworks["city-county-example"])) == ()
