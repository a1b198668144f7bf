"""What every app's REST API shares: running a service and answering in the API's terms.

Services refuse with Django's ``PermissionDenied`` and ``ValidationError``; the API
answers those as DRF's 403 and 400, with the same Chinese messages.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import PermissionDenied, ValidationError


def call_service[**P, T](service: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a service, turning its Django errors into API errors.

    The service's own signature types the arguments, so every API write is checked.
    """
    try:
        return service(*args, **kwargs)
    except DjangoPermissionDenied as error:
        raise PermissionDenied(str(error)) from error
    except DjangoValidationError as error:
        raise ValidationError(
            error.message_dict if hasattr(error, "error_dict") else error.messages
        ) from error
