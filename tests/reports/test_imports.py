"""The 12345 hotline import and the points import: every row or none, each error named."""

import io
import json

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from wenming.reports import services
from wenming.reports.models import InspectionPoint, RegionOutline, Report

HEADER = ["工单编号", "来电时间", "问题分类", "地点", "内容", "承办单位"]


def book(rows, header=HEADER):
    workbook = openpyxl.Workbook()
    for row in [header, *rows]:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    out.name = "12345.xlsx"
    return out


GOOD = [
    ["GD2026050600001", "2026-05-06 09:30", "环境卫生", "东门菜市场", "垃圾没人清", "东城街道"],
    ["GD2026050600002", "2026-05-06 10:05", "占道经营", "北大街路口", "早市占道", "城管局"],
]


def test_a_bad_row_saves_nothing_and_is_named(world, cast, point):
    rows = [*GOOD, ["GD2026050600003", "昨天", "环境卫生", "东门菜市场", "又堆了", ""]]
    with pytest.raises(ValidationError) as refused:
        services.hotline_import(acting_user=cast.county, office=world.east, source=book(rows))
    assert refused.value.messages == ["第4行“来电时间”应为日期时间，如 2026-05-06 09:30。"]
    assert Report.objects.count() == 0


def test_an_unknown_category_names_the_allowed_ones(world, cast):
    rows = [["GD1", "2026-05-06 09:30", "噪音扰民", "某地", "吵", ""]]
    with pytest.raises(ValidationError) as refused:
        services.hotline_import(acting_user=cast.county, office=world.east, source=book(rows))
    assert "第2行“问题分类”“噪音扰民”不是可选值" in refused.value.messages[0]


def test_reimporting_the_same_tickets_adds_nothing(world, cast, point):
    first = services.hotline_import(acting_user=cast.county, office=world.east, source=book(GOOD))
    again = services.hotline_import(acting_user=cast.county, office=world.east, source=book(GOOD))
    assert (first.created, again.created) == (2, 0)
    assert again.skipped == ["GD2026050600001", "GD2026050600002"]
    assert Report.objects.count() == 2
    at_point = Report.objects.get(ticket_number="GD2026050600001")
    assert at_point.point == point
    assert at_point.source == "hotline"


def test_a_ticket_twice_in_one_file_is_refused(world, cast):
    with pytest.raises(ValidationError, match="与第2行重复"):
        services.hotline_import(
            acting_user=cast.county, office=world.east, source=book([GOOD[0], GOOD[0]])
        )


def test_a_missing_column_is_named(world, cast):
    with pytest.raises(ValidationError, match="缺少必填列：内容"):
        services.hotline_import(
            acting_user=cast.county,
            office=world.east,
            source=book([GOOD[0][:4] + GOOD[0][5:]], header=HEADER[:4] + HEADER[5:]),
        )


def test_points_import_checks_the_unit_and_the_coordinates(world, cast):
    header = ["点位名称", "点位类型", "经度", "纬度", "责任单位编码"]
    rows = [
        ["南门路口", "路口", "116.65", "39.90", world.east_unit.code],
        ["西市场", "市场", "39.90", "116.65", world.east_unit.code],
        ["北小区", "小区", "116.66", "39.91", world.west_unit.code],
    ]
    with pytest.raises(ValidationError) as refused:
        services.points_import(
            acting_user=cast.county, office=world.east, source=book(rows, header)
        )
    assert refused.value.messages == [
        "第3行：经纬度（39.900000, 116.650000）不在我国境内，请检查是否填反。",
        "第4行“责任单位编码”不在本文明办的管辖范围内。",
    ]
    assert InspectionPoint.objects.count() == 0
    saved = services.points_import(
        acting_user=cast.county, office=world.east, source=book(rows[:1], header)
    )
    assert saved == 1
    assert InspectionPoint.objects.get().kind == "crossing"


def test_outlines_import_keeps_each_regions_ring(world, cast):
    ring = [[116.6, 39.9], [116.7, 39.9], [116.7, 40.0], [116.6, 39.9]]
    geo = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": world.east.code},
         "geometry": {"type": "Polygon", "coordinates": [ring]}},
    ]}  # fmt: skip
    data = json.dumps(geo).encode()
    assert services.outlines_import(acting_user=cast.county, office=world.east, data=data) == 1
    assert RegionOutline.objects.get().rings == [ring]
    geo["features"][0]["properties"]["code"] = world.west.code
    with pytest.raises(ValidationError, match="不在本文明办的辖区内"):
        services.outlines_import(
            acting_user=cast.county, office=world.east, data=json.dumps(geo).encode()
        )
