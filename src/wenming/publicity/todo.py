"""What publicity waits for (待办): the open objections of the office's campaigns.
Registered in ``PublicityConfig.ready``."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.todo import Todo, register_todo
from wenming.documents.style import date_words
from wenming.registry.scopes import scope_of

from .models import ObjectionStatus, Publicity


def office_todo(user: User) -> list[Todo]:
    """The running office: per publicity, the objections still to investigate and decide
    (publicity cannot close, nor approval begin, while one is open)."""
    scope = scope_of(user)
    if not scope.is_office:
        return []
    publicities = Publicity.objects.all()
    if not scope.is_admin:
        q = Q(pk__in=[])
        for path in scope.office_paths:
            q |= Q(campaign__office__path__startswith=path)
        publicities = publicities.filter(q)
    publicities = (
        publicities.select_related("campaign")
        .annotate(open_count=Count("objections", filter=Q(objections__status=ObjectionStatus.OPEN)))
        .filter(open_count__gt=0)
        .order_by("ends_on", "id")
    )
    return [
        Todo(
            label=_("公示异议待办结"),
            count=p.open_count,
            url=reverse("publicity:manage", args=[p.campaign_id]),
            detail=_("%(campaign)s，公示至 %(ends)s")
            % {"campaign": p.campaign.name, "ends": date_words(p.ends_on)},
            urgent=True,
            group=_("公示"),
        )
        for p in publicities
    ]


def register() -> None:
    register_todo(office_todo)
