"""A photo's EXIF capture date against its caption's time and the creation window
(docs/rules.md#photo-trust): warnings stored at upload and shown in words, never a
refusal. The Yiyang framework's window is 2020–2021 (its bonus items' document dates)."""

from datetime import date

from django.urls import reverse
from tests.campaigns.photos import photo_bytes, scene, upload
from tests.conftest import login

from wenming.campaigns import services
from wenming.campaigns.models import Evidence


def uploaded(world, cast, campaign, *, taken, time="2021年5月20日") -> Evidence:
    application = services.application_start(
        acting_user=cast.applicant,
        campaign=campaign.campaign,
        award=campaign.unit,
        organization=world.east_unit,
    )
    return upload(application, cast.applicant, photo_bytes(scene(3), taken=taken), time=time)


def codes(evidence: Evidence) -> list[str]:
    return [f["code"] for f in evidence.findings]


def page(client, cast, evidence: Evidence) -> str:
    login(client, cast.applicant)
    url = reverse("campaigns:application", args=[evidence.application_id])
    return client.get(url).content.decode()


def test_a_date_matching_the_caption_inside_the_window_passes(world, cast, campaign, client):
    evidence = uploaded(world, cast, campaign, taken=date(2021, 5, 20))
    assert evidence.findings == []
    assert "检查通过" in page(client, cast, evidence)


def test_a_missing_date_is_shown_as_a_warning(world, cast, campaign, client):
    evidence = uploaded(world, cast, campaign, taken=None)
    assert codes(evidence) == ["capture_date_missing"]
    assert not evidence.blocking
    text = page(client, cast, evidence)
    assert "照片没有记录拍摄日期，无法与活动时间核对。" in text
    assert "待审核人判断" in text


def test_a_date_other_than_the_captions_is_a_mismatch(world, cast, campaign, client):
    evidence = uploaded(world, cast, campaign, taken=date(2021, 5, 12))
    assert codes(evidence) == ["capture_date_mismatch"]
    assert not evidence.blocking
    assert "照片的拍摄日期是 2021年5月12日，与说明中的活动时间“2021年5月20日”不符。" in page(
        client, cast, evidence
    )


def test_a_caption_in_another_date_form_is_read(world, cast, campaign):
    evidence = uploaded(world, cast, campaign, taken=date(2021, 5, 20), time="2021/5/20 上午")
    assert evidence.findings == []


def test_a_caption_without_a_date_is_not_compared(world, cast, campaign):
    evidence = uploaded(world, cast, campaign, taken=date(2021, 5, 12), time="五月中旬")
    assert evidence.findings == []


def test_a_date_outside_the_creation_window(world, cast, campaign, client):
    evidence = uploaded(world, cast, campaign, taken=date(2019, 5, 20), time="2019年5月20日")
    assert codes(evidence) == ["capture_outside_window"]
    assert not evidence.blocking
    assert (
        "照片的拍摄日期是 2019年5月20日，不在本届创建周期（2020年1月1日至2021年12月31日）之内。"
        in page(client, cast, evidence)
    )
