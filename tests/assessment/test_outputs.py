"""The ranking as Excel and PDF, the statistics and the distribution chart."""

import io
from urllib.parse import unquote

import openpyxl
from django.urls import reverse
from pypdf import PdfReader
from tests.conftest import login

from wenming.assessment import services
from wenming.assessment.models import SampleEntry
from wenming.core.models import ExportJob

from .marking import give


def _ranked(cast, assessment) -> None:
    give(assessment.round, assessment.apps["East Unit"], {"1.1": ["2", "1"], "1.2": ["2"]})
    give(assessment.round, assessment.apps["West Unit"], {"1.1": ["1"]})
    services.ranking_compute(acting_user=cast.city, campaign=assessment.setup.campaign)


def test_excel_lists_the_ranking_per_award_with_formulas_neutralized(client, cast, assessment):
    org = assessment.apps["West School"].organization
    org.name = "=HYPERLINK(1)"
    org.save()
    give(assessment.round, assessment.apps["West School"], {"1.3": ["0.5"]})
    _ranked(cast, assessment)
    login(client, cast.city)
    # A short ranking: the list export streams it at once.
    url = f"/assessment/campaigns/{assessment.setup.campaign.pk}/ranking.xlsx"
    response = client.get(url, follow=True)
    name = unquote(response["Content-Disposition"].split("filename*=UTF-8''")[1])
    assert name == "第二十届市级文明单位、市级文明单位标兵测评排名.xlsx"
    body = b"".join(response.streaming_content)
    book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    sheet = book.worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[2][:3] == ["名次", "单位名称", "县市区"]
    assert rows[3][:4] == [1, "East Unit", "East County", 3.5]
    assert rows[4][:2] == [2, "West Unit"]
    names = [r[1] for r in rows[3:]]
    assert "'=HYPERLINK(1)" in names


def test_pdf_has_the_ranking_in_chinese(
    client, cast, assessment, django_capture_on_commit_callbacks
):
    _ranked(cast, assessment)
    login(client, cast.city)
    # A long document: a page with a 生成 button, then the job's page and its download.
    start = client.get(f"/assessment/campaigns/{assessment.setup.campaign.pk}/ranking.pdf")
    page = client.get(start["Location"])
    assert "第二十届市级文明单位、市级文明单位标兵测评排名.pdf" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.post(start["Location"], {"query": page.context["query"]})
    status = client.get(queued["Location"]).content.decode()
    assert "已生成，共 2 项。" in status  # the two ranked applications
    job = ExportJob.objects.get()
    response = client.get(reverse("exports:download", args=[job.pk]))
    assert unquote(response["Content-Disposition"]).endswith(
        "第二十届市级文明单位、市级文明单位标兵测评排名.pdf"
    )
    body = b"".join(response.streaming_content)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    assert "测评排名" in text
    assert "East Unit" in text
    assert "3.50" in text
    assert "申报、抽查与测评情况" in text


def test_statistics_show_sampled_share_per_award_and_county(client, cast, assessment):
    round_ = assessment.round
    round_.sampled = True
    round_.save()
    for name in ("East Unit", "West Unit"):
        SampleEntry.objects.create(round=round_, application=assessment.apps[name], stratum="x")
    _ranked(cast, assessment)
    login(client, cast.city)
    page = client.get(f"/assessment/campaigns/{assessment.setup.campaign.pk}/ranking/")
    html = page.content.decode()
    assert "2（33.3%）" in html  # 2 of 6 sampled and assessed, all counties
    assert "1（33.3%）" in html  # East County: 1 of 3
    assert html.count("<svg") >= 2
    assert "另有 4 个申报未被任何测评轮次覆盖或没有评分" in html
