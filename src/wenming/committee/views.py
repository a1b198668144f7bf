"""Pages of committee."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wenming.accounts.scopes import scope_of


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if not scope_of(request.user).roles:
        raise PermissionDenied
    return render(request, "committee/index.html", {})
