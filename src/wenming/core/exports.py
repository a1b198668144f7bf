"""Every list page's Excel export, by name: the one place that reaches each app's rows.

Each app's export function takes the user and the page's query string, checks the page's
permission, applies the page's own filter (shared with the page) and returns a
``ListExport`` whose rows are lazy ``values_list`` iterators. Core sits above every app,
so it may call them all; the view and the task worker both come through ``build_export``.
"""

from collections.abc import Callable

from django.http import Http404, QueryDict

from wenming.accounts.models import User
from wenming.assessment.exports import (
    marks_export,
    questionnaire_rates_export,
    ranking_document,
    ranking_export,
)
from wenming.campaigns.exports import (
    applications_export,
    quotas_export,
    recommendations_export,
)
from wenming.committee.documents import certificates_export, honor_roll_export
from wenming.documents.jobs import DocumentExport
from wenming.documents.xlsx import ListExport
from wenming.publicity.exports import objections_export
from wenming.screening.exports import answers_export
from wenming.supervision.exports import items_export

Exporter = Callable[[User, QueryDict], ListExport]

EXPORTS: dict[str, Exporter] = {
    "applications": applications_export,
    "quotas": quotas_export,
    "recommendations": recommendations_export,
    "objections": objections_export,
    "screening-answers": answers_export,
    "supervision-items": items_export,
    "marks": marks_export,
    "questionnaire-rates": questionnaire_rates_export,
    "ranking": ranking_export,
}


DocumentBuilder = Callable[[User, QueryDict], DocumentExport]

# Long documents written only by the task worker (never inside a request), by name.
DOCUMENTS: dict[str, DocumentBuilder] = {
    "certificates": certificates_export,
    "honor-roll": honor_roll_export,
    "ranking-pdf": ranking_document,
}


def build_document(kind: str, user: User, query: str) -> DocumentExport:
    """The document named ``kind`` for ``user`` (404 if unknown; the builder checks the
    permission)."""
    builder = DOCUMENTS.get(kind)
    if builder is None:
        raise Http404
    return builder(user, QueryDict(query))


def build_export(kind: str, user: User, query: str) -> ListExport:
    """The export named ``kind`` for ``user`` with the page's query string (404 if unknown)."""
    exporter = EXPORTS.get(kind)
    if exporter is None:
        raise Http404
    return exporter(user, QueryDict(query))
