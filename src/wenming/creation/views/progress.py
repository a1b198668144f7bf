"""Pages of creation work: 进度、提醒与首页.

- 创建工作 (``creation:index``): the plans the user runs, reads from above or works on,
  with their phase and counts; 待我签批 and 待验收 (whatever their due date); 我的任务
  (the user's departments' occurrences overdue or due soon); the user's unread reminders.
- 创建进度 (``creation:plan_dashboard``): one plan's counts by department and by
  criterion, the current phase and the self-marks so far.
- 任务提醒 (``creation:reminders``, ``creation:reminder_open``): the user's reminders;
  opening one marks it read and leads to the occurrence.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from wenming.accounts.permissions import AuthenticatedRequest
from wenming.registry.scopes import scope_of

from .. import scopes, selectors


@login_required
def index(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    user = request.user
    plans = list(scopes.plans_for(user).select_related("organization"))
    run = [p.pk for p in plans if scopes.runs_plan(user, p)]
    above = [p.pk for p in plans if p.pk not in run and scopes.reads_plan_from_above(user, p)]
    # A department's people reach their plan's tasks and progress from here.
    working = [p.pk for p in plans if p.pk not in run and p.pk not in above]
    reminders = selectors.reminders_of(user)
    return render(
        request,
        "creation/index.html",
        {
            "own_plans": selectors.plan_rows(scopes.plans_for(user).filter(pk__in=run), today),
            "region_plans": selectors.plan_rows(scopes.plans_for(user).filter(pk__in=above), today),
            # A department's people count only their departments' tasks.
            "department_plans": selectors.plan_rows(
                scopes.plans_for(user).filter(pk__in=working), today, only_for=user
            ),
            "keeps_task_lists": scope_of(user).is_office or bool(run),
            "can_create": bool(run) or bool(scope_of(user).organization_ids),
            "my_tasks": list(selectors.my_occurrences(user, today)),
            "to_sign_off": list(selectors.awaiting_my_sign_off(user)[:50]),
            "to_accept": list(selectors.awaiting_my_acceptance(run)[:50]),
            "reminders": list(reminders.filter(read=False)[:10]),
            "unread": reminders.filter(read=False).count(),
            "today": today,
        },
    )


@login_required
def plan_dashboard(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(
        scopes.plans_for(request.user).select_related("organization", "award"), pk=pk
    )
    today = timezone.localdate()
    progress = selectors.plan_progress(request.user, plan, today)
    return render(
        request,
        "creation/plan_dashboard.html",
        {"plan": plan, "progress": progress, "today": today},
    )


@login_required
def reminders(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "creation/reminders.html",
        {"reminders": list(selectors.reminders_of(request.user)[:200])},
    )


@require_POST
@login_required
def reminder_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    reminder = get_object_or_404(selectors.reminders_of(request.user), pk=pk)
    if not reminder.read:
        reminder.read = True
        reminder.save(update_fields=["read"])
    return redirect("creation:occurrence", reminder.occurrence_id)


urlpatterns: list[URLPattern] = [
    path("", index, name="index"),
    path("plans/<int:pk>/dashboard/", plan_dashboard, name="plan_dashboard"),
    path("reminders/", reminders, name="reminders"),
    path("reminders/<int:pk>/open/", reminder_open, name="reminder_open"),
]
