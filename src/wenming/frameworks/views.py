"""Framework pages."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def framework_index(request: HttpRequest) -> HttpResponse:
    return render(request, "frameworks/framework_list.html", {})
