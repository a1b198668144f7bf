"""Revoking a title through the supervision page removes it from eligibility next time;
downgrading one records the lower title the office names in its place."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from tests.conftest import login
from tests.factories import TitleFactory

from wenming.audit.models import AuditEvent
from wenming.campaigns.eligibility import verdicts_for
from wenming.supervision.services import titles as services_titles


@pytest.fixture
def titled(world):
    return TitleFactory(organization=world.east_unit, level="municipal", edition=19)


def model_verdict(setup, organization):
    return next(
        v for v in verdicts_for(setup.campaign, organization) if v.award == setup.unit_model
    )


def test_revocation_removes_the_title_from_eligibility(
    client, cast, world, titled, campaign
) -> None:
    assert model_verdict(campaign, world.east_unit).eligible
    login(client, cast.city)
    url = reverse("supervision:titles", args=[world.east_unit.pk])
    response = client.post(
        url,
        {
            "title": titled.pk,
            "status": "revoked",
            "ended_on": "2026-03-01",
            "reason": "Serious violation found in the review",
            "document": "City-2026-7",
        },
        follow=True,
    )
    assert "已记入称号历史" in response.content.decode()
    titled.refresh_from_db()
    assert (titled.status, titled.ended_on, titled.end_document) == (
        "revoked",
        date(2026, 3, 1),
        "City-2026-7",
    )
    verdict = model_verdict(campaign, world.east_unit)
    assert not verdict.eligible
    assert "已被撤销" in verdict.text
    assert AuditEvent.objects.filter(action="title.revoked").exists()


def test_revocation_needs_reason_and_document(client, cast, world, titled) -> None:
    login(client, cast.city)
    url = reverse("supervision:titles", args=[world.east_unit.pk])
    response = client.post(url, {"title": titled.pk, "status": "revoked", "ended_on": "2026-03-01"})
    assert response.status_code == 200
    titled.refresh_from_db()
    assert titled.status == "active"


def test_applicant_cannot_revoke(client, cast, world, titled) -> None:
    login(client, cast.applicant)
    assert client.get(reverse("supervision:titles", args=[world.east_unit.pk])).status_code == 403


def test_a_downgrade_records_the_lower_title_in_its_place(client, cast, world) -> None:
    model = TitleFactory(organization=world.east_unit, level="municipal", model=True, edition=19)
    login(client, cast.city)
    url = reverse("supervision:titles", args=[world.east_unit.pk])
    response = client.post(
        url,
        {
            "title": model.pk,
            "status": "downgraded",
            "ended_on": "2026-08-15",
            "reason": "Mid-year review below 80 points",
            "document": "City-2026-12",
            "new_level": "municipal",
            "naming_body": "City committee",
        },
        follow=True,
    )
    assert "已记入称号历史" in response.content.decode()
    model.refresh_from_db()
    assert (model.status, model.ended_on, model.end_document) == (
        "downgraded",
        date(2026, 8, 15),
        "City-2026-12",
    )
    lower = world.east_unit.titles.get(status="active")
    assert (lower.level, lower.model, lower.edition, lower.named_on, lower.document_number) == (
        "municipal",
        False,
        19,
        date(2026, 8, 15),
        "City-2026-12",
    )
    assert lower.naming_body == "City committee"
    actions = list(AuditEvent.objects.values_list("action", flat=True).order_by("id"))
    assert actions[-2:] == ["title.downgraded", "title.add"]


def test_a_downgrade_to_an_equal_or_higher_title_is_refused(cast, world, titled) -> None:
    with pytest.raises(ValidationError) as error:
        services_titles.title_downgrade(
            acting_user=cast.city,
            title=titled,  # 市级文明单位
            ended_on=date(2026, 8, 15),
            reason="x",
            document="y",
            level="municipal",
            model=True,
            naming_body="City committee",
        )
    assert error.value.messages == ["降级后的称号须低于原称号。"]
    titled.refresh_from_db()
    assert titled.status == "active"


def test_when_the_lower_title_cannot_be_saved_the_old_one_stays(cast, world) -> None:
    provincial = TitleFactory(organization=world.east_unit, level="provincial", edition=19)
    TitleFactory(organization=world.east_unit, level="municipal", edition=19, status="expired")
    with pytest.raises(ValidationError):  # the same 19th-edition municipal title exists
        services_titles.title_downgrade(
            acting_user=cast.city,
            title=provincial,
            ended_on=date(2026, 8, 15),
            reason="x",
            document="y",
            level="municipal",
            model=False,
            naming_body="City committee",
        )
    provincial.refresh_from_db()
    assert provincial.status == "active"
    assert not AuditEvent.objects.filter(action="title.downgraded").exists()


def test_revoking_with_a_lower_title_is_refused_on_the_page(client, cast, world, titled) -> None:
    login(client, cast.city)
    url = reverse("supervision:titles", args=[world.east_unit.pk])
    response = client.post(
        url,
        {
            "title": titled.pk,
            "status": "revoked",
            "ended_on": "2026-03-01",
            "reason": "r",
            "document": "d",
            "new_level": "municipal",
            "naming_body": "City committee",
        },
    )
    assert "只有降级才登记降级后的称号。" in response.content.decode()
    titled.refresh_from_db()
    assert titled.status == "active"
