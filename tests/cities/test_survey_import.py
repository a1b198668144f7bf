"""The survey company's workbook: every row or none, each error naming its row and column;
a re-import replaces the campaign's results and is audited; the template the office
downloads names the counties and imports back once the scores are filled in."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from tests.cities.workbooks import survey_row, survey_workbook
from tests.conftest import login

from wenming.audit.models import AuditEvent
from wenming.campaigns.models import Stage
from wenming.cities.models import SurveyImport, SurveyResult
from wenming.cities.services import SurveyImportError, survey_import


def rows_of(cities, scores=(80, 85, 90)):
    return [survey_row(org, scores) for org in cities.counties]


def test_a_good_workbook_saves_each_county_with_its_mean(cast, cities):
    rows = rows_of(cities)
    rows[1] = survey_row(cities.counties[1], (70, 70.5, 71.25))  # mean 70.583… → 70.58
    record = survey_import(
        acting_user=cast.city, campaign=cities.campaign, upload=survey_workbook(rows)
    )
    assert (record.rows, record.indicators) == (6, ["公共环境", "公共秩序", "公共服务"])
    west = SurveyResult.objects.get(application__organization=cities.counties[1])
    assert (west.score, west.sample_size, west.surveyed_from, west.row) == (
        Decimal("70.58"), 400, date(2021, 10, 11), 4,
    )  # fmt: skip
    assert west.indicators == {"公共环境": "70.00", "公共秩序": "70.50", "公共服务": "71.25"}
    event = AuditEvent.objects.get(action="cities.survey_import")
    assert event.after["survey"]["西城区"] == "70.58"
    assert event.before is None


def test_a_bad_row_saves_nothing_and_names_the_row(cast, cities):
    rows = rows_of(cities)
    rows[0][2] = "四百"  # the first county's 样本量, on Excel row 3
    with pytest.raises(SurveyImportError) as refused:
        survey_import(acting_user=cast.city, campaign=cities.campaign, upload=survey_workbook(rows))
    assert refused.value.messages == ["第3行“样本量”须为正整数。"]
    assert not SurveyImport.objects.exists()
    assert not SurveyResult.objects.exists()
    assert not AuditEvent.objects.filter(action="cities.survey_import").exists()


def test_every_bad_cell_is_named(cast, cities):
    one, two, three, _four, five, six = cities.counties
    rows = [
        survey_row(one, (80, 101, 90)),
        ["西城", two.code, 400, date(2021, 10, 11), date(2021, 10, 15), 80, 80, 80],
        survey_row(three, (80, 80, 80), start=date(2021, 10, 15), end=date(2021, 10, 11)),
        survey_row(three, (80, 80, 80)),
        ["远方县", "999999", 400, date(2021, 10, 11), date(2021, 10, 15), 80, 80, 80],
        survey_row(six, (80.125, 80, 80), sample=0),
        [five.name, five.code, 400, "十月", date(2021, 10, 15), 80, "", 80],
    ]
    with pytest.raises(SurveyImportError) as refused:
        survey_import(acting_user=cast.city, campaign=cities.campaign, upload=survey_workbook(rows))
    assert refused.value.messages == [
        "第3行“指标：公共秩序”须为 0 到 100 之间的数，最多两位小数。",
        "第4行“县（市、区）名称”“西城”与区划代码“991102”的申报单位“西城区”不符。",
        "第5行“调查结束日期”不能早于调查开始日期。",
        "第6行“区划代码”与第5行重复。",
        "第7行“区划代码”“999999”不是本届文明城市推荐申报的县（市、区）。",
        "第8行“样本量”须为正整数。",
        "第8行“指标：公共环境”须为 0 到 100 之间的数，最多两位小数。",
        "第9行“调查开始日期”须为日期（如 2021-10-15）。",
        "第9行“指标：公共秩序”须为 0 到 100 之间的数，最多两位小数。",
    ]
    assert not SurveyResult.objects.exists()


def test_a_workbook_without_indicators_or_a_column_is_refused(cast, cities):
    book = openpyxl.Workbook()
    book.active.append(["县（市、区）名称", "区划代码", "样本量"])
    book.active.append(["东城区", "991101", 400])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "测评.xlsx"
    with pytest.raises(SurveyImportError) as refused:
        survey_import(acting_user=cast.city, campaign=cities.campaign, upload=out)
    assert refused.value.messages == [
        "第1行缺少列：“调查开始日期”、“调查结束日期”。",
        "第1行没有测评指标列：指标列的列名以“指标：”开头。",
    ]
    text = io.BytesIO(b"not a workbook")
    text.name = "测评.csv"
    with pytest.raises(SurveyImportError) as refused:
        survey_import(acting_user=cast.city, campaign=cities.campaign, upload=text)
    assert refused.value.messages == ["请上传 .xlsx 格式的 Excel 工作簿。"]


def test_a_reimport_replaces_the_results_and_records_both(cast, cities):
    survey_import(
        acting_user=cast.city, campaign=cities.campaign, upload=survey_workbook(rows_of(cities))
    )
    fewer = rows_of(cities, scores=(60, 60, 60))[:4]
    survey_import(acting_user=cast.city, campaign=cities.campaign, upload=survey_workbook(fewer))
    assert sorted(SurveyResult.objects.values_list("score", flat=True)) == [Decimal("60.00")] * 4
    assert SurveyImport.objects.count() == 2
    event = AuditEvent.objects.filter(action="cities.survey_import").latest("id")
    assert (event.before["survey"]["六合区"], event.after["survey"]["东城区"]) == ("85.00", "60.00")
    assert "六合区" not in event.after["survey"]


def test_an_import_after_the_assessment_closed_is_refused(cast, cities):
    Stage.objects.filter(campaign=cities.campaign, kind="assessment").update(
        closed_at="2021-10-30T00:00Z"
    )
    with pytest.raises(ValidationError) as refused:
        survey_import(
            acting_user=cast.city, campaign=cities.campaign, upload=survey_workbook(rows_of(cities))
        )
    assert "测评阶段已于" in refused.value.messages[0]


def test_the_template_names_the_counties_and_imports_back_filled(cast, cities, client):
    login(client, cast.city)
    response = client.get(reverse("cities:survey_template", args=[cities.campaign.pk]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:5] == [
        "县（市、区）名称*",
        "区划代码*",
        "样本量*",
        "调查开始日期*",
        "调查结束日期*",
    ]
    assert header[5] == "指标：公共环境"
    named = {(r[0].value, r[1].value) for r in sheet.iter_rows(min_row=2)}
    assert named == {(org.name, org.code) for org in cities.counties}
    assert "算术平均" in " ".join(
        str(c.value) for row in book.worksheets[1].iter_rows() for c in row
    )
    for row in sheet.iter_rows(min_row=2):
        row[2].value, row[3].value, row[4].value = 300, "2021-10-11", "2021-10-12"
        for cell in row[5:]:
            cell.value = 75
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "已填写.xlsx"
    record = survey_import(acting_user=cast.city, campaign=cities.campaign, upload=out)
    assert record.rows == 6
    assert set(SurveyResult.objects.values_list("score", flat=True)) == {Decimal("75.00")}
