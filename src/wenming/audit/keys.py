"""The key of the audit chain's HMAC, read from the settings (the environment), never the database.

An attacker who can write the database can recompute a plain hash chain; with the key kept
outside it (``AUDIT_HMAC_KEY``) a rewritten chain no longer verifies. In development (DEBUG
on) and without a key, a fixed, clearly named development key is used; with DEBUG off and
no key, writing an audit event is refused, and ``check --deploy`` reports it (audit.E001).
"""

import hashlib
import hmac
from functools import lru_cache

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning
from django.core.exceptions import ImproperlyConfigured

#: Used only with DEBUG on and no AUDIT_HMAC_KEY: a chain under it proves nothing.
DEVELOPMENT_KEY = "wenming-audit-development-key-not-secret"
#: A shorter key is guessable; 32 characters (e.g. ``openssl rand -hex 32`` gives 64).
MIN_KEY_LENGTH = 32

MISSING_KEY = (
    "AUDIT_HMAC_KEY is not set: with DEBUG off the audit trail is not written without its key. "
    "Set AUDIT_HMAC_KEY in the environment (for example `openssl rand -hex 32`), "
    "keep it outside the database and its backups, and restart."
)


def audit_key() -> bytes:
    """The chain's key; refuses (ImproperlyConfigured) with DEBUG off and no key set."""
    key = getattr(settings, "AUDIT_HMAC_KEY", "")
    if key:
        return str(key).encode()
    if settings.DEBUG:
        return DEVELOPMENT_KEY.encode()
    raise ImproperlyConfigured(MISSING_KEY)


@lru_cache(maxsize=4)
def _keyed(key: bytes) -> "hmac.HMAC":
    return hmac.new(key, digestmod=hashlib.sha256)


def sign(key: bytes, message: bytes) -> str:
    """HMAC-SHA256 of the message under the key, as hex. The key's HMAC state is built
    once and copied per message: half the cost of ``hmac.new`` in the bulk writer's loop."""
    keyed = _keyed(key).copy()
    keyed.update(message)
    return keyed.hexdigest()


def signature_matches(key: bytes, message: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(key, message), signature)


def check_audit_key(**kwargs: object) -> list[CheckMessage]:
    """``check --deploy`` (registered by AuditConfig.ready): the audit key is set, is not
    the development key, and is long enough."""
    key = str(getattr(settings, "AUDIT_HMAC_KEY", "") or "")
    if not key:
        return [Error(MISSING_KEY, id="audit.E001")]
    if key == DEVELOPMENT_KEY:
        return [
            Error(
                "AUDIT_HMAC_KEY is the public development key: anyone can rewrite the audit "
                "chain. Set a secret key of your own.",
                id="audit.E002",
            )
        ]
    if len(key) < MIN_KEY_LENGTH:
        return [
            Warning(
                f"AUDIT_HMAC_KEY has fewer than {MIN_KEY_LENGTH} characters and may be guessed.",
                hint="Use `openssl rand -hex 32`.",
                id="audit.W001",
            )
        ]
    return []
