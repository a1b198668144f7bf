"""The publicity's objections as Excel: the manage page's own filter, streamed rows.

Only what the page shows: the complainant's name, contact and address stay out."""

from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.campaigns.exports import campaign_filename
from wenming.campaigns.models import Campaign
from wenming.documents.xlsx import Column, ListExport, Sheet

from .models import Objection, ObjectionStatus, Publicity


class ObjectionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("状态"),
        required=False,
        choices=[("", gettext_lazy("全部")), *ObjectionStatus.choices],
    )


def objection_filter(
    publicity: Publicity, params: QueryDict
) -> tuple[ObjectionFilterForm, QuerySet[Objection]]:
    """The objections the manage page lists for ``params`` (shared with the export)."""
    form = ObjectionFilterForm(params or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = publicity.objections.select_related(
        "application__organization", "application__award", "promoted__organization"
    ).order_by("lodged_at", "pk")
    if filters.get("status"):
        rows = rows.filter(status=filters["status"])
    return form, rows


def objections_export(user: User, params: QueryDict) -> ListExport:
    try:
        campaign = get_object_or_404(Campaign, pk=int(params.get("campaign", "")))
    except ValueError:
        raise Http404 from None
    require_perm(user, "publicity.manage", campaign)
    publicity = get_object_or_404(Publicity, campaign=campaign)
    _form, rows = objection_filter(publicity, params)
    columns = [
        Column(_("提出时间"), 20), Column(_("被反映单位"), 30), Column(_("异议理由"), 50),
        Column(_("状态"), 12), Column(_("答复"), 40), Column(_("办结时间"), 20),
    ]  # fmt: skip
    statuses = dict(ObjectionStatus.choices)
    values = rows.values_list(
        "lodged_at", "application__organization__name", "reasons", "status", "reply", "decided_at"
    )

    def lines() -> Iterator[tuple[Any, ...]]:
        for at, name, reasons, status, reply, decided in values.iterator(2000):
            yield (at, name, reasons, str(statuses.get(status, status)), reply, decided)

    return ListExport(
        filename=campaign_filename(campaign, _("公示异议"), "xlsx"),
        count=rows.count(),
        sheets=[Sheet(_("公示异议"), columns, lines(), titles=(campaign.name,))],
    )
