"""Half-yearly self-assessment by a titled unit against its framework, reported to the office."""

from datetime import date
from decimal import Decimal
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from tests.conftest import login
from tests.factories import OrganizationFactory, TitleFactory, UserFactory, with_role

from wenming.accounts.models import Role
from wenming.frameworks.models import Framework
from wenming.supervision import services
from wenming.supervision.models import SelfAssessment


def test_a_titled_unit_reports_its_self_assessment_by_30_june(
    client, cast, world, frameworks
) -> None:
    TitleFactory(organization=world.east_unit)
    may = timezone.make_aware(timezone.datetime(2026, 5, 20, 10, 0))
    login(client, cast.applicant)
    with mock.patch("django.utils.timezone.now", return_value=may):
        text = client.get(reverse("supervision:index")).content.decode()
        assert "2026年6月30日 前报送" in text
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


def report(organization, user, year: int, half: int, at) -> SelfAssessment:
    framework = Framework.objects.get(code="yiyang-unit-2021")
    with mock.patch("django.utils.timezone.now", return_value=at):
        return services.self_assessment_report(
            acting_user=user,
            organization=organization,
            framework=framework,
            year=year,
            half=half,
            scores={1: Decimal("4"), 2: Decimal("5.5")},
            summary="Half done",
        )


def test_the_contact_sees_its_report_instead_of_a_second_form(
    client, cast, world, frameworks
) -> None:
    TitleFactory(organization=world.east_unit)
    may = timezone.make_aware(timezone.datetime(2026, 5, 20, 10, 0))
    report(world.east_unit, cast.applicant, 2026, 1, may)
    login(client, cast.applicant)
    url = reverse("supervision:self_assessment", args=[world.east_unit.pk])
    with mock.patch("django.utils.timezone.now", return_value=may):
        page = client.get(url).content.decode()
    assert "已报送" in page
    assert "自评总分 <strong>9.50</strong> 分" in page
    assert 'name="item_1"' not in page


def test_the_office_sees_who_reported_and_who_is_overdue(client, cast, world, frameworks) -> None:
    for organization in (world.east_unit, world.west_unit, world.direct_unit):
        TitleFactory(organization=organization)
    june = timezone.make_aware(timezone.datetime(2026, 6, 20, 10, 0))
    report(world.east_unit, cast.applicant, 2026, 1, june)
    west_contact = with_role(
        UserFactory(username="west"), Role.APPLICANT, organization=world.west_unit
    )
    july = timezone.make_aware(timezone.datetime(2026, 7, 3, 10, 0))
    report(world.west_unit, west_contact, 2026, 1, july)
    login(client, cast.city)
    url = reverse("supervision:self_assessments") + "?period=2026-1"
    with mock.patch("django.utils.timezone.now", return_value=july):
        page = client.get(url).content.decode()
    rows = dict(table_rows(page))
    assert set(rows) == {"East Unit", "West Unit", "Direct Unit"}  # titled units only
    assert "已报送" in rows["East Unit"]
    assert "9.50" in rows["East Unit"]
    assert "逾期报送" in rows["West Unit"]
    assert "逾期未报" in rows["Direct Unit"]
    assert 'class="overdue">' in rows["Direct Unit"].split("<td", 1)[0]
    assert "理想信念教育" in page  # the breakdown names the framework's items
    with mock.patch("django.utils.timezone.now", return_value=june):
        before_due = client.get(url).content.decode()
    assert "逾期未报" not in before_due
    assert "未报送" in dict(table_rows(before_due))["Direct Unit"]


def test_the_county_office_sees_only_its_county(client, cast, world, frameworks) -> None:
    TitleFactory(organization=world.east_unit)
    TitleFactory(organization=world.west_unit)
    login(client, cast.county)
    page = client.get(reverse("supervision:self_assessments")).content.decode()
    assert [name for name, _row in table_rows(page)] == ["East Unit"]
    login(client, cast.applicant)
    assert client.get(reverse("supervision:self_assessments")).status_code == 403


def test_the_office_list_runs_a_constant_number_of_queries(client, cast, world, frameworks) -> None:
    TitleFactory(organization=world.east_unit)
    may = timezone.make_aware(timezone.datetime(2026, 5, 20, 10, 0))
    report(world.east_unit, cast.applicant, 2026, 1, may)
    login(client, cast.city)
    url = reverse("supervision:self_assessments") + "?period=2026-1"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(5):
        organization = OrganizationFactory(name=f"Unit {i}", region=world.west)
        TitleFactory(organization=organization)
        contact = with_role(
            UserFactory(username=f"c{i}"), Role.APPLICANT, organization=organization
        )
        report(organization, contact, 2026, 1, may)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(table_rows(page)) == 6
    assert len(many) == len(few)


def table_rows(page: str) -> list[tuple[str, str]]:
    """(organization name, row html) for each unit's row of the list."""
    rows = []
    for row in page.split("<tr data-unit=")[1:]:
        name = row.split("</a>", 1)[0].rsplit(">", 1)[-1]
        rows.append((name, row.split("</details>", 1)[0]))
    return rows
