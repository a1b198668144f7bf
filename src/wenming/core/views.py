"""The home workspace (one panel per role held) and the health endpoint."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from wenming.accounts.models import RoleAssignment
from wenming.accounts.permissions import AuthenticatedRequest
from wenming.accounts.todo import Todo, todo_for
from wenming.campaigns.selectors import campaigns_for
from wenming.registry.scopes import organizations_for, scope_of


def todo_cards(todos: list[Todo]) -> list[tuple[str, list[Todo]]]:
    """The lines of work grouped in cards, in the order the groups first appear;
    within a card the urgent lines first."""
    cards: dict[str, list[Todo]] = {}
    for todo in todos:
        cards.setdefault(todo.group, []).append(todo)
    return [(group, sorted(items, key=lambda t: not t.urgent)) for group, items in cards.items()]


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    assignments = RoleAssignment.objects.filter(user=request.user).select_related(
        "region", "body", "organization"
    )
    own = None
    if scope.organization_ids:
        own = organizations_for(request.user).filter(pk__in=scope.organization_ids).first()
    todos = todo_for(request.user) if scope.works_on_campaigns else []
    context = {
        "scope": scope,
        "todo_cards": todo_cards(todos),
        "todo_total": sum(t.count for t in todos),
        "campaigns": list(campaigns_for(request.user)[:5]) if scope.works_on_campaigns else [],
        "assignments": assignments,
        "organization_count": organizations_for(request.user).count(),
        "own_organization": own,
    }
    return render(request, "core/home.html", context)


def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitors: 200 when the database answers, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
