"""The measures and marks of GB/T 9704-2012 《党政机关公文格式》, shared by the Word and PDF
layouts (docs/rules.md#official-documents).

A4 with a 156 × 225 mm 版心 (margins 37/35/28/26 mm), 22 lines of 28 characters of 3号
(16 pt) text. Sizes are in points, lengths in millimetres. The few words the format adds
(附件, 抄送, 印发) go through gettext; everything else arrives translated in the document.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext

from .official import Attachment, Letterhead, OfficialDocument, Table
from .style import date_words

PT_PER_MM = 72 / 25.4

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210.0, 297.0
MARGIN_TOP_MM, MARGIN_BOTTOM_MM = 37.0, 35.0
MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 28.0, 26.0
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 156
TEXT_HEIGHT_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM  # 225
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
# 225 mm / 22 = 28.99 pt; the templates offices use (and Word's 579-twip grid) take 28.95.
LINE_PITCH_PT = 28.95
CHAR_PITCH_PT = TEXT_WIDTH_MM * PT_PER_MM / CHARS_PER_LINE  # ≈ 15.8 pt

SIZE_2 = 22.0  # 2号: the title
SIZE_3 = 16.0  # 3号: body, headings, 附件 heading, 发文字号
SIZE_4 = 14.0  # 4号: page numbers and the 版记
SIZE_TABLE = 10.5  # 五号: table cells in attachments
TITLE_CHARS = int(TEXT_WIDTH_MM * PT_PER_MM / SIZE_2)  # 20 characters of 2号 on a line
MARK_MAX_PT = 42.0  # the 发文机关标志: at most 15 mm a character, and on one line
MARK_TOP_MM = 35.0  # the mark's top edge, below the 版心's top edge
RULE_BELOW_NUMBER_MM = 4.0  # the red separator under the 发文字号
PAGE_NUMBER_BELOW_MM = 7.0  # the page number's dashes, below the 版心
RED = "FF0000"

# Word's font names (the machines offices use have them); the PDF embeds free look-alikes
# (fonts.py): Noto Serif CJK SC for 宋/仿宋/楷/小标宋, Noto Sans CJK SC for 黑体.
XIAOBIAOSONG = "方正小标宋简体"
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"


@dataclass(frozen=True)
class HeadingStyle:
    font: str  # a Word font name above
    bold: bool = False


# 一、 黑体; （一） 楷体; 1. 仿宋 bold; （1） 仿宋 (GB/T 9704-2012 7.3.3).
HEADING_STYLES = {
    0: HeadingStyle(FANGSONG),
    1: HeadingStyle(HEITI),
    2: HeadingStyle(KAITI),
    3: HeadingStyle(FANGSONG, bold=True),
    4: HeadingStyle(FANGSONG),
}


def heading_style(level: int) -> HeadingStyle:
    return HEADING_STYLES.get(level, HEADING_STYLES[0])


def text_width(text: str) -> float:
    """The width of ``text`` in characters of its size: CJK and full-width count 1, the rest ½."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


# A run of Latin letters, digits and URL punctuation no line may break inside (in Word):
# eight characters' width or more, it would leave the line before it spread out.
LONG_WORD = re.compile(r"[!-~]{16,}")
URL = re.compile(r"https?://[!-~]+")


def has_long_word(text: str) -> bool:
    return LONG_WORD.search(text) is not None


def mark_size(mark: str) -> float:
    """The mark's size in points: as large as MARK_MAX_PT, but on one line of the 版心."""
    width = max(text_width(mark), 1.0)
    return min(MARK_MAX_PT, int(TEXT_WIDTH_MM * PT_PER_MM / width))


def addressees_line(addressees: str) -> str:
    """主送机关 followed by a full-width colon (one, whatever the text ended with)."""
    stripped = addressees.strip().rstrip(":：").strip()
    return f"{stripped}：" if stripped else ""


def attachment_label(index: int, count: int) -> str:
    """附件 when there is one attachment, 附件1, 附件2 … when there are several."""
    if count == 1:
        return gettext("附件")
    return gettext("附件%(number)s") % {"number": index}


def attachment_notes(attachments: tuple[Attachment, ...]) -> list[tuple[str, str, str]]:
    """The 附件说明 lines as (lead, number, name): ("附件：", "1.", "名称"), ("", "2.", …).

    One attachment is named without a number. Wrapped lines align with the names.
    """
    lead = gettext("附件：")
    if len(attachments) == 1:
        return [(lead, "", attachments[0].title)]
    return [(lead if i == 1 else "", f"{i}.", a.title) for i, a in enumerate(attachments, start=1)]


def copies_line(letterhead: Letterhead) -> str:
    """抄送：甲，乙，丙。 — or "" when the office sends no copies."""
    names = [n.strip() for n in letterhead.copies_to if n.strip()]
    if not names:
        return ""
    return gettext("抄送：%(names)s。") % {"names": "，".join(names)}


def printed_line(doc: OfficialDocument) -> tuple[str, str]:
    """(印发机关, "2026年12月1日印发") for the 版记's last line."""
    day = doc.printed_on or doc.signed_on
    return doc.letterhead.printer, gettext("%(date)s印发") % {"date": date_words(day)}


