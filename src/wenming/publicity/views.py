"""Pages of publicity: the public list and objection form (no login), and the office's
publishing, objection handling, closing and holiday years."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wenming.accounts.models import User
from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.campaigns.models import Campaign
from wenming.campaigns.stages import stage_is_open
from wenming.documents.links import share_context
from wenming.registry.scopes import scope_of

from . import selectors, services, throttle
from .calendars import end_date
from .exports import objection_filter
from .forms import DecideForm, HolidayYearForm, ObjectionForm, PublishForm
from .models import HolidayYear, Objection, Publicity


def index(request: HttpRequest) -> HttpResponse:
    """Public: every list under publicity now; office staff also see their campaigns."""
    user = request.user
    managed: list[Campaign] = []
    if isinstance(user, User) and scope_of(user).is_office:
        managed = list(selectors.campaigns_managed(user))
    context = {"publicities": list(selectors.current()), "campaigns": managed}
    return render(request, "publicity/index.html", context)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: one list, its dates and how to object (phone first), with its full address
    and a QR code to share. A finished publicity stays readable, marked 已结束."""
    publicity = get_object_or_404(selectors.readable(), pk=pk)
    context = {
        "publicity": publicity,
        "ended": selectors.is_over(publicity),
        **share_context(reverse("publicity:detail", args=[publicity.pk]), request),
    }
    return render(request, "publicity/detail.html", context)


@require_http_methods(["GET", "POST"])
def objection_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: lodge an objection; rate-limited per address, guarded by a honeypot field
    and a minimum time to fill in the form."""
    publicity = get_object_or_404(Publicity.objects.select_related("campaign"), pk=pk)
    if not selectors.accepts_objections(publicity):
        # Said politely to whoever follows an old link or a poster once publicity is over;
        # an objection sent all the same is refused (410: the form is gone for good).
        return render(
            request,
            "publicity/objection_closed.html",
            {"publicity": publicity},
            status=410 if request.method == "POST" else 200,
        )
    publicity = get_object_or_404(selectors.current(), pk=pk)
    choices = [
        (e.application_id, f"{e.application.organization.name}（{e.application.award.label}）")
        for e in publicity.entries.all()
    ]
    form = ObjectionForm(request.POST or None, choices=choices)
    if request.method == "POST":
        address = throttle.client_address(request.META)
        if not throttle.allow(address):
            form.add_error(None, _("提交次数过多，请一小时后再试，或直接拨打异议受理电话。"))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                objection = services.objection_lodge(
                    acting_user=request.user,
                    publicity=publicity,
                    application_id=data["application"],
                    reasons=data["reasons"],
                    contact=data["contact"],
                    contact_name=data["contact_name"],
                    source_ip=address,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                context = {"publicity": publicity, "objection": objection}
                return render(request, "publicity/objection_done.html", context)
            status = 400
        else:
            status = 400
        return render(
            request,
            "publicity/objection_form.html",
            {"publicity": publicity, "form": form},
            status=status,
        )
    return render(request, "publicity/objection_form.html", {"publicity": publicity, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def manage(request: AuthenticatedRequest, campaign_id: int) -> HttpResponse:
    """The office publishes a campaign's list, follows its objections and closes it."""
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    require_perm(request.user, "publicity.manage", campaign)
    publicity = Publicity.objects.filter(campaign=campaign).first()
    form = PublishForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    if request.method == "POST":
        try:
            if request.POST.get("action") == "close" and publicity is not None:
                services.publicity_close(
                    acting_user=request.user,
                    publicity=publicity,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, _("公示已结束。"))
            elif form.is_valid():
                services.publicity_publish(
                    acting_user=request.user, campaign=campaign, **form.cleaned_data
                )
                messages.success(request, _("已发布公示。"))
            else:
                raise ValidationError(_("请检查填写的内容。"))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("publicity:manage", campaign_id=campaign.pk)
    stage = selectors.publicity_stage(campaign)
    context: dict[str, Any] = {
        "campaign": campaign,
        "publicity": publicity,
        "form": form,
        "stage_open": stage is not None and stage_is_open(stage),
        "early": stage is not None and timezone.now() < stage.closes_at,
    }
    if publicity is not None:
        # The export shares the page's filter (publicity/exports.py).
        context["objection_form"], objections = objection_filter(publicity, request.GET)
        context["objections"] = list(objections)
        context["query"] = request.GET.urlencode()
        context["listed"] = list(
            publicity.entries.select_related("application__organization", "application__award")
        )
        context["ended"] = timezone.localdate() > publicity.ends_on
    else:
        try:
            context["preview_end"] = end_date(timezone.localdate(), campaign.publicity_days)
        except ValidationError as error:
            context["calendar_error"] = " ".join(error.messages)
    return render(request, "publicity/manage.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def objection_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    objection = get_object_or_404(
        Objection.objects.select_related(
            "publicity__campaign",
            "application__organization",
            "application__award",
            "promoted__organization",
        ),
        pk=pk,
    )
    require_perm(request.user, "publicity.manage_publicity", objection.publicity)
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_decide(
                acting_user=request.user, objection=objection, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("异议已办结。"))
            return redirect("publicity:objection", pk=objection.pk)
    stage = selectors.publicity_stage(objection.publicity.campaign)
    context = {
        "objection": objection,
        "form": form,
        "stage_open": stage is not None and stage_is_open(stage),
        # The objector's contact in full only for the office that runs the campaign and
        # answers the objection; offices above and administrators see it masked.
        "contact_in_full": request.user.has_perm("publicity.view_objector_contact", objection),
    }
    return render(request, "publicity/objection.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def holidays(request: AuthenticatedRequest) -> HttpResponse:
    """The office enters a year's official holidays from the State Council notice."""
    require_perm(request.user, "publicity.enter_holidays")
    form = HolidayYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.holiday_year_save(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已保存%(year)s年节假日安排。") % {"year": row.year})
            return redirect("publicity:holidays")
    return render(
        request, "publicity/holidays.html", {"form": form, "years": HolidayYear.objects.all()}
    )
