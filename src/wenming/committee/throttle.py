"""The limit on certificate checks from one client address (``wenming.throttle``).

The public check page and the API share it, one budget per citizen: otherwise the codes
could be guessed through whichever of the two is not counted."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from wenming.throttle import over_limit

#: Checks from one address per window: a person checks a few certificates, an office
#: a wall of plaques; guessing codes needs far more.
VERIFY_LIMIT, VERIFY_WINDOW = 60, 600

#: What the page and the API say once the limit is reached.
TOO_MANY_CHECKS = _("查验次数过多，请 10 分钟后再试。")


def too_many_checks(meta: Mapping[str, Any]) -> bool:
    """Count one check from the request's client (``request.META``); True once that
    client has made more than ``VERIFY_LIMIT`` in the current window."""
    return over_limit("certificate-check", meta, limit=VERIFY_LIMIT, window=VERIFY_WINDOW)
