#!/usr/bin/env python3
# The tools are found on the PATH, as an office installs them.
# ruff: noqa: S603, S607
"""Render the README's 公文 pictures: the bulletin, the naming decision and the
recommendation report, each next to what it replaces.

Usage: .venv/bin/python scripts/render-gongwen.py
Builds the samples (scripts/gongwen_samples.py, with the test suite's fixtures), converts
each .docx with LibreOffice as an office would open it, and renders at 80 dpi with
pdftoppm into docs/screenshots/:

- gongwen-<name>.png: page 1 (版头, 标题, 正文);
- gongwen-<name>-attachment.png: the page where the 附件 begins, if it has one;
- gongwen-<name>-imprint.png: the last page, with the 版记;
- gongwen-<name>-before.png: page 1 of what it replaces.

The 公文 name the fonts an office machine has (仿宋_GB2312, 方正小标宋简体, 楷体_GB2312,
黑体, 宋体). For the render only, a fontconfig file maps them to the free fonts closest to
them (Noto Serif CJK SC, and Noto Sans CJK SC for 黑体), so the pictures look as they
would on such a machine and not all in a sans substitute. Needs soffice, pdftoppm and
pdftotext (poppler-utils) and the Noto CJK fonts (fonts-noto-cjk).
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "docs" / "screenshots"
NAMES = ("bulletin", "decision", "report")
DPI = "80"
SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
#: The office fonts the 公文 name, and what stands in for each in the render.
FONTS = {
    "仿宋_GB2312": SERIF,
    "仿宋": SERIF,
    "方正小标宋简体": SERIF,
    "楷体_GB2312": SERIF,
    "楷体": SERIF,
    "宋体": SERIF,
    "黑体": SANS,
}


def fontconfig(folder: Path) -> Path:
    """A fontconfig file: the system's configuration plus the office fonts' stand-ins."""
    matches = "".join(
        f"""
  <match target="pattern">
    <test name="family" qual="any"><string>{office}</string></test>
    <edit name="family" mode="assign" binding="strong"><string>{free}</string></edit>
  </match>"""
        for office, free in FONTS.items()
    )
    path = folder / "fonts.conf"
    path.write_text(
        f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>{matches}
</fontconfig>
""",
        encoding="utf-8",
    )
    return path


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    for line in info.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise SystemExit(f"{pdf}: no page count")


def attachment_page(pdf: Path, pages: int) -> int | None:
    """The page whose first line is the 附件 heading (附件, 附件1 …), after page 1."""
    for number in range(2, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if lines and lines[0].startswith("附件") and len(lines[0]) <= 4:
            return number
    return None


def render(pdf: Path, page: int, png: str) -> None:
    subprocess.run(
        ["pdftoppm", "-png", "-r", DPI, "-f", str(page), "-l", str(page), "-singlefile",
         str(pdf), str(SHOTS / png)],
        check=True,
    )  # fmt: skip
    print(SHOTS / f"{png}.png", f"(page {page})")


def main() -> None:
    out = Path(tempfile.mkdtemp(prefix="gongwen-"))
    env = dict(os.environ, GONGWEN_OUT=str(out))
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         str(ROOT / "scripts" / "gongwen_samples.py")],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    # LibreOffice with the font stand-ins and a profile of its own (no running one reused).
    office_env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig(out)))
    profile = (out / "profile").as_uri()
    for name in NAMES:
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(out), str(out / f"{name}.docx")],
            check=True, capture_output=True, env=office_env,
        )  # fmt: skip
        pdf = out / f"{name}.pdf"
        pages = page_count(pdf)
        render(pdf, 1, f"gongwen-{name}")
        attachment = attachment_page(pdf, pages)
        if attachment and attachment != pages:
            render(pdf, attachment, f"gongwen-{name}-attachment")
        if pages > 1:
            render(pdf, pages, f"gongwen-{name}-imprint")
        render(out / f"{name}-before.pdf", 1, f"gongwen-{name}-before")


if __name__ == "__main__":
    main()
