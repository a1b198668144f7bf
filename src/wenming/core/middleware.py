"""Chinese first: the interface is zh-hans unless the person chose English.

Django would otherwise follow the browser's Accept-Language, and an office PC with
an English system would open in English. The choice made with the language link
(a cookie) still wins.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class ChineseFirstMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
