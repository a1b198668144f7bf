"""Reading an issued 公文 back as a clerk would: its paragraphs, its tables, its PDF text,
and its Chinese download name."""

import io
from urllib.parse import unquote

from docx import Document
from pypdf import PdfReader

from wenming.documents.official import OfficialDocument, Paragraph, Table
from wenming.registry.letterheads import letterhead_defaults, letterhead_set


def docx_paragraphs(body: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(body)).paragraphs]


def docx_tables(body: bytes) -> list[list[list[str]]]:
    """Every table of the document, as rows of cell texts."""
    return [
        [[cell.text for cell in row.cells] for row in table.rows]
        for table in Document(io.BytesIO(body)).tables
    ]


def pdf_text(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    return "".join(page.extract_text() for page in reader.pages).replace(" ", "")


def download_name(response) -> str:
    """The Chinese file name of the RFC 5987 ``filename*``."""
    header = response["Content-Disposition"]
    return unquote(header.split("filename*=UTF-8''", 1)[1])


def body_text(doc: OfficialDocument) -> str:
    return "".join(block.text for block in doc.body if isinstance(block, Paragraph))


def attachment_rows(doc: OfficialDocument, index: int = 0) -> list[tuple[str, ...]]:
    return [
        row
        for block in doc.attachments[index].blocks
        if isinstance(block, Table)
        for row in block.rows
    ]


def set_letterhead(user, office, code: str, copies_to: str = "") -> None:
    """The office's letterhead as it prints by default, with its 机关代字 set."""
    defaults = letterhead_defaults(office)
    letterhead_set(
        acting_user=user,
        office=office,
        mark=defaults.mark,
        number_code=code,
        signature=defaults.signature,
        printer=defaults.printer,
        copies_to=copies_to,
    )
