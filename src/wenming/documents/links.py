"""Public links: the address printed in certificates, QR codes and e-mails.

``settings.SITE_URL`` is the site's public address (e.g. ``https://wenming.example.gov.cn``);
when it is empty, the address is taken from the request (its host as the browser sent it).
A link made outside a request (a background task) with no ``SITE_URL`` stays a path.
"""

import base64
import io
from typing import Protocol

import segno
from django.conf import settings


class HasHost(Protocol):
    """A Django request, or the API's request wrapping one."""

    def build_absolute_uri(self, location: str | None = None) -> str: ...


def public_url(path: str, request: HasHost | None = None) -> str:
    """The absolute public address of ``path`` (a path beginning with ``/``)."""
    site = str(getattr(settings, "SITE_URL", "") or "").rstrip("/")
    if site:
        return site + path
    if request is not None:
        return request.build_absolute_uri(path)
    return path


def qr_svg(text: str, scale: int = 4) -> str:
    """A QR code of ``text`` as a standalone SVG document (with its namespace, which a
    browser needs to draw it as an image; no script, no external file: CSP-safe)."""
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=scale, border=2, xmldecl=False)
    return out.getvalue().decode()


def qr_data_url(text: str, scale: int = 4) -> str:
    """A QR code of ``text`` as an SVG ``data:`` URL (the CSP allows data: images)."""
    svg = qr_svg(text, scale=scale)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def share_context(path: str, request: HasHost | None = None) -> dict[str, str]:
    """What ``core/_share.html`` shows: the page's full public address and its QR code."""
    url = public_url(path, request)
    return {"share_url": url, "share_qr": qr_data_url(url)}


def site_link(path: str) -> str:
    """The public address of ``path`` for a message sent outside a request (a mail sent by
    the task worker): with ``SITE_URL`` set, the full address; without it, "" (there is no
    host to take, and a bare path in a mail would lead nowhere)."""
    site = str(getattr(settings, "SITE_URL", "") or "").rstrip("/")
    return site + path if site else ""


def with_link(text: str, path: str, label: str) -> str:
    """``text`` followed by a line ``label`` + the public address of ``path``, when there
    is one (see :func:`site_link`)."""
    link = site_link(path)
    return f"{text}\n\n{label}{link}" if link else text
