"""PDF from HTML with WeasyPrint, fetching nothing from the network.

The fetcher lets through ``data:`` URLs and our own static files (found by Django's
staticfiles finders, never over HTTP); every other URL is refused, so a document can
neither leak a request nor wait on an intranet without internet.
"""

from __future__ import annotations

import mimetypes
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
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
