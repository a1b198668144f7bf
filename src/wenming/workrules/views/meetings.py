"""Pages of the committee's meetings: the list and scheduling, one meeting with its
papers, its members' leave and opinions, attendance, minutes and a joint meeting's
decisions split into tasks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenming.accounts.permissions import AuthenticatedRequest, require_perm

from .. import files, selectors, services
from ..forms import DecisionForm, LeaveForm, MeetingForm, MinutesForm, PaperForm, TaskFormSet
from ..models import Attendee, MeetingPaper, WorkMeeting
from ..scopes import meetings_for
from .common import form_errors, office_from, run, show_errors, upload_of


@login_required
@require_http_methods(["GET", "POST"])
def meetings(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request.user, "workrules.view_index")
    office = office_from(request)
    manages = office is not None and request.user.has_perm("workrules.run_office", office)
    form = MeetingForm(request.POST or None)
    if request.method == "POST":
        if office is None or not manages:
            raise PermissionDenied(_("您没有权限执行此操作。"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                scheduled = services.meeting_schedule(
                    acting_user=request.user, office=office, kind=data["kind"],
                    title=data["title"], held_on=data["held_on"], place=data["place"],
                    agenda=data["agenda"], names=form.member_names(),
                )  # fmt: skip
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("已安排会议：%(t)s。") % {"t": scheduled.meeting.title})
                # The meeting's page shows the warnings (selectors.papers_warnings).
                return redirect("workrules:meeting", pk=scheduled.meeting.pk)
    year = timezone.localdate().year
    context = {
        "office": office,
        "manages": manages,
        "form": form,
        "meetings": meetings_for(request.user).order_by("-held_on", "-id")[:200],
        "year": year,
        "year_warnings": selectors.year_warnings(office, year) if manages and office else [],
    }
    return render(request, "workrules/meetings.html", context)


@login_required
def meeting_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(meetings_for(request.user), pk=pk)
    require_perm(request.user, "workrules.view_meeting", meeting)
    meeting = selectors.meeting_detail(meeting.pk)
    manages = request.user.has_perm("workrules.manage_meeting", meeting)
    mine = next((a for a in meeting.attendees.all() if a.user_id == request.user.pk), None)
    units = selectors.units_of(meeting.office)
    context = {
        "meeting": meeting,
        "manages": manages,
        "mine": mine,
        "warnings": selectors.papers_warnings(meeting),
        "quorum": selectors.quorum_of(meeting),
        "held": meeting.held_on <= timezone.localdate(),
        "paper_form": PaperForm(),
        "leave_form": LeaveForm(),
        "minutes_form": MinutesForm(initial={"minutes": meeting.minutes}),
        "decision_form": DecisionForm(),
        "tasks": TaskFormSet(prefix="task", form_kwargs={"units": units}),
    }
    return render(request, "workrules/meeting.html", context)


def _managed(request: AuthenticatedRequest, pk: int) -> WorkMeeting:
    meeting = get_object_or_404(WorkMeeting.objects.select_related("office"), pk=pk)
    require_perm(request.user, "workrules.manage_meeting", meeting)
    return meeting


@login_required
@require_POST
def paper_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    form = PaperForm(request.POST, request.FILES)
    if not form.is_valid():
        show_errors(request, form)
    else:
        data = form.cleaned_data
        run(
            request,
            lambda: services.paper_add(
                acting_user=request.user,
                meeting=meeting,
                title=data["title"],
                text=data["text"],
                upload=upload_of(data["file"]),
            ),
            _("已添加会议材料。"),
        )
    return redirect("workrules:meeting", pk=meeting.pk)


@login_required
@require_POST
def circulate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    # A late circulation is shown on the meeting's page (selectors.papers_warnings).
    run(
        request,
        lambda: services.papers_circulate(acting_user=request.user, meeting=meeting),
        _("已向文明委成员通报会议材料。"),
    )
    return redirect("workrules:meeting", pk=meeting.pk)


@login_required
@require_POST
def leave(request: AuthenticatedRequest, pk: int, attendee: int) -> HttpResponse:
    member = get_object_or_404(
        Attendee.objects.select_related("meeting__office"), pk=attendee, meeting_id=pk
    )
    require_perm(request.user, "workrules.answer_attendance", member)
    form = LeaveForm(request.POST)
    if not form.is_valid():
        show_errors(request, form)
    else:
        run(
            request,
            lambda: services.attendee_leave(
                acting_user=request.user,
                attendee=member,
                reason=form.cleaned_data["reason"],
                opinion=form.cleaned_data["opinion"],
            ),
            _("已请假。"),
        )
    return redirect("workrules:meeting", pk=pk)


@login_required
@require_POST
def attendance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    present = [int(v) for v in request.POST.getlist("present") if v.isdigit()]
    run(
        request,
        lambda: services.attendance_record(
            acting_user=request.user, meeting=meeting, present=present
        ),
        _("已保存出席情况。"),
    )
    return redirect("workrules:meeting", pk=meeting.pk)


@login_required
@require_POST
def minutes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    text = request.POST.get("minutes", "")
    run(
        request,
        lambda: services.minutes_record(acting_user=request.user, meeting=meeting, minutes=text),
        _("已保存会议纪要。"),
    )
    return redirect("workrules:meeting", pk=meeting.pk)


@login_required
@require_POST
def decision(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    form = DecisionForm(request.POST)
    tasks = TaskFormSet(
        request.POST, prefix="task", form_kwargs={"units": selectors.units_of(meeting.office)}
    )
    if not form.is_valid() or not tasks.is_valid():
        errors = form_errors(form).messages + [
            e for f in tasks.forms for e in form_errors(f).messages
        ]
        for message in errors:
            messages.error(request, message)
        return redirect("workrules:meeting", pk=meeting.pk)
    specs = [
        services.TaskSpec(body=f.cleaned_data["body"], task=f.cleaned_data["task"],
                          deadline=f.cleaned_data["deadline"])
        for f in tasks.forms
        if f.cleaned_data.get("body")
    ]  # fmt: skip
    run(
        request,
        lambda: services.decision_split(
            acting_user=request.user, meeting=meeting, text=form.cleaned_data["text"], tasks=specs
        ),
        _("已分解议定事项，各成员单位的任务已列入督办。"),
    )
    return redirect("workrules:meeting", pk=meeting.pk)


@login_required
def paper_file(request: AuthenticatedRequest, pk: int) -> HttpResponse | FileResponse:
    paper = get_object_or_404(
        MeetingPaper.objects.select_related("meeting__office").exclude(file=""), pk=pk
    )
    require_perm(request.user, "workrules.view_meeting", paper.meeting)
    return files.download(paper)