def signature_indents(signature: str, dated: str, *, sealed: bool) -> tuple[float, float]:
    """Right indents, in characters, of the 署名 and the 成文日期 (GB/T 9704-2012 7.3.5).

    Sealed: the date stands four characters from the right edge and the signature is
    centred over it (a longer signature keeps to the edge, the date centred under it).
    Unsealed: the signature two characters from the edge, the date starting two
    characters right of the signature's first character.
    """
    sig, day = text_width(signature), text_width(dated)
    if not sealed:
        date_indent = max(0.0, 2 + sig - 2 - day)
        return max(2.0, date_indent + day + 2 - sig), date_indent
    centre = 4 + day / 2
    if centre - sig / 2 < 0:
        centre = sig / 2
    return centre - sig / 2, centre - day / 2


# --- tables -------------------------------------------------------------------------------

# The weight a column's longest text gives, with a character for the cell's margins.
COLUMN_MIN_CHARS, COLUMN_MAX_CHARS = 3.0, 17.0
CELL_MARGIN_MM = 3.8  # Word's 0.19 cm on either side of a cell's text


def column_widths(table: Table) -> tuple[float, ...]:
    """Each column's share of the table's width (they add up to 1).

    The table's own ``widths`` when it gives them; otherwise each column weighs as its
    longest text (header or cell) and a character of margin, at least three and at most
    seventeen characters, so a
    unit's name gets room and a short 序号 or 得分 column stays narrow.
    """
    count = len(table.columns)
    if table.widths is not None and len(table.widths) == count and sum(table.widths) > 0:
        weights = [max(float(w), 0.0) for w in table.widths]
    else:
        weights = []
        for index, header in enumerate(table.columns):
            texts = [header, *(row[index] for row in table.rows if index < len(row))]
            longest = max(text_width(t) for t in texts)
            weights.append(min(COLUMN_MAX_CHARS, max(COLUMN_MIN_CHARS, longest + 1)))
    total = sum(weights)
    return tuple(w / total for w in weights)


def cell_chars(share: float) -> float:
    """How many 五号 characters a line of a column of ``share`` of the 版心 holds."""
    return (TEXT_WIDTH_MM * share - CELL_MARGIN_MM) * PT_PER_MM / SIZE_TABLE


# --- the title ----------------------------------------------------------------------------

# Where a title reads well broken (GB/T 9704-2012 7.3.1: 词意完整, 排列对称): after a
# "的" or a ，, after 年度 or 届 (第二十届), after 单位 (not 单位标兵), before 和, 及, 有关, 拟
# or a level (市级 …, not in 省、市级), or before the closing "的决定" / "的通报" / …. Never
# right after a 、, which joins its neighbours (省、市级).
_BREAK_AFTER = ("的", "，", "年度", "届", "单位")
_BREAK_BEFORE = ("和", "及", "有关", "拟", "全国", "省级", "市级", "县级", "区级")
_NOT_BEFORE = ("标兵", "、", "，", "的", "）", "。")
_KINDS = ("决定", "通报", "通知", "报告", "公示", "意见", "批复", "函", "公告", "通告", "请示")


def title_lines(title: str, limit: int = TITLE_CHARS) -> list[str]:
    """The title's lines: the document's own "\\n" breaks, else one line when it fits,
    else the fewest lines, broken at natural points where it can be, as even as may be."""
    if "\n" in title:
        return [line.strip() for line in title.split("\n") if line.strip()]
    title = title.strip()
    if text_width(title) <= limit:
        return [title]
    natural = _natural_breaks(title)
    # best[i]: the best way to set title[:i] as (breaks not natural, lines, sum of the
    # lines' squared widths: the smaller, the more even), with the cuts that give it.
    best: list[tuple[tuple[int, int, float], list[int]] | None] = [None] * (len(title) + 1)
    best[0] = ((0, 0, 0.0), [])
    for end in range(1, len(title) + 1):
        if end < len(title) and _wordish(title[end - 1]) and _wordish(title[end]):
            continue  # never inside a number or a Latin word
        for start in range(end - 1, -1, -1):
            width = text_width(title[start:end])
            if width > limit:
                break
            before = best[start]
            if before is None:
                continue
            (forced, lines, square), cuts = before
            key = (forced + (end < len(title) and end not in natural), lines + 1, square + width**2)
            current = best[end]
            if current is None or key < current[0]:
                best[end] = (key, [*cuts, end])
    result = best[len(title)]
    if result is None:  # a word longer than the line: the line breaks it
        return [title]
    cuts = [0, *result[1]]
    return [title[a:b] for a, b in itertools.pairwise(cuts)]


def _natural_breaks(title: str) -> set[int]:
    natural: set[int] = set()
    for word in _BREAK_AFTER:
        natural.update(i + len(word) for i in range(len(title)) if title.startswith(word, i))
    for word in _BREAK_BEFORE:
        natural.update(i for i in range(len(title)) if title.startswith(word, i))
    for kind in _KINDS:
        if title.endswith("的" + kind):
            natural.add(len(title) - len(kind) - 1)
            natural.discard(len(title) - len(kind))  # not "…的" over "决定"
    natural.discard(2 if title.startswith("关于") else -1)  # never 关于 alone
    return {
        cut
        for cut in natural
        if not title.startswith(_NOT_BEFORE, cut) and not title[:cut].endswith("、")
    }


def _wordish(char: str) -> bool:
    return char.isascii() and char.isalnum()
