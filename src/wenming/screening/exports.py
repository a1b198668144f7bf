"""The departments' screening answers (联审意见) as Excel: the round page's filter (by
opinion, by department), streamed rows; the veto documents stay behind their download."""

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
from wenming.documents.xlsx import Column, ListExport, Sheet

from .models import ScreeningAnswer, ScreeningRound, Verdict


class AnswerFilterForm(forms.Form):
    verdict = forms.ChoiceField(
        label=gettext_lazy("意见"),
        required=False,
        choices=[("", gettext_lazy("全部")), *Verdict.choices],
    )
    body = forms.IntegerField(required=False)


def answer_filter(round_: ScreeningRound, params: QueryDict) -> QuerySet[ScreeningAnswer]:
    """The round's answers narrowed by opinion and department (the page's links use it)."""
    form = AnswerFilterForm(params)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = ScreeningAnswer.objects.filter(request__round=round_)
    if filters.get("verdict"):
        rows = rows.filter(verdict=filters["verdict"])
    if filters.get("body"):
        rows = rows.filter(request__body_id=filters["body"])
    return rows.order_by("request__body__name", "answered_at", "id")


def answers_export(user: User, params: QueryDict) -> ListExport:
    try:
        round_ = get_object_or_404(
            ScreeningRound.objects.select_related("campaign"), pk=int(params.get("round", ""))
        )
    except ValueError:
        raise Http404 from None
    require_perm(user, "screening.manage_round", round_)
    rows = answer_filter(round_, params)
    awards = {a.pk: a.label for a in round_.campaign.awards.all()}
    verdicts = dict(Verdict.choices)
    columns = [
        Column(_("部门"), 24), Column(_("单位名称"), 32), Column(_("申报称号"), 20),
        Column(_("意见"), 10), Column(_("否决理由"), 40), Column(_("答复时间"), 20),
        Column(_("代录"), 8),
    ]  # fmt: skip
    values = rows.values_list(
        "request__body__name",
        "application__organization__name",
        "application__award_id",
        "verdict",
        "reason",
        "answered_at",
        "letter_id",
    )

    def lines() -> Iterator[tuple[Any, ...]]:
        for body, name, award, verdict, reason, at, letter in values.iterator(2000):
            yield (
                body, name, awards.get(award, ""), str(verdicts.get(verdict, verdict)), reason,
                at, _("是") if letter else "",
            )  # fmt: skip

    return ListExport(
        filename=campaign_filename(round_.campaign, _("联审意见"), "xlsx"),
        count=rows.count(),
        sheets=[Sheet(_("联审意见"), columns, lines(), titles=(round_.campaign.name,))],
    )
