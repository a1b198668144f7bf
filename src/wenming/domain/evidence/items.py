"""What an evidence check reads and returns: the kinds of evidence, caption fields,
confirmable elements, finding codes and ``Finding``; an item's facts as inspected."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from enum import StrEnum

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
    # Warnings for a person to judge, never refusals (docs/rules.md#photo-trust and
    # docs/rules.md#red-header-and-seal).
    NO_RED_HEADER = "no_red_header"
    NO_SEAL = "no_seal"
    CAPTURE_DATE_MISSING = "capture_date_missing"
    CAPTURE_DATE_MISMATCH = "capture_date_mismatch"
    CAPTURE_OUTSIDE_WINDOW = "capture_outside_window"


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
    # A photo's capture date from its EXIF data; None when the file records none.
    captured_on: date | None = None
    # Whether the first page shows a red header band and the last a red round seal;
    # None when the pages were not looked at (not an official document, or unrenderable).
    red_header: bool | None = None
    seal: bool | None = None


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
