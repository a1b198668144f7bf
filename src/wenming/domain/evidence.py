"""Evidence checks (docs/rules.md#evidence): the rules an uploaded evidence file must
meet, as pure data.

An applicant's evidence is a photo of an activity, an official document, an explanation
report or a media screenshot. ``check`` looks at one item as it was inspected (the facts
read from the file's content, plus what the uploader declared: captions, confirmations)
and returns ``Finding`` s; ``check_activity`` looks at the items of one activity together
(1 to 3 photos, a screenshot where the activity was covered by the media).

A finding is BLOCKING where the rule is hard and the software can tell for certain (wrong
format, size, count, a missing caption, a forbidden phrase) and WARNING where only a
reviewer can judge (structure, figures, measures, red-header and stamp confirmation). No
user-facing text lives here: a finding is a code, the field it concerns and parameters; the
Django side translates the code.

The default rule set is data, ``campaigns/data/evidence-rules.yaml``; ``load_rules`` turns
that parsed document (a plain dict) into ``EvidenceRules`` and refuses anything it cannot
read with an ``EvidenceRulesError``. The format:

.. code-block:: yaml

    format: wenming-evidence-rules/1
    max_pixels: 50000000            # images larger than this are refused unread
    photo:
      content_types: [image/jpeg]
      size: {more_than: 1.5 MB, less_than: 2 MB}   # bounds are exclusive
      per_activity: {min: 1, max: 3}
      captions: [time, place, organizer, theme, participants]
      volunteer_captions: [volunteers, served, service]
      theme_pattern: "<fixed text>+{organization}+{activity}"
      theme_separators: "+ "         # characters allowed between the parts of a theme
    official_document:
      content_types: [application/pdf]
      size: {less_than: 2 MB}
      min_pages: 1
      confirmations: [red_header_page, stamped_page, document_number]
    report:
      content_types: [application/pdf, text/plain, ...]
      forbidden_phrases: [...]
      subheading_patterns: [...]     # regular expressions matched at the start of a line
      point_patterns: [...]          # same, for numbered points
      measure_patterns: [...]        # regular expressions for inline enumerations
      figure_pattern: "[0-9]"
      min_measures: 3
    media_screenshot:
      content_types: [image/jpeg, image/png]
      confirmations: [content_marked]

Sizes are a number of bytes or a text ``"<number> B|KB|MB"``, where KB is 1024 bytes and MB
is 1024 × 1024 bytes: the offices' "2M" is what Windows shows in a file's properties, and
Windows counts in units of 1024 (a file Windows shows as "2.00 MB" is 2,097,152 bytes).

A theme pattern is the source's own notation: parts joined by ``+``, each either fixed
text or a placeholder, ``{organization}`` (one of the applicant's names) or ``{activity}``
(any non-empty text). "益阳市2021年+单位名称+活动名称" is written
``"益阳市2021年+{organization}+{activity}"``; the ``+`` only joins parts, and a caption may
put any of ``theme_separators`` (or nothing) between them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

FORMAT = "wenming-evidence-rules/1"
KB = 1024
MB = 1024 * 1024

ParamValue = int | str | tuple[str, ...]


class EvidenceKind(StrEnum):
    """What an evidence file is meant to be."""

    PHOTO = "photo"  # 现场照片 / 活动图片
    OFFICIAL_DOCUMENT = "official_document"  # 正式发文
    REPORT = "report"  # 说明报告
    MEDIA_SCREENSHOT = "media_screenshot"  # 样报截图、视频截图、网络截图


class Severity(StrEnum):
    """Whether a finding stops the submission or asks a reviewer to look."""

    BLOCKING = "blocking"
    WARNING = "warning"


class CaptionField(StrEnum):
    """What a photo's caption must state; the values are ``Captions`` attribute names."""

    TIME = "time"
    PLACE = "place"
    ORGANIZER = "organizer"
    THEME = "theme"
    PARTICIPANTS = "participants"
    VOLUNTEERS = "volunteers"  # volunteer activities: who served (服务单位或个人)
    SERVED = "served"  # ... whom they served (服务的对象)
    SERVICE = "service"  # ... and what the service was (服务的内容)


