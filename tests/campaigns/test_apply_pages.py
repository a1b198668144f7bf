"""The applicant's pages: eligible awards with reasons, self-marking, evidence, submission."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from tests.campaigns.conftest import complete
from tests.campaigns.test_evidence_files import jpeg
from tests.conftest import login

from wenming.campaigns import services
from wenming.campaigns.models import Application, Stage
from wenming.documents.style import datetime_words


def start(client, campaign, world, award=None):
    award = award or campaign.unit
    return client.post(
        reverse("campaigns:start", args=[campaign.campaign.pk, award.pk]),
        {"organization": world.east_unit.pk},
    )


def test_workspace_shows_eligible_awards_with_reasons(world, cast, campaign, client):
    login(client, cast.applicant)
    text = client.get(reverse("campaigns:workspace", args=[campaign.campaign.pk])).content.decode()
    assert "市级文明单位" in text
    assert "符合条件的单位均可申报" in text
    # The model tier needs a municipal title the organization does not hold: it is listed
    # among the closed ones, with what it needs.
    assert "1 个项目不符合申报条件" in text
    assert "需要第十八、十九届市级文明单位" in text


def test_applying_opens_the_application_page(world, cast, campaign, client):
    login(client, cast.applicant)
    response = start(client, campaign, world)
    application = Application.objects.get()
    assert response["Location"] == reverse("campaigns:application", args=[application.pk])
    text = client.get(response["Location"]).content.decode()
    assert "理想信念教育" in text  # the framework's first item
    assert "申报表的统计数据未填写完整" in text
    assert "提交申报" in text


def test_self_mark_is_saved_as_it_is_entered(world, cast, campaign, client):
    login(client, cast.applicant)
    start(client, campaign, world)
    application = Application.objects.get()
    url = reverse("campaigns:self_mark", args=[application.pk, "1.1"])
    response = client.post(
        url, {"points": "1.5", "narrative": "中心组学习12次"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "已保存" in response.content.decode()
    assert application.self_marks.get().points == 1.5
    response = client.post(url, {"points": "3"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "0 到 2" in response.content.decode()


def test_bad_photo_is_shown_refused_with_its_reason(world, cast, campaign, client):
    login(client, cast.applicant)
    start(client, campaign, world)
    application = Application.objects.get()
    png = io.BytesIO()
    Image.new("RGB", (800, 600), (10, 120, 10)).save(png, "PNG")
    # Named as what it is: a PNG named .jpg is refused outright (tests/security).
    upload = SimpleUploadedFile("活动照片.png", png.getvalue(), content_type="image/png")
    url = reverse("campaigns:evidence_upload", args=[application.pk, "4.1"])
    client.post(url, {"kind": "photo", "file": upload, "activity": "道德讲堂"})
    text = client.get(reverse("campaigns:application", args=[application.pk])).content.decode()
    assert "不符合要求" in text
    assert "JPG" in text or "JPEG" in text
    assert "有 1 份佐证材料不符合要求" in text


def test_good_photo_passes_the_hard_checks(world, cast, campaign, client):
    login(client, cast.applicant)
    start(client, campaign, world)
    application = Application.objects.get()
    upload = SimpleUploadedFile("p.jpg", jpeg(1_700_000), content_type="image/jpeg")
    url = reverse("campaigns:evidence_upload", args=[application.pk, "4.1"])
    client.post(
        url,
        {
            "kind": "photo",
            "file": upload,
            "activity": "道德讲堂",
            "caption_time": "2021年3月5日",
            "caption_place": "本单位会议室",
            "caption_organizer": "East Unit",
            "caption_theme": "道德讲堂",
            "caption_participants": "全体职工",
        },
    )
    evidence = application.evidence.get()
    assert evidence.blocking is False
    assert evidence.content_type == "image/jpeg"
    assert evidence.file.name.endswith(".jpg")
    assert "p.jpg" not in evidence.file.name  # stored under a random key


def test_submit_after_the_deadline_shows_the_deadline(world, cast, campaign, client):
    login(client, cast.applicant)
    start(client, campaign, world)
    application = Application.objects.get()
    complete(application, cast.applicant)
    stage = Stage.objects.get(campaign=campaign.campaign, kind="application")
    stage.closes_at = timezone.now() - timedelta(minutes=1)
    stage.save()
    response = client.post(reverse("campaigns:submit", args=[application.pk]), follow=True)
    text = response.content.decode()
    assert "逾期不予受理" in text
    assert datetime_words(stage.closes_at) in text
    application.refresh_from_db()
    assert application.status == "draft"


def test_another_organization_cannot_open_the_application(world, cast, campaign, client):
    login(client, cast.applicant)
    start(client, campaign, world)
    application = Application.objects.get()
    login(client, cast.body)
    assert client.get(reverse("campaigns:application", args=[application.pk])).status_code == 403


def test_a_refused_file_can_be_removed_and_no_longer_blocks(world, cast, campaign, client):
    login(client, cast.applicant)
    start(client, campaign, world)
    application = Application.objects.get()
    png = io.BytesIO()
    Image.new("RGB", (80, 60)).save(png, "PNG")
    upload = SimpleUploadedFile("x.png", png.getvalue())
    client.post(
        reverse("campaigns:evidence_upload", args=[application.pk, "4.1"]),
        {"kind": "photo", "file": upload},
    )
    evidence = application.evidence.get()
    client.post(reverse("campaigns:evidence_remove", args=[application.pk, evidence.pk]))
    assert application.evidence.count() == 0
    text = client.get(reverse("campaigns:application", args=[application.pk])).content.decode()
    assert "佐证材料不符合要求" not in text


def test_the_page_quotes_its_history_in_as_many_queries_however_long(world, cast, campaign, client):
    login(client, cast.applicant)
    start(client, campaign, world)
    application = Application.objects.get()
    url = reverse("campaigns:application", args=[application.pk])
    client.get(url)  # the sheet's first rendering is kept
    with CaptureQueriesContext(connection) as fresh:
        client.get(url)
    complete(application, cast.applicant)
    for round_ in range(3):
        services.application_submit(acting_user=cast.applicant, application=application)
        services.application_return(
            acting_user=cast.county, application=application, comment=f"补充佐证材料{round_}"
        )
    with CaptureQueriesContext(connection) as returned:
        text = client.get(url).content.decode()
    history = text.split("办理记录", 1)[1]
    assert "补充佐证材料2" in history
    assert "补充佐证材料0" in history
    assert history.index("补充佐证材料2") < history.index("补充佐证材料0")  # newest first
    assert len(returned) == len(fresh)
