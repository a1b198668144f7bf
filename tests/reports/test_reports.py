"""A citizen's report: its photo, its group, its routing and what the reporter reads back."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from PIL import Image
from tests.reports.conftest import file_report, jpeg

from wenming.reports import selectors, services
from wenming.supervision.services.items import item_close, item_feedback


def test_the_stored_photo_has_no_exif(world, point):
    report = file_report(world, point)
    with report.photo.open("rb") as stored, Image.open(stored) as image:
        assert dict(image.getexif()) == {}
        assert image.format == "JPEG"


def test_a_text_file_named_jpg_is_refused(world, point):
    fake = jpeg()
    fake.file = io.BytesIO(b"hello, not a photo at all" * 10)
    with pytest.raises(ValidationError, match="文件内容与扩展名不符"):
        services.photo_check(fake)


def test_a_report_needs_a_point_or_a_position(world):
    with pytest.raises(ValidationError, match="请选择点位"):
        file_report(world, None)


def test_two_reports_at_one_point_and_category_make_one_group(world, point):
    first = file_report(world, point)
    second = file_report(world, point)
    other = file_report(world, point, category="parking")
    assert first.group_id == second.group_id != other.group_id
    assert first.tracking_code != second.tracking_code


def test_reports_placed_by_position_stand_alone(world):
    a = file_report(world, None, lng=Decimal("116.65"), lat=Decimal("39.90"))
    b = file_report(world, None, lng=Decimal("116.65"), lat=Decimal("39.90"))
    assert a.group_id != b.group_id


def test_routing_feedback_and_closing_reach_the_reporter(world, cast, point):
    report = file_report(world, point)
    assert selectors.status_of(report.group) == "received"
    group = services.group_route(
        acting_user=cast.county,
        group=report.group,
        item_class="small",
        deadline=timezone.localdate() + timedelta(days=7),
        organization=world.east_unit,
    )
    assert group.item is not None
    assert group.item.title == "东门菜市场：环境卫生"
    assert group.item.source == "citizen"
    read = selectors.report_by_code(report.tracking_code.lower().replace("-", " "))
    assert read is not None
    assert selectors.status_of(read.group) == "handling"
    item_feedback(acting_user=cast.applicant, item=group.item, feedback="已清运，增设垃圾桶")
    read = selectors.report_by_code(report.tracking_code)
    assert selectors.status_of(read.group) == "answered"
    assert read.group.item.feedback == "已清运，增设垃圾桶"
    item_close(acting_user=cast.county, item=read.group.item, result="复查合格")
    assert selectors.status_of(selectors.report_by_code(report.tracking_code).group) == "closed"
    # A new report at the point after closing starts a new group.
    assert file_report(world, point).group_id != report.group_id


def test_a_big_problem_needs_milestones(world, cast, point):
    report = file_report(world, point)
    with pytest.raises(ValidationError, match="至少列出一个整改节点"):
        services.group_route(
            acting_user=cast.county,
            group=report.group,
            item_class="big",
            deadline=timezone.localdate() + timedelta(days=60),
            organization=world.east_unit,
        )
    assert selectors.report_by_code(report.tracking_code).group.item is None


def test_another_county_cannot_route(world, cast, point):
    from django.core.exceptions import PermissionDenied  # noqa: PLC0415

    report = file_report(world, point)
    other = cast.applicant
    with pytest.raises(PermissionDenied):
        services.group_route(
            acting_user=other,
            group=report.group,
            item_class="small",
            deadline=timezone.localdate(),
            organization=world.east_unit,
        )
