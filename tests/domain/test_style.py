"""Editions in words, scores, percentages and document numbers (docs/rules.md#style)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wenming.domain.style import (
    chinese_numeral,
    document_number,
    document_number_problems,
    percent_text,
    score_text,
)


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "零"),
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (1001, "一千零一"),
        (2026, "二千零二十六"),
    ],
)
def test_chinese_numeral_as_documents_write_it(number: int, words: str) -> None:
    assert chinese_numeral(number) == words


_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")}
_UNIT = {"十": 10, "百": 100, "千": 1000}


def _read(words: str) -> int:
    total, digit = 0, None
    for ch in words:
        if ch in _UNIT:
            total += (1 if digit is None else digit) * _UNIT[ch]
            digit = None
        else:
            digit = _VALUE[ch]
    return total + (digit or 0)


@given(st.integers(min_value=0, max_value=9999))
def test_chinese_numeral_reads_back(number: int) -> None:
    words = chinese_numeral(number)
    assert _read(words) == number
    assert "零零" not in words
    assert not words.endswith("零") or number == 0


def test_score_text_rounds_half_up_to_two_decimals() -> None:
    assert score_text(Decimal("87.125")) == "87.13"
    assert score_text(90) == "90.00"
    assert score_text(None) == "—"


def test_percent_text_shows_ratios_as_percentages() -> None:
    assert percent_text(Decimal(1)) == "100%"
    assert percent_text(Decimal("0.2")) == "20%"
    assert percent_text(Decimal("0.3333")) == "33.3%"
    assert percent_text(None) == "—"


def test_document_number_has_hexagonal_brackets_and_no_leading_zeros() -> None:
    assert document_number("清文明办", 2026, 12) == "清文明办〔2026〕12号"
    assert document_number(" 清文明办 ", 2026, 1) == "清文明办〔2026〕1号"


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("", "empty"),
        ("清文明办[", "brackets"),
        ("清文明办〔2026〕", "brackets"),
        ("清文明办2", "digits"),
        ("清文明办号", "suffix"),
    ],
)
def test_document_number_problems_name_what_is_wrong(code: str, problem: str) -> None:
    assert problem in {p.code for p in document_number_problems(code)}
    with pytest.raises(ValueError, match="unusable issuer code"):
        document_number(code, 2026, 1)
