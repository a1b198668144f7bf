"""Assessment pages."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wenming.accounts.scopes import scope_of


@login_required
def index(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if not (scope.is_office or scope.is_assessor):
        raise PermissionDenied
    return render(request, "assessment/index.html", {})
