"""How the process tests call a service: a refusal (a Chinese ValidationError, or a
permission refused) is one of the outcomes a process allows, and leaves nothing saved."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

REFUSED = (ValidationError, PermissionDenied)


def attempt(call, *args, **kwargs):
    """Call a service in its own savepoint; None when it was refused."""
    try:
        with transaction.atomic():
            return call(*args, **kwargs)
    except REFUSED:
        return None
