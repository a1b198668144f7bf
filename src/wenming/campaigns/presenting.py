"""Shaping an application for its page: the framework's tree with the applicant's
self-marks and evidence beside each scoring point, and findings in words."""

from typing import Any

from wenming.domain.evidence import Code, Finding, Severity

from .evidence_messages import finding_message
from .models import Application, Evidence, SelfMark


def finding_from_dict(data: dict[str, Any]) -> Finding:
    return Finding(
        code=Code(data["code"]),
        severity=Severity(data["severity"]),
        field=data.get("field", ""),
        params=data.get("params", {}),
    )


def evidence_rows(application: Application) -> dict[str, list[dict[str, Any]]]:
    """Each scoring point's evidence, each file with its findings in words."""
    rows: dict[str, list[dict[str, Any]]] = {}
    evidence: Evidence
    for evidence in application.evidence.all():
        findings = [
            {
                "blocking": f["severity"] == Severity.BLOCKING.value,
                "text": finding_message(finding_from_dict(f)),
            }
            for f in evidence.findings
        ]
        rows.setdefault(evidence.clause_key, []).append(
            {"evidence": evidence, "findings": findings}
        )
    return rows


def clause_rows(
    application: Application,
    marks: dict[str, SelfMark],
    evidence: dict[str, list[dict[str, Any]]],
) -> list[dict[str, Any]]:
    """Items → criteria → scoring points, with the self-mark and evidence of each."""
    framework = application.award.framework.to_domain()
    computed = {rule.criterion for rule in framework.thresholds}
    items = []
    for item in framework.items:
        criteria = []
        for criterion in item.criteria:
            clauses = [
                {
                    "key": clause.key,
                    "text": clause.text,
                    "points": clause.points,
                    "methods": clause.methods,
                    "mark": marks.get(clause.key),
                    "evidence": evidence.get(clause.key, []),
                    "computed": criterion.number in computed,
                }
                for clause in criterion.clauses
            ]
            criteria.append(
                {
                    "number": criterion.number,
                    "text": criterion.text,
                    "points": criterion.points,
                    "computed": criterion.number in computed,
                    "clauses": clauses,
                    "single": len(clauses) == 1,
                }
            )
        items.append({"name": item.name, "points": item.points, "criteria": criteria})
    return items
