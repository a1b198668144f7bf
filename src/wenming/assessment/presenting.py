"""Shaping the marking page: the frozen framework clause by clause, with the applicant's
self-mark and evidence and the assessor's own marks beside each scoring point."""

from decimal import Decimal
from typing import Any

from wenming.accounts.models import User

from .models import Assignment, Mark
from .sheet import sheet


def choices(points: Decimal, step: Decimal) -> list[Decimal]:
    """Every mark a clause allows: 0, step, 2×step … points."""
    return [step * k for k in range(int(points / step) + 1)]


def marking_sheet(assignment: Assignment, user: User) -> list[dict[str, Any]]:
    """Items → criteria → the clauses the assessor marks, each with what to show beside it."""
    application = assignment.application
    framework = application.award.framework.to_framework()
    entries = sheet(framework)
    self_marks = {m.clause_key: m for m in application.self_marks.all()}
    evidence: dict[str, list[Any]] = {}
    for row in application.evidence.all():
        evidence.setdefault(row.clause_key, []).append(row)
    mine = {
        (m.clause_key, m.method): m.points
        for m in Mark.objects.filter(
            round_id=assignment.round_id, application_id=application.pk, assessor=user
        )
    }
    items = []
    for item in framework.items:
        criteria = []
        for criterion in item.criteria:
            clauses = []
            for clause in criterion.clauses:
                entry = entries.get(clause.key)
                if entry is None:
                    continue
                clauses.append(
                    {
                        "key": clause.key,
                        "text": clause.text,
                        "points": clause.points,
                        "self_mark": self_marks.get(clause.key),
                        "evidence": evidence.get(clause.key, []),
                        "methods": [
                            {
                                "value": method.value,
                                "label": method.label,
                                "mark": mine.get((clause.key, method.value)),
                            }
                            for method in entry.methods
                        ],
                        "choices": choices(clause.points, framework.step),
                    }
                )
            if clauses:
                criteria.append({"number": criterion.number, "clauses": clauses})
        if criteria:
            items.append({"number": item.number, "name": item.name, "criteria": criteria})
    return items