class Element(StrEnum):
    """What a reviewer confirms on a file that the software cannot see for itself."""

    RED_HEADER_PAGE = "red_header_page"  # 红头页
    STAMPED_PAGE = "stamped_page"  # 盖章页
    DOCUMENT_NUMBER = "document_number"  # 文号
    CONTENT_MARKED = "content_marked"  # 相关内容用红框标注


class Defect(StrEnum):
    """Why the inspection of a file could not read it."""

    EMPTY = "empty_file"
    UNREADABLE = "unreadable"
    ENCRYPTED = "encrypted"
    DECOMPRESSION_BOMB = "decompression_bomb"
    TOO_LARGE_TO_READ = "too_large_to_read"


class Code(StrEnum):
    """What a finding says; the Django side turns each code into a sentence."""

    EMPTY_FILE = "empty_file"
    UNREADABLE = "unreadable"
    ENCRYPTED = "encrypted"
    DECOMPRESSION_BOMB = "decompression_bomb"
    TOO_LARGE_TO_READ = "too_large_to_read"
    WRONG_TYPE = "wrong_type"
    TOO_SMALL = "too_small"
    TOO_LARGE = "too_large"
    TOO_MANY_PIXELS = "too_many_pixels"
    CAPTION_MISSING = "caption_missing"
    THEME_PATTERN = "theme_pattern"
    THEME_ORGANIZATION = "theme_organization"
    TOO_FEW_PAGES = "too_few_pages"
    NOT_CONFIRMED = "not_confirmed"
    FORBIDDEN_PHRASE = "forbidden_phrase"
    NO_TEXT = "no_text"
    NO_SUBHEADINGS = "no_subheadings"
    NO_NUMBERED_POINTS = "no_numbered_points"
    NO_FIGURES = "no_figures"
    TOO_FEW_MEASURES = "too_few_measures"
    PHOTO_COUNT = "photo_count"
    SCREENSHOT_MISSING = "screenshot_missing"


@dataclass(frozen=True)
class Finding:
    """One thing wrong, or to be judged, about a file or an activity.

    ``field`` names what the finding concerns: ``file``, ``caption.<name>``,
    ``confirmation.<element>``, ``text`` or, for an activity, ``photos`` / ``screenshots``.
    """

    code: Code
    severity: Severity
    field: str
    params: Mapping[str, ParamValue] = dataclass_field(default_factory=dict)

    @property
    def blocking(self) -> bool:
        return self.severity is Severity.BLOCKING


@dataclass(frozen=True)
class Captions:
    """The caption an uploader gave a photo; an empty or blank field counts as missing."""

    time: str = ""
    place: str = ""
    organizer: str = ""
    theme: str = ""
    participants: str = ""
    volunteers: str = ""
    served: str = ""
    service: str = ""

    def get(self, name: CaptionField) -> str:
        value: str = getattr(self, name.value)
        return value.strip()


@dataclass(frozen=True)
class FileFacts:
    """What was read from a file's content; the inspection fills what applies to its type.

    ``text`` is ``None`` when no text could be extracted (a scanned PDF, say);
    ``heading_count`` and ``numbered_paragraphs`` count structure that lives outside the
    text, such as Word heading styles and automatic list numbering.
    """

    content_type: str
    size: int
    defect: Defect | None = None
    width: int | None = None
    height: int | None = None
    page_count: int | None = None
    text: str | None = None
    heading_count: int = 0
    numbered_paragraphs: int = 0


@dataclass(frozen=True)
class EvidenceItem:
    """An evidence file as inspected, with what its uploader declared about it."""

    kind: EvidenceKind
    file: FileFacts
    captions: Captions = Captions()
    volunteer_activity: bool = False
    organization_names: tuple[str, ...] = ()
    confirmed: frozenset[Element] = frozenset()
    measures_required: bool = False


# --- rules -------------------------------------------------------------------------------


