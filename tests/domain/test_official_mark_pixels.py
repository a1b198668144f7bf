"""Red header and seal detection on pixels (docs/rules.md#red-header-and-seal): pages drawn
with Pillow at the size the renderer makes (A4 at about 41 dpi), and the warnings
``check`` gives from what was found."""

from __future__ import annotations

import base64
import io
import random
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFont
from tests.documents.official_samples import SERIF_BOLD, stamp_png

from wenming.domain.evidence import (
    Code,
    EvidenceItem,
    EvidenceKind,
    FileFacts,
    Finding,
    Severity,
    check,
    load_rules,
)
from wenming.domain.evidence.official_marks import has_red_header, has_seal, red_mask
from wenming.domain.evidence.rules import EvidenceRules

W, H = 340, 480
RED, BLUE, BLACK = (220, 10, 20), (20, 60, 170), (30, 30, 30)


def page() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (W, H), "white")
    return image, ImageDraw.Draw(image)


def body(draw: ImageDraw.ImageDraw, top: int = 200, color: tuple[int, int, int] = BLACK) -> None:
    font = ImageFont.truetype(SERIF_BOLD, 9)
    for row in range(12):
        draw.text(
            (48, top + row * 15),
            "为深入贯彻落实全国文明城市创建工作要求进一步提升",
            font=font,
            fill=color,
        )


def header(
    draw: ImageDraw.ImageDraw, *, color: tuple[int, int, int] = RED, line: bool = True
) -> None:
    font = ImageFont.truetype(SERIF_BOLD, 26)
    draw.text((W / 2, 90), "益阳市文明办文件", font=font, fill=color, anchor="mm")
    draw.text(
        (W / 2, 125), "益文明办〔2021〕12号", font=ImageFont.truetype(SERIF_BOLD, 9), fill=BLACK
    )
    if line:
        draw.line((48, 140, W - 44, 140), fill=color, width=2)


def stamp(image: Image.Image, kind: str = "red", *, at: tuple[int, int] = (220, 330)) -> None:
    data = base64.b64decode(stamp_png(kind, random.Random(4), "益阳市文明办"))
    with Image.open(io.BytesIO(data)) as seal:
        small = seal.convert("RGBA").resize((68, 68))
    image.paste(small, at, small)


def test_red_header_with_its_line_is_found() -> None:
    image, draw = page()
    header(draw)
    body(draw)
    assert has_red_header(image)


def test_red_header_without_the_line_is_found() -> None:
    image, draw = page()
    header(draw, line=False)
    body(draw)
    assert has_red_header(image)


def test_separator_line_alone_is_a_red_header() -> None:
    image, draw = page()
    draw.line((48, 140, W - 44, 140), fill=RED, width=2)
    body(draw)
    assert has_red_header(image)


def test_blue_header_is_no_red_header() -> None:
    image, draw = page()
    header(draw, color=BLUE)
    body(draw)
    assert not has_red_header(image)


def test_red_body_text_at_the_top_is_no_red_header() -> None:
    image, draw = page()
    body(draw, top=60, color=RED)
    assert not has_red_header(image)


def test_red_underline_under_a_line_of_text_is_no_red_header() -> None:
    image, draw = page()
    body(draw, top=60)
    draw.line((48, 71, W - 50, 71), fill=RED, width=1)
    assert not has_red_header(image)


def test_red_table_at_the_top_is_no_red_header() -> None:
    image, draw = page()
    for y in range(60, 160, 20):
        draw.line((48, y, W - 44, y), fill=RED, width=1)
    for x in (48, 120, 220, W - 44):
        draw.line((x, 60, x, 140), fill=RED, width=1)
    assert not has_red_header(image)


def test_red_round_seal_is_found_even_over_text() -> None:
    image, draw = page()
    body(draw)
    stamp(image, at=(200, 250))
    assert has_seal(image)


def test_black_seal_is_no_seal() -> None:
    image, draw = page()
    body(draw)
    stamp(image, "black")
    assert not has_seal(image)


def test_red_square_stamp_box_is_no_seal() -> None:
    image, _draw = page()
    stamp(image, "box")
    assert not has_seal(image)


def test_turned_red_square_box_with_a_star_is_no_seal() -> None:
    cx, cy, half = 170, 330, 48  # a square of 68 pixels turned by 45°
    image, draw = page()
    diamond = [(cx, cy - half), (cx + half, cy), (cx, cy + half), (cx - half, cy)]
    draw.polygon(diamond, outline=RED, width=3)
    draw.regular_polygon((cx, cy, 12), 5, fill=RED)
    assert not has_seal(image)
    image, draw = page()
    draw.ellipse((cx - half, cy - half, cx + half, cy + half), outline=RED, width=3)
    draw.regular_polygon((cx, cy, 12), 5, fill=RED)
    assert has_seal(image)  # the same star in a ring is one


def test_filled_red_square_and_bare_red_circle_are_no_seal() -> None:
    image, draw = page()
    draw.rectangle((60, 300, 128, 368), fill=RED)
    draw.ellipse((200, 300, 268, 368), outline=RED, width=3)
    assert not has_seal(image)


def test_red_header_is_no_seal() -> None:
    image, draw = page()
    header(draw)
    assert not has_seal(image)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, W),
            st.integers(0, H),
            st.integers(4, 120),
            st.integers(0, 255),
            st.sampled_from(["gray", "blue", "green"]),
        ),
        max_size=12,
    )
)
def test_nothing_red_is_never_a_header_or_a_seal(
    shapes: list[tuple[int, int, int, int, str]],
) -> None:
    image, draw = page()
    for x, y, size, level, hue in shapes:
        color = {
            "gray": (level,) * 3,
            "blue": (level // 3, level // 2, 255),
            "green": (0, level, 0),
        }
        draw.ellipse((x, y, x + size, y + size), outline=color[hue], width=3)
        draw.rectangle((x, y, x + size * 3, y + 2), fill=color[hue])
    assert not red_mask(image).any()
    assert not has_red_header(image)
    assert not has_seal(image)


def rules() -> EvidenceRules:
    data = Path(__file__).parents[2] / "src/wenming/campaigns/data/evidence-rules.yaml"
    return load_rules(yaml.safe_load(data.read_text(encoding="utf-8")))


def document(*, red_header: bool | None, seal: bool | None) -> EvidenceItem:
    facts = FileFacts("application/pdf", 300_000, page_count=2, red_header=red_header, seal=seal)
    return EvidenceItem(EvidenceKind.OFFICIAL_DOCUMENT, facts)


def trust(findings: list[Finding]) -> list[tuple[Code, Severity]]:
    return [(f.code, f.severity) for f in findings if f.code in {Code.NO_RED_HEADER, Code.NO_SEAL}]


def test_marks_not_found_are_two_warnings() -> None:
    findings = check(document(red_header=False, seal=False), rules())
    assert trust(findings) == [
        (Code.NO_RED_HEADER, Severity.WARNING),
        (Code.NO_SEAL, Severity.WARNING),
    ]
    assert not any(f.blocking for f in findings)


def test_marks_found_or_not_looked_at_give_no_warning() -> None:
    assert trust(check(document(red_header=True, seal=True), rules())) == []
    assert trust(check(document(red_header=None, seal=None), rules())) == []
    assert trust(check(document(red_header=True, seal=False), rules())) == [
        (Code.NO_SEAL, Severity.WARNING)
    ]
