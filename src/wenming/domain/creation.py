"""Due-date words of creation tasks (完成时间) read into periods (docs/rules.md#creation-due-dates).

A task list says when work is due in words, not dates: "第一季度", "每季度", "二季度前",
"10月底前", "2023年8月底前". :func:`due_periods` turns those words into the periods in which
the work is done, one for a one-off task and several for a recurrence; :func:`minimum_count`
reads how many pieces of material each occurrence needs ("至少2次", "不少于3篇").

Rules that are choices, not grammar:

- A deadline ("…前", "年底前", "2021年7月10日前") is one period from the first day of the
  campaign year to the deadline: the work may be done any time before it.
- "第二、三季度" is ONE window from the start of the second quarter to the end of the third:
  seed 004 asks for "一个场馆、一个基地各1次活动" in it, one activity somewhere in those months,
  not one per quarter.
- "长期", "常态化", "全年", "年内" mean the whole year, one period.
- A year written in the words ("2023年8月底前") overrides the campaign year; such a deadline
  still starts at the campaign year's start when it lies after it (the work of a three-year
  cycle may begin at once).

Pure Python: no Django here.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

__all__ = ["DueDateError", "Period", "due_periods", "minimum_count"]

_QUARTER_NAMES = ("第一季度", "第二季度", "第三季度", "第四季度")
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_NUMBER = r"(\d+|[零〇一二两三四五六七八九十百]+)"
_WHOLE_YEAR_WORDS = frozenset(
    {"长期", "常态化", "全年", "年内", "全年度", "本年度", "年度", "全年内"}
)
_YEAR_END_WORDS = frozenset({"年底前", "年末前", "年底", "年末", "年底之前", "年底以前"})
# Spaces and line breaks come from PDF extraction ("2023年8月 底前"); brackets and stops
# around the words carry no meaning.
_NOISE = re.compile(r"[\s（）()【】\[\]。，,；;：:.]+")
_DASHES = "-—–~～至到"


class DueDateError(ValueError):
    """Due-date words that cannot be read; ``code`` and ``params`` (with ``text``) say why."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params: dict[str, object] = params
        details = ", ".join(f"{key}={value!r}" for key, value in sorted(params.items()))
        super().__init__(f"{code}: {details}" if details else code)


@dataclass(frozen=True)
class Period:
    """One occurrence's window: the work is done from ``starts_on`` to the deadline ``due_on``."""

    label: str
    starts_on: date
    due_on: date


def _number(word: str) -> int:
    """Arabic or Chinese numerals up to 999 ("12", "十二", "两")."""
    if word.isdigit():
        return int(word)
    total, current = 0, 0
    for char in word:
        if char in _DIGITS:
            current = _DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            raise ValueError(word)
    return total + current


def _normalize(text: str) -> str:
    # Full-width digits (１２) are common in documents typed on Chinese input methods.
    text = text.translate({ord("０") + i: str(i) for i in range(10)})
    return _NOISE.sub("", text)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _quarter(year: int, quarter: int, label: str) -> Period:
    return Period(label, date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter))


def _prefix(named: bool, year: int) -> str:
    return f"{year}年" if named else ""


def _deadline(campaign_year: int, due: date) -> Period:
    return Period("", date(min(campaign_year, due.year), 1, 1), due)


def _recurrence(words: str, year: int, prefix: str) -> tuple[Period, ...] | None:
    if words in {"每季度", "每个季度", "每季", "按季度", "逐季度"}:
        return tuple(_quarter(year, q, prefix + _QUARTER_NAMES[q - 1]) for q in range(1, 5))
    if words in {"每月", "每个月", "按月", "逐月"}:
        return tuple(
            Period(f"{prefix}{month}月", date(year, month, 1), _month_end(year, month))
            for month in range(1, 13)
        )
    if words in {"每半年", "每个半年"}:
        return (
            Period(prefix + "上半年", date(year, 1, 1), date(year, 6, 30)),
            Period(prefix + "下半年", date(year, 7, 1), date(year, 12, 31)),
        )
    return None


