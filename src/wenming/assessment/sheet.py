"""The marking sheet of a framework: which clauses an assessor marks, by which methods.

Material review and on-site inspection are marked separately, as each clause's methods
say; a clause with no method listed is marked on the material. Clauses of threshold
criteria are computed from data (never typed in) and questionnaire-only clauses come from
questionnaires, so neither appears on the sheet.
"""

from dataclasses import dataclass

from wenming.domain.frameworks import Clause, Framework, Method

from .models import MarkMethod

_MARKED = {Method.MATERIAL: MarkMethod.MATERIAL, Method.ONSITE: MarkMethod.ONSITE}


@dataclass(frozen=True)
class SheetClause:
    clause: Clause
    criterion: int
    methods: tuple[MarkMethod, ...]


def marked_methods(clause: Clause) -> tuple[MarkMethod, ...]:
    if not clause.methods:
        return (MarkMethod.MATERIAL,)
    return tuple(_MARKED[m] for m in clause.methods if m in _MARKED)


def sheet(framework: Framework) -> dict[str, SheetClause]:
    """Every clause an assessor marks, by key, in the framework's order."""
    computed = {rule.criterion for rule in framework.thresholds}
    result = {}
    for criterion in framework.criteria():
        if criterion.number in computed:
            continue
        for clause in criterion.clauses:
            methods = marked_methods(clause)
            if methods:
                result[clause.key] = SheetClause(clause, criterion.number, methods)
    return result


def mark_slots(framework: Framework) -> int:
    """How many (clause, method) marks one assessor gives for one applicant."""
    return sum(len(entry.methods) for entry in sheet(framework).values())
