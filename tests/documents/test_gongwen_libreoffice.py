"""The 公文 builder's Word file as LibreOffice opens it: A4, the title, 28 characters a line."""

import shutil
import subprocess
from pathlib import Path

from pypdf import PdfReader

from wenming.documents.gongwen import build_docx

from .gongwen_sample import MARK, NUMBER, TITLE, sample_document


def test_libreoffice_lays_the_word_file_out_on_a4(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed by scripts/system-packages"
    docx = tmp_path / "通报.docx"
    docx.write_bytes(build_docx(sample_document()))
    # A fixed converter on the test's own file.
    subprocess.run(  # noqa: S603
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
    reader = PdfReader(tmp_path / "通报.pdf")
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    first = subprocess.run(  # noqa: S603
        ["pdftotext", "-f", "1", "-l", "1", str(tmp_path / "通报.pdf"), "-"],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    lines = [line.replace(" ", "") for line in first.splitlines()]
    assert MARK in lines
    assert NUMBER in lines
    assert TITLE in "".join(lines)
    # A wrapped body line holds the standard's 28 characters (LibreOffice substitutes
    # its own fonts for 仿宋_GB2312, at the same 16 pt).
    full_line = "明单位进行了集中考核，考核采取听取汇报、查阅资料、实地察"
    assert len(full_line) == 28
    assert full_line in lines
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "")
    assert "2026年12月2日印发" in text
