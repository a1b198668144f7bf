"""Pages of creation work: 任务材料、签批与验收.

- ``creation:occurrence``: one occurrence of a task: the clause and requirement, the due
  date, the status, the material with its findings, the upload form (photo captions; the
  volunteer fields for volunteer activities), the actions the viewer may take (提交签批,
  签批同意, 退回部门, 验收通过, 退回修改, 重新转入申报表) and the history;
- ``creation:occurrence_sheet``: the signed-off 资料提交表 (PDF);
- ``creation:material_file``: one material's file (inline for photos and PDFs), so the
  leader and the office open what they approve.

Who sees and does what is ``creation.scopes``; the services check it again.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wenming.accounts.permissions import AuthenticatedRequest
from wenming.audit.labels import action_label
from wenming.audit.models import AuditEvent
from wenming.campaigns.evidence_messages import finding_message
from wenming.campaigns.presenting import finding_from_dict
from wenming.documents.downloads import content_disposition, verified_download
from wenming.domain.evidence import Severity

from .. import scopes
from ..material_forms import CommentForm, MaterialForm
from ..models import Material, Occurrence, OccurrenceStatus, PlanStatus
from ..services import material as services
from ..submission_sheet import caption_rows, clause_text, download_name


def _occurrence(request: AuthenticatedRequest, pk: int) -> Occurrence:
    return get_object_or_404(
        scopes.occurrences_for(request.user).select_related(
            "task__plan__organization", "task__department", "task__list_item"
        ),
        pk=pk,
    )


def _messages(material: Material) -> list[tuple[bool, str]]:
    """The material's findings as (blocking, Chinese sentence), as evidence shows them."""
    return [
        (f["severity"] == Severity.BLOCKING.value, finding_message(finding_from_dict(f)))
        for f in material.findings
    ]


def _can(request: AuthenticatedRequest, occurrence: Occurrence) -> dict[str, bool]:
    task, status = occurrence.task, occurrence.status
    if task.plan.status == PlanStatus.CLOSED:
        # A closed plan is a record: no form at all (the services refuse as well).
        return dict.fromkeys(("edit", "submit", "sign_off", "accept", "transfer", "copy"), False)
    works = scopes.works_on_task(request.user, task)
    leads = scopes.signs_off(request.user, task)
    office = scopes.runs_plan(request.user, task.plan)
    # Only a login that may edit the application copies to it (campaigns' evidence_add).
    copies = office and services.copies_to(request.user, services.application_of(task.plan))
    return {
        "edit": works and status in services.EDITABLE,
        "submit": works and status in services.EDITABLE and occurrence.materials.exists(),
        "sign_off": leads and status == OccurrenceStatus.SUBMITTED,
        "accept": office and status == OccurrenceStatus.SIGNED_OFF,
        "copy": copies,
        "transfer": copies and bool(services.pending_reason(occurrence)),
    }


def _theme_hint(occurrence: Occurrence) -> str:
    """The campaign's photo-theme pattern, the organization filled in, the activity named."""
    plan = occurrence.task.plan
    template = plan.award.campaign.theme_pattern
    if not template:
        return ""
    parts = [p.strip() for p in template.split("+")]
    filled = {"{organization}": plan.organization.name, "{activity}": _("（活动名称）")}
    return "".join(filled.get(p, p) for p in parts)


def _history(occurrence: Occurrence) -> list[dict[str, Any]]:
    events = AuditEvent.objects.for_object(occurrence).order_by("id")
    return [
        {
            "at": e.at,
            "who": e.actor_name or str(e.actor or ""),
            "what": action_label(e.action),
            "comment": (e.after or {}).get("comment", ""),
        }
        for e in events
    ]


def _upload(request: AuthenticatedRequest, occurrence: Occurrence) -> MaterialForm | None:
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择文件并填写材料类型。"))
        return form
    material = services.material_add(
        acting_user=request.user,
        occurrence=occurrence,
        kind=form.cleaned_data["kind"],
        upload=form.cleaned_data["file"],
        activity=form.cleaned_data["activity"],
        captions=form.captions(),
        volunteer=form.cleaned_data["volunteer"],
    )
    if material.blocking:
        messages.warning(
            request,
            _("已上传“%(name)s”，但有必须改正的问题，请查看检查结果。")
            % {"name": material.original_name},
        )
    else:
        messages.success(request, _("已上传“%(name)s”。") % {"name": material.original_name})
    return None


def _remove(request: AuthenticatedRequest, occurrence: Occurrence) -> None:
    material = get_object_or_404(occurrence.materials, pk=request.POST.get("material"))
    services.material_remove(acting_user=request.user, material=material)
    messages.success(request, _("已删除“%(name)s”。") % {"name": material.original_name})


