"""Masking filters for personal data on pages (``{% load privacy %}``).

``{{ phone|mask_phone }}`` masks always; ``{{ phone|mask_phone:in_full }}`` shows the
value as entered when ``in_full`` is true, for the office that handles it (each view says
who that is). The rules are in ``wenming.domain.privacy``.
"""

from django import template

from wenming.domain import privacy

register = template.Library()


def _text(value: object) -> str:
    return "" if value is None else str(value)


@register.filter
def mask_phone(value: object, in_full: bool = False) -> str:
    """A phone number with its middle digits hidden, unless ``in_full``."""
    text = _text(value)
    return text if in_full else privacy.mask_phone(text)


@register.filter
def mask_id_number(value: object, in_full: bool = False) -> str:
    """An ID number with its middle hidden, unless ``in_full``."""
    text = _text(value)
    return text if in_full else privacy.mask_id_number(text)


@register.filter
def mask_contact(value: object, in_full: bool = False) -> str:
    """A free-text contact (phone, mail) masked, unless ``in_full``."""
    text = _text(value)
    return text if in_full else privacy.mask_contact(text)
