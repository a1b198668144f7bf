"""The project's own middleware: proxy headers only from proxies, Chinese first, and the
request-body limit.

Chinese first: the interface is zh-hans unless the person chose English.

Django would otherwise follow the browser's Accept-Language, and an office PC with
an English system would open in English. The choice made with the language link
(a cookie) still wins.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from wenming.throttle import is_trusted_proxy

#: Headers only a reverse proxy may set: the scheme (``SECURE_PROXY_SSL_HEADER``), the
#: host and the client's address.
PROXY_HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_FOR")


class ProxyHeadersMiddleware:
    """Drop the proxy headers of a request that did not come through a trusted proxy:
    Django believes ``X-Forwarded-Proto`` from any peer once ``SECURE_PROXY_SSL_HEADER`` is
    set, so a client reaching the application directly could claim HTTPS."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_trusted_proxy(str(request.META.get("REMOTE_ADDR") or "")):
            for header in PROXY_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


class ChineseFirstMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RequestBodyLimitMiddleware:
    """A request body beyond ``REQUEST_MAX_BYTES`` is refused with 413 before anything
    reads it (the CSRF check would read the form; the upload handlers would spool the
    files to disk). A chunked body without a length is refused with 411: under WSGI
    Django would not read it anyway, and refusing says so instead of an empty form.

    Django's own ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bounds only the form's non-file fields;
    this bounds the whole body, files included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit: int = settings.REQUEST_MAX_BYTES
        declared = request.META.get("CONTENT_LENGTH") or ""
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if not declared and chunked:
            return _refusal(411, _("请求未声明长度，已拒收。请使用浏览器或标准客户端重新上传。"))
        try:
            length = int(declared) if declared else 0
        except ValueError:
            length = 0  # Django reads nothing of a body whose length it cannot parse
        if length > limit:
            message = _("上传的内容超过 %(mb)d MB，已拒收。请压缩或拆分文件后分批上传。") % {
                "mb": limit // (1024 * 1024)
            }
            return _refusal(413, message)
        return self.get_response(request)


def _refusal(status: int, message: str) -> HttpResponse:
    """A plain page: no session, template or database is touched for a refused body."""
    body = format_html(
        '<!doctype html><html lang="zh-hans"><meta charset="utf-8"><title>{}</title>'
        "<h1>{}</h1><p>{}</p></html>",
        _("无法接收"),
        _("无法接收"),
        message,
    )
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")
