"""The duty roster by Excel upload: all rows or none, errors by row and column."""

import io

import xlsxwriter
from django.urls import reverse
from tests.conftest import login

from wenming.supervision.models import DutyRecord


def workbook(rows: list[list[object]]) -> io.BytesIO:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("值勤记录")
    for r, row in enumerate([["单位编码", "日期", "情况", "备注"], *rows]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    buffer.seek(0)
    buffer.name = "roster.xlsx"
    return buffer


def test_a_valid_roster_is_imported_and_scored(client, cast, midyear) -> None:
    entry = midyear.entries[0]
    code = entry.organization.code
    login(client, cast.city)
    url = reverse("supervision:roster_upload", args=[midyear.review.pk])
    data = workbook([[code, "2018-07-25", "缺勤", ""], [code, "2018-07-26", "工作认真负责", "x"]])
    response = client.post(url, {"file": data}, follow=True)
    assert "已导入 2 条值勤记录" in response.content.decode()
    entry.refresh_from_db()
    assert entry.total == entry.total.__class__("88.1")  # roster 97 → 29.1


def test_a_roster_with_one_bad_row_imports_nothing_and_says_where(client, cast, midyear) -> None:
    code = midyear.entries[0].organization.code
    login(client, cast.city)
    url = reverse("supervision:roster_upload", args=[midyear.review.pk])
    data = workbook(
        [
            [code, "2018-07-25", "缺勤", ""],
            ["NOPE", "2018-07-26", "迟到早退", ""],
            [code, "2019-01-01", "睡觉", ""],
        ]
    )
    response = client.post(url, {"file": data}, follow=True)
    text = response.content.decode()
    assert DutyRecord.objects.count() == 0
    assert "未导入任何记录" in text
    assert (
        "<td>3</td><td>A</td><td>单位编码</td><td>编码为“NOPE”的单位不在本次考核中。</td>" in text
    )
    assert "<td>4</td><td>B</td><td>日期</td><td>日期不在考核期内。</td>" in text
    assert "<td>4</td><td>C</td><td>情况</td>" in text
