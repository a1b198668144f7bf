"""The evidence rules as data (``EvidenceRules``), one set per kind of evidence, and the
theme pattern a photo's caption must follow (docs/rules.md#evidence)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .items import (
    CaptionField,
    Element,
    EvidenceKind,
)


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
        return self.for_kind(kind).content_types

    def size(self, kind: EvidenceKind) -> SizeRange:
        return self.for_kind(kind).size

    def for_kind(
        self, kind: EvidenceKind
    ) -> PhotoRules | DocumentRules | ReportRules | ScreenshotRules:
        """The rules of one kind of evidence."""
        match kind:
            case EvidenceKind.PHOTO:
                return self.photo
            case EvidenceKind.OFFICIAL_DOCUMENT:
                return self.official_document
            case EvidenceKind.REPORT:
                return self.report
            case EvidenceKind.MEDIA_SCREENSHOT:
                return self.media_screenshot
