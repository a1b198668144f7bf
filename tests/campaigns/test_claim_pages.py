"""Bonus claims on the pages: the applicant claims and sees each claim's status and
effect; the recommending unit confirms or rejects on its review page; irreversible
buttons ask first."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.campaigns.conftest import complete
from tests.campaigns.test_evidence_files import pdf
from tests.conftest import login
from tests.factories import reach_stage

from wenming.campaigns import services
from wenming.campaigns.models import BonusClaim
from wenming.campaigns.services import claims
from wenming.registry.models import Honor


def start(cast, campaign, world):
    return services.application_start(
        acting_user=cast.applicant,
        campaign=campaign.campaign,
        award=campaign.unit,
        organization=world.east_unit,
    )


def page(client, application):
    return client.get(reverse("campaigns:application", args=[application.pk])).text


def honor(world, **fields):
    values = {
        "organization": world.east_unit,
        "kind": "honor_title",
        "level": "national",
        "name": "全国青年文明号",
        "granting_body": "共青团中央",
        "document_number": "中青发〔2020〕9号",
        "granted_on": date(2020, 11, 5),
    }
    return Honor.objects.create(**values | fields)


def test_a_registry_honor_is_offered_and_claimed_in_one_click(world, cast, campaign, client):
    application = start(cast, campaign, world)
    held = honor(world)
    honor(world, name="十年前的荣誉", granted_on=date(2011, 1, 1))  # outside the window
    login(client, cast.applicant)
    text = page(client, application)
    assert "特色加分" in text
    assert "全国青年文明号" in text
    assert "十年前的荣誉" not in text
    url = reverse("campaigns:bonus_accept", args=[application.pk, held.pk])
    text = client.post(url, follow=True).text
    assert "已申报加分：全国青年文明号，待推荐单位认定。" in text
    assert "待确认" in text
    assert "认定后计 2 分" in text
    assert BonusClaim.objects.get().honor == held


def test_a_claim_posted_with_its_file_shows_pending_and_its_effect(world, cast, campaign, client):
    application = start(cast, campaign, world)
    login(client, cast.applicant)
    url = reverse("campaigns:bonus_add", args=[application.pk, "experience_promoted"])
    post = {
        "level": "provincial",
        "title": "社区志愿服务积分制",
        "outlet": "江川日报",
        "dated": "2021-03-08",
        "content_key": "志愿服务积分制",
        "evidence_kind": "official_document",
        "file": SimpleUploadedFile("报道.pdf", pdf(), content_type="application/pdf"),
    }
    text = client.post(url, post, follow=True).text
    assert "已申报加分：社区志愿服务积分制，待推荐单位认定。" in text
    assert "认定后计 2 分" in text
    assert "报道.pdf" in text


def test_a_claim_missing_its_date_is_told_on_the_page(world, cast, campaign, client):
    application = start(cast, campaign, world)
    login(client, cast.applicant)
    url = reverse("campaigns:bonus_add", args=[application.pk, "honor_titles"])
    post = {
        "level": "municipal",
        "title": "市级巾帼文明岗",
        "granting_body": "清河市妇联",
        "file": SimpleUploadedFile("文件.pdf", pdf(), content_type="application/pdf"),
    }
    text = client.post(url, post, follow=True).text
    assert "请填写授予荣誉的发文日期（加分以发文时间为准）。" in text
    assert BonusClaim.objects.count() == 0


def test_claims_outside_the_window_and_of_the_same_content_are_shown_not_counting(
    world, cast, campaign, client
):
    application = start(cast, campaign, world)
    old = honor(world, name="旧荣誉", granted_on=date(2019, 6, 1))
    claims.bonus_claim_add(acting_user=cast.applicant, application=application, honor=old)
    upload = SimpleUploadedFile("a.pdf", pdf(), content_type="application/pdf")
    same = {
        "rule": "experience_promoted",
        "title": "经验",
        "outlet": "媒体",
        "dated": date(2021, 1, 5),
        "content_key": "同一经验",
    }
    claims.bonus_claim_add(
        acting_user=cast.applicant,
        application=application,
        level="provincial",
        upload=upload,
        **same,
    )
    upload = SimpleUploadedFile("b.pdf", pdf(), content_type="application/pdf")
    claims.bonus_claim_add(
        acting_user=cast.applicant, application=application, level="national", upload=upload, **same
    )
    login(client, cast.applicant)
    text = page(client, application)
    assert "不在加分时段（2020年1月1日 至 2021年12月31日），不计分" in text
    assert "同一经验已按最高分计，本项不重复加分" in text
    assert "认定后计 3 分" in text


def submitted_with_claim(world, cast, campaign):
    application = start(cast, campaign, world)
    claim = claims.bonus_claim_add(
        acting_user=cast.applicant, application=application, honor=honor(world)
    )
    complete(application, cast.applicant)
    services.application_submit(acting_user=cast.applicant, application=application)
    reach_stage(campaign.campaign, "recommendation")
    return application, claim


def test_the_county_confirms_a_claim_on_its_review_page(world, cast, campaign, client):
    application, claim = submitted_with_claim(world, cast, campaign)
    login(client, cast.county)
    review = client.get(reverse("campaigns:review", args=[campaign.campaign.pk])).text
    assert "特色加分 1 项" in review
    assert "待认定 1" in review
    url = reverse("campaigns:claim_decide", args=[claim.pk])
    text = client.post(url, {"decision": "confirm"}, follow=True).text
    assert "已确认加分：全国青年文明号。" in text
    assert BonusClaim.objects.get().status == "confirmed"
    login(client, cast.applicant)
    text = page(client, application)
    assert "已认定 2 分" in text
    assert "计 2 分" in text


def test_rejecting_without_a_reason_is_told_beside_the_claim(world, cast, campaign, client):
    _application, claim = submitted_with_claim(world, cast, campaign)
    login(client, cast.county)
    url = reverse("campaigns:claim_decide", args=[claim.pk])
    text = client.post(url, {"decision": "reject", "reason": ""}).text
    assert "不予认定必须说明理由。" in text
    assert BonusClaim.objects.get().status == "pending"
    text = client.post(url, {"decision": "reject", "reason": "非表彰文件"}, follow=True).text
    assert "不予认定加分：全国青年文明号。" in text
    assert "非表彰文件" in text


def test_another_county_cannot_decide_a_claim(world, cast, campaign, client):
    _application, claim = submitted_with_claim(world, cast, campaign)
    login(client, cast.body)
    url = reverse("campaigns:claim_decide", args=[claim.pk])
    assert client.post(url, {"decision": "confirm"}).status_code == 403


def test_review_page_queries_stay_constant_with_claims(world, cast, campaign, client):
    submitted_with_claim(world, cast, campaign)
    login(client, cast.county)
    url = reverse("campaigns:review", args=[campaign.campaign.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for claim in list(BonusClaim.objects.all()):
        for i in range(3):
            BonusClaim.objects.create(
                application=claim.application,
                rule="honor_titles",
                kind="honor",
                level="municipal",
                title=f"荣誉{i}",
                granting_body="市政府",
                dated=date(2021, 1, 1),
                created_by=cast.applicant,
            )
    with CaptureQueriesContext(connection) as many:
        text = client.get(url).text
    assert "特色加分 4 项" in text
    assert len(few) == len(many)


def test_irreversible_buttons_ask_first(world, cast, campaign, client):
    application = start(cast, campaign, world)
    login(client, cast.applicant)
    text = page(client, application)
    assert 'data-confirm="提交后，申报表、自评分、佐证材料和特色加分都不能再修改' in text
    complete(application, cast.applicant)
    services.application_submit(acting_user=cast.applicant, application=application)
    reach_stage(campaign.campaign, "recommendation")
    login(client, cast.county)
    review = client.get(reverse("campaigns:review", args=[campaign.campaign.pk])).text
    assert 'data-confirm="保存后推荐的申报即占用名额' in review
    assert 'data-confirm="报送后，盖章推荐报告和推荐责任人即记入推荐记录' in review
