"""System checks of the deployment (``manage.py check --deploy``), beside Django's own.

Django's ``security.W009`` knows only its own generated keys; this check also names
Wenming's public development key, which anyone can read in the source and forge
sessions with (GB/T 22239-2019 §8.1.4.1 身份鉴别, §8.1.4.8 数据完整性).
"""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

#: Shorter keys, or keys of fewer distinct characters, are too easy to guess (as Django's W009).
MIN_LENGTH, MIN_UNIQUE = 50, 5


def weak_key_reason(key: str) -> str | None:
    """Why ``key`` must not sign a production site's sessions, or None when it may."""
    if key == settings.DEV_SECRET_KEY:
        return "it is the public development key written in wenming/settings.py"
    if len(key) < MIN_LENGTH:
        return f"it has fewer than {MIN_LENGTH} characters"
    if len(set(key)) < MIN_UNIQUE:
        return f"it has fewer than {MIN_UNIQUE} different characters"
    return None


@register(Tags.security, deploy=True)
def check_secret_key(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """Flag a weak SECRET_KEY (wenming.W001)."""
    reason = weak_key_reason(settings.SECRET_KEY)
    if reason is None:
        return []
    return [
        Warning(
            f"SECRET_KEY is weak: {reason}. Anyone who knows or guesses it can forge sessions.",
            hint="Set SECRET_KEY to a new random value, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'",
            id="wenming.W001",
        )
    ]
