"""One application's ranking explained: every round that counts, clause by clause with
each assessor's mark, the threshold criteria with their rates, and the tie rules that
placed it among the applicants with the same total. Per-application queries are fine."""

from dataclasses import dataclass, field
from decimal import Decimal

from wenming.domain.frameworks import ZERO
from wenming.domain.scoring import Aggregation, Breakdown, Scorer

from .models import Mark, RankingResult, Round, SampleEntry
from .sheet import sheet
from .thresholds import questionnaire_results, statistics_of


@dataclass
class MethodLine:
    method: str
    marks: list[tuple[str, Decimal]]  # (assessor, points)
    value: Decimal
    trimmed: bool


@dataclass
class ClauseLine:
    key: str
    criterion: int
    text: str
    points: Decimal
    methods: list[MethodLine] = field(default_factory=list)

    @property
    def value(self) -> Decimal:
        if not self.methods:
            return ZERO
        return sum((m.value for m in self.methods), ZERO) / len(self.methods)


@dataclass
class RoundLine:
    round: Round
    clauses: list[ClauseLine]

    @property
    def total(self) -> Decimal:
        return sum((c.value for c in self.clauses), ZERO)


@dataclass
class TieLine:
    other: RankingResult
    rule: str  # which rule decided: deductions, preference, name


@dataclass
class Explained:
    result: RankingResult
    rounds: list[RoundLine]
    weighted: Decimal
    scored: Breakdown
    ties: list[TieLine]


def combine(marks: list[Decimal], round_: Round) -> tuple[Decimal, bool]:
    """Assessors' marks on one clause and method, by the round's aggregation."""
    n = len(marks)
    if round_.aggregation == Aggregation.TRIMMED_MEAN and n >= round_.trim_from:
        return (sum(marks, ZERO) - max(marks) - min(marks)) / (n - 2), True
    return sum(marks, ZERO) / n, False


def _rounds(result: RankingResult) -> list[RoundLine]:
    application = result.application
    framework = application.award.framework.to_domain()
    entries = sheet(framework)  # type: ignore[arg-type]
    rounds = list(Round.objects.filter(campaign_id=result.campaign_id).order_by("id"))
    sampled_in = set(
        SampleEntry.objects.filter(application=application).values_list("round_id", flat=True)
    )
    marks: dict[tuple[int, str, str], list[tuple[str, Decimal]]] = {}
    rows = Mark.objects.filter(application=application).select_related("assessor")
    for mark in rows.order_by("assessor__username"):
        who = getattr(mark.assessor, "display_name", "") or mark.assessor.get_username()
        marks.setdefault((mark.round_id, mark.clause_key, mark.method), []).append(
            (who, mark.points)
        )
    lines = []
    for round_ in rounds:
        if round_.sampled and round_.pk not in sampled_in:
            continue  # a round that did not sample the application does not count for it
        clauses = []
        for key, entry in entries.items():
            line = ClauseLine(key, entry.criterion, entry.clause.text, entry.clause.points)
            for method in entry.methods:
                given = marks.get((round_.pk, key, method.value), [])
                if given:
                    value, trimmed = combine([p for _, p in given], round_)
                    line.methods.append(MethodLine(str(method.label), given, value, trimmed))
            clauses.append(line)
        lines.append(RoundLine(round_, clauses))
    return lines


def _ties(result: RankingResult) -> list[TieLine]:
    others = RankingResult.objects.filter(
        award_id=result.award_id, total=result.total, rank__isnull=False
    ).exclude(pk=result.pk)
    lines = []
    for other in others.order_by("rank"):
        if other.deduction_total != result.deduction_total:
            rule = "deductions"
        elif other.preference != result.preference:
            rule = "preference"
        else:
            rule = "name"
        lines.append(TieLine(other, rule))
    return lines


def explain(result: RankingResult) -> Explained:
    application = result.application
    rounds = _rounds(result)
    weights = sum((r.round.weight for r in rounds), ZERO)
    weighted = sum((r.round.weight * r.total for r in rounds), ZERO) / weights if weights else ZERO
    standing = getattr(application, "standing", None)
    scorer = Scorer(application.award.framework.to_domain())  # type: ignore[arg-type]
    scored = scorer.score(
        {},
        statistics=statistics_of(application.form),
        questionnaires=questionnaire_results([application.pk]).get(application.pk, {}),
        deductions=standing.deductions if standing else {},
    )
    return Explained(result, rounds, weighted, scored, _ties(result))
