"""System checks of the deployment (``manage.py check --deploy``), beside Django's own.

Django's ``security.W009`` knows only its own generated keys; this check also names
Wenming's public development key, which anyone can read in the source and forge
sessions with (GB/T 22239-2019 §8.1.4.1 身份鉴别, §8.1.4.8 数据完整性). And a
superuser, who holds every power at once, is flagged against 三员分立 (§8.1.4.2 访问控制).
"""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.checks import CheckMessage, Tags, Warning, register
from django.db import DatabaseError

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


@register(Tags.security, deploy=True)
def check_superusers(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """Flag active superusers (wenming.W002): one holds every power, against 三员分立."""
    # Through the configured user model: core is above accounts, but settings name it.
    try:
        names = list(
            get_user_model()
            ._default_manager.filter(is_superuser=True, is_active=True)
            .values_list(get_user_model().USERNAME_FIELD, flat=True)[:5]
        )
    except DatabaseError:
        return []  # a database not migrated yet (a fresh deploy) holds no account
    if not names:
        return []
    return [
        Warning(
            f"Active superusers exist ({', '.join(map(str, names))}): a superuser holds every "
            "power at once, while the separation of duties (三员分立, GB/T 22239-2019 "
            "§8.1.4.2) requires the system, security and audit administrators to be "
            "different people.",
            hint="Create the three administrators with 'manage.py create_administrator' and "
            "clear is_superuser (or deactivate) the superuser accounts.",
            id="wenming.W002",
        )
    ]
