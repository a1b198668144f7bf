"""What every app's REST API shares: running a service and answering in the API's terms.

Services refuse with Django's ``PermissionDenied`` and ``ValidationError``; the API
answers those as DRF's 403 and 400, with the same Chinese messages.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import PermissionDenied, ValidationError


def call_service[T](service: Callable[..., T], **kwargs: Any) -> T:
    """Run a service, turning its Django errors into API errors."""
    try:
        return service(**kwargs)
    except DjangoPermissionDenied as error:
        raise PermissionDenied(str(error)) from error
    except DjangoValidationError as error:
        raise ValidationError(
            error.message_dict if hasattr(error, "error_dict") else error.messages
        ) from error
