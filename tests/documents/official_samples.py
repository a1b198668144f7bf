"""Generated official documents (正式文件) for measuring red-header and seal detection.

Each sample is a PDF made with WeasyPrint and the system's Noto CJK fonts, laid out after
GB/T 9704-2012 (the office's name in red, the document number, the red separator line, the
body, the signature and date with the seal stamped across it), with seeded variation of
sizes, shades, positions and page counts, and the truth of what it shows. Some are turned
into scans (rasterized, tinted paper, noise, JPEG) as offices upload them.

Besides plain positives and negatives the set holds hard cases: negatives with red in the
wrong places (red body text, a red table, a red underline, a red square stamp box, a black
seal, a blue header) and positives that are easy to miss (a faint seal over the text, a
seal off the usual place, a header without its separator line, the seal on the last page
of a 2- or 5-page document).

Used by ``tests/documents/test_official_marks.py`` and ``benchmarks/official_marks.py``.
"""

from __future__ import annotations

import base64
import io
import math
import random
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from pypdf import PdfReader, PdfWriter

SERIF_BOLD = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"
SANS = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
REDS = [(230, 0, 18), (214, 0, 0), (200, 16, 46), (255, 0, 0), (224, 32, 32), (190, 20, 30)]
# The acceptance of issue 17: each detector's precision and recall on the set.
BAR = 0.9
OFFICES = ["益阳市文明办", "资阳区精神文明建设指导委员会办公室", "赫山区文明办", "益阳市委宣传部"]
TEXT = (
    "为深入贯彻落实全国文明城市创建工作要求，进一步提升市民文明素质和城市文明程度，"
    "现将有关事项通知如下。各单位要高度重视，加强组织领导，细化工作措施，确保各项任务落到实处。"
)


@dataclass(frozen=True)
class Spec:
    """What one generated document shows, and how it is drawn."""

    name: str
    seed: int
    red_header: bool  # the truth: a red header on the first page
    seal: bool  # the truth: a red round seal on the last page
    header: str = "none"  # none | red | red_no_line | red_small | blue
    stamp: str = "none"  # none | red | faint | pale | offset | black | box
    extras: tuple[str, ...] = ()  # red_text | red_title | red_table | red_underline | red_circle
    pages: int = 1
    scanned: bool = False


@dataclass(frozen=True)
class Sample:
    """A generated document and its truth."""

    spec: Spec
    pdf: bytes = field(repr=False)


#: The salt of the set the thresholds were tuned on; any other salt draws a held-out set
#: of the same kinds of document with fresh positions, sizes and shades.
TUNING = 0
HELD_OUT = 1


def specs(salt: int = TUNING) -> list[Spec]:
    """The measured set: 60 documents, drawn with ``salt``."""
    out: list[Spec] = []

    def add(name: str, count: int, **kw: object) -> None:
        for i in range(count):
            seed = len(out) * 7919 + 17 + salt * 1_000_003
            out.append(Spec(f"{name}-{i}", seed, **kw))  # type: ignore[arg-type]

    add("header+seal", 6, red_header=True, seal=True, header="red", stamp="red")
    add("header-only", 4, red_header=True, seal=False, header="red")
    add("seal-only", 4, red_header=False, seal=True, stamp="red")
    add("plain", 3, red_header=False, seal=False)
    add("no-line+seal", 3, red_header=True, seal=True, header="red_no_line", stamp="red")
    add("faint-seal", 3, red_header=True, seal=True, header="red", stamp="faint")
    add("offset-seal", 3, red_header=False, seal=True, stamp="offset")
    add("2-pages", 2, red_header=True, seal=True, header="red", stamp="red", pages=2)
    add("5-pages", 2, red_header=True, seal=True, header="red", stamp="offset", pages=5)
    add("red-text", 2, red_header=False, seal=False, extras=("red_text",))
    add("red-table", 2, red_header=False, seal=True, stamp="red", extras=("red_table",))
    add("red-underline", 2, red_header=False, seal=False, extras=("red_underline",))
    add("red-title", 2, red_header=False, seal=False, extras=("red_title",))
    add("red-circle", 2, red_header=True, seal=False, header="red", extras=("red_circle",))
    add("box-stamp", 2, red_header=True, seal=False, header="red", stamp="box")
    add("black-seal", 2, red_header=False, seal=False, stamp="black")
    add("blue-header", 2, red_header=False, seal=True, header="blue", stamp="red")
    add("scan", 4, red_header=True, seal=True, header="red", stamp="red", scanned=True)
    add("scan-faint", 2, red_header=True, seal=True, header="red", stamp="faint", scanned=True)
    add("scan-plain", 2, red_header=False, seal=False, extras=("red_text",), scanned=True)
    add("scan-box", 2, red_header=False, seal=False, stamp="box", scanned=True)
    # At the edge of what is seen: a small office name with no separator line, and a
    # seal printed pale and then scanned.
    add("small-header", 2, red_header=True, seal=False, header="red_small")
    add("scan-pale-seal", 2, red_header=False, seal=True, stamp="pale", scanned=True)
    return out


