"""The survey company's workbook as a test writes it (with openpyxl, as a spreadsheet
program would): a title line, the header, one row per county."""

import io
from datetime import date

import openpyxl

INDICATORS = ("公共环境", "公共秩序", "公共服务")
HEADER = ["序号", "县（市、区）名称", "区划代码", "样本量", "调查开始日期", "调查结束日期"]


def survey_row(org, scores, sample=400, start=date(2021, 10, 11), end=date(2021, 10, 15)):
    return [org.name, org.code, sample, start, end, *scores]


def survey_workbook(rows, indicators=INDICATORS, name="实地测评结果.xlsx") -> io.BytesIO:
    """Rows of (name, code, sample size, first day, last day, *indicator scores)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "测评结果"
    sheet.append(["第二十届省级文明城市实地测评结果"])
    sheet.append([*HEADER, *(f"指标：{i}" for i in indicators), "备注"])
    for n, row in enumerate(rows, start=1):
        sheet.append([n, *row])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = name
    return out
