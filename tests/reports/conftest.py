"""An inspection point in the east county, answerable by the east unit, and a phone photo
carrying GPS EXIF data."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from wenming.reports import services
from wenming.reports.models import InspectionPoint


def jpeg(name: str = "IMG_0001.jpg") -> SimpleUploadedFile:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0110] = "Phone X"  # the camera model, as phones write it
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


@pytest.fixture(autouse=True)
def _limits_cleared():
    """The public form's and the API's rate limits count in the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def point(world, cast) -> InspectionPoint:
    return services.point_save(
        acting_user=cast.county,
        office=world.east,
        name="东门菜市场",
        kind="market",
        lng=Decimal("116.656435"),
        lat=Decimal("39.909946"),
        organization=world.east_unit,
    )


def file_report(world, point=None, category="sanitation", **extra):
    return services.report_file(
        acting_user=AnonymousUser(),
        office=world.east,
        category=category,
        description=extra.pop("description", "垃圾堆放在路边"),
        photo=services.photo_check(jpeg()),
        point=point,
        **extra,
    )
