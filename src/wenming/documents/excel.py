"""Excel cell helpers: formula neutralizing and exact decimals.

Text that starts with = + - @ is written with a leading apostrophe so that no
spreadsheet runs it as a formula; reading strips that apostrophe again.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

_FORMULA_START = frozenset("=+-@")


def neutralize(value: str) -> str:
    """Text a spreadsheet would run as a formula, made plain text."""
    if value[:1] in _FORMULA_START:
        return "'" + value
    return value


def unneutralize(value: str) -> str:
    """The text ``neutralize`` was given."""
    if value[:1] == "'" and value[1:2] in _FORMULA_START:
        return value[1:]
    return value


def cell_text(value: Any) -> str:
    """A cell as text: empty for blanks, whole floats without their ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unneutralize(str(value).strip())


def cell_decimal(value: Any) -> Decimal | None:
    """A cell as an exact decimal (2.0 reads as 2), None when blank or not a number."""
    text = cell_text(value)
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()
