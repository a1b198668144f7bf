"""Masking of phone and ID numbers: the examples people read, and properties over any text."""

from hypothesis import given
from hypothesis import strategies as st

from wenming.domain.privacy import mask_contact, mask_id_number, mask_phone

DIGITS = "0123456789"
# Text as people type contacts: digits, separators, letters, Chinese, stars, mail signs.
contact_text = st.text(alphabet=DIGITS + " -+()*@.xXab王先生", max_size=40)


def _digits(text: str) -> str:
    return "".join(c for c in text if c in DIGITS)


def test_a_mobile_number_keeps_its_first_three_and_last_four_digits():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("138-1234-5678") == "138-****-5678"
    assert mask_phone("+86 13812345678") == "+86 1******5678"


def test_an_id_number_keeps_its_first_four_and_last_four():
    assert mask_id_number("430902199001011234") == "4309**********1234"
    assert mask_id_number("43090219900101123X") == "4309**********123X"


def test_a_short_or_empty_value_shows_at_most_a_third_at_its_end():
    assert mask_phone("") == ""
    assert mask_phone("12") == "**"
    assert mask_phone("110") == "**0"
    assert mask_phone("8888123") == "*****23"
    assert mask_id_number("1234") == "***4"
    assert mask_phone("无") == "无"


def test_a_contact_hides_the_mail_name_and_the_phone_digits():
    assert mask_contact("wang@example.com") == "w***@example.com"
    assert mask_contact("王先生 13812345678") == "王先生 138****5678"


@given(contact_text)
def test_masking_never_reveals_more_than_the_kept_digits(text):
    masked = mask_phone(text)
    assert len(masked) == len(text)
    assert len(_digits(masked)) <= 7
    # Every digit shown is the digit typed at that place.
    assert all(m == t for m, t in zip(masked, text, strict=True) if m in DIGITS)
    n = sum(c in DIGITS + "*" for c in text)
    if n < 11:
        assert len(_digits(masked)) <= n // 3


@given(contact_text)
def test_an_id_number_never_shows_more_than_eight_characters(text):
    masked = mask_id_number(text)
    shown = [c for c in masked if c in DIGITS + "Xx"]
    assert len(shown) <= 8
    assert len(masked) == len(text)


@given(contact_text)
def test_masking_is_idempotent(text):
    for mask in (mask_phone, mask_id_number, mask_contact):
        once = mask(text)
        assert mask(once) == once


@given(st.text(max_size=60))
def test_any_text_is_safe_to_mask(text):
    for mask in (mask_phone, mask_id_number, mask_contact):
        assert isinstance(mask(text), str)
    assert len(_digits(mask_contact(text))) <= 7
