"""Reused photos (docs/rules.md#photo-trust), end to end on photos generated here: a near
copy (resized, recompressed, slightly cropped) uploaded by another applicant, or by the
same applicant for another activity, is flagged and shown to the reviewer side by side;
different photos are not; the thumbnails are served only to those who may see them."""

import pytest
from django.urls import reverse
from tests.campaigns.conftest import complete
from tests.campaigns.photos import VARIANTS, photo_bytes, scene, upload
from tests.conftest import login
from tests.factories import OrganizationFactory, UserFactory, all_stages_open, with_role

from wenming.accounts.models import Role
from wenming.campaigns import services
from wenming.campaigns.models import Application, Evidence


def applicant(setup, name, region):
    organization = OrganizationFactory(name=name, region=region)
    user = with_role(UserFactory(), Role.APPLICANT, organization=organization)
    application = services.application_start(
        acting_user=user, campaign=setup.campaign, award=setup.unit, organization=organization
    )
    complete(application, user)
    return application, user


def submit(*pairs: tuple[Application, object]) -> None:
    for application, user in pairs:
        services.application_submit(acting_user=user, application=application)


def reused(evidence: Evidence) -> set[int]:
    return set(evidence.reused_with.values_list("pk", flat=True))


def image_url(evidence: Evidence, beside: Evidence | None = None) -> str:
    url = reverse("campaigns:evidence_image", args=[evidence.pk])
    return f"{url}?beside={beside.pk}" if beside else url


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_a_near_copy_by_another_applicant_is_flagged(world, campaign, variant):
    first, first_user = applicant(campaign, "东岗小学", world.east)
    second, second_user = applicant(campaign, "东城医院", world.east)
    original = scene(11)
    theirs = upload(first, first_user, photo_bytes(original))
    copy = upload(second, second_user, photo_bytes(VARIANTS[variant](original)))
    assert not copy.blocking  # a warning for a person to judge, never a refusal
    assert reused(copy) == {theirs.pk}
    assert reused(theirs) == {copy.pk}  # the earlier photo is flagged too


def test_different_photos_are_not_flagged(world, campaign):
    uploaded = []
    for seed in range(20, 26):
        application, user = applicant(campaign, f"单位{seed}", world.east)
        uploaded.append(upload(application, user, photo_bytes(scene(seed))))
    assert Evidence.reused_with.through.objects.count() == 0
    assert all(e.phash for e in uploaded)


def test_the_same_applicant_reusing_a_photo_for_another_activity_is_flagged(world, campaign):
    application, user = applicant(campaign, "东岗小学", world.east)
    original = scene(12)
    lecture = upload(application, user, photo_bytes(original), activity="道德讲堂")
    service = upload(application, user, photo_bytes(resized_copy(original)), activity="志愿服务")
    assert reused(service) == {lecture.pk}


def test_two_shots_of_one_activity_by_its_applicant_are_not_a_reuse(world, campaign):
    """1 to 3 photos of one activity are often taken a moment apart: not a reuse."""
    application, user = applicant(campaign, "东岗小学", world.east)
    original = scene(13)
    upload(application, user, photo_bytes(original), activity="道德讲堂")
    again = upload(application, user, photo_bytes(resized_copy(original)), activity="道德讲堂")
    assert reused(again) == set()


def resized_copy(image):
    return VARIANTS["resized"](image)


def test_the_review_page_shows_both_photos_side_by_side(world, cast, campaign, client):
    first, first_user = applicant(campaign, "东岗小学", world.east)
    second, second_user = applicant(campaign, "西山中学", world.west)
    original = scene(14)
    mine = upload(first, first_user, photo_bytes(original), activity="道德讲堂")
    theirs = upload(
        second, second_user, photo_bytes(VARIANTS["cropped 5% evenly"](original)), activity="读书会"
    )
    submit((first, first_user), (second, second_user))
    login(client, cast.county)
    page = client.get(reverse("campaigns:review", args=[campaign.campaign.pk])).content.decode()
    assert "疑似重复使用的照片 1 处" in page
    assert f'src="{image_url(mine)}"' in page
    assert f'src="{image_url(theirs, beside=mine)}"' in page
    assert "西山中学" in page  # the other applicant, although of another county
    assert "读书会" in page  # and its activity
    # The east county's reviewer sees the west photo beside its own, and only so.
    shown = client.get(image_url(theirs, beside=mine))
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/jpeg"
    assert shown.content.startswith(b"\xff\xd8")
    assert client.get(image_url(theirs)).status_code == 403


def test_a_pair_within_one_county_is_listed_once(world, cast, campaign, client):
    first, first_user = applicant(campaign, "东岗小学", world.east)
    second, second_user = applicant(campaign, "东城医院", world.east)
    original = scene(21)
    mine = upload(first, first_user, photo_bytes(original))
    theirs = upload(second, second_user, photo_bytes(VARIANTS["recompressed"](original)))
    submit((first, first_user), (second, second_user))
    login(client, cast.county)
    page = client.get(reverse("campaigns:review", args=[campaign.campaign.pk])).content.decode()
    assert "疑似重复使用的照片 1 处" in page
    assert f'src="{image_url(theirs, beside=mine)}"' in page
    assert client.get(image_url(theirs, beside=mine)).status_code == 200


def test_no_flag_no_section(world, cast, campaign, client):
    first, first_user = applicant(campaign, "东岗小学", world.east)
    upload(first, first_user, photo_bytes(scene(15)))
    submit((first, first_user))
    login(client, cast.county)
    page = client.get(reverse("campaigns:review", args=[campaign.campaign.pk])).content.decode()
    assert "疑似重复使用的照片" not in page


