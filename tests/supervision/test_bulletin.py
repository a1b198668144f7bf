"""The Liaocheng-style bulletin as the office's 公文 in Word (opened by LibreOffice) and
PDF: the office's letterhead and 发文字号, the body, and the five class rankings attached."""

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

from wenming.registry.letterheads import letterhead_set
from wenming.supervision.services import items as services_items

HEADINGS = [
    "（一）现有全国文明单位排名（2个）",
    "（二）新申报全国文明单位排名（2个）",
    "（三）省级文明单位（除申报全国文明单位外）排名（2个）",
    "（四）新申报省级文明单位排名（2个）",
    "（五）市级文明单位（除申报省级外）排名（2个）",
]


MARK = "聊城市精神文明建设委员会办公室文件"
NUMBER = "聊文明办〔2018〕1号"


@pytest.fixture
def bulletin(world, midyear, cast):
    letterhead_set(
        acting_user=cast.city,
        office=world.city,
        mark=MARK,
        number_code="聊文明办",
        signature="聊城市精神文明建设委员会办公室",
        printer="聊城市精神文明建设委员会办公室",
        copies_to="市委宣传部\n市直各部门",
    )
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


def test_bulletin_takes_the_offices_next_number_once(bulletin, midyear, cast) -> None:
    assert bulletin.document_number == NUMBER
    second = services_items.bulletin_issue(
        acting_user=cast.city,
        review=midyear.review,
        title="关于2018年度第二次考核情况的通报",
        issuing_office="聊城市精神文明建设委员会办公室",
        issued_on=date(2018, 9, 1),
    )
    assert second.document_number == "聊文明办〔2018〕2号"


def test_bulletin_word_has_the_layout_and_east_asian_fonts(client, cast, bulletin) -> None:
    login(client, cast.city)
    response = client.get(reverse("supervision:bulletin_docx", args=[bulletin.pk]))
    assert "filename*=UTF-8''%E5%85%B3%E4%BA%8E" in response["Content-Disposition"]  # 关于…
    assert response["Content-Disposition"].endswith(".docx")
    document = Document(io.BytesIO(response.content))
    texts = [p.text.replace("\n", "") for p in document.paragraphs]  # the title's two lines
    title = "关于2018年度市直省、市级文明单位年中考核有关情况的通报"
    assert texts.index(MARK) < texts.index(NUMBER) < texts.index(title)
    assert "市直各省、市级文明单位：" in texts  # one full-width colon
    assert "一、主要特点" in texts
    assert texts.index("附件：2018年度市直省、市级文明单位年中考核分类排名") < texts.index(
        "2018年8月20日"
    )
    assert "聊城市精神文明建设委员会办公室" in texts
    assert "2018年8月20日" in texts
    assert [t for t in texts if t.startswith("（")] == HEADINGS
    attachment = next(p for p in document.paragraphs if p.text == "附件")
    assert attachment.paragraph_format.page_break_before
    assert len(document.tables) == 6  # five rankings and the 版记
    assert document.tables[0].rows[1].cells[1].text == "Unit 01"  # 85 beats 80
    assert document.tables[-1].rows[0].cells[0].text == "抄送：市委宣传部，市直各部门。"
    mark = next(p for p in document.paragraphs if p.text == MARK)
    fonts = mark.runs[0]._element.rPr.rFonts
    assert (
        fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "方正小标宋简体"
    )


def test_bulletin_word_opens_in_libreoffice_with_its_letterhead(
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
    assert NUMBER in first_page
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
    assert response["Content-Disposition"].endswith(".pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = text.replace(" ", "").replace("\n", "")
    for heading in HEADINGS:
        assert heading in text
    assert "聊城市精神文明建设委员会办公室" in text
    assert NUMBER in text
    assert "附件2018年度市直省、市级文明单位年中考核分类排名" in text


def test_bulletin_page_shows_its_number_and_attachment(client, cast, bulletin) -> None:
    login(client, cast.city)
    page = client.get(reverse("supervision:bulletin", args=[bulletin.pk])).content.decode()
    assert f"发文字号：{NUMBER}" in page
    assert "附件：2018年度市直省、市级文明单位年中考核分类排名" in page
    assert "2018年8月20日" in page
