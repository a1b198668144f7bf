"""Evidence rules (docs/rules.md#evidence; 益阳 2021 方案): each rule at its bounds,
over plain data."""

import copy
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from wenming.domain.evidence import (
    MB,
    CaptionField,
    Captions,
    Code,
    Defect,
    Element,
    EvidenceItem,
    EvidenceKind,
    EvidenceRulesError,
    FileFacts,
    Finding,
    Severity,
    check,
    check_activity,
    load_rules,
    parse_size,
)

DATA = Path(__file__).parents[2] / "src/wenming/campaigns/data/evidence-rules.yaml"
DOC: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
RULES = load_rules(DOC)

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
ORG = "益阳市委党校"
CAPTIONS = Captions(
    time="2021年5月20日",
    place="党校礼堂",
    organizer=ORG,
    theme=f"益阳市2021年+{ORG}+道德模范学习教育",
    participants="全体教职工",
)


def photo(size: int = 1_700_000, captions: Captions = CAPTIONS, **kw: Any) -> EvidenceItem:
    facts = FileFacts(JPEG, size, width=4000, height=3000)
    return EvidenceItem(
        EvidenceKind.PHOTO, facts, captions=captions, organization_names=(ORG,), **kw
    )


def report(text: str, *, measures: bool = False, **facts: Any) -> EvidenceItem:
    file = FileFacts("text/plain", 2000, text=text, **facts)
    return EvidenceItem(EvidenceKind.REPORT, file, measures_required=measures)


def codes(findings: list[Finding]) -> list[Code]:
    return [f.code for f in findings]


# --- photos ------------------------------------------------------------------------------


def test_photo_meeting_every_rule_has_no_finding() -> None:
    assert check(photo(), RULES) == []