def test_the_image_route_refuses_strangers(world, cast, campaign, client):
    first, first_user = applicant(campaign, "东岗小学", world.east)
    second, second_user = applicant(campaign, "西山中学", world.west)
    original = scene(16)
    mine = upload(first, first_user, photo_bytes(original))
    theirs = upload(second, second_user, photo_bytes(VARIANTS["resized"](original)))
    unrelated = upload(second, second_user, photo_bytes(scene(17)), activity="读书会")
    login(client, first_user)
    assert client.get(image_url(mine)).status_code == 200  # its own photo
    # An applicant never sees another's photo, flagged or not.
    assert client.get(image_url(theirs)).status_code == 403
    assert client.get(image_url(theirs, beside=mine)).status_code == 403
    login(client, cast.county)
    # A reviewer sees another county's photo only beside the one it was flagged with.
    assert client.get(image_url(unrelated, beside=mine)).status_code == 403
    assert client.get(image_url(theirs, beside=theirs)).status_code == 403
    login(client, cast.nobody)
    assert client.get(image_url(mine)).status_code == 403
    client.logout()
    assert client.get(image_url(mine)).status_code == 302  # to the login page


def test_a_tampered_file_is_not_served(world, campaign, client):
    first, first_user = applicant(campaign, "东岗小学", world.east)
    mine = upload(first, first_user, photo_bytes(scene(18)))
    with mine.file.open("wb") as stream:
        stream.write(photo_bytes(scene(19)))
    login(client, first_user)
    response = client.get(image_url(mine))
    assert response.status_code == 409
    assert "校验值不符" in response.content.decode()


def test_a_removed_photo_is_no_longer_flagged(world, campaign):
    first, first_user = applicant(campaign, "东岗小学", world.east)
    second, second_user = applicant(campaign, "东城医院", world.east)
    original = scene(22)
    theirs = upload(first, first_user, photo_bytes(original))
    copy = upload(second, second_user, photo_bytes(VARIANTS["resized"](original)))
    services.evidence_remove(acting_user=second_user, evidence=copy)
    assert reused(theirs) == set()


# ---- across campaigns: the applicant's own photos of another edition ----------------------


def earlier_campaign(world, cast, setup):
    """The same office's 19th edition, with the 20th's framework and awards."""
    campaign = services.campaign_create(
        acting_user=cast.city,
        name="第十九届市级精神文明建设先进集体推荐考核",
        edition=19,
        office=world.city,
        eligibility_table=setup.campaign.eligibility_table,
        stages=all_stages_open(),
        awards=[
            {"category": "unit", "level": "municipal", "model": False, "framework": setup.framework}
        ],
    )
    return type(setup)(campaign, campaign.awards.get(), setup.unit_model, setup.framework)


def apply_again(setup, organization, user):
    application = services.application_start(
        acting_user=user, campaign=setup.campaign, award=setup.unit, organization=organization
    )
    complete(application, user)
    return application


def test_the_applicants_photo_of_an_earlier_edition_is_flagged(world, cast, campaign, client):
    past = earlier_campaign(world, cast, campaign)
    before, user = applicant(past, "东岗小学", world.east)
    original = scene(31)
    old = upload(before, user, photo_bytes(original), activity="道德讲堂")
    now = apply_again(campaign, before.organization, user)
    # The same activity again (every edition has its 道德讲堂): still a reuse across editions.
    new = upload(now, user, photo_bytes(VARIANTS["recompressed"](original)), activity="道德讲堂")
    assert reused(new) == {old.pk}
    submit((now, user))
    login(client, cast.county)
    page = client.get(reverse("campaigns:review", args=[campaign.campaign.pk])).content.decode()
    assert "疑似重复使用的照片 1 处" in page
    assert "本单位往届申报" in page
    assert "第十九届市级精神文明建设先进集体推荐考核（第十九届）" in page
    assert f'src="{image_url(old, beside=new)}"' in page
    # The reviewer sees the older photo beside the new one (who else may not: below).
    shown = client.get(image_url(old, beside=new))
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/jpeg"


def test_another_applicants_photo_of_an_earlier_edition_is_not_flagged(world, cast, campaign):
    """Across campaigns only an organization's own photos are compared (docs/rules.md)."""
    past = earlier_campaign(world, cast, campaign)
    theirs, their_user = applicant(past, "东城医院", world.east)
    original = scene(32)
    upload(theirs, their_user, photo_bytes(original))
    mine, user = applicant(campaign, "东岗小学", world.east)
    new = upload(mine, user, photo_bytes(VARIANTS["resized"](original)))
    assert reused(new) == set()


def test_only_the_reviewer_sees_the_earlier_photo_beside_the_new(world, cast, campaign, client):
    past = earlier_campaign(world, cast, campaign)
    before, user = applicant(past, "西山中学", world.west)
    original = scene(33)
    old = upload(before, user, photo_bytes(original))
    now = apply_again(campaign, before.organization, user)
    new = upload(now, user, photo_bytes(VARIANTS["resized"](original)), activity="读书会")
    assert reused(new) == {old.pk}
    submit((now, user))
    _stranger, stranger_user = applicant(campaign, "东岗小学", world.east)
    login(client, stranger_user)  # another applicant of the new campaign
    assert client.get(image_url(old, beside=new)).status_code == 403
    login(client, cast.county)  # the east county does not review the west's application
    assert client.get(image_url(old, beside=new)).status_code == 403
    login(client, cast.nobody)
    assert client.get(image_url(old, beside=new)).status_code == 403
