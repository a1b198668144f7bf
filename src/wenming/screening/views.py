"""Pages of screening: the office sends, follows, enters paper replies (代录) and closes;
a department answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.campaigns.models import Application, Campaign
from wenming.documents.downloads import verified_download
from wenming.domain.application_states import State
from wenming.registry.scopes import scope_of

from . import selectors, services
from .forms import LetterForm, SendForm, parse_answers
from .models import ScreeningAnswer, ScreeningLetter, ScreeningRequest, ScreeningRound


@login_required
def index(request: AuthenticatedRequest) -> HttpResponse:
    """The office's campaigns and their rounds; a reviewer's requests to answer."""
    require_perm(request.user, "screening.view_index")
    is_office = scope_of(request.user).is_office
    context = {
        "campaigns": list(selectors.campaigns_managed(request.user)) if is_office else [],
        "requests": list(selectors.requests_for(request.user)),
        "now": timezone.now(),
    }
    return render(request, "screening/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def send(request: AuthenticatedRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    require_perm(request.user, "screening.manage", campaign)
    assessed = (
        Application.objects.filter(campaign=campaign, status=State.ASSESSED)
        .select_related("organization", "award")
        .order_by("award", "rank", "id")
    )
    form = SendForm(request.POST or None, assessed=assessed)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.screening_send(
                acting_user=request.user,
                campaign=campaign,
                deadline=form.cleaned_data["deadline"],
                applications=form.cleaned_data["applications"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已将征求意见名单发送给各成员单位。"))
            return redirect("screening:round", pk=round_.pk)
    context = {
        "campaign": campaign,
        "form": form,
        "departments": selectors.member_departments(campaign),
    }
    return render(request, "screening/send.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def round_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The office's view of a round: who has answered, vetoes and promotions, 催办, close."""
    round_ = get_object_or_404(ScreeningRound.objects.select_related("campaign"), pk=pk)
    require_perm(request.user, "screening.manage_round", round_)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "remind":
                dept = get_object_or_404(round_.requests, pk=request.POST.get("request"))
                services.screening_remind(acting_user=request.user, request=dept)
                messages.success(request, _("已向%(body)s催办。") % {"body": dept.body.name})
            elif request.POST.get("action") == "remind_many":
                ids = [int(i) for i in request.POST.getlist("request") if i.isdigit()]
                chosen = list(round_.requests.filter(pk__in=ids).select_related("body"))
                sent = services.screening_remind_many(
                    acting_user=request.user, round_=round_, requests=chosen
                )
                messages.success(
                    request,
                    _("已向 %(n)d 个部门催办：%(names)s。")
                    % {"n": len(sent), "names": "、".join(r.request.body.name for r in sent)},
                )
            elif request.POST.get("action") == "close":
                services.screening_close(
                    acting_user=request.user,
                    round_=round_,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, _("征求意见已结束，未被否决的申报已列入公示候选名单。"))
            else:
                raise ValidationError(_("请检查填写的内容。"))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("screening:round", pk=round_.pk)
    requests = selectors.requests_of(round_)
    context = {
        "round": round_,
        "entries": selectors.entries_of(round_),
        "requests": requests,
        "unanswered": [r for r in requests if r.answered_at is None],
        "vetoes": selectors.vetoes_of(round_),
        "overdue": not round_.is_closed and timezone.now() > round_.deadline,
        "letters": selectors.letters_of(round_),
        "stage_open": selectors.screening_stage_open(round_.campaign),
        "early": timezone.now() < selectors.screening_stage(round_.campaign).closes_at,
    }
    return render(request, "screening/round.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A department's one page: every applicant on the list, answered row by row."""
    dept = get_object_or_404(
        ScreeningRequest.objects.select_related("round__campaign", "body"), pk=pk
    )
    require_perm(request.user, "screening.view_request", dept)
    can_answer = (
        request.user.has_perm("screening.answer", dept)
        and not dept.round.is_closed
        and selectors.screening_stage_open(dept.round.campaign)
    )
    entries = selectors.entries_of(dept.round)
    errors: dict[int, str] = {}
    if request.method == "POST":
        if not can_answer:
            raise PermissionDenied
        done = selectors.answers_by_application(dept)
        pending = [e.application_id for e in entries if e.application_id not in done]
        parsed = parse_answers(request.POST, request.FILES, pending)
        errors = parsed.errors
        if not errors:
            try:
                saved = services.screening_answer(
                    acting_user=request.user, request=dept, answers=parsed.answers
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("已提交%(n)s条意见。") % {"n": len(saved)})
                return redirect("screening:answer", pk=dept.pk)
    done = selectors.answers_by_application(dept)
    rows = [
        {"entry": e, "answer": done.get(e.application_id), "error": errors.get(e.application_id)}
        for e in entries
    ]
    context = {
        "dept": dept,
        "rows": rows,
        "can_answer": can_answer,
        "open_rows": sum(r["answer"] is None for r in rows),
        "posted": request.POST if errors else {},
    }
    return render(request, "screening/answer.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def paper_reply(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The office enters a department's paper reply (函复) for each applicant, with the
    scanned letter: recorded as 代录 by the clerk."""
    dept = get_object_or_404(
        ScreeningRequest.objects.select_related("round__campaign", "body"), pk=pk
    )
    require_perm(request.user, "screening.manage_round", dept.round)
    can_enter = not dept.round.is_closed and selectors.screening_stage_open(dept.round.campaign)
    entries = selectors.entries_of(dept.round)
    done = selectors.answers_by_application(dept)
    errors: dict[int, str] = {}
    form = LetterForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_enter:
            raise PermissionDenied
        pending = [e.application_id for e in entries if e.application_id not in done]
        parsed = parse_answers(request.POST, request.FILES, pending, from_letter=True)
        errors = parsed.errors
        if form.is_valid() and not errors:
            try:
                saved = services.screening_answer_on_behalf(
                    acting_user=request.user,
                    request=dept,
                    letter=form.cleaned_data["letter"],
                    document_number=form.cleaned_data["document_number"],
                    answers=parsed.answers,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("已代录%(body)s的书面复函：%(n)s条意见。")
                    % {"body": dept.body.name, "n": len(saved)},
                )
                return redirect("screening:round", pk=dept.round_id)
    rows = [
        {"entry": e, "answer": done.get(e.application_id), "error": errors.get(e.application_id)}
        for e in entries
    ]
    context = {
        "dept": dept,
        "rows": rows,
        "form": form,
        "can_enter": can_enter,
        "open_rows": sum(r["answer"] is None for r in rows),
    }
    return render(request, "screening/paper_reply.html", context)


@login_required
def letter_document(request: AuthenticatedRequest, pk: int) -> HttpResponse | FileResponse:
    """A paper reply's scan, served only if its bytes still match the recorded SHA-256."""
    letter = get_object_or_404(ScreeningLetter.objects.select_related("request__round"), pk=pk)
    require_perm(request.user, "screening.view_request", letter.request)
    return verified_download(
        letter.document,
        letter.document_sha256,
        filename=letter.document_name,
        content_type="application/pdf",
        tampered=_("复函文件校验失败，文件可能已被篡改。"),
    )


@login_required
def document(request: AuthenticatedRequest, pk: int) -> HttpResponse | FileResponse:
    """A veto's document, served only if its bytes still match the recorded SHA-256."""
    answer_ = get_object_or_404(ScreeningAnswer.objects.select_related("request__round"), pk=pk)
    require_perm(request.user, "screening.view_request", answer_.request)
    if not answer_.document:
        raise PermissionDenied
    return verified_download(
        answer_.document,
        answer_.document_sha256,
        filename=answer_.document_name,
        content_type="application/pdf",
        tampered=_("依据文件校验失败，文件可能已被篡改。"),
    )
