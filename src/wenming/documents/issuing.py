"""An official document (公文) as a download: Word or PDF, named in Chinese."""

from django.http import Http404, HttpResponse

from . import gongwen
from .downloads import content_disposition
from .official import OfficialDocument

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = ("docx", "pdf")


def official_response(doc: OfficialDocument, name: str, fmt: str) -> HttpResponse:
    """``doc`` laid out by the one 公文 builder as ``name``.docx or ``name``.pdf."""
    if fmt == "docx":
        response = HttpResponse(gongwen.build_docx(doc), content_type=DOCX)
    elif fmt == "pdf":
        response = HttpResponse(gongwen.build_pdf(doc), content_type="application/pdf")
    else:
        raise Http404
    response["Content-Disposition"] = content_disposition(f"{name}.{fmt}")
    return response
