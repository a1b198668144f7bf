"""The one 公文 builder: every document the office issues, as Word and as PDF.

``build_docx(doc)`` and ``build_pdf(doc)`` lay out a ``documents.official.OfficialDocument``
per GB/T 9704-2012 《党政机关公文格式》: the measures and marks in ``gongwen_format``, the
Word layout in ``gongwen_docx``, the PDF layout in ``gongwen_pdf``
(docs/rules.md#official-documents).
"""

from .gongwen_docx import build_docx
from .gongwen_pdf import build_pdf

__all__ = ["build_docx", "build_pdf"]
