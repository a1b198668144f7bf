"""The data behind the threshold criteria: form statistics and questionnaire rates.

Criterion 22 reads the application form's statistics; criteria 15 and 38 read the
questionnaires. Counts come from one SQL aggregate per call, whatever the number of
applications; an application with no respondents has no result ("not computable").
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from wenming.campaigns.selectors.applications import STATISTIC_FIELDS
from wenming.domain.scoring import OrganizationStatistics, QuestionnaireResult

from .models import QuestionnaireKind, QuestionnaireResponse

#: Form fields → the scorer's statistics fields (the campaigns app names the fields).
_FORM_FIELDS = {field: statistic.value for statistic, field in STATISTIC_FIELDS.items()}

#: Questionnaire results the frameworks name → (kind, the answer that counts as positive).
QUESTIONS = {
    "public_satisfaction": (QuestionnaireKind.PUBLIC, "satisfied"),
    "staff_participation": (QuestionnaireKind.STAFF, "participates"),
    "staff_satisfaction": (QuestionnaireKind.STAFF, "satisfied"),
    "staff_support": (QuestionnaireKind.STAFF, "supports"),
    "staff_knowledge": (QuestionnaireKind.STAFF, "knows"),
}


def statistics_of(form: Mapping[str, Any] | None) -> OrganizationStatistics:
    """The statistics an application form reports (missing or blank: not reported)."""
    form = form or {}
    values = {}
    for key, field in _FORM_FIELDS.items():
        value = form.get(key)
        values[field] = value if isinstance(value, int) and not isinstance(value, bool) else None
    return OrganizationStatistics(**values)


@dataclass(frozen=True)
class Rate:
    key: str
    positive: int
    respondents: int

    @property
    def result(self) -> QuestionnaireResult:
        return QuestionnaireResult(self.positive, self.respondents)


def questionnaire_results(
    application_ids: Iterable[int] | None = None, *, campaign_id: int | None = None
) -> dict[int, dict[str, QuestionnaireResult]]:
    """Per application, each questionnaire result that has respondents, by its key."""
    qs = QuestionnaireResponse.objects.all()
    if campaign_id is not None:
        qs = qs.filter(questionnaire__application__campaign_id=campaign_id)
    if application_ids is not None:
        qs = qs.filter(questionnaire__application_id__in=list(application_ids))
    rows = qs.values("questionnaire__application_id", "questionnaire__kind").annotate(
        respondents=Count("pk"),
        n_satisfied=Count("pk", filter=Q(satisfied=True)),
        n_participates=Count("pk", filter=Q(participates=True)),
        n_supports=Count("pk", filter=Q(supports=True)),
        n_knows=Count("pk", filter=Q(knows=True)),
    )
    out: dict[int, dict[str, QuestionnaireResult]] = {}
    for row in rows:
        mine = out.setdefault(row["questionnaire__application_id"], {})
        positive = {
            "satisfied": row["n_satisfied"],
            "participates": row["n_participates"],
            "supports": row["n_supports"],
            "knows": row["n_knows"],
        }
        for key, (kind, field) in QUESTIONS.items():
            if row["questionnaire__kind"] == kind and row["respondents"]:
                mine[key] = QuestionnaireResult(positive[field], row["respondents"])
    return out