class EvidenceRulesError(ValueError):
    """A rule document that cannot be used; ``code`` names the problem, ``params`` locate it."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        details = ", ".join(f"{key}={value!r}" for key, value in params.items())
        super().__init__(f"{code}({details})" if details else code)


@dataclass(frozen=True)
class SizeRange:
    """Exclusive bounds in bytes; ``None`` leaves a side open."""

    more_than: int | None = None
    less_than: int | None = None


class PartKind(StrEnum):
    TEXT = "text"
    ORGANIZATION = "organization"
    ACTIVITY = "activity"


@dataclass(frozen=True)
class ThemePart:
    kind: PartKind
    text: str = ""


@dataclass(frozen=True)
class ThemePattern:
    """The pattern a photo's theme follows, parsed from its ``+`` notation (see the module)."""

    template: str
    parts: tuple[ThemePart, ...]
    separators: str = "+ "

    @classmethod
    def parse(cls, template: str, separators: str = "+ ") -> ThemePattern:
        parts: list[ThemePart] = []
        for raw in template.split("+"):
            piece = raw.strip()
            if not piece:
                raise EvidenceRulesError("theme_pattern_empty_part", template=template)
            if piece.startswith("{") and piece.endswith("}"):
                name = piece[1:-1]
                if name not in (PartKind.ORGANIZATION, PartKind.ACTIVITY):
                    raise EvidenceRulesError(
                        "theme_pattern_placeholder", template=template, placeholder=name
                    )
                parts.append(ThemePart(PartKind(name)))
            elif "{" in piece or "}" in piece:
                raise EvidenceRulesError("theme_pattern_brace", template=template, part=piece)
            else:
                parts.append(ThemePart(PartKind.TEXT, piece))
        return cls(template=template, parts=tuple(parts), separators=separators)

    def regex(self, organization_names: Sequence[str] = ()) -> re.Pattern[str]:
        """The whole-caption expression; without names, any text stands for the organization."""
        gap = f"[{re.escape(self.separators)}]*" if self.separators else ""
        names = sorted((n for n in organization_names if n.strip()), key=len, reverse=True)
        pieces: list[str] = []
        for part in self.parts:
            if part.kind is PartKind.TEXT:
                pieces.append(re.escape(part.text))
            elif part.kind is PartKind.ORGANIZATION and names:
                pieces.append("(?:" + "|".join(re.escape(n.strip()) for n in names) + ")")
            else:
                # Lazy, and at least one character that is not a separator, so an activity
                # made only of "+" does not pass.
                pieces.append(rf"[^{re.escape(self.separators)}].*?" if gap else ".+?")
        return re.compile(gap + gap.join(pieces) + gap, re.DOTALL)


@dataclass(frozen=True)
class PhotoRules:
    content_types: frozenset[str]
    size: SizeRange
    min_per_activity: int
    max_per_activity: int
    captions: tuple[CaptionField, ...]
    volunteer_captions: tuple[CaptionField, ...]
    theme_pattern: ThemePattern | None = None


@dataclass(frozen=True)
class DocumentRules:
    content_types: frozenset[str]
    size: SizeRange
    min_pages: int
    confirmations: tuple[Element, ...]


@dataclass(frozen=True)
class ReportRules:
    content_types: frozenset[str]
    size: SizeRange
    forbidden_phrases: tuple[str, ...]
    subheading_patterns: tuple[re.Pattern[str], ...]
    point_patterns: tuple[re.Pattern[str], ...]
    measure_patterns: tuple[re.Pattern[str], ...]
    figure_pattern: re.Pattern[str]
    min_measures: int


@dataclass(frozen=True)
class ScreenshotRules:
    content_types: frozenset[str]
    size: SizeRange
    confirmations: tuple[Element, ...]


@dataclass(frozen=True)
class EvidenceRules:
    max_pixels: int
    photo: PhotoRules
    official_document: DocumentRules
    report: ReportRules
    media_screenshot: ScreenshotRules

    def content_types(self, kind: EvidenceKind) -> frozenset[str]:
        return _kind_rules(self, kind).content_types

    def size(self, kind: EvidenceKind) -> SizeRange:
        return _kind_rules(self, kind).size


def _kind_rules(
    rules: EvidenceRules, kind: EvidenceKind
) -> PhotoRules | DocumentRules | ReportRules | ScreenshotRules:
    match kind:
        case EvidenceKind.PHOTO:
            return rules.photo
        case EvidenceKind.OFFICIAL_DOCUMENT:
            return rules.official_document
        case EvidenceKind.REPORT:
            return rules.report
        case EvidenceKind.MEDIA_SCREENSHOT:
            return rules.media_screenshot


