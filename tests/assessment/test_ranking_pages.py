"""The ranking page at scale: each award's table paged on its own, the counts and charts
over every row, a fixed number of queries; the Excel download streamed from the rows."""

import io
import re
from decimal import Decimal

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.conftest import login

from wenming.assessment import services
from wenming.assessment.models import RankingResult, RankingVersion
from wenming.campaigns.models import Application, Award
from wenming.registry.models import Organization

from .marking import give


def _ranked(cast, assessment) -> RankingVersion:
    give(assessment.round, assessment.apps["East Unit"], {"1.1": ["2", "1"]})
    give(assessment.round, assessment.apps["West Unit"], {"1.1": ["1"]})
    services.ranking_compute(acting_user=cast.city, campaign=assessment.setup.campaign)
    return RankingVersion.objects.get(campaign=assessment.setup.campaign)


def _more(cast, world, version: RankingVersion, award: Award, n: int, prefix: str) -> None:
    """Set-up: ``n`` more ranked rows of the award in the version, after those there."""
    start = RankingResult.objects.filter(version=version, award=award, rank__isnull=False).count()
    orgs = Organization.objects.bulk_create(
        Organization(code=f"{prefix}{i:05d}", name=f"{prefix} {i:03d}", kind="unit",
                     region=world.east)
        for i in range(n)
    )  # fmt: skip
    apps = Application.objects.bulk_create(
        Application(campaign=version.campaign, award=award, organization=org,
                    status="assessed", region=world.east, created_by=cast.city)
        for org in orgs
    )  # fmt: skip
    RankingResult.objects.bulk_create(
        RankingResult(
            version=version, campaign=version.campaign, award=award, application=app,
            name=app.organization.name, name_order=i, rank=start + i + 1,
            total=Decimal(50) - Decimal(i) / 100, computed_at=timezone.now(),
        )
        for i, app in enumerate(apps)
    )  # fmt: skip


def _table(page: str, award: Award) -> str:
    start = page.index(f'id="award-{award.pk}"')
    return page[start : page.index("</section>", start)]


def test_each_award_pages_on_its_own_and_keeps_the_others_page(client, cast, world, assessment):
    version = _ranked(cast, assessment)
    unit, model = assessment.setup.unit, assessment.setup.unit_model
    _more(cast, world, version, unit, 148, "More")
    _more(cast, world, version, model, 3, "Model")
    login(client, cast.city)
    url = f"/assessment/campaigns/{version.campaign_id}/ranking/"
    first = client.get(url).content.decode()
    assert "More 097" in _table(first, unit)
    assert "More 098" not in _table(first, unit)
    assert "第 1 / 2 页，共 150 条" in _table(first, unit)
    assert "Model 002" in _table(first, model)
    assert "共 3 个申报参与排名。" in _table(first, model)
    # The award's distribution still counts all 150 rows, not the page's 100.
    assert f"{unit.label}（150 个）" in first
    page = client.get(url, {f"page_{unit.pk}": "2", f"page_{model.pk}": "1"}).content.decode()
    second = _table(page, unit)
    assert "More 098" in second
    assert "More 147" in second
    assert "East Unit" not in second
    assert "第 2 / 2 页，共 150 条" in second
    previous = re.search(rf'href="\?([^"#]*)#award-{unit.pk}">上一页', second)
    assert previous is not None
    assert f"page_{model.pk}=1" in previous.group(1).replace("&amp;", "&")
    assert f"page_{unit.pk}=1" in previous.group(1).replace("&amp;", "&")
    # Past the end: the last page; nonsense: the first.
    last = client.get(url, {f"page_{unit.pk}": "9"}).content.decode()
    assert "More 147" in _table(last, unit)
    nonsense = client.get(url, {f"page_{unit.pk}": "x"}).content.decode()
    assert "East Unit" in _table(nonsense, unit)


def test_the_paged_ranking_runs_the_same_queries_for_10_or_300_rows(
    client, cast, world, assessment
):
    version = _ranked(cast, assessment)
    unit = assessment.setup.unit
    _more(cast, world, version, unit, 8, "Few")
    login(client, cast.city)
    url = f"/assessment/campaigns/{version.campaign_id}/ranking/"
    with CaptureQueriesContext(connection) as few:
        assert "Few 007" in client.get(url).content.decode()
    _more(cast, world, version, unit, 290, "Many")
    with CaptureQueriesContext(connection) as many:
        page = _table(client.get(url, {f"page_{unit.pk}": "3"}).content.decode(), unit)
    assert "第 3 / 3 页，共 300 条" in page
    assert "Many 289" in page
    assert len(many) == len(few)


def test_the_excel_download_has_every_row_past_the_first_page(client, cast, world, assessment):
    version = _ranked(cast, assessment)
    _more(cast, world, version, assessment.setup.unit, 248, "More")
    login(client, cast.city)
    response = client.get(f"/assessment/campaigns/{version.campaign_id}/ranking.xlsx", follow=True)
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert len(rows) == 3 + 250
    assert rows[-1][:3] == [250, "More 247", "East County"]
    assert rows[-1][7] == 47.53
