"""Supervision items, bulletins, and the revocation or downgrade of titles."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wenming.accounts.models import Role
from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.domain.titles import TitleStatus
from wenming.registry import services as registry_services
from wenming.registry.models import Organization
from wenming.registry.scopes import organizations_for

from ..bulletins import bulletin_document, bulletin_download
from ..forms import BulletinForm, CloseForm, FeedbackForm, ItemForm, TitleEndForm
from ..models import Bulletin
from ..selectors import items_for, reviews_for
from ..services import items as services_items
from ..services import titles as services_titles


@login_required
@require_http_methods(["GET", "POST"])
def item_new(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request.user, "supervision.manage_item")
    form = ItemForm(
        request.POST or None, organizations=organizations_for(request.user), user=request.user
    )
    offices = list(request.user.roles.filter(role=Role.OFFICE).select_related("region"))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        office = offices[0].region if offices else data["organization"].region
        if office is None:  # an office role always has its region
            raise PermissionDenied(_("您没有权限执行此操作。"))
        try:
            item = services_items.item_open(acting_user=request.user, office=office, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已督办立项：%(title)s。") % {"title": item.title})
            return redirect("supervision:item", pk=item.pk)
    return render(request, "supervision/form.html", {"form": form, "heading": _("督办立项")})


@login_required
@require_http_methods(["GET", "POST"])
def item_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(items_for(request.user), pk=pk)
    require_perm(request.user, "supervision.view_item", item)
    feedback = FeedbackForm(request.POST if request.POST.get("action") == "feedback" else None)
    close = CloseForm(request.POST if request.POST.get("action") == "close" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "remind":
                services_items.item_remind(acting_user=request.user, item=item)
                done = _("已催办。")
            elif action == "feedback" and feedback.is_valid():
                services_items.item_feedback(
                    acting_user=request.user, item=item, **feedback.cleaned_data
                )
                done = _("已提交整改反馈。")
            elif action == "close" and close.is_valid():
                services_items.item_close(acting_user=request.user, item=item, **close.cleaned_data)
                done = _("已办结。")
            elif action == "milestone":
                milestone = get_object_or_404(item.milestones, pk=request.POST.get("milestone"))
                services_items.milestone_done(
                    acting_user=request.user, milestone=milestone, done_on=timezone.localdate()
                )
                done = _("已标记完成。")
            else:
                raise ValidationError(_("请检查填写的内容。"))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
            return redirect("supervision:item", pk=item.pk)
    context = {
        "item": item,
        "milestones": list(item.milestones.all()),
        "overdue": item.state != "closed" and timezone.localdate() > item.deadline,
        "can_manage": request.user.has_perm("supervision.manage_item", item),
        "can_answer": request.user.has_perm("supervision.answer_item", item),
        "feedback_form": feedback,
        "close_form": close,
    }
    return render(request, "supervision/item_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def bulletin_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(reviews_for(request.user), pk=pk)
    require_perm(request.user, "supervision.manage_review", review)
    organizations = Organization.objects.filter(reviewentry__review=review)
    initial = {"issuing_office": review.framework.issuing_body, "issued_on": timezone.localdate()}
    form = BulletinForm(request.POST or None, organizations=organizations, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            bulletin = services_items.bulletin_issue(
                acting_user=request.user, review=review, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("通报已印发：%(title)s。") % {"title": bulletin.title})
            return redirect("supervision:bulletin", pk=bulletin.pk)
    return render(request, "supervision/form.html", {"form": form, "heading": _("印发通报")})


def _bulletin(request: AuthenticatedRequest, pk: int) -> Bulletin:
    bulletin = get_object_or_404(
        Bulletin.objects.select_related("review", "review__framework"), pk=pk
    )
    require_perm(request.user, "supervision.manage_review", bulletin.review)
    return bulletin


@login_required
def bulletin_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    context = {
        "bulletin": bulletin,
        "document": bulletin_document(bulletin),
        "items": list(bulletin.items.select_related("organization")),
    }
    return render(request, "supervision/bulletin_detail.html", context)


@login_required
def bulletin_docx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return bulletin_download(_bulletin(request, pk), "docx")


@login_required
def bulletin_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return bulletin_download(_bulletin(request, pk), "pdf")


# --- revocation and downgrade ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def titles(request: AuthenticatedRequest, org: int) -> HttpResponse:
    organization = get_object_or_404(organizations_for(request.user), pk=org)
    require_perm(request.user, "supervision.end_title", organization)
    form = TitleEndForm(request.POST or None)
    chosen = request.POST.get("title", "")
    if request.method == "POST" and not chosen:
        form.add_error(None, _("请选择要撤销或降级的称号。"))
    elif request.method == "POST" and form.is_valid():
        title = get_object_or_404(organization.titles, pk=chosen, status=TitleStatus.ACTIVE)
        data = dict(form.cleaned_data)
        level, model, body = data.pop("new_level"), data.pop("new_model"), data.pop("naming_body")
        try:
            if level:
                data.pop("status")
                services_titles.title_downgrade(
                    acting_user=request.user,
                    title=title,
                    level=level,
                    model=model,
                    naming_body=body,
                    **data,
                )
            else:
                registry_services.title_end(acting_user=request.user, title=title, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已记入称号历史。"))
            return redirect("supervision:titles", org=organization.pk)
    context = {
        "organization": organization,
        "titles": list(organization.titles.all()),
        "chosen": chosen,
        "form": form,
    }
    return render(request, "supervision/titles.html", context)
