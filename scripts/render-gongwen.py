#!/usr/bin/env python3
# The tools are found on the PATH, as an office installs them.
# ruff: noqa: S603, S607
"""Render the README's 公文 pictures: the bulletin, the naming decision and the
recommendation report, each next to what it replaces.

Usage: .venv/bin/python scripts/render-gongwen.py
Builds the samples (scripts/gongwen_samples.py, with the test suite's fixtures), converts
each .docx with LibreOffice as an office would open it, and renders page 1 of each PDF at
60 dpi with pdftoppm into docs/screenshots/gongwen-<name>.png and gongwen-<name>-before.png.
Needs soffice and pdftoppm (poppler-utils) on the PATH.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "docs" / "screenshots"
NAMES = ("bulletin", "decision", "report")


def main() -> None:
    out = Path(tempfile.mkdtemp(prefix="gongwen-"))
    env = dict(os.environ, GONGWEN_OUT=str(out))
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         str(ROOT / "scripts" / "gongwen_samples.py")],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    for name in NAMES:
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out),
             str(out / f"{name}.docx")],
            check=True, capture_output=True,
        )  # fmt: skip
        for pdf, png in (
            (f"{name}.pdf", f"gongwen-{name}"),
            (f"{name}-before.pdf", f"gongwen-{name}-before"),
        ):
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                 str(out / pdf), str(SHOTS / png)],
                check=True,
            )  # fmt: skip
            print(SHOTS / f"{png}.png")


if __name__ == "__main__":
    main()
