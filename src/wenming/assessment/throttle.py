"""The limit on questionnaire answers from one client address (``wenming.throttle``).

The public answer page and the API share it: a whole office may answer from one
address, so the limit is generous."""

from collections.abc import Mapping
from typing import Any

from wenming.throttle import over_limit

#: Answers accepted from one address per window (a whole office may share one address).
RATE_LIMIT, RATE_WINDOW = 120, 600


def too_many_answers(meta: Mapping[str, Any]) -> bool:
    """Count one answer from the request's client (``request.META``); True once that
    client has sent too many lately."""
    return over_limit("questionnaire", meta, limit=RATE_LIMIT, window=RATE_WINDOW)
