"""What ``evaluate`` returns: a ``Verdict`` per award with a ``Reason``, a code plus plain
parameters (the codes and their params are listed in the package docstring)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from wenming.domain.titles import (
    HeldHonor,
    HeldTitle,
)

from .rules import Award


class VerdictStatus(StrEnum):
    """The outcome for one award."""

    ELIGIBLE = "eligible"
    EXCEPTIONAL_ONLY = "exceptional_only"  # only by 破格, with justification and approval
    NOT_ELIGIBLE = "not_eligible"


# Short names for the hot loop.
ELIGIBLE = VerdictStatus.ELIGIBLE
EXCEPTIONAL_ONLY = VerdictStatus.EXCEPTIONAL_ONLY
NOT_ELIGIBLE = VerdictStatus.NOT_ELIGIBLE


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a verdict is what it is: a code and the facts to render it with.

    Each verdict gets its own ``params`` dict, so a caller may add to it; being a dict it
    makes the reason unhashable, which nothing needs.
    """

    code: str
    params: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome for one award, the reason, and the id of the row (or exclusion) behind it."""

    award: Award
    status: VerdictStatus
    reason: Reason
    rule: str = ""  # "" when no row applies (missing, wrong kind, not offered)


def title_params(title: HeldTitle) -> dict[str, Any]:
    """A held title as plain data for a reason."""
    named_on = title.named_on
    return {
        "category": title.category,
        "level": title.level,
        "model": title.model,
        "edition": title.edition,
        "document_number": title.document_number,
        "named_on": named_on.isoformat() if named_on else None,
    }


def honor_params(honor: HeldHonor) -> dict[str, Any]:
    """A held honor as plain data for a reason."""
    granted_on = honor.granted_on
    return {
        "honor_kind": honor.kind,
        "honor_level": honor.level,
        "honor_name": honor.name,
        "document_number": honor.document_number,
        "granted_on": granted_on.isoformat() if granted_on else None,
    }
