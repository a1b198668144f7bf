"""Certificate verification codes: random, short enough to type, easy to read aloud.

The alphabet leaves out 0/O, 1/I/L and U so that a code copied by hand from paper still
matches; a code is shown in groups of four and read back whatever its case or spacing.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12  # 30**12 ≈ 5·10**17: guessing a valid code is hopeless


def new_code() -> str:
    """A fresh random code (uniqueness is the database's unique constraint)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(text: str) -> str:
    """What a person typed, as stored: upper case, without spaces or dashes."""
    return "".join(ch for ch in text.upper() if ch not in " -\t\r\n")


def display(code: str) -> str:
    """The code in groups of four, as printed on the certificate."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
