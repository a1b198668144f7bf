"""Screening's close may end the appeal window early: the applicant reads so next to the
last day, the office is warned on the close form while the window runs, and a lodge that
fails after its evidence was written leaves no file behind."""

import io
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import Image
from tests.conftest import login

from wenming.appeals import services
from wenming.appeals.models import Appeal, AppealEvidence

from .conftest import move
from .test_gate_and_papers import answered_by_departments

NOTICE = "申诉期至 2026年12月8日 尚未结束，结束征求意见阶段后将不再受理申诉。"
REASONS = "第1.1项已按要求提交台账，评分偏低。"


def png() -> services.EvidenceFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "PNG")
    return services.EvidenceFile("台账照片.png", out.getvalue())


def stored_appeal_files() -> list[str]:
    if not default_storage.exists("appeals"):
        return []
    return default_storage.listdir("appeals")[1]


@pytest.fixture(autouse=True)
def empty_appeal_storage():
    """Each test starts and ends with no appeal evidence in the test storage."""
    for name in stored_appeal_files():
        default_storage.delete(os.path.join("appeals", name))
    yield
    for name in stored_appeal_files():
        default_storage.delete(os.path.join("appeals", name))


def campaign_page(client, cast, frozen) -> str:
    login(client, cast.city)
    return client.get(f"/campaigns/{frozen.campaign.pk}/").content.decode()


def test_the_applicant_reads_that_an_early_close_of_screening_ends_the_window(client, cast, frozen):
    login(client, cast.applicant)
    page = client.get(f"/appeals/applications/{frozen.east.pk}/").content.decode()
    assert "截止日期为 2026年12月8日；征求意见阶段在此之前结束的，申诉同时截止。" in page


def test_the_close_form_warns_while_the_window_runs(client, cast, frozen, clock):
    move(clock, 12, 2)
    answered_by_departments(frozen, cast)
    page = campaign_page(client, cast, frozen)
    assert (
        ">结束征求意见阶段</button>" in page
    )  # the close button is there: the notice does not block
    assert page.count(NOTICE) == 2  # on the form and in the button's confirmation


def test_on_the_last_day_the_warning_still_shows(client, cast, frozen, clock):
    move(clock, 12, 8, 23)
    answered_by_departments(frozen, cast)
    assert NOTICE in campaign_page(client, cast, frozen)


def test_after_the_window_no_warning(client, cast, frozen, clock):
    move(clock, 12, 9, 8)
    answered_by_departments(frozen, cast)
    page = campaign_page(client, cast, frozen)
    assert ">结束征求意见阶段</button>" in page
    assert "申诉期至" not in page


def test_a_lodge_refused_after_its_files_were_written_leaves_no_file(
    cast, frozen, clock, monkeypatch
):
    move(clock, 12, 2)

    def refuse(**_kwargs):
        raise ValidationError("审计记录失败")

    monkeypatch.setattr(services, "audit_record", refuse)
    with pytest.raises(ValidationError):
        services.appeal_lodge(
            acting_user=cast.applicant,
            application=frozen.east,
            reasons=REASONS,
            files=[png(), png()],
        )
    assert not Appeal.objects.exists()
    assert not AppealEvidence.objects.exists()
    assert stored_appeal_files() == []


def test_a_lodge_refused_for_its_window_writes_no_file(cast, frozen, clock):
    move(clock, 12, 9, 8)
    with pytest.raises(ValidationError) as error:
        services.appeal_lodge(
            acting_user=cast.applicant, application=frozen.east, reasons=REASONS, files=[png()]
        )
    assert error.value.messages == ["申诉期限已于2026年12月8日结束，不再受理申诉。"]
    assert stored_appeal_files() == []


def test_a_lodge_taken_keeps_its_files(cast, frozen, clock):
    move(clock, 12, 2)
    services.appeal_lodge(
        acting_user=cast.applicant, application=frozen.east, reasons=REASONS, files=[png()]
    )
    assert len(stored_appeal_files()) == 1
