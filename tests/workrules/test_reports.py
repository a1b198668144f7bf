"""Information reports: submitted by member units and their officers, adopted by the office,
counted per unit and quarter, and published in a 通报 in the 公文 layout."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import Image
from pypdf import PdfReader
from tests.conftest import login

from wenming.workrules import selectors, services
from wenming.workrules.models import InfoReport


def submit(user, body, on: date, title: str = "Report", kind: str = "experience") -> InfoReport:
    return services.report_submit(
        acting_user=user, body=body, kind=kind, title=title, content="Text", submitted_on=on
    )


def decide(cast, report, adopted, **where):
    return services.report_decide(acting_user=cast.city, report=report, adopted=adopted, **where)


@pytest.fixture
def reports(cast, committee):
    """Police: Q1 three (two adopted, one briefed, one reported up), Q2 one adopted.
    Civil: Q1 two (one not adopted, one waiting), Q3 one adopted."""
    police, civil = committee.police, committee.civil
    a = submit(cast.reviewer, police, date(2025, 1, 10))
    b = submit(cast.reviewer, police, date(2025, 2, 20))
    c = submit(cast.reviewer, police, date(2025, 3, 31))
    d = submit(cast.reviewer, police, date(2025, 4, 1))
    e = submit(committee.officer_user, civil, date(2025, 3, 1))
    submit(committee.officer_user, civil, date(2025, 3, 15))
    f = submit(cast.city, civil, date(2025, 8, 8))
    decide(cast, a, True, in_briefing=True)
    decide(cast, b, False)
    decide(cast, c, True, reported_up=True)
    decide(cast, d, True)
    decide(cast, e, False)
    decide(cast, f, True, in_briefing=True, reported_up=True)


def figures(table):
    return [
        (
            r.unit.name,
            r.figures.submitted,
            r.figures.adopted,
            r.figures.pending,
            r.figures.in_briefing,
            r.figures.reported_up,
            r.figures.rate,
        )
        for r in table.rows
    ]


def test_adoption_statistics_per_unit_and_quarter_match_the_hand_count(world, reports):
    q1 = selectors.adoption_table(world.city, 2025, 1)
    assert figures(q1) == [
        ("Police Bureau", 3, 2, 0, 1, 1, Decimal("66.7")),
        ("Civil Affairs Bureau", 2, 0, 1, 0, 0, Decimal("0.0")),
    ]
    assert (q1.total.submitted, q1.total.adopted, q1.total.rate) == (5, 2, Decimal("40.0"))
    q2 = selectors.adoption_table(world.city, 2025, 2)
    assert figures(q2) == [
        ("Police Bureau", 1, 1, 0, 0, 0, Decimal("100.0")),
        ("Civil Affairs Bureau", 0, 0, 0, 0, 0, None),
    ]
    year = selectors.adoption_table(world.city, 2025)
    assert figures(year) == [
        ("Police Bureau", 4, 3, 0, 1, 1, Decimal("75.0")),
        ("Civil Affairs Bureau", 3, 1, 1, 1, 1, Decimal("33.3")),
    ]


def test_the_figures_page_shows_the_quarter(client, cast, reports):
    login(client, cast.city)
    page = client.get("/workrules/figures/?year=2025&quarter=1").content.decode()
    assert "2025年第一季度" in page
    assert "66.7%" in page


def test_the_officer_is_named_on_their_report(committee):
    report = submit(committee.officer_user, committee.civil, date(2025, 5, 5))
    assert report.liaison == committee.civil_officer


def test_unadopted_information_is_neither_briefed_nor_reported_up(cast, committee):
    report = submit(cast.reviewer, committee.police, date(2025, 5, 5))
    with pytest.raises(ValidationError, match="未采用的信息不能编入简报或上报"):
        decide(cast, report, False, in_briefing=True)


def test_units_submit_and_see_only_their_own_and_only_the_office_decides(client, cast, committee):
    with pytest.raises(PermissionDenied):
        submit(cast.reviewer, committee.civil, date(2025, 5, 5))
    mine = submit(cast.reviewer, committee.police, date(2025, 5, 5), title="Police news")
    theirs = submit(committee.officer_user, committee.civil, date(2025, 5, 5), title="Civil news")
    with pytest.raises(PermissionDenied):
        services.report_decide(acting_user=cast.reviewer, report=mine, adopted=True)
    login(client, cast.reviewer)
    listing = client.get("/workrules/reports/").content.decode()
    assert "Police news" in listing
    assert "Civil news" not in listing
    assert client.get(f"/workrules/reports/{theirs.pk}/").status_code == 404


def test_submitting_through_the_page_with_an_attachment(client, cast, committee):
    login(client, cast.reviewer)
    photo = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(photo, "PNG")
    photo.seek(0)
    photo.name = "plan.png"
    answer = client.post(
        "/workrules/reports/new/",
        {
            "body": committee.police.pk,
            "kind": "plan",
            "title": "Plan 2025",
            "content": "Goals",
            "file": photo,
        },
        follow=True,
    )
    assert "已报送信息" in answer.content.decode()
    report = InfoReport.objects.get(title="Plan 2025")
    assert report.original_name == "plan.png"
    assert client.get(f"/workrules/reports/{report.pk}/file/").status_code == 200


def test_the_bulletin_freezes_the_figures_and_prints_as_a_gongwen(client, world, cast, reports):
    bulletin = services.bulletin_create(
        acting_user=cast.city,
        office=world.city,
        year=2025,
        quarter=1,
        requirements="各单位要及时报送信息。",
        issued_on=date(2025, 4, 8),
    )
    assert bulletin.title == "关于2025年第一季度文明委成员单位信息报送及采用情况的通报"
    assert bulletin.figures[0] == {
        "unit": "Police Bureau",
        "submitted": 3,
        "adopted": 2,
        "in_briefing": 1,
        "reported_up": 1,
        "rate": "66.7",
    }
    login(client, cast.city)
    pdf = client.get(f"/workrules/bulletins/{bulletin.pk}/bulletin.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for words in (
        "City精神文明建设委员会办公室文件",
        "一、总体情况",
        "共报送5篇",
        "采用2篇",
        "PoliceBureau",
        "66.7%",
        "三、下一步要求",
    ):
        assert words in text.replace(" ", "").replace("\n", ""), words
    docx = client.get(f"/workrules/bulletins/{bulletin.pk}/bulletin.docx")
    assert docx.status_code == 200
    assert docx.content[:2] == b"PK"
