"""The data behind the threshold criteria: form statistics and questionnaire rates.

Criterion 22 reads the application form's statistics; criteria 15 and 38 read the
questionnaires. Counts come from one SQL aggregate per call, whatever the number of
applications; an application with no respondents has no result ("not computable").
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from wenming.domain.scoring import OrganizationStatistics, QuestionnaireResult

from .models import QuestionnaireKind, QuestionnaireResponse

#: Form fields (campaigns FORM_STATISTICS) → the scorer's statistics fields.
_FORM_FIELDS = {
    "staff_count": "staff",
    "party_members": "party_members",
    "registered_volunteers": "registered_volunteers",
    "party_member_volunteers": "party_member_volunteers",
    "volunteers_served": "volunteers_served",
}

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
    counts = {
        f"n_{field}": Count("pk", filter=Q(**{field: True}))
        for field in ("satisfied", "participates", "supports", "knows")
    }
    rows = qs.values("questionnaire__application_id", "questionnaire__kind").annotate(
        respondents=Count("pk"), **counts
    )
    out: dict[int, dict[str, QuestionnaireResult]] = {}
    for row in rows:
        mine = out.setdefault(row["questionnaire__application_id"], {})
        for key, (kind, field) in QUESTIONS.items():
            if row["questionnaire__kind"] == kind and row["respondents"]:
                mine[key] = QuestionnaireResult(row[f"n_{field}"], row["respondents"])
    return out


#: The scorer's statistics fields → form fields.
_STATISTIC_FORM_FIELDS = {field: key for key, field in _FORM_FIELDS.items()}


def _count(form: Mapping[str, Any], key: str) -> int | None:
    """One form statistic as ``statistics_of`` reads it (not an int: not reported)."""
    value = form.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class ThresholdTotals:
    """Threshold points earned under one clause framework, for many applications at once.

    A rule earns its points only when every condition holds (``ThresholdRule``). A
    condition whose two counts are known and valid (a positive denominator, a numerator
    from zero up) is judged here by the domain's comparison, exactly on the counts; any
    other is judged by the domain's own ``_condition``, memoized on the two counts it reads.
    The form's statistics are read straight from the form, without building them.
    """

    def __init__(self, framework: Any) -> None:
        from wenming.domain.frameworks import ConditionKind

        self._rules = [
            (
                rule.points,
                [
                    (
                        n,
                        condition,
                        condition.kind is ConditionKind.RATIO,
                        _STATISTIC_FORM_FIELDS[condition.numerator.value]
                        if condition.numerator
                        else "",
                        _STATISTIC_FORM_FIELDS[condition.denominator.value]
                        if condition.denominator
                        else "",
                        condition.minimum,
                        condition.all_required_below,
                    )
                    for n, condition in enumerate(rule.conditions)
                ],
            )
            for rule in framework.thresholds
        ]
        self._memo: dict[tuple[Any, ...], bool] = {}

    def earned(self, form: Mapping[str, Any] | None, answers: Mapping[str, Any]) -> Any:
        """The threshold points one application earns from its form and questionnaires."""
        from wenming.domain.frameworks import ONE, ZERO
        from wenming.domain.scoring import ConditionStatus, _condition

        form = form or {}
        memo = self._memo
        total = ZERO
        for r, (points, conditions) in enumerate(self._rules):
            held = True
            for n, condition, ratio, numerator, denominator, minimum, below in conditions:
                if ratio:
                    top, bottom = _count(form, numerator), _count(form, denominator)
                else:
                    answer = answers.get(condition.questionnaire)
                    if answer is None:
                        top = bottom = None
                    else:
                        top, bottom = answer.positive, answer.respondents
                if (
                    top is not None
                    and bottom is not None
                    and bottom > 0
                    and top >= 0
                    and (ratio or top <= bottom)
                ):
                    # scoring._condition's comparison, on the exact counts.
                    if below is not None and bottom < below:
                        minimum = ONE
                    ok = top >= minimum * bottom
                else:
                    counts = None if top is None and bottom is None else (top, bottom)
                    key = (r, n, counts)
                    ok = memo.get(key)
                    if ok is None:
                        statistics = statistics_of(form)
                        status = _condition(condition, statistics, answers).status
                        ok = memo[key] = status is ConditionStatus.HELD
                held = held and ok
            if held:
                total += points
        return total
