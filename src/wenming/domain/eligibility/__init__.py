"""Who may apply for which award (申报资格, docs/rules.md#eligibility): the rule table
and the engine.

A campaign holds its eligibility rules as data (an ``EligibilityTable``, loaded from YAML
by ``eligibility_data``); ``evaluate`` applies a table to one organization's title and
honor history and returns, per award, a ``Verdict`` with a structured ``Reason``.
Reasons are codes plus plain parameters, never sentences: the Django side turns them into
Chinese ("may apply for 市级文明单位标兵 because it was named 市级文明单位 in the 19th
edition, document …").

Reading of a title's end (docs/rules.md#title-end): a *revoked* title (撤销) was taken away
and never counts; a *downgraded* title (降级) was replaced by a lower one, which is recorded
as its own title, so the higher one no longer counts; an *expired* title (到期) simply
reached the end of its term and still proves that the organization was named in that
edition — the rules speak of "被命名为" (was named), and an 18th-edition title has normally
expired by the 20th campaign, yet the 20th rules accept it. Which statuses count is a
setting of the table (``counted_statuses``, default active and expired); revoked can never
be one of them.

Reason codes and their params (str, int, bool, None or lists and dicts of them; codes of
titles.py may appear as their StrEnum members, which are str equal to their value):

- ``eligible.any`` — the row needs no title: ``kind``, ``unit_type``.
- ``eligible.title`` / ``eligible.keep`` — rests on a held title: ``category``, ``level``,
  ``model``, ``edition``, ``document_number``, ``named_on`` (ISO date or None).
- ``eligible.honor`` — rests on an honor: ``honor_kind``, ``honor_level``, ``honor_name``,
  ``document_number``, ``granted_on``.
- ``exceptional.direct`` — only a 破格 application is open; it needs a justification and the
  office's approval: ``kind``, ``unit_type``.
- ``not_eligible.not_offered`` — the table has no row for the award: ``edition``.
- ``not_eligible.kind`` — this kind of organization cannot apply: ``kind``, ``allowed_kinds``.
- ``not_eligible.excluded`` — an exclusion applies: ``exclusion`` (its id), ``instead``
  (the category to apply for instead, or None).
- ``not_eligible.missing`` — no required title or honor: ``required`` (a list of
  requirement dicts, see ``requirement_params``) and ``not_counted`` (held titles of a
  required kind that did not count, each with ``why``: ``outside_window`` or its status).

The package's modules: ``rules`` (the table's vocabulary), ``reasons`` (verdicts and
reasons) and ``engine`` (``EligibilityTable``, its compiled form, ``evaluate`` and the
reason codes it gives).
This ``__init__`` re-exports the public names other apps import, so that
``from wenming.domain.eligibility import ...`` keeps working.
"""

from .engine import (
    ELIGIBLE_ANY,
    ELIGIBLE_HONOR,
    ELIGIBLE_KEEP,
    ELIGIBLE_TITLE,
    EXCEPTIONAL_DIRECT,
    EXCLUDED,
    MISSING,
    NOT_OFFERED,
    OUTSIDE_WINDOW,
    WRONG_KIND,
    EligibilityTable,
    evaluate,
    requirement_params,
)
from .reasons import (
    ELIGIBLE,
    EXCEPTIONAL_ONLY,
    NOT_ELIGIBLE,
    Reason,
    Verdict,
    VerdictStatus,
    honor_params,
    title_params,
)
from .rules import (
    DEFAULT_COUNTED_STATUSES,
    DEFAULT_WINDOW,
    Award,
    EligibilityRule,
    Exclusion,
    HonorRequirement,
    Organization,
    Requirement,
    Route,
    TitleRequirement,
    Window,
    WindowKind,
)

__all__ = [
    "DEFAULT_COUNTED_STATUSES",
    "DEFAULT_WINDOW",
    "ELIGIBLE",
    "ELIGIBLE_ANY",
    "ELIGIBLE_HONOR",
    "ELIGIBLE_KEEP",
    "ELIGIBLE_TITLE",
    "EXCEPTIONAL_DIRECT",
    "EXCEPTIONAL_ONLY",
    "EXCLUDED",
    "MISSING",
    "NOT_ELIGIBLE",
    "NOT_OFFERED",
    "OUTSIDE_WINDOW",
    "WRONG_KIND",
    "Award",
    "EligibilityRule",
    "EligibilityTable",
    "Exclusion",
    "HonorRequirement",
    "Organization",
    "Reason",
    "Requirement",
    "Route",
    "TitleRequirement",
    "Verdict",
    "VerdictStatus",
    "Window",
    "WindowKind",
    "evaluate",
    "honor_params",
    "requirement_params",
    "title_params",
]
