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

The package's modules: ``items`` (what a check reads and returns), ``rules`` (the rules
as data), ``checks`` (``check``, ``check_activity``) and ``loading`` (``load_rules``). This
``__init__`` re-exports the public names other apps import, so that
``from wenming.domain.evidence import ...`` keeps working.
"""

from .checks import check, check_activity
from .items import (
    KB,
    MB,
    CaptionField,
    Captions,
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
from .loading import FORMAT, load_rules, parse_size
from .rules import (
    DocumentRules,
    EvidenceRules,
    EvidenceRulesError,
    PartKind,
    PhotoRules,
    ReportRules,
    ScreenshotRules,
    SizeRange,
    ThemePart,
    ThemePattern,
)

__all__ = [
    "FORMAT",
    "KB",
    "MB",
    "CaptionField",
    "Captions",
    "Code",
    "Defect",
    "DocumentRules",
    "Element",
    "EvidenceItem",
    "EvidenceKind",
    "EvidenceRules",
    "EvidenceRulesError",
    "FileFacts",
    "Finding",
    "ParamValue",
    "PartKind",
    "PhotoRules",
    "ReportRules",
    "ScreenshotRules",
    "Severity",
    "SizeRange",
    "ThemePart",
    "ThemePattern",
    "check",
    "check_activity",
    "load_rules",
    "parse_size",
]
