"""Pages of the notification centre: one's inbox and preferences, the bell of the top
bar, the office's templates and delivery log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wenming.accounts.permissions import AuthenticatedRequest, require_perm

from . import rendering, selectors, services
from .channels import enabled_channels
from .forms import TemplateForm
from .kinds import VARIABLES, Channel, Kind, defaults
from .models import DeliveryStatus, MailSetting, Notification, Preference, Template

PAGE_SIZE = 50


def sample() -> dict[str, str]:
    """What a preview fills the variables with."""
    return {
        "recipient": _("张三"),
        "object": _("示例单位 · 市级文明单位"),
        "actor": _("市文明办"),
        "date": _("2026年12月1日"),
        "detail": _("请补充第3项佐证材料。"),
        "link": "https://wenming.example.gov.cn/campaigns/applications/1/",
    }


@login_required
@require_GET
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    """One's notifications, unread first."""
    page = Paginator(selectors.inbox(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "unread": selectors.unread_count(request.user, fresh=True)},
    )


@login_required
@require_GET
def bell(request: AuthenticatedRequest) -> HttpResponse:
    """The top bar's bell with the count (asked for when the count was not cached)."""
    return render(
        request,
        "notifications/_bell.html",
        {"show": True, "count": selectors.unread_count(request.user)},
    )


@login_required
@require_POST
def read(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Mark one read; with ``open``, go on to the page it is about."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_read(acting_user=request.user, notification=notification)
    target = notification.url
    if "open" in request.POST and target and url_has_allowed_host_and_scheme(target, None):
        return redirect(target)
    return redirect("notifications:inbox")


@login_required
@require_POST
def read_all(request: AuthenticatedRequest) -> HttpResponse:
    count = services.notifications_read_all(acting_user=request.user)
    messages.success(request, _("已将 %(count)s 条通知标为已读。") % {"count": count})
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: AuthenticatedRequest) -> HttpResponse:
    """One's choice per event and channel, and the daily digest."""
    channels = enabled_channels()
    if request.method == "POST":
        off = [
            (kind, channel)
            for kind in Kind.values
            for channel in channels
            if f"{kind}:{channel}" not in request.POST
        ]
        services.preferences_set(
            acting_user=request.user, off=off, daily_digest="daily_digest" in request.POST
        )
        messages.success(request, _("通知偏好已保存。"))
        return redirect("notifications:preferences")
    turned_off = set(
        Preference.objects.filter(user=request.user, enabled=False).values_list("kind", "channel")
    )
    mail = MailSetting.objects.filter(user=request.user).first()
    rows = [
        {
            "label": label,
            "cells": [
                {
                    "name": f"{kind}:{c}",
                    "label": Channel(c).label,
                    "on": (kind, c) not in turned_off,
                }
                for c in channels
            ],
        }
        for kind, label in Kind.choices
    ]
    return render(
        request,
        "notifications/preferences.html",
        {
            "rows": rows,
            "channels": [Channel(c).label for c in channels],
            "daily_digest": bool(mail and mail.daily_digest),
            "email_on": Channel.EMAIL in channels,
        },
    )


@login_required
@require_GET
def templates(request: AuthenticatedRequest) -> HttpResponse:
    """Every event's wording: the office's own, or the default."""
    require_perm(request.user, "notifications.edit_templates")
    saved = {t.kind: t for t in Template.objects.select_related("updated_by")}
    rows = [
        {
            "kind": kind,
            "label": label,
            "saved": saved.get(kind),
            "subject": (saved[kind].subject if kind in saved else defaults()[kind][0]),
        }
        for kind, label in Kind.choices
    ]
    return render(request, "notifications/templates.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: AuthenticatedRequest, kind: str) -> HttpResponse:
    """Edit one event's wording, with a preview over sample values."""
    require_perm(request.user, "notifications.edit_templates")
    if kind not in Kind.values:
        raise Http404
    subject, body = services.wording(kind)
    form = TemplateForm(request.POST or None, initial={"subject": subject, "body": body})
    preview = None
    if request.method == "POST":
        if "reset" in request.POST:
            services.template_reset(acting_user=request.user, kind=kind)
            messages.success(request, _("已恢复默认模板。"))
            return redirect("notifications:template", kind=kind)
        if form.is_valid():
            data = form.cleaned_data
            if "preview" in request.POST:
                preview = {
                    "subject": rendering.render(data["subject"], sample()),
                    "body": rendering.render(data["body"], sample()),
                }
            else:
                try:
                    services.template_save(
                        acting_user=request.user,
                        kind=kind,
                        subject=data["subject"],
                        body=data["body"],
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, _("通知模板已保存。"))
                    return redirect("notifications:templates")
    return render(
        request,
        "notifications/template_edit.html",
        {
            "form": form,
            "label": Kind(kind).label,
            "kind": kind,
            "variables": VARIABLES.items(),
            "preview": preview,
            "saved": Template.objects.filter(kind=kind).exists(),
        },
    )


@login_required
@require_GET
def deliveries(request: AuthenticatedRequest) -> HttpResponse:
    """The office's delivery log: each send by channel, its attempts and its error."""
    require_perm(request.user, "notifications.view_deliveries")
    rows = selectors.deliveries_for(request.user)
    status = request.GET.get("status", "")
    if status in DeliveryStatus.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/deliveries.html",
        {"page": page, "statuses": DeliveryStatus.choices, "status": status},
    )