def generate(spec: Spec) -> Sample:
    """The PDF of one spec."""
    return generate_all([spec])[0]


def generate_all(batch: list[Spec]) -> list[Sample]:
    """The PDFs of several specs, laid out in one WeasyPrint run (its font subsetting is
    most of the cost of a document) and split into one PDF each."""
    from weasyprint import HTML  # noqa: PLC0415  (slow to import; only generating needs it)

    rules, bodies = [], []
    for index, spec in enumerate(batch):
        rng = random.Random(spec.seed)
        rules.append(
            f"@page doc{index} {{ size: A4; margin: {rng.randint(30, 40)}mm 26mm 35mm 28mm; }}"
        )
        bodies.append(
            f'<section id="doc-{index}" style="page: doc{index}">{_html(spec, rng)}</section>'
        )
    head = f"<head><style>{STYLE}{''.join(rules)}</style></head>"
    document = HTML(string=f"<html>{head}<body>{''.join(bodies)}</body></html>").render()
    starts = [
        next(number for number, page in enumerate(document.pages) if f"doc-{index}" in page.anchors)
        for index in range(len(batch))
    ]
    reader = PdfReader(io.BytesIO(document.write_pdf()))
    out = []
    for index, spec in enumerate(batch):
        stop = starts[index + 1] if index + 1 < len(batch) else len(reader.pages)
        writer = PdfWriter()
        for number in range(starts[index], stop):
            writer.add_page(reader.pages[number])
        buffer = io.BytesIO()
        writer.write(buffer)
        pdf = buffer.getvalue()
        if spec.scanned:
            pdf = _scan(pdf, random.Random(spec.seed + 1))
        out.append(Sample(spec, pdf))
    return out


def samples(salt: int = TUNING) -> list[Sample]:
    """Every document of the measured set drawn with ``salt``."""
    return generate_all(specs(salt))


def score(pairs: list[tuple[bool, bool | None]]) -> tuple[float, float, int, int, int]:
    """Precision, recall, true positives, false positives, false negatives of (truth,
    found) pairs; a page not looked at (None) counts as not found."""
    tp = sum(truth and found is True for truth, found in pairs)
    fp = sum(not truth and found is True for truth, found in pairs)
    fn = sum(truth and found is not True for truth, found in pairs)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn


STYLE = (
    'body { font-family: "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 1.6; }'
    "h1 { text-align: center; font-weight: bold; margin: 6mm 0; }"
    "p { text-indent: 2em; margin: 0; }"
)


def _html(spec: Spec, rng: random.Random) -> str:
    """One document's body; its page margins are drawn from ``rng`` just before."""
    red = rng.choice(REDS)
    office = rng.choice(OFFICES)
    parts = [_header(spec, rng, red, office)]
    title = f"color:{_css(red)};" if "red_title" in spec.extras else ""
    size = rng.choice([20, 22])
    parts.append(f'<h1 style="font-size:{size}pt;{title}">关于开展文明单位创建工作的通知</h1>')
    parts.append("<p>各县（市、区）文明办，市直各单位：</p>")
    # The circle is drawn on the last page, near the seal's place; the rest on the first.
    first = [extra for extra in spec.extras if extra not in {"red_title", "red_circle"}]
    parts.extend(_extra(extra, rng, red) for extra in first)
    per_page = rng.randint(2, 4)
    for page in range(spec.pages):
        if page:
            parts.append('<div style="break-before: page"></div>')
        parts.extend(f"<p>{_paragraph(rng)}</p>" for _ in range(per_page))
    if "red_circle" in spec.extras:
        parts.append(_extra("red_circle", rng, red))
    parts.append(_signature(spec, rng, office))
    return "".join(parts)


