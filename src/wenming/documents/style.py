"""The house style outside templates: editions in words and localized dates, in Python.

Documents and messages built in Python use these, so that a page and the 公文 it issues
write the same edition and the same date the same way (docs/rules.md#style).
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.translation import gettext

from wenming.domain.style import chinese_numeral


def edition_words(edition: int) -> str:
    """第二十届 in Chinese; the English catalogue writes "Edition 20"."""
    # The English uses %(number)s, which the Chinese does not: msgfmt must not check it.
    # xgettext:no-python-format
    return gettext("第%(words)s届") % {"words": chinese_numeral(edition), "number": edition}


def editions_words(editions: Iterable[int]) -> str:
    """Several editions at once: 第十八、十九届 (English "Edition 18, 19")."""
    numbers = list(editions)
    # xgettext:no-python-format
    return gettext("第%(words)s届") % {
        "words": "、".join(chinese_numeral(n) for n in numbers),
        "number": ", ".join(str(n) for n in numbers),
    }


def date_words(day: date) -> str:
    """2026年12月1日 in Chinese (the language's DATE_FORMAT)."""
    return formats.date_format(day, "DATE_FORMAT")


def datetime_words(moment: datetime, *, seconds: bool = False) -> str:
    """2026年12月1日 09:05 (09:05:07 with ``seconds``), in the site's time zone.

    Seconds only where the order of two moments is the point (the committed draw)."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    if seconds:
        return f"{formats.date_format(moment, 'DATE_FORMAT')} {moment:%H:%M:%S}"
    return formats.date_format(moment, "DATETIME_FORMAT")
