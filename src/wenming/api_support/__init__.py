"""What every app's REST API shares: running a service and answering in the API's terms.

Services refuse with Django's ``PermissionDenied`` and ``ValidationError``; the API
answers those as DRF's 403 and 400, with the same Chinese messages, in the one error
format of ``errors`` (documented by ``schema``); ``pagination`` refuses bad pages.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request

from .errors import django_validation_error


def call_service[**P, T](service: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a service, turning its Django errors into API errors.

    The service's own signature types the arguments, so every API write is checked.
    """
    try:
        return service(*args, **kwargs)
    except DjangoPermissionDenied as error:
        raise PermissionDenied(str(error)) from error
    except DjangoValidationError as error:
        raise django_validation_error(error) from error


#: The largest id a query parameter may name: within every database's 64-bit integers.
MAX_ID = 2**63 - 1


def query_id(request: Request, name: str) -> int | None:
    """The object id a list is narrowed by (``?name=…``): None when absent or empty, a 400
    when it is not a positive whole number (rather than silently ignored, or a server
    error for a number too large for the database)."""
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    if raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_ID:
        return int(raw)
    message = _("%(name)s 应为正整数编号，例如 %(name)s=1。") % {"name": name}
    raise ValidationError({name: [message]})
