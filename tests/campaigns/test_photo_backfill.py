"""``manage.py photo_hashes``: photos kept before hashing are hashed and their reuses
found; a second run changes nothing (docs/rules.md#photo-trust)."""

import io

import pytest
from django.core.management import CommandError, call_command
from tests.campaigns.photos import VARIANTS, photo_bytes, scene, upload
from tests.campaigns.test_photo_reuse import applicant, reused

from wenming.audit.models import AuditEvent
from wenming.campaigns.models import Evidence


def run(campaign, username="city") -> str:
    out = io.StringIO()
    call_command("photo_hashes", str(campaign.campaign.pk), "--as", username, stdout=out)
    return out.getvalue()


def test_old_photos_are_hashed_and_their_reuse_found(world, cast, campaign):
    first, first_user = applicant(campaign, "东岗小学", world.east)
    second, second_user = applicant(campaign, "西山中学", world.west)
    original = scene(31)
    mine = upload(first, first_user, photo_bytes(original))
    theirs = upload(second, second_user, photo_bytes(VARIANTS["recompressed"](original)))
    # As kept before photo hashing existed: no hash, no pairs.
    mine.reused_with.clear()
    Evidence.objects.update(phash="", phash_band0=None, phash_band1=None, phash_band2=None)
    assert run(campaign) == "已更新 2 张照片的查重信息。\n"
    assert reused(theirs) == {mine.pk}
    assert Evidence.objects.get(pk=mine.pk).phash
    assert AuditEvent.objects.filter(action="application.evidence_hash").count() == 2
    assert run(campaign) == "已更新 0 张照片的查重信息。\n"


def test_only_the_campaigns_office_runs_it(world, cast, campaign):
    with pytest.raises(CommandError, match="无权管理"):
        run(campaign, "county")
