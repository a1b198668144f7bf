"""The what-if page (模拟测算): a form of the trial's quotas and round settings, and the
applicants side by side, before and after. The office's, as computing the ranking is;
nothing is saved but the audit event of the trial."""

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from wenming.accounts.permissions import AuthenticatedRequest
from wenming.campaigns.models import Quota

from ..models import AGGREGATION_LABELS, Round
from ..services.whatif import Changes, RoundChange, Simulation, ranking_simulate
from .common import managed_campaign


class WhatIfForm(forms.Form):
    """One field per quota (places) and three per round (weight, aggregation,
    normalization), each starting from today's setting."""

    def __init__(self, *args: Any, rounds: list[Round], quotas: list[Quota], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rounds, self.quotas = rounds, quotas
        for q in quotas:
            self.fields[f"quota-{q.pk}"] = forms.IntegerField(
                label=_("名额"), min_value=0, max_value=100_000, initial=q.places
            )
        for r in rounds:
            self.fields[f"weight-{r.pk}"] = forms.DecimalField(
                label=_("权重"), min_value=0, max_digits=5, decimal_places=2, initial=r.weight
            )
            self.fields[f"aggregation-{r.pk}"] = forms.ChoiceField(
                label=_("多人评分合成"),
                choices=[(a.value, label) for a, label in AGGREGATION_LABELS.items()],
                initial=r.aggregation,
            )
            self.fields[f"normalize-{r.pk}"] = forms.BooleanField(
                label=_("评分标准化"), required=False, initial=r.normalize_marks
            )

    def changes(self) -> Changes:
        data = self.cleaned_data
        return Changes(
            quotas={q.pk: int(data[f"quota-{q.pk}"]) for q in self.quotas},
            rounds={
                r.pk: RoundChange(
                    weight=Decimal(data[f"weight-{r.pk}"]),
                    aggregation=str(data[f"aggregation-{r.pk}"]),
                    normalize=bool(data.get(f"normalize-{r.pk}")),
                )
                for r in self.rounds
            },
        )

    def quota_rows(self) -> list[tuple[Quota, forms.BoundField]]:
        return [(q, self[f"quota-{q.pk}"]) for q in self.quotas]

    def round_rows(self) -> list[tuple[Round, list[forms.BoundField]]]:
        return [
            (r, [self[f"{name}-{r.pk}"] for name in ("weight", "aggregation", "normalize")])
            for r in self.rounds
        ]


@login_required
def whatif(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = managed_campaign(request, pk)
    rounds = list(Round.objects.filter(campaign=campaign).order_by("id"))
    quotas = list(
        Quota.objects.filter(award__campaign=campaign)
        .select_related("award", "region", "body")
        .order_by("award_id", "region__code", "body__name", "id")
    )
    form = WhatIfForm(
        request.POST if request.method == "POST" else None, rounds=rounds, quotas=quotas
    )
    simulation: Simulation | None = None
    if request.method == "POST" and form.is_valid():
        try:
            simulation = ranking_simulate(
                acting_user=request.user, campaign=campaign, changes=form.changes()
            )
        except ValidationError as error:
            form.add_error(None, error)
    context = {"campaign": campaign, "form": form, "simulation": simulation}
    return render(request, "assessment/whatif.html", context)
