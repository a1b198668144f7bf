"""The one way to check a permission, in a service or a view.

Who may do what is said by the ``rules`` predicates in each app's ``rules.py``;
this module only asks them. A refusal is a ``PermissionDenied`` carrying the same
Chinese sentence wherever it is raised, so a page, an API call and a service agree.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_htmx.middleware import HtmxDetails

from .models import User


class AuthenticatedRequest(HttpRequest):
    """A request behind ``login_required``: its user is a signed-in Wenming user.

    Views annotate their request with this type so that ``request.user`` is a
    ``User`` to the type checker, without a cast at every use. ``htmx`` is set on every
    request by django-htmx's middleware (settings.MIDDLEWARE)."""

    user: User
    htmx: HtmxDetails


def require_perm(user: User | AnonymousUser, perm: str, obj: Model | None = None) -> None:
    """Refuse, in Chinese, unless ``user`` holds ``perm`` (on ``obj`` when given)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("您没有权限执行此操作。"))


def signed_in_user(request: HttpRequest) -> User:
    """The request's user, refused when nobody is signed in (for views without the decorator)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied(_("请先登录。"))
    return user
