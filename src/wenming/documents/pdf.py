"""PDF from HTML with WeasyPrint, fetching nothing from the network; long documents in
parts, merged with pypdf.

The fetcher lets through ``data:`` URLs and our own static files (found by Django's
staticfiles finders, never over HTTP); every other URL is refused, so a document can
neither leak a request nor wait on an intranet without internet.

WeasyPrint lays out a whole document in memory: 5,000 rows of the ranking took 1.2 GB
and most of a minute. A long document is therefore rendered in parts of ``CHUNK_ROWS``
rows (``segments`` packs the groups' rows into parts) and merged (``parts_pdf``); its
page numbers are stamped afterwards over the whole, so 3 / 40 stays right across parts.

The stamp touches no page's drawing (``_stamp``): each page's own content stream, still
compressed, becomes a form XObject that a three-word content stream draws, followed by
the numbers' page as a second one. pypdf's ``merge_page`` instead parsed every page's
content and wrote it back uncompressed (the merged file ten times the size of one
render), and added the stamp's fonts to the part's shared font dictionary once per page.
"""

from __future__ import annotations

import io
import mimetypes
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import IO, Any

from django.conf import settings
from django.contrib.staticfiles import finders
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    NameObject,
    StreamObject,
)
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

BASE_URL = "https://wenming.invalid/"


class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]  # weasyprint has no type hints
    """Serves data: URLs and static files; refuses everything else."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        prefix = BASE_URL.rstrip("/") + settings.STATIC_URL
        if url.startswith(prefix):
            relative = url[len(prefix) :].split("?")[0].split("#")[0]
            if ".." not in relative.split("/"):
                found = finders.find(relative)
                if isinstance(found, str):
                    with open(found, "rb") as handle:
                        body = handle.read()
                    mime = mimetypes.guess_type(found)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})
        raise ValueError(f"refused to fetch {url}")


def render_pdf(html: str) -> bytes:
    """The PDF of an HTML document whose assets are static files or data: URLs."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher())
    pdf: bytes = document.write_pdf()
    return pdf


# ---- long documents, in parts ---------------------------------------------------------------

#: Rows per WeasyPrint run of a long document: its memory grows with the rows it lays out.
CHUNK_ROWS = 500

_END = object()


@dataclass
class Segment[G, R]:
    """Part of one group's rows (an award's table, a title's list) within one render:
    ``start`` rows of the group come before it; ``ends`` when its last row is here."""

    group: G
    rows: list[R]
    start: int
    ends: bool

    @property
    def continued(self) -> bool:
        return self.start > 0


def segments[G, R](
    groups: Iterable[tuple[G, Iterable[R]]], size: int
) -> Iterator[list[Segment[G, R]]]:
    """The groups' rows packed in parts of at most ``size`` rows, in order; a group with
    no rows still has its (empty) segment. Rows are read lazily, one part at a time."""
    part: list[Segment[G, R]] = []
    filled = 0
    for group, rows in groups:
        it = iter(rows)
        ahead: Any = next(it, _END)
        if ahead is _END:
            part.append(Segment(group, [], 0, ends=True))
            continue
        start = 0
        while ahead is not _END:
            chunk = [ahead, *islice(it, size - filled - 1)]
            ahead = next(it, _END)
            part.append(Segment(group, chunk, start, ends=ahead is _END))
            start += len(chunk)
            filled += len(chunk)
            if filled >= size:
                yield part
                part, filled = [], 0
    if part:
        yield part


def flagged[T](parts: Iterable[T]) -> Iterator[tuple[T, bool, bool]]:
    """Each part with whether it is the first and whether it is the last (one ahead)."""
    it = iter(parts)
    ahead: Any = next(it, _END)
    first = True
    while ahead is not _END:
        current, ahead = ahead, next(it, _END)
        yield current, first, ahead is _END
        first = False


def _numbers_html(pages: int, page_css: str, font_css: str) -> str:
    """``pages`` empty pages with only the footer ``n / N``, to stamp on the merged parts."""
    blank = '<div class="p"></div>' * pages
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><style>{font_css}\n{page_css}\n"
        ".p { break-after: page; } .p:last-child { break-after: auto; }"
        f"</style></head><body>{blank}</body></html>"
    )


def parts_pdf(
    parts: Iterable[str], out: IO[bytes], *, page_css: str = "", font_css: str = ""
) -> int:
    """Render each HTML part on its own (bounded memory, however long the document),
    merge them into ``out`` with pypdf, and return the number of pages.

    With ``page_css`` (an ``@page`` rule whose margin box prints ``counter(page) " / "
    counter(pages)``), the page numbers are stamped over the merged document, so they
    count across parts: the parts themselves must print none."""
    writer = PdfWriter()
    for html in parts:
        writer.append(io.BytesIO(render_pdf(html)))
    total = len(writer.pages)
    if page_css and total:
        stamps = PdfReader(io.BytesIO(render_pdf(_numbers_html(total, page_css, font_css))))
        drawing: EncodedStreamObject | None = None
        for page, stamp in zip(writer.pages, stamps.pages, strict=True):
            drawing = _stamp(writer, page, stamp, drawing)
    # Objects the parts repeat byte for byte (colour spaces, graphics states, the subsets
    # of fonts only digits and Latin letters reach) are written once.
    writer.compress_identical_objects()
    writer.write(out)
    return total


#: The names the stamped page draws its own content and its page number by.
_BODY, _NUMBER = NameObject("/WenmingBody"), NameObject("/WenmingPageNumber")


def _as_form(stream: StreamObject, page: PageObject) -> None:
    """Turn ``page``'s content stream into a form XObject with the page's resources and
    box, in place (its data, compressed as it is, is not read)."""
    stream[NameObject("/Type")] = NameObject("/XObject")
    stream[NameObject("/Subtype")] = NameObject("/Form")
    stream[NameObject("/BBox")] = ArrayObject(page.mediabox)
    stream[NameObject("/Resources")] = page.get("/Resources", DictionaryObject())


def _stamp(
    writer: PdfWriter, page: PageObject, stamp: PageObject, drawing: EncodedStreamObject | None
) -> EncodedStreamObject:
    """Draw ``stamp`` (a page of another PDF, the same size) over ``page`` of ``writer``:
    both become form XObjects, which ``drawing`` (shared by every stamped page: made on
    the first) draws one over the other; each is drawn in a saved graphics state, so
    whatever transformation the page's content leaves does not move the stamp."""
    body, numbers = page["/Contents"], stamp["/Contents"]
    if not (isinstance(body, StreamObject) and isinstance(numbers, StreamObject)):
        raise ValueError("a page drawn in several content streams")  # WeasyPrint draws one
    _as_form(body, page)
    _as_form(numbers, stamp)
    forms = DictionaryObject({_BODY: body.indirect_reference})
    forms[_NUMBER] = numbers.clone(writer).indirect_reference  # with its fonts, once
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): forms})
    if drawing is None:
        plain = DecodedStreamObject()
        plain.set_data(f"q {_BODY} Do Q q {_NUMBER} Do Q".encode())
        drawing = plain.flate_encode()
        del page[NameObject("/Contents")]
        page.replace_contents(drawing)  # now an object of the writer's
    else:
        page[NameObject("/Contents")] = drawing.indirect_reference
    return drawing