def _comment(request: AuthenticatedRequest) -> str:
    form = CommentForm(request.POST)
    return form.cleaned_data["comment"] if form.is_valid() else ""


def _decide(request: AuthenticatedRequest, occurrence: Occurrence, action: str) -> None:
    user = request.user
    if action == "submit":
        services.occurrence_submit(acting_user=user, occurrence=occurrence)
        messages.success(request, _("已提交分管领导签批。"))
        if services.below_minimum(occurrence):
            messages.warning(request, _("活动次数少于任务要求，请注意补充。"))
    elif action == "sign_off":
        services.occurrence_sign_off(
            acting_user=user, occurrence=occurrence, comment=_comment(request)
        )
        messages.success(request, _("已签批同意，资料提交表已生成。"))
    elif action == "decline":
        services.occurrence_decline(
            acting_user=user, occurrence=occurrence, comment=_comment(request)
        )
        messages.success(request, _("已退回部门。"))
    elif action == "return":
        services.occurrence_return(
            acting_user=user, occurrence=occurrence, comment=_comment(request)
        )
        messages.success(request, _("已退回修改。"))
    elif action in ("accept", "transfer"):
        run: Callable[..., services.Transfer] = (
            services.occurrence_accept if action == "accept" else services.occurrence_transfer
        )
        result = run(acting_user=user, occurrence=occurrence)
        done = _("已验收通过。") if action == "accept" else _("已重新转入。")
        messages.success(request, done + _("%(n)d 份材料已转入申报表。") % {"n": result.copied})
        if result.reason:
            messages.warning(request, result.reason)
    else:
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def occurrence_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    occurrence = _occurrence(request, pk)
    form: MaterialForm | None = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "upload":
                form = _upload(request, occurrence)
            elif action == "remove":
                _remove(request, occurrence)
            else:
                _decide(request, occurrence, action)
        except (ValidationError, PermissionDenied) as refusal:
            for message in getattr(refusal, "messages", [str(refusal)]):
                messages.error(request, message)
        if form is None:
            return redirect("creation:occurrence", pk=occurrence.pk)
        occurrence.refresh_from_db()
    return _render(request, occurrence, form or MaterialForm())


def _render(
    request: AuthenticatedRequest, occurrence: Occurrence, form: MaterialForm
) -> HttpResponse:
    materials = [
        {"m": m, "findings": _messages(m), "captions": caption_rows(m)}
        for m in occurrence.materials.select_related("uploaded_by")
    ]
    return render(
        request,
        "creation/occurrence.html",
        {
            "occurrence": occurrence,
            "task": occurrence.task,
            "plan": occurrence.task.plan,
            "clause": clause_text(occurrence),
            "materials": materials,
            "below_minimum": services.below_minimum(occurrence),
            "pending_reason": services.pending_reason(occurrence),
            "can": _can(request, occurrence),
            "form": form,
            "theme_hint": _theme_hint(occurrence),
            "waits_for_contact": services.WAITS_FOR_CONTACT,
            "history": _history(occurrence),
        },
    )


@login_required
def occurrence_sheet(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    occurrence = _occurrence(request, pk)
    if not occurrence.sheet:
        raise Http404
    with occurrence.sheet.open("rb") as stream:
        data = stream.read()
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(download_name(occurrence))
    return response


#: Shown in the browser (a phone opens them) rather than saved: photos and PDFs.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "application/pdf"})


def material_download_name(material: Material) -> str:
    """<任务>-<期次>-<材料类型>-<原文件名>, so a saved file says what it is."""
    occurrence = material.occurrence
    parts = [occurrence.task.title, occurrence.label, material.get_kind_display()]
    return "-".join(p for p in (*parts, material.original_name) if p)


@login_required
def material_file(request: AuthenticatedRequest, pk: int) -> HttpResponse | FileResponse:
    """One material's file, for whoever sees its occurrence (checked against its hash)."""
    material = get_object_or_404(
        Material.objects.select_related("occurrence__task").filter(
            occurrence__in=scopes.occurrences_for(request.user)
        ),
        pk=pk,
    )
    response = verified_download(
        material.file,
        material.sha256,
        filename=material.original_name,
        content_type=material.content_type,
        tampered=_("文件已被改动，无法下载。"),
    )
    if response.status_code == 200:
        response["Content-Disposition"] = content_disposition(
            material_download_name(material), inline=material.content_type in INLINE_TYPES
        )
    return response


urlpatterns: list[URLPattern] = [
    path("materials/<int:pk>/file/", material_file, name="material_file"),
    path("occurrences/<int:pk>/", occurrence_detail, name="occurrence"),
    path("occurrences/<int:pk>/sheet.pdf", occurrence_sheet, name="occurrence_sheet"),
]
