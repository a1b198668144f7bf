"""A per-address limit on questionnaire answers, counted in Django's cache.

The public answer page and the API share it: a whole office may answer from one
address, so the limit is generous."""

from collections.abc import Mapping
from typing import Any

from django.core.cache import cache

#: Answers accepted from one address per window (a whole office may share one address).
RATE_LIMIT, RATE_WINDOW = 120, 600


def too_many_answers(meta: Mapping[str, Any]) -> bool:
    """Count one answer from the request's address (``request.META``); True once that
    address has sent too many lately."""
    key = f"questionnaire-rate:{meta.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, RATE_WINDOW)
    try:
        return cache.incr(key) > RATE_LIMIT
    except ValueError:  # expired between add and incr
        return False