@pytest.mark.parametrize(
    ("size", "finding"),
    [
        (
            MB * 3 // 2,
            Finding(
                Code.TOO_SMALL,
                Severity.BLOCKING,
                "file",
                {"size": 1_572_864, "more_than": 1_572_864},
            ),
        ),
        (MB * 3 // 2 + 1, None),
        (2 * MB - 1, None),
        (
            2 * MB,
            Finding(
                Code.TOO_LARGE,
                Severity.BLOCKING,
                "file",
                {"size": 2_097_152, "less_than": 2_097_152},
            ),
        ),
    ],
    ids=["1.5MB-exactly", "just-over-1.5MB", "just-under-2MB", "2MB-exactly"],
)
def test_photo_size_bounds_are_exclusive_in_windows_megabytes(
    size: int, finding: Finding | None
) -> None:
    assert check(photo(size), RULES) == ([finding] if finding else [])


def test_photo_of_1_55_million_bytes_is_too_small_as_windows_counts() -> None:
    # 1,550,000 bytes is 1.55 MB in decimal units but 1.48 MB on the office's screen.
    assert codes(check(photo(1_550_000), RULES)) == [Code.TOO_SMALL]


def test_png_photo_is_refused_as_not_jpeg() -> None:
    item = replace(photo(), file=FileFacts(PNG, 1_700_000, width=10, height=10))
    assert check(item, RULES) == [
        Finding(Code.WRONG_TYPE, Severity.BLOCKING, "file", {"expected": (JPEG,), "found": PNG})
    ]


@pytest.mark.parametrize("caption", ["time", "place", "organizer", "theme", "participants"])
def test_photo_missing_one_caption_is_blocking(caption: str) -> None:
    item = photo(captions=replace(CAPTIONS, **{caption: "  "}))
    assert check(item, RULES) == [
        Finding(Code.CAPTION_MISSING, Severity.BLOCKING, f"caption.{caption}", {"caption": caption})
    ]


def test_volunteer_photo_needs_volunteers_served_and_service() -> None:
    item = photo(volunteer_activity=True, captions=replace(CAPTIONS, served="社区老人"))
    assert [f.field for f in check(item, RULES)] == ["caption.volunteers", "caption.service"]


def test_ordinary_photo_does_not_need_volunteer_captions() -> None:
    assert check(photo(volunteer_activity=False), RULES) == []


@pytest.mark.parametrize(
    "theme",
    [
        f"益阳市2021年{ORG}道德模范学习教育",
        f"益阳市2021年 {ORG} 道德模范学习教育",
        f"益阳市2021年＋{ORG}＋道德模范学习教育",
    ],
)
def test_theme_in_pattern_with_or_without_separators_passes(theme: str) -> None:
    assert check(photo(captions=replace(CAPTIONS, theme=theme)), RULES) == []


@pytest.mark.parametrize(
    "theme", ["道德模范学习教育", f"长沙市2021年{ORG}学习", f"益阳市2021年+{ORG}", "益阳市2021年"]
)
def test_theme_out_of_pattern_is_blocking(theme: str) -> None:
    findings = check(photo(captions=replace(CAPTIONS, theme=theme)), RULES)
    assert findings == [
        Finding(
            Code.THEME_PATTERN,
            Severity.BLOCKING,
            "caption.theme",
            {"pattern": "益阳市2021年+{organization}+{activity}"},
        )
    ]


def test_theme_with_a_short_organization_name_asks_a_reviewer() -> None:
    findings = check(photo(captions=replace(CAPTIONS, theme="益阳市2021年+党校+学习教育")), RULES)
    assert [(f.code, f.severity) for f in findings] == [(Code.THEME_ORGANIZATION, Severity.WARNING)]


@pytest.mark.parametrize(("count", "ok"), [(0, False), (1, True), (3, True), (4, False)])
def test_activity_has_one_to_three_photos(count: int, ok: bool) -> None:
    findings = check_activity([photo()] * count, RULES)
    expected = Finding(
        Code.PHOTO_COUNT, Severity.BLOCKING, "photos", {"count": count, "min": 1, "max": 3}
    )
    assert findings == ([] if ok else [expected])


def test_activity_covered_by_media_needs_a_screenshot() -> None:
    shot = EvidenceItem(EvidenceKind.MEDIA_SCREENSHOT, FileFacts(PNG, 300_000))
    assert codes(check_activity([photo()], RULES, media_covered=True)) == [Code.SCREENSHOT_MISSING]
    assert check_activity([photo(), shot], RULES, media_covered=True) == []


def test_image_beyond_the_pixel_limit_is_refused() -> None:
    item = replace(photo(), file=FileFacts(JPEG, 1_700_000, width=10_000, height=6_000))
    assert codes(check(item, RULES)) == [Code.TOO_MANY_PIXELS]


def test_unreadable_file_gets_one_blocking_finding_not_a_cascade() -> None:
    item = replace(photo(), file=FileFacts(JPEG, 1_700_000, defect=Defect.UNREADABLE))
    assert check(item, RULES) == [Finding(Code.UNREADABLE, Severity.BLOCKING, "file")]


# --- official documents ------------------------------------------------------------------

ALL_ELEMENTS = frozenset({Element.RED_HEADER_PAGE, Element.STAMPED_PAGE, Element.DOCUMENT_NUMBER})


def document(
    size: int = 500_000, pages: int = 2, confirmed: frozenset[Element] = ALL_ELEMENTS
) -> EvidenceItem:
    facts = FileFacts(PDF, size, page_count=pages)
    return EvidenceItem(EvidenceKind.OFFICIAL_DOCUMENT, facts, confirmed=confirmed)


@pytest.mark.parametrize(("size", "ok"), [(2 * MB - 1, True), (2 * MB, False)])
def test_document_must_be_under_2mb(size: int, ok: bool) -> None:
    assert codes(check(document(size), RULES)) == ([] if ok else [Code.TOO_LARGE])


def test_document_as_word_file_is_refused() -> None:
    item = replace(document(), file=FileFacts("application/msword", 40_000))
    assert codes(check(item, RULES)) == [Code.WRONG_TYPE]


def test_unconfirmed_red_header_and_stamp_are_warnings_for_a_reviewer() -> None:
    findings = check(document(confirmed=frozenset({Element.DOCUMENT_NUMBER})), RULES)
    assert [(f.field, f.severity) for f in findings] == [
        ("confirmation.red_header_page", Severity.WARNING),
        ("confirmation.stamped_page", Severity.WARNING),
    ]


def test_document_without_pages_is_blocking() -> None:
    assert codes(check(document(pages=0), RULES)) == [Code.TOO_FEW_PAGES]


# --- explanation reports -----------------------------------------------------------------

GOOD_REPORT = """关于道德模范学习教育的说明报告
一、基本情况
全校开展学习6次，参加教职工128人次。
二、主要举措
1. 组织专题学习3次；
2. 邀请道德模范宣讲2场；
3. 评选身边好人5名。
"""


def test_good_report_has_no_finding() -> None:
    assert check(report(GOOD_REPORT, measures=True), RULES) == []


@pytest.mark.parametrize("phrase", ["截至目前", "近年来"])
def test_each_forbidden_phrase_is_blocking(phrase: str) -> None:
    findings = check(report(GOOD_REPORT + f"{phrase}，成效明显。\n"), RULES)
    assert findings == [
        Finding(Code.FORBIDDEN_PHRASE, Severity.BLOCKING, "text", {"phrase": phrase, "count": 1})
    ]


def test_forbidden_phrase_split_by_a_line_break_is_still_found() -> None:
    findings = check(report(GOOD_REPORT + "截至\n目前共开展6次。"), RULES)
    assert codes(findings) == [Code.FORBIDDEN_PHRASE]


def test_report_without_numbered_points_gets_a_warning() -> None:
    text = "一、基本情况\n全校开展学习6次。\n二、下步打算\n继续开展学习。"
    assert check(report(text), RULES) == [
        Finding(Code.NO_NUMBERED_POINTS, Severity.WARNING, "text")
    ]


def test_word_list_numbering_counts_as_numbered_points() -> None:
    text = "一、基本情况\n全校开展学习6次。"
    assert check(report(text, numbered_paragraphs=2), RULES) == []


def test_report_without_subheadings_gets_a_warning() -> None:
    text = "1. 开展学习6次；\n2. 宣讲2场。"
    assert codes(check(report(text), RULES)) == [Code.NO_SUBHEADINGS]


def test_point_numbers_alone_are_not_figures() -> None:
    text = "一、主要举措\n1. 组织专题学习；\n2. 邀请道德模范宣讲；\n3. 评选身边好人。"
    assert check(report(text), RULES) == [Finding(Code.NO_FIGURES, Severity.WARNING, "text")]


@pytest.mark.parametrize(("points", "found"), [(2, 2), (3, None)])
def test_report_needs_three_measures_where_asked(points: int, found: int | None) -> None:
    text = "一、主要举措\n" + "".join(f"{n}. 举措{n}，共10次；\n" for n in range(1, points + 1))
    expected = (
        []
        if found is None
        else [Finding(Code.TOO_FEW_MEASURES, Severity.WARNING, "text", {"found": 2, "required": 3})]
    )
    assert check(report(text, measures=True), RULES) == expected


def test_inline_measures_count() -> None:
    text = "一、主要举措\n1. 一是组织学习10次，二是开展宣讲2场，三是评选好人5名。"
    assert check(report(text, measures=True), RULES) == []


def test_measures_are_not_counted_where_not_asked() -> None:
    text = "一、情况\n1. 开展学习6次。"
    assert check(report(text, measures=False), RULES) == []


def test_report_with_no_extractable_text_goes_to_a_reviewer() -> None:
    item = EvidenceItem(EvidenceKind.REPORT, FileFacts(PDF, 90_000, page_count=3, text=""))
    assert check(item, RULES) == [Finding(Code.NO_TEXT, Severity.WARNING, "text")]


# --- the rule document -------------------------------------------------------------------


def test_shipped_rules_follow_the_source() -> None:
    assert (RULES.photo.size.more_than, RULES.photo.size.less_than) == (1_572_864, 2_097_152)
    assert RULES.official_document.size.less_than == 2_097_152
    assert RULES.report.forbidden_phrases == ("截至目前", "近年来")
    assert RULES.photo.captions == (
        CaptionField.TIME,
        CaptionField.PLACE,
        CaptionField.ORGANIZER,
        CaptionField.THEME,
        CaptionField.PARTICIPANTS,
    )


def test_office_can_add_a_forbidden_phrase_as_data() -> None:
    doc = copy.deepcopy(DOC)
    doc["report"]["forbidden_phrases"].append("进一步加强")
    findings = check(report(GOOD_REPORT + "进一步加强学习。"), load_rules(doc))
    assert codes(findings) == [Code.FORBIDDEN_PHRASE]


@pytest.mark.parametrize(
    ("value", "size"),
    [(2_097_152, 2_097_152), ("2 MB", 2_097_152), ("1.5MB", 1_572_864), ("512 kb", 524_288)],
)
def test_sizes_read_in_windows_units(value: object, size: int) -> None:
    assert parse_size(value, "x") == size


@pytest.mark.parametrize(
    ("path", "value", "code"),
    [
        (("photo", "size", "less_than"), "2 GiB", "size"),
        (("photo", "captions"), ["time", "weather"], "unknown_name"),
        (("photo", "theme_pattern"), "益阳市+{unit}", "theme_pattern_placeholder"),
        (("report", "subheading_patterns"), ["(unclosed"], "pattern"),
        (("photo", "per_activity"), {"min": 3, "max": 1}, "per_activity_range"),
        (("format",), "wenming-evidence-rules/0", "format"),
    ],
)
def test_bad_rule_document_is_refused_with_its_place(
    path: tuple[str, ...], value: object, code: str
) -> None:
    doc = copy.deepcopy(DOC)
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(EvidenceRulesError) as error:
        load_rules(doc)
    assert error.value.code == code