def _css(color: tuple[int, int, int]) -> str:
    return "rgb({},{},{})".format(*color)


def _header(spec: Spec, rng: random.Random, red: tuple[int, int, int], office: str) -> str:
    if spec.header == "none":
        return ""
    color = red if spec.header != "blue" else rng.choice([(31, 78, 156), (0, 70, 180)])
    size = rng.randint(30, 48) if len(office) > 8 else rng.randint(40, 60)
    if spec.header == "red_small":
        size = rng.randint(27, 30)
    name = f"{office}文件"
    number = f"益文明办〔2021〕{rng.randint(1, 60)}号"
    line = ""
    if spec.header not in {"red_no_line", "red_small"}:
        thick = rng.choice([0.5, 0.8, 1.0, 1.5])
        line = f'<div style="border-top:{thick}mm solid {_css(color)}; margin: 4mm 0 8mm"></div>'
    return (
        f'<div style="text-align:center; color:{_css(color)}; font-size:{size}pt; '
        f"font-weight:bold; letter-spacing:{rng.choice([0, 2, 4])}pt; line-height:1.2; "
        f'margin-top:{rng.randint(0, 35)}mm">{name}</div>'
        f'<div style="text-align:center; margin:8mm 0 2mm">{number}</div>{line}'
    )


def _extra(kind: str, rng: random.Random, red: tuple[int, int, int]) -> str:
    color = _css(red)
    if kind == "red_text":
        return f'<p style="color:{color}">{_paragraph(rng)}</p>'
    if kind == "red_circle":
        # A reviewer's red circle round a phrase: round, red, nothing red inside.
        side, left = rng.uniform(30, 42), rng.uniform(10, 90)
        height, border = side * rng.uniform(0.9, 1.1), rng.choice([0.5, 0.8, 1.2])
        return (
            f'<div style="position:relative"><div style="position:absolute; left:{left:.0f}mm; '
            f"top:-{side / 3:.0f}mm; width:{side:.0f}mm; height:{height:.0f}mm; "
            f'border:{border}mm solid {color}; border-radius:50%"></div></div>'
            f"<p>{_paragraph(rng)}</p>"
        )
    if kind == "red_underline":
        return (
            f'<p>{TEXT[:8]}<span style="text-decoration: underline {color} 1.5pt">'
            f"{TEXT[8:60]}</span>{TEXT[60:]}</p>"
        )
    rows = "".join(
        "<tr>"
        + "".join(
            f'<td style="border:1px solid {color}">{cell}</td>'
            for cell in (i, TEXT[i * 5 : i * 5 + 8], rng.randint(60, 100))
        )
        + "</tr>"
        for i in range(1, rng.randint(4, 6))
    )
    return (
        f'<table style="width:100%; border-collapse:collapse; margin:4mm 0" '
        f'cellpadding="4">{rows}</table>'
    )


