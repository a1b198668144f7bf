"""What the campaign endpoints share: who may read at all, what each caller reaches,
and the schema helpers (inline choices, list filters)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from wenming.registry.scopes import scope_of

from ..models import Application, Quota

#: The fields every application or quota row starts with: its id, campaign and award.
AWARD_ROW_FIELDS = ["id", "campaign", "award", "award_label"]


class HasRole(permissions.BasePermission):
    """Every campaign endpoint needs a role; what each role reaches is scoped below."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user.has_perm("campaigns.view_campaign"))


def applications_for(user: Any) -> QuerySet[Application]:
    """The applications a user may see (the same reach as ``campaigns.view_application``)."""
    scope = scope_of(user)
    qs = Application.objects.all()
    if scope.is_admin:
        return qs
    q = Q(organization_id__in=scope.organization_ids)
    q |= Q(body_id__in=scope.body_ids)
    q |= Q(body__isnull=True, region__path__in=scope.office_paths)
    for path in scope.office_paths:
        q |= Q(campaign__office__path__startswith=path)
    return qs.filter(q)


def quotas_for(user: Any) -> QuerySet[Quota]:
    """The quotas a user may see: the running office all of its campaign's, a recommending
    unit its own."""
    scope = scope_of(user)
    qs = Quota.objects.all()
    if scope.is_admin:
        return qs
    q = Q(body_id__in=scope.body_ids) | Q(body__isnull=True, region__path__in=scope.office_paths)
    for path in scope.office_paths:
        q |= Q(award__campaign__office__path__startswith=path)
    return qs.filter(q)


def choice_field(choices: Any, **kwargs: Any) -> serializers.ChoiceField:
    """A choice field whose values are documented inline. drf-spectacular names an enum
    after its field, and the registry's and frameworks' ``status`` and ``kind`` hold other
    choices; wrapped in ``allOf`` the values stay with the field and nothing collides."""

    values = [value for value, _label in choices]

    @extend_schema_field({"allOf": [{"type": "string", "enum": values}]})
    class InlineChoiceField(serializers.ChoiceField):
        pass

    return InlineChoiceField(choices=choices, **kwargs)


def filter_parameters(*names: str) -> list[OpenApiParameter]:
    """One integer query parameter per name, each narrowing the list."""
    return [
        OpenApiParameter(name, int, description=f"Only those of this {name}.") for name in names
    ]
