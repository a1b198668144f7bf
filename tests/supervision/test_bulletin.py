"""The Liaocheng-style bulletin as Word (opened by LibreOffice) and PDF, with the five
class rankings on its first page."""

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader
from tests.conftest import login

from wenming.supervision.services import items as services_items

HEADINGS = [
    "（一）现有全国文明单位排名（2个）",
    "（二）新申报全国文明单位排名（2个）",
    "（三）省级文明单位（除申报全国文明单位外）排名（2个）",
    "（四）新申报省级文明单位排名（2个）",
    "（五）市级文明单位（除申报省级外）排名（2个）",
]


@pytest.fixture
def bulletin(midyear, cast):
    return services_items.bulletin_issue(
        acting_user=cast.city,
        review=midyear.review,
        title="关于2018年度市直省、市级文明单位年中考核有关情况的通报",
        addressees="市直各省、市级文明单位：",
        opening="2018年7月25日至8月2日，市文明办组织10个考核组对文明单位进行了集中考核。",
        strengths="领导重视，齐抓共管，创建机制规范化。",
        problems="个别单位资料不全、更新不及时。",
        requirements="持续抓好文明创建工作。",
        issuing_office="聊城市精神文明建设委员会办公室",
        issued_on=date(2018, 8, 20),
    )


def test_bulletin_word_has_the_layout_and_east_asian_fonts(client, cast, bulletin) -> None:
    login(client, cast.city)
    response = client.get(reverse("supervision:bulletin_docx", args=[bulletin.pk]))
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "关于2018年度市直省、市级文明单位年中考核有关情况的通报"
    assert "聊城市精神文明建设委员会办公室" in texts
    assert "2018年8月20日" in texts
    assert [t for t in texts if t.startswith("（")] == HEADINGS
    assert len(document.tables) == 5
    assert document.tables[0].rows[1].cells[1].text == "Unit 01"  # 85 beats 80
    fonts = document.paragraphs[0].runs[0]._element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")


def test_bulletin_word_opens_in_libreoffice_with_rankings_on_page_one(
    client, cast, bulletin, tmp_path: Path
) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed by scripts/system-packages"
    login(client, cast.city)
    docx = tmp_path / "bulletin.docx"
    docx.write_bytes(client.get(reverse("supervision:bulletin_docx", args=[bulletin.pk])).content)
    subprocess.run(  # noqa: S603  (a fixed converter, LibreOffice or poppler, on the test's own file)
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "bulletin.pdf"
    assert pdf.exists()
    first_page = subprocess.run(  # noqa: S603  (a fixed converter, LibreOffice or poppler, on the test's own file)
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"],  # noqa: S607  (a fixed converter, LibreOffice or poppler, on the test's own file)
        check=True,
        capture_output=True,
        text=True,
    ).stdout.replace(" ", "")
    for heading in HEADINGS:
        assert heading in first_page
    subprocess.run(  # noqa: S603  (a fixed converter, LibreOffice or poppler, on the test's own file)
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],  # noqa: S607  (a fixed converter, LibreOffice or poppler, on the test's own file)
        check=True,
        timeout=60,
    )
    assert list(tmp_path.glob("page*.png"))


def test_bulletin_pdf_shows_the_rankings_in_chinese(client, cast, bulletin) -> None:
    login(client, cast.city)
    response = client.get(reverse("supervision:bulletin_pdf", args=[bulletin.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = text.replace(" ", "").replace("\n", "")
    for heading in HEADINGS:
        assert heading in text
    assert "聊城市精神文明建设委员会办公室" in text
