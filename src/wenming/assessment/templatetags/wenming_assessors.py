"""How the assessor comparison reads (docs/rules.md#assessor-comparison): signed figures
to two decimals, a share in percent, each assessor's severity in a plain Chinese sentence,
and a breakdown clause's dispute looked up by round and clause."""

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from django import template
from django.utils.translation import gettext as _

from wenming.domain.assessors import Severity, cents
from wenming.domain.style import score_text

register = template.Library()

MINUS = "\u2212"  # the minus sign, not a hyphen: "−1.25"


@register.filter
def exact2(value: Fraction | Decimal | None) -> str:
    """A figure to two decimals, half up; empty when there is none (the house ``|score``,
    wenming.domain.style.score_text, on the exact fraction rounded once)."""
    return "" if value is None else score_text(cents(value))


@register.filter
def signed(value: Fraction | Decimal | None) -> str:
    """A deviation with its sign to two decimals: +0.88, −1.25, 0.00; a dash for none."""
    if value is None:
        return "—"
    shown = cents(value)
    if shown > 0:
        return f"+{shown:.2f}"
    if shown < 0:
        return f"{MINUS}{-shown:.2f}"
    return "0.00"


@register.filter
def signed_percent(value: Fraction | None) -> str:
    """A share of the points in percent with its sign, two decimals."""
    return "—" if value is None else f"{signed(value * 100)}%"


@register.filter
def severity_sentence(severity: Severity) -> str:
    """What an assessor's severity means, in one sentence."""
    if severity.points is None:
        return _("没有与其他评分人共同评分的要点，无法比较。")
    shown = cents(severity.points)
    figures = {
        "n": severity.compared,
        "p": f"{abs(shown):.2f}",
        "s": f"{abs(cents((severity.share or Fraction(0)) * 100)):.2f}%",
    }
    if shown < 0:
        return (
            _(
                "在与其他评分人共同评分的 %(n)s 项评分中，平均比其他人低 %(p)s 分"
                "（约为要点分值的 %(s)s），评分偏严。"
            )
            % figures
        )
    if shown > 0:
        return (
            _(
                "在与其他评分人共同评分的 %(n)s 项评分中，平均比其他人高 %(p)s 分"
                "（约为要点分值的 %(s)s），评分偏宽。"
            )
            % figures
        )
    return _("在与其他评分人共同评分的 %(n)s 项评分中，与其他人的平均评分一致。") % figures


@register.simple_tag
def dispute_of(
    disputes: Mapping[int, Mapping[str, object]] | None, round_id: int, key: str
) -> object:
    """The dispute of a clause in a round on the breakdown page, or None."""
    if not disputes:
        return None
    return disputes.get(round_id, {}).get(key)
