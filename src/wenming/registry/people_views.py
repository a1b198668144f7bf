"""The person picker's two htmx endpoints: the matches of a search, and the picker with
one match chosen (docs/rules.md#person-picker). Both ask ``people.pickable``: an
applicant, an assessor or a department gets 403."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wenming.accounts.permissions import AuthenticatedRequest

from . import people


def _kind(request: AuthenticatedRequest) -> str:
    return request.GET.get("kind", "assessor")


def _field(request: AuthenticatedRequest) -> str:
    name = request.GET.get("field", "user")
    return name if name.isidentifier() else "user"


def _widget(request: AuthenticatedRequest, name: str) -> str:
    """The widget's element id, used in htmx targets: letters, digits, _ and - only."""
    widget = request.GET.get("widget", "")[:80]
    return widget if widget and widget.replace("-", "_").isidentifier() else f"id_{name}"


@login_required
@require_GET
def search(request: AuthenticatedRequest) -> HttpResponse:
    region_text = request.GET.get("region", "")
    matches = people.search(
        request.user,
        _kind(request),
        request.GET.get("q", "")[:50],
        int(region_text) if region_text.isdigit() else None,
    )
    name = _field(request)
    context = {
        "matches": matches,
        "kind": _kind(request),
        "name": name,
        "limited": len(matches) >= people.LIMIT,
        "widget_id": _widget(request, name),
    }
    return render(request, "registry/people/results.html", context)


@login_required
@require_GET
def pick(request: AuthenticatedRequest) -> HttpResponse:
    pk = request.GET.get("id", "")
    chosen = None
    if pk.isdigit():
        chosen = people.person(request.user, _kind(request), int(pk))
    elif pk:
        raise Http404
    name = _field(request)
    widget = _widget(request, name)
    return HttpResponse(people.picker_html(name, _kind(request), chosen, widget, focus=True))
