"""How offices write numbers and document numbers (docs/rules.md#style).

One style everywhere, in pages and documents alike: editions in words (第二十届, from
``chinese_numeral``), scores to two decimals, ratios as percentages, and document numbers
(发文字号) as GB/T 9704-2012 §7.2.4 sets them: the issuer's code, the full year in 〔〕,
the sequence number without leading zeros, then 号. Dates are Django's localized
``DATE_FORMAT`` (2026年12月1日 in zh-hans), so they have no function here.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from wenming.domain.scoring.arithmetic import quantize2

__all__ = [
    "DocumentNumberProblem",
    "chinese_numeral",
    "document_number",
    "document_number_problems",
    "percent_text",
    "score_text",
]

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """``number`` (0–9999) in Chinese numerals as documents write them: 10 → 十, 20 → 二十,
    105 → 一百零五, 2026 → 二千零二十六."""
    if not 0 <= number <= 9999:
        raise ValueError(f"out of range: {number}")
    if number < 10:
        return _DIGITS[number]
    if number < 20:
        # 十, 十一 … 十九: the leading 一 is dropped below twenty.
        return "十" + (_DIGITS[number % 10] if number % 10 else "")
    out: list[str] = []
    zero_pending = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // value % 10
        if digit:
            if zero_pending:
                out.append("零")
                zero_pending = False
            out.append(_DIGITS[digit] + unit)
        elif out:
            zero_pending = True
    return "".join(out)


def score_text(score: Decimal | int | None) -> str:
    """A score to two decimals, rounded half up as the rules round (— when there is none)."""
    if score is None:
        return "—"
    return str(quantize2(Decimal(score)))


def percent_text(ratio: Decimal | int | float | None) -> str:
    """A ratio as a percentage with at most one decimal: 1 → 100%, 0.333 → 33.3%, 0.2 → 20%."""
    if ratio is None:
        return "—"
    percent = (Decimal(str(ratio)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = str(percent)
    if text.endswith(".0"):
        text = text[:-2]
    return text + "%"


@dataclass(frozen=True)
class DocumentNumberProblem:
    """Why an issuer's code can't make a document number; apps turn the code into words."""

    code: str  # "empty" | "brackets" | "digits" | "suffix"
    text: str  # the offending characters, quoted back to the user


_BRACKETS = "〔〕[]［］()（）【】{}"


def document_number_problems(code: str) -> tuple[DocumentNumberProblem, ...]:
    """What is wrong with an issuer's code (机关代字, e.g. 清文明办) for a 发文字号."""
    stripped = code.strip()
    if not stripped:
        return (DocumentNumberProblem("empty", ""),)
    problems = []
    brackets = "".join(ch for ch in stripped if ch in _BRACKETS)
    if brackets:
        problems.append(DocumentNumberProblem("brackets", brackets))
    digits = "".join(ch for ch in stripped if ch.isdigit())
    if digits:
        problems.append(DocumentNumberProblem("digits", digits))
    if stripped.endswith("号"):
        problems.append(DocumentNumberProblem("suffix", "号"))
    return tuple(problems)


def document_number(code: str, year: int, sequence: int) -> str:
    """清文明办〔2026〕12号: the year in full inside 〔〕, no leading zeros, no 第."""
    if document_number_problems(code):
        raise ValueError(f"unusable issuer code: {code!r}")
    if sequence < 1 or year < 1000:
        raise ValueError(f"bad year or sequence: {year}, {sequence}")
    return f"{code.strip()}〔{year}〕{sequence}号"
