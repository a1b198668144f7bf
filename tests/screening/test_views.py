"""Screening pages: a department answers on one page; the office sees vetoes and
promotions, chases and closes; who may open what."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from tests.conftest import login
from tests.factories import OrganizationFactory
from tests.screening.conftest import TO_ASSESSED, applicant, pdf_bytes

from wenming.screening import services


@pytest.fixture
def round_(screening, cast):
    return services.screening_send(
        acting_user=cast.city,
        campaign=screening.setup.campaign,
        deadline=timezone.now() + timedelta(days=5),
    )


def test_a_department_answers_every_applicant_on_one_page(client, screening, cast, round_):
    s = screening
    police = round_.requests.get(body=s.police)
    login(client, cast.reviewer)
    url = reverse("screening:answer", args=[police.pk])
    page = client.get(url).content.decode()
    for name in ("East Unit", "East Extra", "West Unit"):
        assert name in page
    data = {
        f"verdict-{s.apps['East Unit'].pk}": "no_objection",
        f"verdict-{s.apps['West Unit'].pk}": "no_objection",
        f"verdict-{s.apps['East Extra'].pk}": "veto",
        f"reason-{s.apps['East Extra'].pk}": "Fined for pollution in 2025",
        f"document-{s.apps['East Extra'].pk}": SimpleUploadedFile(
            "fine.pdf", pdf_bytes(), content_type="application/pdf"
        ),
    }
    response = client.post(url, data, follow=True)
    assert "已提交3条意见。" in response.content.decode()
    police.refresh_from_db()
    assert police.answered_at is not None

    login(client, cast.city)
    page = client.get(reverse("screening:round", args=[round_.pk])).content.decode()
    assert "Fined for pollution in 2025" in page
    assert "已由备选单位“East Alt 1”递补" in page
    assert "fine.pdf" in page


def test_a_veto_without_its_document_is_refused_on_its_row(client, screening, cast, round_):
    s = screening
    police = round_.requests.get(body=s.police)
    login(client, cast.reviewer)
    app = s.apps["East Extra"].pk
    response = client.post(
        reverse("screening:answer", args=[police.pk]),
        {f"verdict-{app}": "veto", f"reason-{app}": "Fined"},
    )
    assert "一票否决须上传依据文件（PDF）。" in response.content.decode()
    assert police.answers.count() == 0


def test_the_office_sees_who_has_not_answered_and_chases_them(client, screening, cast, round_):
    login(client, cast.city)
    url = reverse("screening:round", args=[round_.pk])
    tax = round_.requests.get(body=screening.tax)
    response = client.post(url, {"action": "remind", "request": tax.pk}, follow=True)
    assert "已向Tax Bureau催办。" in response.content.decode()
    response = client.post(url, {"action": "close"}, follow=True)
    assert "还有成员单位未答复：Police Bureau、Tax Bureau。" in response.content.decode()
    assert tax.reminders.count() == 1


@pytest.mark.parametrize(
    ("who", "status"),
    [("reviewer", 200), ("tax", 403), ("city", 200), ("county", 403), ("applicant", 403)],
)
def test_who_may_open_a_departments_answer_page(client, screening, cast, round_, who, status):
    user = screening.tax_reviewer if who == "tax" else getattr(cast, who)
    login(client, user)
    police = round_.requests.get(body=screening.police)
    assert client.get(reverse("screening:answer", args=[police.pk])).status_code == status


def test_only_the_running_office_opens_the_round(client, screening, cast, round_):
    url = reverse("screening:round", args=[round_.pk])
    assert client.get(url).status_code == 302  # to the login page
    for user, status in [(cast.reviewer, 403), (cast.county, 403), (cast.city, 200)]:
        login(client, user)
        assert client.get(url).status_code == status


def test_a_reviewer_of_another_department_cannot_post_answers(client, screening, cast, round_):
    login(client, screening.tax_reviewer)
    police = round_.requests.get(body=screening.police)
    app = screening.apps["East Unit"].pk
    response = client.post(
        reverse("screening:answer", args=[police.pk]), {f"verdict-{app}": "no_objection"}
    )
    assert response.status_code == 403
    assert police.answers.count() == 0


def test_the_round_page_runs_a_constant_number_of_queries(client, world, screening, cast):
    for i in range(6):
        applicant(
            screening.setup, OrganizationFactory(region=world.west), TO_ASSESSED, cast.city, 10 + i
        )
    small = services.screening_send(
        acting_user=cast.city,
        campaign=screening.setup.campaign,
        deadline=timezone.now() + timedelta(days=3),
        applications=list(screening.apps.values())[:1],
    )
    login(client, cast.city)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("screening:round", args=[small.pk]))
    small.entries.all().delete()
    small.entries.model.objects.bulk_create(
        small.entries.model(round=small, application=a)
        for a in screening.setup.campaign.applications.filter(status="assessed")
    )
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("screening:round", args=[small.pk]))
    assert small.entries.count() == 9
    assert len(many) == len(few)
