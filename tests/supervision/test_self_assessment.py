"""Half-yearly self-assessment by a titled unit against its framework, reported to the office."""

from datetime import date
from unittest import mock

from django.urls import reverse
from django.utils import timezone
from tests.conftest import login
from tests.factories import TitleFactory

from wenming.supervision.models import SelfAssessment


def test_a_titled_unit_reports_its_self_assessment_by_30_june(
    client, cast, world, frameworks
) -> None:
    TitleFactory(organization=world.east_unit)
    may = timezone.make_aware(timezone.datetime(2026, 5, 20, 10, 0))
    login(client, cast.applicant)
    with mock.patch("django.utils.timezone.now", return_value=may):
        text = client.get(reverse("supervision:index")).content.decode()
        assert "2026-06-30 前报送" in text
        url = reverse("supervision:self_assessment", args=[world.east_unit.pk])
        page = client.get(url).content.decode()
        assert "理想信念教育" in page  # the Yiyang framework's first item
        scores = {f"item_{n}": "2" for n in range(1, 12)}
        response = client.post(url, scores | {"summary": "ok"}, follow=True)
    assert "自测自评已报送" in response.content.decode()
    report = SelfAssessment.objects.get()
    assert (report.year, report.half, report.due_on, report.total) == (
        2026,
        1,
        date(2026, 6, 30),
        22,
    )


def test_a_score_above_the_item_total_is_refused(client, cast, world, frameworks) -> None:
    TitleFactory(organization=world.east_unit)
    login(client, cast.applicant)
    url = reverse("supervision:self_assessment", args=[world.east_unit.pk])
    scores = {f"item_{n}": "2" for n in range(1, 12)} | {"item_2": "7"}  # item 2 is worth 6
    response = client.post(url, scores)
    assert response.status_code == 200
    assert not SelfAssessment.objects.exists()


def test_another_unit_cannot_report_for_it(client, cast, world, frameworks) -> None:
    TitleFactory(organization=world.west_unit)
    login(client, cast.applicant)
    url = reverse("supervision:self_assessment", args=[world.west_unit.pk])
    assert client.get(url).status_code == 403
