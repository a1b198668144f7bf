"""Campaign words for download names (第二十届市级文明单位: the edition in words, the
awards), and the campaign lists as Excel: applications and quotas, each with its page's
filter and permission (wenming.core.exports dispatches to them)."""

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet, Sum
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.documents.style import edition_words
from wenming.documents.xlsx import Column, ListExport, Sheet
from wenming.domain.application_states import State

from .models import STATE_LABELS, Application, Campaign, Recommendation
from .selectors.applications import holds_place
from .selectors.quotas import quota_overview
from .selectors.review import RECEIVED, unit_q, units_for


def campaign_words(campaign: Campaign) -> str:
    """第二十届市级文明单位、市级文明村镇: the stem every campaign download is named by."""
    awards = "、".join(award.label for award in campaign.awards.all())
    return edition_words(campaign.edition) + awards


def campaign_filename(campaign: Campaign, what: str, ext: str) -> str:
    """第二十届市级文明单位测评排名.xlsx for ``what`` = 测评排名."""
    return f"{campaign_words(campaign)}{what}.{ext}"


# ---- list exports -------------------------------------------------------------------------


def _campaign_of(params: QueryDict) -> Campaign:
    try:
        return Campaign.objects.select_related("office").get(pk=int(params.get("campaign", "")))
    except (ValueError, Campaign.DoesNotExist):
        raise Http404 from None


class ApplicationFilterForm(forms.Form):
    """The review page's applications, narrowed (the page's link and the export share it)."""

    unit = forms.CharField(required=False, max_length=40)
    status = forms.ChoiceField(
        label=gettext_lazy("状态"),
        required=False,
        choices=[("", gettext_lazy("全部"))]
        + [(s.value, STATE_LABELS[s]) for s in State if s != State.DRAFT],
    )
    award = forms.IntegerField(required=False)


def application_filter(user: User, campaign: Campaign, params: QueryDict) -> QuerySet[Application]:
    """The received applications of the units the user recommends for (the review page's
    rows), narrowed by unit, status and award; 403 when the page is not the user's."""
    units = units_for(user, campaign)
    if not units:
        raise PermissionDenied(_("您没有权限执行此操作。"))
    form = ApplicationFilterForm(params)
    filters = form.cleaned_data if form.is_valid() else {}
    if filters.get("unit"):
        units = [u for u in units if u.key == filters["unit"]]
    rows = Application.objects.filter(unit_q(units), campaign=campaign, status__in=RECEIVED)
    if filters.get("status"):
        rows = rows.filter(status=filters["status"])
    if filters.get("award"):
        rows = rows.filter(award_id=filters["award"])
    return rows


def applications_export(user: User, params: QueryDict) -> ListExport:
    campaign = _campaign_of(params)
    rows = application_filter(user, campaign, params)
    awards = {a.pk: a.label for a in campaign.awards.all()}
    columns = [
        Column(_("单位名称"), 34), Column(_("组织编码"), 22), Column(_("申报称号"), 20),
        Column(_("推荐单位"), 24), Column(_("状态"), 10), Column(_("推荐顺序"), 10),
        Column(_("自评得分"), 10), Column(_("申报时间"), 20),
    ]  # fmt: skip
    values = (
        rows.annotate(self_total=Sum("self_marks__points"))
        .order_by("award_id", "region__path", "body__name", "rank", "submitted_at", "pk")
        .values_list(
            "organization__name",
            "organization__code",
            "award_id",
            "region__name",
            "body__name",
            "status",
            "rank",
            "self_total",
            "submitted_at",
        )
    )

    def lines() -> Iterator[tuple[Any, ...]]:
        for name, code, award, region, body, status, rank, total, at in values.iterator(2000):
            unit = body or (_("%(name)s文明办") % {"name": region} if region else "")
            yield (
                name, code, awards.get(award, ""), unit, str(STATE_LABELS[State(status)]),
                rank, total or Decimal(0), at,
            )  # fmt: skip

    return ListExport(
        filename=campaign_filename(campaign, _("申报名单"), "xlsx"),
        count=rows.count(),
        sheets=[Sheet(_("申报名单"), columns, lines(), titles=(campaign.name,))],
    )


def quotas_export(user: User, params: QueryDict) -> ListExport:
    """The quota dashboard's table: one row per unit and award (a few hundred at most)."""
    campaign = _campaign_of(params)
    require_perm(user, "campaigns.manage_campaign", campaign)
    overview = quota_overview(campaign)
    columns = [
        Column(_("推荐单位"), 30), Column(_("称号"), 20), Column(_("名额"), 8),
        Column(_("已推荐"), 8), Column(_("备选"), 8), Column(_("待审核"), 8),
        Column(_("收到申报"), 10),
    ]  # fmt: skip
    rows = [
        (row.unit.name, cell.award.label if cell.award else "", cell.places, cell.recommended,
         cell.alternates, cell.pending, cell.received)
        for row in overview.rows
        for cell in row.cells
    ]  # fmt: skip
    return ListExport(
        filename=campaign_filename(campaign, _("推荐名额"), "xlsx"),
        count=len(rows),
        sheets=[Sheet(_("推荐名额"), columns, rows, titles=(campaign.name,))],
    )


def recommendation_filter(campaign: Campaign, params: QueryDict) -> QuerySet[Application]:
    """The units' recommendations the running office received: every application holding
    a place and every alternate, narrowed by award and by status."""
    rows = Application.objects.filter(holds_place() | Q(status=State.ALTERNATE), campaign=campaign)
    award = params.get("award", "")
    if award.isdigit():
        rows = rows.filter(award_id=int(award))
    status = params.get("status", "")
    if status in {State.RECOMMENDED.value, State.ALTERNATE.value}:
        rows = rows.filter(status=status)
    return rows


def recommendations_export(user: User, params: QueryDict) -> ListExport:
    """The recommendation list (推荐名单) of every unit, for the running office."""
    campaign = _campaign_of(params)
    require_perm(user, "campaigns.manage_campaign", campaign)
    rows = recommendation_filter(campaign, params)
    awards = {a.pk: a.label for a in campaign.awards.all()}
    reports = {
        (r.region_id, r.body_id): r
        for r in Recommendation.objects.filter(campaign=campaign, submitted_at__isnull=False)
    }
    columns = [
        Column(_("推荐单位"), 24), Column(_("申报称号"), 20), Column(_("推荐顺序"), 10),
        Column(_("单位名称"), 34), Column(_("状态"), 10), Column(_("推荐报告文号"), 22),
        Column(_("报送时间"), 20),
    ]  # fmt: skip
    values = rows.order_by(
        "region__path", "body__name", "award_id", "rank", "organization__name"
    ).values_list(
        "region_id", "body_id", "region__name", "body__name", "award_id", "rank",
        "organization__name", "status",
    )  # fmt: skip

    def lines() -> Iterator[tuple[Any, ...]]:
        for region_id, body_id, region, body, award, rank, name, status in values.iterator(2000):
            report = reports.get((region_id, body_id))
            yield (
                body or (_("%(name)s文明办") % {"name": region} if region else ""),
                awards.get(award, ""), rank, name, str(STATE_LABELS[State(status)]),
                report.report_number if report else "", report.submitted_at if report else None,
            )  # fmt: skip

    return ListExport(
        filename=campaign_filename(campaign, _("推荐名单"), "xlsx"),
        count=rows.count(),
        sheets=[Sheet(_("推荐名单"), columns, lines(), titles=(campaign.name,))],
    )
