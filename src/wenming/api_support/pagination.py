"""Pages of every API list: ``?limit=…&offset=…``, checked rather than silently ignored.

DRF's own limit/offset pagination reads ``limit=abc`` or ``offset=-1`` as "no value" and
answers a default page; a caller then cannot tell its mistake. Here a value that is not a
whole number in range is a 400 that says what is allowed.
"""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.views import APIView

#: The largest page; a bigger ``limit`` is refused (a list is read page by page).
MAX_LIMIT = 200
#: The largest ``offset``: far beyond any list, and within every database's integers.
MAX_OFFSET = 1_000_000_000


def _whole_number(raw: str, low: int, high: int) -> int | None:
    """``raw`` as an integer within low..high, or None."""
    text = raw.strip()
    if not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if low <= value <= high else None


class CheckedLimitOffsetPagination(LimitOffsetPagination):
    """Limit/offset pages whose parameters are validated (set as DEFAULT_PAGINATION_CLASS)."""

    max_limit = MAX_LIMIT

    def get_limit(self, request: Request) -> int | None:
        raw = request.query_params.get(self.limit_query_param)
        if raw is None:
            return self.default_limit
        value = _whole_number(raw, 1, MAX_LIMIT)
        if value is None:
            message = _("limit 应为 1 到 %(max)s 之间的整数（每页条数），例如 limit=50。")
            raise ValidationError({self.limit_query_param: [message % {"max": MAX_LIMIT}]})
        return value

    def get_offset(self, request: Request) -> int:
        raw = request.query_params.get(self.offset_query_param)
        if raw is None:
            return 0
        value = _whole_number(raw, 0, MAX_OFFSET)
        if value is None:
            message = _("offset 应为 0 到 %(max)s 之间的整数（跳过的条数），例如 offset=0。")
            raise ValidationError({self.offset_query_param: [message % {"max": MAX_OFFSET}]})
        return value

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        limit, offset = super().get_schema_operation_parameters(view)
        limit["schema"] |= {"minimum": 1, "maximum": MAX_LIMIT}
        offset["schema"] |= {"minimum": 0, "maximum": MAX_OFFSET}
        return [limit, offset]