def _year_words(words: str, year: int, prefix: str) -> Period | None:
    if words in _WHOLE_YEAR_WORDS:
        label = prefix + ("年内" if words == "年内" else "全年")
        return Period(label, date(year, 1, 1), date(year, 12, 31))
    if words in _YEAR_END_WORDS:
        return Period("", date(year, 1, 1), date(year, 12, 31))
    if words in {"上半年", "上半年内", "上半年前", "上半年底前"}:
        return Period(prefix + "上半年", date(year, 1, 1), date(year, 6, 30))
    if words in {"下半年", "下半年内"}:
        return Period(prefix + "下半年", date(year, 7, 1), date(year, 12, 31))
    return None


_QUARTER_RE = re.compile(r"^第?([一二三四1-4])季度(?:内|中|末|底)?$")
_QUARTER_WINDOW_RE = re.compile(
    r"^第?([一二三四1-4])(?:、|和|及|[" + _DASHES + r"])第?([一二三四1-4])季度(?:内)?$"
)
_QUARTER_BEFORE_RE = re.compile(r"^第?([一二三四1-4])季度(?:末|底|结束)?(?:前|之前|以前)$")
_MONTH_END_RE = re.compile(r"^" + _NUMBER + r"月(?:份)?(?:底|末|月底)?(?:前|之前|以前)$")
_MONTH_RE = re.compile(r"^" + _NUMBER + r"月(?:份)?(?:内|中)?$")
_DAY_RE = re.compile(r"^" + _NUMBER + r"月" + _NUMBER + r"[日号](?:前|之前|以前)?$")


def _quarter_words(words: str, year: int, campaign_year: int, prefix: str) -> Period | None:
    if match := _QUARTER_RE.match(words):
        quarter = _number(match[1])
        return _quarter(year, quarter, prefix + _QUARTER_NAMES[quarter - 1])
    if match := _QUARTER_WINDOW_RE.match(words):
        first, last = sorted((_number(match[1]), _number(match[2])))
        if first == last:
            return _quarter(year, first, prefix + _QUARTER_NAMES[first - 1])
        joiner = "、" if last == first + 1 else "至"
        label = f"{prefix}{_QUARTER_NAMES[first - 1][:2]}{joiner}{_QUARTER_NAMES[last - 1][1:]}"
        return Period(label, date(year, 3 * first - 2, 1), _month_end(year, 3 * last))
    if match := _QUARTER_BEFORE_RE.match(words):
        return _deadline(campaign_year, _month_end(year, 3 * _number(match[1])))
    return None


def _date_words(words: str, year: int, campaign_year: int, prefix: str, text: str) -> Period | None:
    try:
        if match := _MONTH_END_RE.match(words):
            return _deadline(campaign_year, _month_end(year, _number(match[1])))
        if match := _MONTH_RE.match(words):
            month = _number(match[1])
            return Period(f"{prefix}{month}月", date(year, month, 1), _month_end(year, month))
        if match := _DAY_RE.match(words):
            return _deadline(campaign_year, date(year, _number(match[1]), _number(match[2])))
    except ValueError:
        raise DueDateError("no_such_date", text=text) from None
    return None


def due_periods(text: str, year: int) -> tuple[Period, ...]:
    """The periods the due words ``text`` name in campaign ``year``, in time order.

    Raises :class:`DueDateError` ("empty", "unreadable", "no_such_date") with ``text``.
    """
    words = _normalize(text)
    if not words:
        raise DueDateError("empty", text=text)
    named = re.match(r"^(\d{4})年(?:度)?", words)
    effective = int(named[1]) if named else year
    rest = words[named.end() :] if named else words
    prefix = _prefix(named is not None, effective)
    if named and not rest:
        rest = "全年"
    if (periods := _recurrence(rest, effective, prefix)) is not None:
        return periods
    period = (
        _year_words(rest, effective, prefix)
        or _quarter_words(rest, effective, year, prefix)
        or _date_words(rest, effective, year, prefix, text)
    )
    if period is None:
        raise DueDateError("unreadable", text=text)
    return (period,)


_COUNT_RE = re.compile(
    r"(?:至少|不少于|最少|不低于|起码)(?:要|有|要有|提供|开展|组织|举办)?"
    + _NUMBER
    + r"(?:次|篇|个|张|场|期|条|份|项|类|批|回|人次)"
)


def minimum_count(text: str) -> int:
    """How many pieces of material each occurrence needs: the largest "至少N次" named, else 0."""
    counts = []
    for match in _COUNT_RE.finditer(_NOISE.sub("", text)):
        try:
            counts.append(_number(match[1]))
        except ValueError:
            continue
    return max(counts, default=0)
