"""Evidence files read by their content (docs/rules.md#evidence): real files built here,
checked end to end."""

import io
import struct
import tracemalloc
import zlib
from pathlib import Path
from typing import Any

import docx
import pytest
from django.utils.translation import override
from PIL import Image
from pypdf import PdfWriter
from tests.documents import official_samples

from wenming.campaigns.evidence_files import DOCX, default_rules, inspect
from wenming.campaigns.evidence_messages import finding_message
from wenming.domain.evidence import (
    MB,
    Captions,
    Code,
    Defect,
    Element,
    EvidenceKind,
    Finding,
    Severity,
    check,
)

RULES = default_rules()
ORG = "益阳市委党校"
CAPTIONS = Captions(
    time="2021年5月20日",
    place="党校礼堂",
    organizer=ORG,
    theme=f"益阳市2021年+{ORG}+道德模范学习教育",
    participants="全体教职工",
)


def jpeg(size: int | None = None, dimensions: tuple[int, int] = (1200, 900)) -> bytes:
    """A real JPEG; padded with comment segments to exactly ``size`` bytes when asked."""
    buffer = io.BytesIO()
    Image.new("RGB", dimensions, (200, 30, 30)).save(buffer, "JPEG", quality=90)
    data = buffer.getvalue()
    if size is None:
        return data
    missing = size - len(data)
    assert missing >= 8, "the bare image is already larger than asked"
    segments = []
    while missing:
        # A COM segment costs 4 bytes of marker and length; keep the last one at least 4 long.
        chunk = min(missing, 65_535 + 2)
        if 0 < missing - chunk < 4:
            chunk -= 4
        segments.append(b"\xff\xfe" + struct.pack(">H", chunk - 2) + b"\0" * (chunk - 4))
        missing -= chunk
    return data[:2] + b"".join(segments) + data[2:]


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` × ``height`` pixels but carries one compressed row."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = zlib.compress(b"\0" * (width + 1))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose frame header is rewritten to claim absurd dimensions."""
    data = bytearray(jpeg(dimensions=(16, 16)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def pdf(pages: int = 2) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def word_report(paragraphs: list[tuple[str, str | None]]) -> bytes:
    document = docx.Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def photo_findings(data: bytes, name: str = "活动.jpg") -> list[Finding]:
    inspected = inspect(data, name, EvidenceKind.PHOTO)
    return check(inspected.item(captions=CAPTIONS, organization_names=(ORG,)), RULES)


# --- photos ------------------------------------------------------------------------------


def test_jpeg_of_1_6mb_with_captions_passes() -> None:
    data = jpeg(1_677_000)  # 1.6 MB as Windows shows it
    inspected = inspect(data, "活动.jpg", EvidenceKind.PHOTO)
    assert (inspected.facts.content_type, inspected.facts.size) == ("image/jpeg", 1_677_000)
    assert (inspected.facts.width, inspected.facts.height) == (1200, 900)
    assert photo_findings(data) == []


@pytest.mark.parametrize(
    ("size", "code"),
    [(MB * 3 // 2, Code.TOO_SMALL), (MB * 3 // 2 + 1, None), (2 * MB, Code.TOO_LARGE)],
)
def test_jpeg_size_bounds_on_real_files(size: int, code: Code | None) -> None:
    assert [f.code for f in photo_findings(jpeg(size))] == ([code] if code else [])


def test_jpeg_read_from_a_path_like_an_upload_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "upload"
    path.write_bytes(jpeg(1_700_000))
    inspected = inspect(path, "活动.jpg", EvidenceKind.PHOTO)
    assert (inspected.facts.content_type, inspected.facts.size) == ("image/jpeg", 1_700_000)


def test_png_renamed_jpg_is_refused_as_not_jpeg() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (10, 120, 10)).save(buffer, "PNG")
    findings = photo_findings(buffer.getvalue(), "活动.jpg")
    assert findings[0] == Finding(
        Code.WRONG_TYPE,
        Severity.BLOCKING,
        "file",
        {"expected": ("image/jpeg",), "found": "image/png"},
    )


def test_truncated_jpeg_is_unreadable_even_after_weasyprint_was_imported() -> None:
    import weasyprint  # noqa: F401, PLC0415  (imported here, mid-run: it loosens Pillow's truncated-image setting on import)

    data = jpeg(dimensions=(640, 480))
    findings = photo_findings(data[: len(data) // 2])
    assert Finding(Code.UNREADABLE, Severity.BLOCKING, "file") in findings


def test_truncated_jpeg_is_unreadable() -> None:
    data = jpeg(dimensions=(640, 480))
    findings = photo_findings(data[: len(data) // 2])
    assert Finding(Code.UNREADABLE, Severity.BLOCKING, "file") in findings


@pytest.mark.parametrize(
    "data",
    [png_header_only(100_000, 100_000), png_header_only(10_000, 10_000)],
    ids=["10-gigapixel", "100-megapixel"],
)
def test_decompression_bomb_is_refused_in_little_memory(data: bytes) -> None:
    tracemalloc.start()
    try:
        inspected = inspect(data, "bomb.png", EvidenceKind.MEDIA_SCREENSHOT)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert inspected.facts.defect is Defect.DECOMPRESSION_BOMB
    assert [f.code for f in check(inspected.item(), RULES)] == [Code.DECOMPRESSION_BOMB]
    assert peak < 50 * MB


def test_image_claiming_60_megapixels_is_refused_without_decoding() -> None:
    # Under Pillow's own bomb limit, above ours: only the header is read.
    tracemalloc.start()
    try:
        inspected = inspect(jpeg_claiming(10_000, 6_000), "big.jpg", EvidenceKind.PHOTO)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (inspected.facts.width, inspected.facts.height) == (10_000, 6_000)
    findings = check(inspected.item(captions=CAPTIONS, organization_names=(ORG,)), RULES)
    assert [f.code for f in findings] == [Code.TOO_SMALL, Code.TOO_MANY_PIXELS]
    assert peak < 50 * MB


def test_empty_upload_is_refused() -> None:
    inspected = inspect(b"", "活动.jpg", EvidenceKind.PHOTO)
    assert check(inspected.item(captions=CAPTIONS), RULES) == [
        Finding(Code.EMPTY_FILE, Severity.BLOCKING, "file")
    ]


# --- official documents ------------------------------------------------------------------


def test_small_pdf_is_read_with_its_pages() -> None:
    inspected = inspect(pdf(pages=3), "发文.pdf", EvidenceKind.OFFICIAL_DOCUMENT)
    assert (inspected.facts.content_type, inspected.facts.page_count) == ("application/pdf", 3)
    confirmed = frozenset({Element.RED_HEADER_PAGE, Element.STAMPED_PAGE, Element.DOCUMENT_NUMBER})
    # Blank pages: the reviewer is warned that neither red header nor seal was seen.
    findings = check(inspected.item(confirmed=confirmed), RULES)
    assert [(f.code, f.severity) for f in findings] == [
        (Code.NO_RED_HEADER, Severity.WARNING),
        (Code.NO_SEAL, Severity.WARNING),
    ]


def test_official_document_with_red_header_and_seal_gets_no_warning() -> None:
    spec = next(s for s in official_samples.specs() if s.name.startswith("2-pages"))
    data = official_samples.generate(spec).pdf
    inspected = inspect(data, "通知.pdf", EvidenceKind.OFFICIAL_DOCUMENT)
    assert (inspected.facts.red_header, inspected.facts.seal) == (True, True)
    confirmed = frozenset({Element.RED_HEADER_PAGE, Element.STAMPED_PAGE, Element.DOCUMENT_NUMBER})
    assert check(inspected.item(confirmed=confirmed), RULES) == []


def test_a_report_pdf_is_not_looked_at_for_seals() -> None:
    inspected = inspect(pdf(pages=3), "说明.pdf", EvidenceKind.REPORT)
    assert (inspected.facts.red_header, inspected.facts.seal) == (None, None)


def test_corrupted_pdf_is_a_blocking_finding_not_a_crash() -> None:
    data = pdf()
    broken = data[:40] + b"\x00garbage\x00" * 50 + data[-30:]
    inspected = inspect(broken, "发文.pdf", EvidenceKind.OFFICIAL_DOCUMENT)
    findings = check(inspected.item(), RULES)
    assert inspected.facts.defect is Defect.UNREADABLE
    assert findings[0] == Finding(Code.UNREADABLE, Severity.BLOCKING, "file")


def test_pdf_named_jpg_is_recognized_as_pdf() -> None:
    inspected = inspect(pdf(), "照片.jpg", EvidenceKind.PHOTO)
    assert inspected.facts.content_type == "application/pdf"


# --- reports -----------------------------------------------------------------------------


def test_word_report_with_forbidden_phrases_is_blocked() -> None:
    data = word_report(
        [
            ("一、基本情况", "Heading 1"),
            ("近年来，我校持续开展道德模范学习，截至目前共开展6次。", None),
            ("二、主要举措", "Heading 1"),
            ("组织专题学习3次", "List Number"),
            ("邀请道德模范宣讲2场", "List Number"),
        ]
    )
    inspected = inspect(data, "说明报告.docx", EvidenceKind.REPORT)
    assert inspected.facts.content_type == DOCX
    findings = check(inspected.item(measures_required=True), RULES)
    assert [(f.code, f.params.get("phrase")) for f in findings] == [
        (Code.FORBIDDEN_PHRASE, "截至目前"),
        (Code.FORBIDDEN_PHRASE, "近年来"),
        (Code.TOO_FEW_MEASURES, None),
    ]


def test_word_report_with_three_numbered_measures_passes() -> None:
    data = word_report(
        [("主要举措", "Heading 1")]
        + [(f"举措内容，共{n}0人参加", "List Number") for n in (1, 2, 3)]
    )
    inspected = inspect(data, "说明报告.docx", EvidenceKind.REPORT)
    assert check(inspected.item(measures_required=True), RULES) == []


def test_plain_text_report_in_gbk_is_read() -> None:
    text = "一、情况\n1. 近年来开展学习6次。"
    inspected = inspect(text.encode("gb18030"), "报告.txt", EvidenceKind.REPORT)
    assert [f.code for f in check(inspected.item(), RULES)] == [Code.FORBIDDEN_PHRASE]


def test_broken_docx_is_unreadable() -> None:
    data = word_report([("一、情况", None)])
    inspected = inspect(data[: len(data) // 2], "报告.docx", EvidenceKind.REPORT)
    assert inspected.facts.content_type == DOCX
    assert check(inspected.item(), RULES) == [Finding(Code.UNREADABLE, Severity.BLOCKING, "file")]


# --- messages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("finding", "sentence"),
    [
        (
            Finding(
                Code.WRONG_TYPE,
                Severity.BLOCKING,
                "file",
                {"expected": ("image/jpeg",), "found": "image/png"},
            ),
            "文件须为 JPG 格式，此文件的实际内容是 PNG。",
        ),
        (
            Finding(
                Code.TOO_SMALL,
                Severity.BLOCKING,
                "file",
                {"size": 1_572_000, "more_than": 1_572_864},
            ),
            "文件大小为 1.49 MB（1,572,000 字节），须大于 1.5 MB。",
        ),
        (
            Finding(
                Code.TOO_LARGE,
                Severity.BLOCKING,
                "file",
                {"size": 2_097_152, "less_than": 2_097_152},
            ),
            "文件大小为 2.00 MB（2,097,152 字节），须小于 2 MB。",
        ),
        (
            Finding(
                Code.CAPTION_MISSING,
                Severity.BLOCKING,
                "caption.organizer",
                {"caption": "organizer"},
            ),
            "照片说明缺少“主办单位”。",
        ),
        (
            Finding(
                Code.FORBIDDEN_PHRASE, Severity.BLOCKING, "text", {"phrase": "近年来", "count": 2}
            ),
            "说明报告使用了不允许的表述“近年来”（2 处）。",
        ),
        (
            Finding(
                Code.THEME_PATTERN,
                Severity.BLOCKING,
                "caption.theme",
                {"pattern": "益阳市2021年+{organization}+{activity}"},
            ),
            "活动主题须按“益阳市2021年+单位名称+活动名称”的格式填写。",
        ),
        (
            Finding(
                Code.NOT_CONFIRMED,
                Severity.WARNING,
                "confirmation.stamped_page",
                {"element": "stamped_page"},
            ),
            "尚未确认文件含有“盖章页”，请审核人员核实。",
        ),
        (
            Finding(
                Code.PHOTO_COUNT, Severity.BLOCKING, "photos", {"count": 4, "min": 1, "max": 3}
            ),
            "每次活动须提供 1 至 3 张照片，现有 4 张。",
        ),
    ],
    ids=lambda value: value.code.value if isinstance(value, Finding) else "",
)
def test_finding_message_is_a_chinese_sentence(finding: Finding, sentence: str) -> None:
    with override("zh-hans"):
        assert finding_message(finding) == sentence


def test_every_finding_code_has_a_message() -> None:
    params = {
        "expected": ("image/jpeg",), "found": "image/png", "size": 1, "more_than": 2,
        "less_than": 1, "width": 1, "height": 1, "max_pixels": 1, "caption": "time",
        "pattern": "a+{activity}", "names": ("x",), "pages": 0, "min_pages": 1,
        "element": "red_header_page", "phrase": "近年来", "count": 1, "required": 3,
        "min": 1, "max": 3,
        "captured": "2019-05-20", "start": "2020-01-01", "end": "2021-12-31",
    }  # fmt: skip
    with override("zh-hans"):
        sentences = {
            finding_message(Finding(code, Severity.BLOCKING, "file", params)) for code in Code
        }
    assert len(sentences) == len(Code)
    assert all(sentence.endswith("。") for sentence in sentences)


def test_finding_read_back_from_json_renders_the_same() -> None:
    # As a JSONField returns it: lists where the rules had tuples.
    stored: dict[str, Any] = {"expected": ["image/jpeg"], "found": "image/png"}
    with override("zh-hans"):
        message = finding_message(Finding(Code.WRONG_TYPE, Severity.BLOCKING, "file", stored))
    assert message == "文件须为 JPG 格式，此文件的实际内容是 PNG。"
