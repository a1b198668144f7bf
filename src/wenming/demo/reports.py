"""随手拍 in the demo: the city's outline (its six counties, drawn roughly), inspection points
in the central districts with their responsible units, and a few citizens' reports, so the
office's map shows something on first sight. Everything goes through the services the
screens call (the city office's login), with their audit events:

- two reports at the same market (one group, counted 2), not yet routed;
- a parking report at a crossing, routed to the demo applicant's unit (``applicant`` can
  answer it under 动态管理), still 办理中;
- a broken streetlight in an estate, routed to the same unit and answered by it: its
  reporter's code shows the reply on the lookup page.
"""

import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from wenming.accounts.models import User
from wenming.registry.models import Organization, Region
from wenming.reports import services
from wenming.reports.models import InspectionPoint, Report
from wenming.supervision.services.items import item_feedback

#: The grid of the county outlines' corners (lng, lat): 3 × 2 cells, slightly irregular.
CORNERS = [
    [(118.00, 32.21), (118.01, 32.02), (117.99, 31.83)],
    [(118.19, 32.23), (118.21, 32.03), (118.18, 31.81)],
    [(118.41, 32.20), (118.39, 32.01), (118.42, 31.84)],
    [(118.60, 32.18), (118.62, 32.00), (118.59, 31.86)],
]
#: The county drawn in each cell, by its place in demo.yaml (left to right, top row first).
CELLS = [(1, 0, 0), (0, 1, 0), (2, 2, 0), (3, 0, 1), (4, 1, 1), (5, 2, 1)]
#: (name, kind, lng, lat, the responsible unit's name or "applicant", address)
POINTS = [
    ("清源农贸市场", "market", "118.300", "32.120", "{city}市场监督管理局", "清源区人民路18号"),
    ("人民路与解放路口", "crossing", "118.270", "32.090", "applicant", "清源区人民路"),
    ("阳光花园小区", "estate", "118.330", "32.070", "applicant", "清源区阳光路6号"),
    ("火车站站前广场", "station", "118.100", "32.130", "{city}城市管理局", "河西区站前路"),
    ("市政务服务大厅", "window", "118.250", "32.150", "{city}政务服务中心", "清源区政务路1号"),
]
ANSWER = "已于当日更换北门两盏路灯，并安排物业每周巡查。"
#: (point's place in POINTS, category, description, routed, answer)
REPORTS = [
    (0, "sanitation", "市场东门垃圾堆了两天没人清运，气味很大。", False, ""),
    (0, "sanitation", "农贸市场门口垃圾桶满了，垃圾散落一地。", False, ""),
    (1, "parking", "早高峰路口机动车乱停，占了人行道和盲道。", True, ""),
    (2, "facilities", "小区北门路灯坏了一周，晚上很黑。", True, ANSWER),
]


def _photo(seed: int) -> SimpleUploadedFile:
    """A small photo-like JPEG (the report page asks for a photo)."""
    image = Image.new("RGB", (480, 360), (120 + 20 * seed, 150, 190 - 20 * seed))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 180, 440, 340), fill=(90, 90 + 15 * seed, 80))
    draw.ellipse((300 - 30 * seed, 60, 380 - 30 * seed, 140), fill=(240, 210, 90))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return SimpleUploadedFile(f"IMG_{seed:04d}.jpg", out.getvalue(), content_type="image/jpeg")


def _outlines(counties: list[Region]) -> bytes:
    import json  # noqa: PLC0415

    features = []
    for index, x, y in CELLS:
        ring = [CORNERS[x][y], CORNERS[x + 1][y], CORNERS[x + 1][y + 1], CORNERS[x][y + 1]]
        features.append(
            {
                "type": "Feature",
                "properties": {"code": counties[index].code},
                "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def build_reports(data: dict[str, Any], *, today: date) -> dict[str, int]:
    """Build the city's outline, points and reports (the caller holds the transaction)."""
    city = Region.objects.get(code=data["city"]["code"])
    office = User.objects.get(username="city")
    applicant = User.objects.get(username="applicant")
    counties = [Region.objects.get(code=c["code"]) for c in data["city"]["counties"]]
    services.outlines_import(acting_user=office, office=city, data=_outlines(counties))
    role = applicant.roles.select_related("organization").get(organization__isnull=False)
    unit: Organization = role.organization  # type: ignore[assignment]  # not null, as asked
    points: list[InspectionPoint] = []
    for name, kind, lng, lat, responsible, address in POINTS:
        organization = (
            unit
            if responsible == "applicant"
            else Organization.objects.filter(
                name=responsible.format(city=city.name), region=city
            ).first()
            or unit
        )
        points.append(
            services.point_save(
                acting_user=office,
                office=city,
                name=name,
                kind=kind,
                lng=Decimal(lng),
                lat=Decimal(lat),
                organization=organization,
                address=address,
            )
        )
    reports: list[Report] = []
    for seed, (at, category, description, routed, answer) in enumerate(REPORTS):
        report = services.report_file(
            acting_user=AnonymousUser(),
            office=city,
            category=category,
            description=description,
            photo=services.photo_check(_photo(seed)),
            point=points[at],
        )
        reports.append(report)
        if not routed:
            continue
        group = services.group_route(
            acting_user=office,
            group=report.group,
            item_class="small",
            deadline=today + timedelta(days=10),
            organization=points[at].organization,
        )
        if answer and group.item is not None:
            item_feedback(acting_user=applicant, item=group.item, feedback=answer)
    return {"inspection_points": len(points), "citizen_reports": len(reports)}