def _paragraph(rng: random.Random) -> str:
    start = rng.randrange(len(TEXT) // 2)
    return (TEXT[start:] + TEXT)[: rng.randint(60, 140)]


def _signature(spec: Spec, rng: random.Random, office: str) -> str:
    block = (
        f'<p style="text-align:right; margin-top:{rng.randint(8, 20)}mm; margin-right:'
        f'{rng.randint(4, 16)}mm">{office}</p>'
        f'<p style="text-align:right; margin-right:{rng.randint(8, 20)}mm">'
        f"2021年{rng.randint(1, 12)}月{rng.randint(1, 28)}日</p>"
    )
    if spec.stamp == "none":
        return f'<div style="position:relative">{block}</div>'
    diameter = rng.uniform(34, 45) if spec.stamp != "box" else rng.uniform(30, 42)
    right = rng.uniform(5, 30)
    top = rng.uniform(-5, 12)
    if spec.stamp == "offset":
        right, top = rng.choice([(rng.uniform(70, 110), rng.uniform(-30, -5)), (0, -25)])
    opacity = {"faint": rng.uniform(0.5, 0.7), "pale": rng.uniform(0.4, 0.5)}.get(
        spec.stamp, rng.uniform(0.8, 1.0)
    )
    image = stamp_png(spec.stamp, rng, office)
    return (
        f'<div style="position:relative">{block}<img src="data:image/png;base64,{image}" '
        f'style="position:absolute; right:{right:.1f}mm; top:{top:.1f}mm; '
        f'width:{diameter:.1f}mm; opacity:{opacity:.2f}"></div>'
    )


def stamp_png(kind: str, rng: random.Random, office: str) -> str:
    size = 220  # pixels: a 42 mm seal is about 70 on the rendered page, 120 on a scan
    color = (40, 40, 40) if kind == "black" else rng.choice(REDS)
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    ink = (*color, 255)
    stroke = round(size * rng.uniform(0.027, 0.041))
    if kind == "box":
        draw.rectangle((4, 4, size - 4, size - 4), outline=ink, width=stroke)
        font = ImageFont.truetype(SERIF_BOLD, size // 5)
        for row, word in enumerate(["已审核", "专用"]):
            draw.text(
                (size / 2, size * (0.34 + row * 0.32)), word, font=font, fill=ink, anchor="mm"
            )
    else:
        draw.ellipse((4, 4, size - 4, size - 4), outline=ink, width=stroke)
        _star(draw, size / 2, size / 2, size * rng.uniform(0.14, 0.18), ink)
        _arc_text(image, office, color, size)
        font = ImageFont.truetype(SERIF_BOLD, size // 11)
        draw.text((size / 2, size * 0.76), "专用章", font=font, fill=ink, anchor="mm")
    image = _worn(image, rng)
    rotated = image.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BILINEAR)
    out = io.BytesIO()
    rotated.save(out, "PNG")
    return base64.b64encode(out.getvalue()).decode("ascii")


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, ink: tuple[int, ...]) -> None:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.4
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    draw.polygon(points, fill=ink)


def _arc_text(image: Image.Image, text: str, color: tuple[int, int, int], size: int) -> None:
    """The office's name round the top of the ring, each character turned to face out."""
    font = ImageFont.truetype(SERIF_BOLD, round(size * 0.12))
    box = round(size * 0.16)
    radius = size * 0.34
    span = min(250.0, 24.0 * len(text))
    for i, char in enumerate(text):
        angle = -90 - span / 2 + span * (i + 0.5) / len(text)
        glyph = Image.new("RGBA", (box, box), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text(
            (box / 2, box / 2), char, font=font, fill=(*color, 255), anchor="mm"
        )
        glyph = glyph.rotate(-angle - 90, resample=Image.Resampling.BILINEAR)
        x = size / 2 + radius * math.cos(math.radians(angle)) - box / 2
        y = size / 2 + radius * math.sin(math.radians(angle)) - box / 2
        image.alpha_composite(glyph, (round(x), round(y)))


def _worn(image: Image.Image, rng: random.Random) -> Image.Image:
    """Uneven ink: a stamp never prints every pixel (a third of them faintly)."""
    noise = np.random.default_rng(rng.randrange(2**32)).random(image.size[::-1])
    keep = np.where(noise > 0.3, 1.0, 0.35)
    alpha = np.asarray(image.getchannel("A"), dtype=np.float64) * keep
    image.putalpha(Image.fromarray(alpha.astype(np.uint8), "L"))
    return image


def _scan(pdf: bytes, rng: random.Random) -> bytes:
    """The document printed and scanned: a raster page per page, on off-white paper."""
    pages: list[Image.Image] = []
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        command = ["pdftoppm", "-r", "72", "-png", str(source), f"{tmp}/p"]
        subprocess.run(command, check=True)  # noqa: S603  (the system's poppler, our own file)
        for path in sorted(Path(tmp).glob("p-*.png")):
            with Image.open(path) as page:
                pages.append(_paper(page.convert("RGB"), rng))
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=72, save_all=True, append_images=pages[1:], quality=70)
    return out.getvalue()


def _paper(page: Image.Image, rng: random.Random) -> Image.Image:
    tint = Image.new("RGB", page.size, (rng.randint(236, 248), rng.randint(232, 244), 226))
    page = Image.blend(page, tint, 0.08).rotate(rng.uniform(-1.0, 1.0), fillcolor=(240, 238, 230))
    return page.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.8)))
