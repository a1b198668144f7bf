"""What an application brings to scoring besides its marks: statistics, questionnaire
results and bonus claims."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class OrganizationStatistics:
    """Counts an applicant reports; None means not reported (so rates are not computable)."""

    staff: int | None = None
    party_members: int | None = None  # serving party members (在职党员)
    registered_volunteers: int | None = None
    party_member_volunteers: int | None = None
    volunteers_served: int | None = None


@dataclass(frozen=True, slots=True)
class QuestionnaireResult:
    """A questionnaire's outcome for one applicant: positive answers out of respondents."""

    positive: int
    respondents: int


@dataclass(frozen=True, slots=True)
class BonusClaim:
    """A claim under a bonus item: an honor title or a promoted experience."""

    rule: str
    level: str
    dated: date  # the document date decides the window ("以发文时间为准")
    content_key: str = ""  # the same experience counts once, at its highest
    title: str = ""


#: The statistics of an applicant that reported nothing: every rate is not computable.
NO_STATISTICS = OrganizationStatistics()
