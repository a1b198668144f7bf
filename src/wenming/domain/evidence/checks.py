"""``check`` one evidence item and ``check_activity`` the items of one activity against
the rules (docs/rules.md#evidence); findings are codes, never text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .items import (
    CaptionField,
    Code,
    Defect,
    Element,
    EvidenceItem,
    EvidenceKind,
    FileFacts,
    Finding,
    ParamValue,
    Severity,
)
from .rules import (
    EvidenceRules,
    PhotoRules,
    ReportRules,
    SizeRange,
    ThemePattern,
)


def _blocking(code: Code, where: str, **params: ParamValue) -> Finding:
    return Finding(code, Severity.BLOCKING, where, params)


def _warning(code: Code, where: str, **params: ParamValue) -> Finding:
    return Finding(code, Severity.WARNING, where, params)


def check(item: EvidenceItem, rules: EvidenceRules) -> list[Finding]:
    """Every finding about one evidence item: the file itself first, then what it holds,
    then what the uploader declared (captions, confirmations)."""
    facts = item.file
    kind_rules = rules.for_kind(item.kind)
    findings: list[Finding] = []
    if facts.defect is not None:
        findings.append(_blocking(Code(facts.defect.value), "file"))
    right_type = facts.content_type in kind_rules.content_types
    if not right_type and facts.defect is not Defect.EMPTY:
        findings.append(
            _blocking(
                Code.WRONG_TYPE,
                "file",
                expected=tuple(sorted(kind_rules.content_types)),
                found=facts.content_type,
            )
        )
    findings.extend(_size_findings(facts.size, kind_rules.size))
    # Content facts mean nothing once the file is of the wrong type or unreadable: the
    # uploader must replace it anyway, and a second finding would only add noise.
    readable = right_type and facts.defect is None
    width, height = facts.width or 0, facts.height or 0
    if readable and width * height > rules.max_pixels:
        findings.append(
            _blocking(
                Code.TOO_MANY_PIXELS,
                "file",
                width=width,
                height=height,
                max_pixels=rules.max_pixels,
            )
        )
    match item.kind:
        case EvidenceKind.PHOTO:
            findings.extend(_photo_findings(item, rules.photo))
        case EvidenceKind.OFFICIAL_DOCUMENT if readable:
            doc = rules.official_document
            pages = facts.page_count
            if pages is not None and pages < doc.min_pages:
                findings.append(
                    _blocking(Code.TOO_FEW_PAGES, "file", pages=pages, min_pages=doc.min_pages)
                )
            findings.extend(_confirmation_findings(item, doc.confirmations))
            findings.extend(_official_mark_findings(facts))
        case EvidenceKind.REPORT if readable:
            findings.extend(_report_findings(item, rules.report))
        case EvidenceKind.MEDIA_SCREENSHOT if readable:
            findings.extend(_confirmation_findings(item, rules.media_screenshot.confirmations))
    return findings


def check_activity(
    items: Iterable[EvidenceItem], rules: EvidenceRules, *, media_covered: bool = False
) -> list[Finding]:
    """Findings about one activity's evidence as a whole (each file is ``check`` ed apart).

    An activity has 1 to 3 photos; one the media covered also needs a screenshot of the
    paper, the broadcast or the web page (共性任务, 注4 and 注5).
    """
    kinds = [item.kind for item in items]
    photos = kinds.count(EvidenceKind.PHOTO)
    findings: list[Finding] = []
    low, high = rules.photo.min_per_activity, rules.photo.max_per_activity
    if not low <= photos <= high:
        findings.append(_blocking(Code.PHOTO_COUNT, "photos", count=photos, min=low, max=high))
    if media_covered and EvidenceKind.MEDIA_SCREENSHOT not in kinds:
        findings.append(_blocking(Code.SCREENSHOT_MISSING, "screenshots"))
    return findings


def _size_findings(size: int, bounds: SizeRange) -> list[Finding]:
    if size == 0:
        return []  # reported as an empty file already
    if bounds.more_than is not None and size <= bounds.more_than:
        return [_blocking(Code.TOO_SMALL, "file", size=size, more_than=bounds.more_than)]
    if bounds.less_than is not None and size >= bounds.less_than:
        return [_blocking(Code.TOO_LARGE, "file", size=size, less_than=bounds.less_than)]
    return []


def _photo_findings(item: EvidenceItem, rules: PhotoRules) -> list[Finding]:
    required = rules.captions + (rules.volunteer_captions if item.volunteer_activity else ())
    findings = [
        _blocking(Code.CAPTION_MISSING, f"caption.{name}", caption=name.value)
        for name in dict.fromkeys(required)
        if not item.captions.get(name)
    ]
    theme = item.captions.theme.strip()
    if rules.theme_pattern is not None and theme and CaptionField.THEME in required:
        findings.extend(_theme_findings(theme, rules.theme_pattern, item.organization_names))
    return findings


def _theme_findings(
    theme: str, pattern: ThemePattern, organization_names: Sequence[str]
) -> list[Finding]:
    if pattern.regex(organization_names).fullmatch(theme):
        return []
    where = f"caption.{CaptionField.THEME}"
    named = any(name.strip() and name.strip() in theme for name in organization_names)
    if organization_names and not named and pattern.regex().fullmatch(theme):
        # The shape is right but the organization is not named as registered: offices accept
        # a short name (简称), so only a reviewer can tell.
        return [_warning(Code.THEME_ORGANIZATION, where, names=tuple(organization_names))]
    return [_blocking(Code.THEME_PATTERN, where, pattern=pattern.template)]


def _confirmation_findings(item: EvidenceItem, elements: Sequence[Element]) -> list[Finding]:
    return [
        _warning(Code.NOT_CONFIRMED, f"confirmation.{element}", element=element.value)
        for element in elements
        if element not in item.confirmed
    ]


def _official_mark_findings(facts: FileFacts) -> list[Finding]:
    """What the rendered pages did not show (docs/rules.md#red-header-and-seal): only a
    page looked at and found without the mark is reported, and only as a warning, since
    a pale scan or an unusual layout can hide either from the software."""
    findings: list[Finding] = []
    if facts.red_header is False:
        findings.append(_warning(Code.NO_RED_HEADER, "file"))
    if facts.seal is False:
        findings.append(_warning(Code.NO_SEAL, "file"))
    return findings


def _report_findings(item: EvidenceItem, rules: ReportRules) -> list[Finding]:
    facts = item.file
    if facts.text is None or not facts.text.strip():
        return [_warning(Code.NO_TEXT, "text")]
    findings: list[Finding] = []
    # PDF extraction and Word line breaks can split a phrase ("截至\n目前"); whitespace is
    # never part of a forbidden phrase, so it is ignored on both sides.
    compact = re.sub(r"\s+", "", facts.text)
    for phrase in rules.forbidden_phrases:
        count = compact.count(re.sub(r"\s+", "", phrase))
        if count:
            findings.append(_blocking(Code.FORBIDDEN_PHRASE, "text", phrase=phrase, count=count))
    lines = [line.strip() for line in facts.text.splitlines() if line.strip()]
    subheadings = facts.heading_count + sum(
        _starts(line, rules.subheading_patterns) for line in lines
    )
    points = facts.numbered_paragraphs + sum(_starts(line, rules.point_patterns) for line in lines)
    if not subheadings:
        findings.append(_warning(Code.NO_SUBHEADINGS, "text"))
    if not points:
        findings.append(_warning(Code.NO_NUMBERED_POINTS, "text"))
    # A point's own number ("1.") is not a figure: strip the markers before looking.
    bodies = [_strip_markers(line, rules) for line in lines]
    if not any(rules.figure_pattern.search(body) for body in bodies):
        findings.append(_warning(Code.NO_FIGURES, "text"))
    if item.measures_required:
        inline = sum(len(p.findall(facts.text)) for p in rules.measure_patterns)
        # Measures are listed one way or another (numbered points, or "一是……二是……"); the
        # larger count is taken so a report using both is not counted twice.
        measures = max(points, inline)
        if measures < rules.min_measures:
            findings.append(
                _warning(Code.TOO_FEW_MEASURES, "text", found=measures, required=rules.min_measures)
            )
    return findings


def _starts(line: str, patterns: Sequence[re.Pattern[str]]) -> bool:
    return any(pattern.match(line) for pattern in patterns)


def _strip_markers(line: str, rules: ReportRules) -> str:
    for pattern in rules.subheading_patterns + rules.point_patterns:
        match = pattern.match(line)
        if match:
            return line[match.end() :]
    return line
