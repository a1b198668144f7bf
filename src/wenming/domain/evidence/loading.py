"""``load_rules``: the parsed rules document (the format is in the package docstring) as
``EvidenceRules``, refusing anything it cannot read with an ``EvidenceRulesError``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from .items import (
    KB,
    MB,
    CaptionField,
    Element,
)
from .rules import (
    DocumentRules,
    EvidenceRules,
    EvidenceRulesError,
    PhotoRules,
    ReportRules,
    ScreenshotRules,
    SizeRange,
    ThemePattern,
)

#: The rules document's format tag.
FORMAT = "wenming-evidence-rules/1"

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