# --- checks ------------------------------------------------------------------------------


def _blocking(code: Code, where: str, **params: ParamValue) -> Finding:
    return Finding(code, Severity.BLOCKING, where, params)


def _warning(code: Code, where: str, **params: ParamValue) -> Finding:
    return Finding(code, Severity.WARNING, where, params)


def check(item: EvidenceItem, rules: EvidenceRules) -> list[Finding]:
    """Every finding about one evidence item: the file itself first, then what it holds,
    then what the uploader declared (captions, confirmations)."""
    facts = item.file
    kind_rules = _kind_rules(rules, item.kind)
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


# --- loading -----------------------------------------------------------------------------

_TOP_FIELDS = frozenset(
    {"format", "source", "max_pixels", "photo", "official_document", "report", "media_screenshot"}
)
_PHOTO_FIELDS = frozenset(
    {
        "content_types",
        "size",
        "per_activity",
        "captions",
        "volunteer_captions",
        "theme_pattern",
        "theme_separators",
        "source",
    }
)
_DOCUMENT_FIELDS = frozenset({"content_types", "size", "min_pages", "confirmations", "source"})
_REPORT_FIELDS = frozenset(
    {
        "content_types",
        "size",
        "forbidden_phrases",
        "subheading_patterns",
        "point_patterns",
        "measure_patterns",
        "figure_pattern",
        "min_measures",
        "source",
    }
)
_SCREENSHOT_FIELDS = frozenset({"content_types", "size", "confirmations", "source"})
_UNITS = {"B": 1, "KB": KB, "MB": MB}


def load_rules(doc: Mapping[str, Any]) -> EvidenceRules:
    """Read a parsed rule document (see the module docstring) into ``EvidenceRules``."""
    _fields(doc, _TOP_FIELDS, "rules")
    if doc.get("format") != FORMAT:
        raise EvidenceRulesError("format", expected=FORMAT, found=doc.get("format"))
    photo = _section(doc, "photo", _PHOTO_FIELDS)
    document = _section(doc, "official_document", _DOCUMENT_FIELDS)
    report = _section(doc, "report", _REPORT_FIELDS)
    screenshot = _section(doc, "media_screenshot", _SCREENSHOT_FIELDS)
    per_activity = photo.get("per_activity", {"min": 1, "max": 3})
    if not isinstance(per_activity, Mapping):
        raise EvidenceRulesError("not_a_mapping", field="photo.per_activity")
    low = _count(per_activity.get("min", 1), "photo.per_activity.min")
    high = _count(per_activity.get("max", low), "photo.per_activity.max")
    if high < low or high == 0:
        raise EvidenceRulesError("per_activity_range", min=low, max=high)
    template = photo.get("theme_pattern")
    separators = photo.get("theme_separators", "+ ")
    if not isinstance(separators, str):
        raise EvidenceRulesError("not_text", field="photo.theme_separators")
    if template is not None and not isinstance(template, str):
        raise EvidenceRulesError("not_text", field="photo.theme_pattern")
    figure = report.get("figure_pattern", "[0-9]")
    if not isinstance(figure, str):
        raise EvidenceRulesError("not_text", field="report.figure_pattern")
    return EvidenceRules(
        max_pixels=_count(doc.get("max_pixels", 50_000_000), "max_pixels", minimum=1),
        photo=PhotoRules(
            content_types=_types(photo, "photo"),
            size=_size_range(photo, "photo"),
            min_per_activity=low,
            max_per_activity=high,
            captions=_enums(photo.get("captions", []), CaptionField, "photo.captions"),
            volunteer_captions=_enums(
                photo.get("volunteer_captions", []), CaptionField, "photo.volunteer_captions"
            ),
            theme_pattern=ThemePattern.parse(template, separators) if template else None,
        ),
        official_document=DocumentRules(
            content_types=_types(document, "official_document"),
            size=_size_range(document, "official_document"),
            min_pages=_count(document.get("min_pages", 1), "official_document.min_pages"),
            confirmations=_enums(
                document.get("confirmations", []), Element, "official_document.confirmations"
            ),
        ),
        report=ReportRules(
            content_types=_types(report, "report"),
            size=_size_range(report, "report"),
            forbidden_phrases=_texts(
                report.get("forbidden_phrases", []), "report.forbidden_phrases"
            ),
            subheading_patterns=_patterns(report, "subheading_patterns"),
            point_patterns=_patterns(report, "point_patterns"),
            measure_patterns=_patterns(report, "measure_patterns"),
            figure_pattern=_compile(figure, "report.figure_pattern"),
            min_measures=_count(report.get("min_measures", 3), "report.min_measures"),
        ),
        media_screenshot=ScreenshotRules(
            content_types=_types(screenshot, "media_screenshot"),
            size=_size_range(screenshot, "media_screenshot"),
            confirmations=_enums(
                screenshot.get("confirmations", []), Element, "media_screenshot.confirmations"
            ),
        ),
    )


