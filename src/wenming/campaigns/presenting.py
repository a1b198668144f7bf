"""Shaping an application for its page: evidence with its findings in words, a
checklist's conditions, and the bonus claims with what each adds to the total (the
scoring points with their self-marks: ``selectors.application_sheet``)."""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from wenming.documents.style import date_words
from wenming.domain.evidence import Code, Finding, Severity
from wenming.domain.frameworks import BonusRule
from wenming.domain.scoring import BonusClaim as ScoredClaim
from wenming.domain.scoring import BonusResult, ClaimResult, ScoringError, score
from wenming.registry.models import Honor

from .evidence_messages import finding_message
from .models import Application, BonusClaim, ClaimKind, ClaimStatus
from .selectors import application_reads as reads
from .selectors.claims import claim_kind, honor_rule


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
    for evidence in reads.evidence_of.list(application.pk):
        evidence.application = application  # as application.evidence would have set it
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


# ---- bonus claims -------------------------------------------------------------------------


def _claim_results(
    framework: Any, claims: list[BonusClaim]
) -> tuple[dict[int, ClaimResult], dict[str, BonusResult]]:
    """What the scorer makes of these claims: per claim, and per bonus item (capped).

    The same function the ranking uses decides the window, the once-per-content rule and
    the cap, so the page never restates them."""
    domain = [
        ScoredClaim(
            rule=c.rule, level=c.level, dated=c.dated, content_key=c.content_key, title=c.title
        )
        for c in claims
    ]
    try:
        breakdown = score(framework, {}, bonus_claims=domain)
    except ScoringError:  # a claim of an item or level the framework no longer has
        return {}, {}
    per_claim: dict[int, ClaimResult] = {}
    by_rule = {bonus.key: bonus for bonus in breakdown.bonuses}
    for key, bonus in by_rule.items():
        mine = [c for c in claims if c.rule == key]
        for claim, result in zip(mine, bonus.claims, strict=False):
            per_claim[claim.pk] = result
    return per_claim, by_rule


def _effect(claim: BonusClaim, result: ClaimResult | None, rule: BonusRule) -> str:
    if claim.status == ClaimStatus.REJECTED:
        return _("不予认定，不计分")
    if result is None:
        return ""
    if result.counted:
        if claim.status == ClaimStatus.CONFIRMED:
            return _("计 %(p)s 分") % {"p": result.points}
        return _("认定后计 %(p)s 分") % {"p": result.points}
    if result.reason == "outside_window":
        return _("不在加分时段（%(start)s 至 %(end)s），不计分") % {
            "start": date_words(rule.window_start) if rule.window_start else "—",
            "end": date_words(rule.window_end) if rule.window_end else "—",
        }
    if result.reason == "same_content":
        return _("同一经验已按最高分计，本项不重复加分")
    return _("不计分")


def condition_rows(
    application: Application, evidence: dict[str, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """A checklist's headings → conditions, with the evidence the family gave for each."""
    if not application.award.framework.is_checklist:
        return []
    checklist = application.award.framework.to_checklist()
    return [
        {
            "number": item.number,
            "name": item.name,
            "conditions": [
                {"key": c.key, "text": c.text, "evidence": evidence.get(c.key, [])}
                for c in item.conditions
            ],
        }
        for item in checklist.items
    ]


def _in_window(rule: BonusRule, day: Any) -> bool:
    return (rule.window_start is None or day >= rule.window_start) and (
        rule.window_end is None or day <= rule.window_end
    )


def bonus_panels(
    application: Application, claims: list[BonusClaim], honors: list[Honor]
) -> list[dict[str, Any]]:
    """Each bonus item of the framework with the applicant's claims, each claim's status
    and effect on the total, what is confirmed so far under the cap, and the registry's
    honors in the item's window that could be claimed in one step (a checklist has no
    bonus items)."""
    if application.award.framework.is_checklist:
        return []
    framework = application.award.framework.to_framework()
    live = [c for c in claims if c.status != ClaimStatus.REJECTED]
    expected, _expected_rules = _claim_results(framework, live)
    _confirmed, confirmed_rules = _claim_results(
        framework, [c for c in live if c.status == ClaimStatus.CONFIRMED]
    )
    rules = {rule.key: rule for rule in framework.bonuses}
    claimed_honors = {c.honor_id for c in claims if c.honor_id}
    panels = []
    for rule in framework.bonuses:
        levels = {level.level: level for level in rule.levels}
        rows = []
        for claim in claims:
            if claim.rule != rule.key:
                continue
            level = levels.get(claim.level)
            rows.append(
                {
                    "claim": claim,
                    "level_text": (level.text or level.level) if level else claim.level,
                    "effect": _effect(claim, expected.get(claim.pk), rule),
                    "counted": claim.status != ClaimStatus.REJECTED
                    and bool(expected.get(claim.pk) and expected[claim.pk].counted),
                }
            )
        confirmed = confirmed_rules.get(rule.key)
        suggestions = [
            {"honor": h, "level_text": levels[h.level].text or h.level}
            for h in honors
            if h.pk not in claimed_honors
            and claim_kind(rule) == ClaimKind.HONOR
            and honor_rule(rules, h) is rule
            and _in_window(rule, h.granted_on)
        ]
        panels.append(
            {
                "rule": rule,
                "kind": claim_kind(rule),
                "rows": rows,
                "confirmed": confirmed.value if confirmed else Decimal(0),
                "over_cap": bool(confirmed and confirmed.before_cap > confirmed.value),
                "pending": sum(1 for c in claims if c.rule == rule.key and c.status == "pending"),
                "suggestions": suggestions,
            }
        )
    return panels
