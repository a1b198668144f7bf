"""Revoking a title through the supervision page removes it from eligibility next time."""

from datetime import date

import pytest
from django.urls import reverse
from tests.conftest import login
from tests.factories import TitleFactory

from wenming.audit.models import AuditEvent
from wenming.campaigns.eligibility import verdicts_for


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
