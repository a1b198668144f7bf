"""Masking of personal data on display (GB/T 35273-2020 §6.2, 去标识化展示).

A phone number keeps its first 3 and last 4 digits (``138****5678``), an ID number its
first 4 and last 4 characters (``4309**********1234``); every other digit becomes ``*``
in place, so separators and the length stay as typed. A value too short to keep that
many keeps at most a third of its digits, at the end, so a short or odd value never shows
more than it hides.

Masking is idempotent: ``*`` counts as a hidden digit, so masking masked text changes
nothing, and a template may mask a value that was masked upstream.
"""

import re
from collections.abc import Callable

PHONE_HEAD, PHONE_TAIL = 3, 4
ID_HEAD, ID_TAIL = 4, 4
MASK = "*"

_EMAIL_LOCAL = re.compile(r"([^\s@])([^\s@]*)(?=@)")


def _is_digit(char: str) -> bool:
    return char == MASK or ("0" <= char <= "9")


def _is_id_char(char: str) -> bool:
    # The last character of a resident ID number may be the check letter X.
    return _is_digit(char) or char in "Xx"


def kept_counts(n: int, head: int, tail: int) -> tuple[int, int]:
    """How many of ``n`` secret characters stay visible at the start and at the end.

    The full ``head`` and ``tail`` only when at least 4 characters are left to hide;
    otherwise none at the start and at most a third at the end."""
    if n >= head + tail + 4:
        return head, tail
    return 0, min(tail, n // 3)


def _mask(text: str, secret: Callable[[str], bool], head: int, tail: int) -> str:
    positions = [i for i, char in enumerate(text) if secret(char)]
    keep_head, keep_tail = kept_counts(len(positions), head, tail)
    hidden = positions[keep_head : len(positions) - keep_tail]
    chars = list(text)
    for i in hidden:
        chars[i] = MASK
    return "".join(chars)


def mask_phone(text: str) -> str:
    """``13812345678`` → ``138****5678``; separators stay where they were typed."""
    return _mask(text, _is_digit, PHONE_HEAD, PHONE_TAIL)


def mask_id_number(text: str) -> str:
    """``430902199001011234`` → ``4309**********1234``."""
    return _mask(text, _is_id_char, ID_HEAD, ID_TAIL)


def mask_contact(text: str) -> str:
    """A free-text contact (a phone, a mail address, both): a mail address keeps the
    first character of its name (``w***@example.com``), and the digits are masked as a
    phone number."""
    hidden_names = _EMAIL_LOCAL.sub(lambda m: m.group(1) + MASK * len(m.group(2)), text)
    return mask_phone(hidden_names)
