"""What an official document (公文) says, before it is laid out as Word or PDF.

Every document the office issues (通报, 推荐报告, 命名决定, 公示, 整改通知书, 督办通知书,
名额通知) is built as an ``OfficialDocument`` by the app that owns it, then laid out by the
one builder in GB/T 9704-2012 《党政机关公文格式》 (docs/rules.md#official-documents).
Every text arrives translated; the builder adds only the format's own marks (the full-width
colon after the addressees, 附件, 抄送, 印发, page numbers).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Letterhead:
    """The issuing office's settings, set once (registry ``Letterhead``)."""

    mark: str  # 发文机关标志, printed in red: e.g. 清源区精神文明建设委员会办公室文件
    number: str  # 发文字号, already formatted: 清文明办〔2026〕12号 ("" when unnumbered)
    signature: str  # 发文机关署名 above the date: e.g. 清源区精神文明建设委员会办公室
    printer: str  # 印发机关 in the 版记
    copies_to: tuple[str, ...] = ()  # 抄送机关


@dataclass(frozen=True)
class Paragraph:
    """Body text. ``level`` 0 is plain text; 1–4 are the headings 一、（一）1.（1）."""

    text: str
    level: int = 0


@dataclass(frozen=True)
class Table:
    """A table in the body or an attachment; ``heading`` may be empty.

    ``widths`` are the columns' relative widths (weights, e.g. ``(1, 4, 2)``); None lets
    the builder weigh each column by its longest text, within bounds.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    heading: str = ""
    empty_text: str = ""  # shown instead of an empty table
    widths: tuple[float, ...] | None = None


Block = Paragraph | Table


@dataclass(frozen=True)
class Attachment:
    """附件N: named in the 附件说明 and starting on a new page after the body."""

    title: str
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class OfficialDocument:
    letterhead: Letterhead
    title: str  # 标题, 2号小标宋; "\n" marks where a long title breaks (else the builder picks)
    addressees: str  # 主送机关, without its colon
    body: tuple[Block, ...]
    signed_on: date  # 成文日期
    attachments: tuple[Attachment, ...] = ()
    printed_on: date | None = None  # 印发日期; the signing date when None
    sealed: bool = True  # leave room for the seal over the date