def parse_size(value: object, where: str) -> int:
    """Bytes from ``2097152``, ``"2 MB"``, ``"1.5MB"`` or ``"512 KB"`` (1 MB = 1024 × 1024 B)."""
    if isinstance(value, bool):
        raise EvidenceRulesError("size", field=where, value=value)
    if isinstance(value, int):
        if value < 0:
            raise EvidenceRulesError("size", field=where, value=value)
        return value
    if not isinstance(value, str):
        raise EvidenceRulesError("size", field=where, value=value)
    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([KM]?B)\s*", value, re.IGNORECASE)
    if not match:
        raise EvidenceRulesError("size", field=where, value=value)
    try:
        amount = Decimal(match.group(1)) * _UNITS[match.group(2).upper()]
    except InvalidOperation as exc:  # pragma: no cover - the expression admits digits only
        raise EvidenceRulesError("size", field=where, value=value) from exc
    if amount != amount.to_integral_value():
        raise EvidenceRulesError("size_not_whole_bytes", field=where, value=value)
    return int(amount)


def _fields(section: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = sorted(set(section) - allowed)
    if unknown:
        raise EvidenceRulesError("unknown_field", section=where, fields=unknown)


def _section(doc: Mapping[str, Any], name: str, allowed: frozenset[str]) -> Mapping[str, Any]:
    section = doc.get(name)
    if not isinstance(section, Mapping):
        raise EvidenceRulesError("missing_section", section=name)
    _fields(section, allowed, name)
    return section


def _types(section: Mapping[str, Any], where: str) -> frozenset[str]:
    types = _texts(section.get("content_types"), f"{where}.content_types")
    if not types:
        raise EvidenceRulesError("no_content_types", section=where)
    return frozenset(types)


def _size_range(section: Mapping[str, Any], where: str) -> SizeRange:
    raw = section.get("size", {})
    if not isinstance(raw, Mapping):
        raise EvidenceRulesError("not_a_mapping", field=f"{where}.size")
    _fields(raw, frozenset({"more_than", "less_than"}), f"{where}.size")
    low = raw.get("more_than")
    high = raw.get("less_than")
    bounds = SizeRange(
        more_than=None if low is None else parse_size(low, f"{where}.size.more_than"),
        less_than=None if high is None else parse_size(high, f"{where}.size.less_than"),
    )
    if (
        bounds.more_than is not None
        and bounds.less_than is not None
        and bounds.less_than - bounds.more_than < 2
    ):
        raise EvidenceRulesError("empty_size_range", section=where)
    return bounds


def _count(value: object, where: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise EvidenceRulesError("count", field=where, value=value)
    return value


def _texts(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise EvidenceRulesError("not_a_text_list", field=where)
    return tuple(value)


def _enums[E: StrEnum](value: object, enum: type[E], where: str) -> tuple[E, ...]:
    names = _texts(value, where)
    try:
        return tuple(enum(name) for name in names)
    except ValueError as exc:
        raise EvidenceRulesError(
            "unknown_name", field=where, allowed=[e.value for e in enum], found=names
        ) from exc


def _patterns(section: Mapping[str, Any], name: str) -> tuple[re.Pattern[str], ...]:
    where = f"report.{name}"
    return tuple(_compile(text, where) for text in _texts(section.get(name, []), where))


def _compile(text: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(text)
    except re.error as exc:
        raise EvidenceRulesError("pattern", field=where, pattern=text, error=str(exc)) from exc
