"""The framework editor's pages: a draft's parts, each added, changed or removed in a form.

Frameworks (kind "framework") and checklists (创建标准, kind "checklist") are edited
here, each by its own ``SECTIONS`` entry; composites are not.

Thin views: each checks the permission, finds the version and the part, lets the part's
editor (``editor_parts``) make the edited document, checks it as the importer does
(``services.framework_validate``) and saves it through ``services.framework_revise``;
a new framework is saved through ``services.framework_import``. A refused edit saves
nothing and comes back with the importer's message above the form, the input kept.
Versions in use or retired are frozen: their editor page offers revising instead.

Parts are addressed by their place in the document, so every form carries the draft's
save time (``revision``): an edit made on a page opened before someone else saved is
refused rather than applied to the wrong part.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.domain.checklists import Checklist
from wenming.domain.framework_data import dump
from wenming.domain.frameworks import Framework as DomainFramework
from wenming.registry.models import CATEGORY_LABELS, LEVEL_LABELS

from . import services
from .editing import KIND_CHECKLIST, KIND_FRAMEWORK, PartNotFound
from .editor_parts import NEW, SECTIONS, HeaderEditor, PartEditor, Section, Target
from .models import Framework, FrameworkStatus
from .presenting import condition_text
from .selectors import framework_versions

REVISION = "revision"

#: What the page says once a new document is saved, by kind.
CREATED = {
    KIND_FRAMEWORK: gettext_lazy("已创建草稿，请继续添加测评项目和测评标准。"),
    KIND_CHECKLIST: gettext_lazy("已创建草稿，请继续添加标准项目和达标条件。"),
}


def _revision(framework: Framework) -> str:
    return framework.updated_at.isoformat()


def _framework(request: AuthenticatedRequest, pk: int) -> Framework:
    require_perm(request.user, "frameworks.change_framework")
    return get_object_or_404(Framework, pk=pk)


def _editor_url(framework: Framework, anchor: str = "") -> str:
    url = reverse("frameworks:editor", args=[framework.pk])
    return f"{url}#{anchor}" if anchor else url


def _refusal(request: AuthenticatedRequest, framework: Framework) -> HttpResponse | None:
    """Where to go, with the reason, when this version cannot be changed here; else None."""
    if framework.kind not in SECTIONS:
        messages.error(request, _("这类测评体系暂不能在线编辑，请导出修改后再导入。"))
        return redirect("frameworks:detail", pk=framework.pk)
    if framework.is_frozen:
        messages.error(
            request,
            _("第 %(version)s 版%(status)s，已冻结，不能修改；请修订生成新的草稿版本。")
            % {"version": framework.version, "status": framework.get_status_display()},
        )
        return redirect(_editor_url(framework))
    return None


def _section(
    framework: Framework, name: str, index: int | None, item: int | None
) -> tuple[Section, Target]:
    """The section a URL names and the place of its part there; 404 for no such section."""
    spec = SECTIONS[framework.kind].get(name)
    if spec is None:
        raise Http404
    try:
        return spec, spec.target(index, item)
    except PartNotFound:
        raise Http404 from None


def _anchor(target: Target) -> str:
    name = target.list_path[0] if target.list_path else "header"
    if name == "items" and len(target.list_path) > 1:
        return f"item-{target.item}"
    if name == "items" and target.index is not None:
        return f"item-{target.index}"
    return str(name)


def _save(
    request: AuthenticatedRequest, framework: Framework, editor: PartEditor
) -> HttpResponse | None:
    """Save the edit, or None with the refusal handed to the editor."""
    if request.POST.get(REVISION) != _revision(framework):
        editor.refuse(_("测评体系在您编辑期间已被修改，请重新打开后再改。"))
        return None
    try:
        document = editor.apply()
        domain = services.framework_validate(document)
        if dump(domain) == framework.canonical_document:
            messages.info(request, _("内容没有变化，未做改动。"))
        else:
            services.framework_revise(
                acting_user=request.user, framework=framework, document=document
            )
            messages.success(request, editor.note(document))
    except ValidationError as error:
        for message in error.messages:
            editor.refuse(message)
        return None
    return redirect(_editor_url(framework, _anchor(editor.target)))


def _edit_page(
    request: AuthenticatedRequest, framework: Framework | None, editor: PartEditor
) -> HttpResponse:
    context = {
        "framework": framework,
        "editor": editor,
        "revision": _revision(framework) if framework else "",
    }
    return render(request, "frameworks/editor_part.html", context)


def _edit(request: AuthenticatedRequest, framework: Framework, editor: PartEditor) -> HttpResponse:
    if request.method == "POST" and editor.is_valid():
        saved = _save(request, framework, editor)
        if saved is not None:
            return saved
    return _edit_page(request, framework, editor)


@login_required
def editor(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A version's parts, each with its 修改 and 删除; a frozen one offers revising."""
    framework = _framework(request, pk)
    domain = framework.to_domain()
    if framework.kind not in SECTIONS or not isinstance(domain, DomainFramework | Checklist):
        return _refusal(request, framework) or redirect("frameworks:detail", pk=pk)
    versions = framework_versions(framework)
    drafts = versions.filter(status=FrameworkStatus.DRAFT, version__gt=framework.version)
    context = {
        "framework": framework,
        "domain": domain,
        "checklist": isinstance(domain, Checklist),
        "editable": not framework.is_frozen,
        "revision": _revision(framework),
        "versions": versions,
        "draft": drafts.first() if framework.is_frozen else None,
        "thresholds": [
            (rule, [condition_text(c) for c in rule.conditions])
            for rule in (domain.thresholds if isinstance(domain, DomainFramework) else ())
        ],
        "category": CATEGORY_LABELS.get(domain.category, ""),
        "level": LEVEL_LABELS.get(domain.level, "") if domain.level else "",
    }
    return render(request, "frameworks/editor.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def editor_new(request: AuthenticatedRequest, kind: str = KIND_FRAMEWORK) -> HttpResponse:
    """A new framework (its header and first item, criterion and scoring points) or a new
    checklist (its header and first item with its conditions)."""
    require_perm(request.user, "frameworks.change_framework")
    editor = NEW[kind]({}, Target(()), request.POST or None)
    if request.method == "POST" and editor.is_valid():
        try:
            framework, _created = services.framework_import(
                acting_user=request.user, document=editor.apply()
            )
        except ValidationError as error:
            for message in error.messages:
                editor.refuse(message)
        else:
            messages.success(request, str(CREATED[kind]))
            return redirect(_editor_url(framework))
    return _edit_page(request, None, editor)


@login_required
@require_http_methods(["GET", "POST"])
def editor_header(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    framework = _framework(request, pk)
    refused = _refusal(request, framework)
    if refused is not None:
        return refused
    editor = HeaderEditor(framework.canonical_document, Target(()), request.POST or None)
    return _edit(request, framework, editor)


@login_required
@require_http_methods(["GET", "POST"])
def editor_part(
    request: AuthenticatedRequest,
    pk: int,
    section: str,
    index: int | None = None,
    item: int | None = None,
) -> HttpResponse:
    """Add a part to a section (``index`` None) or change the part at ``index``."""
    framework = _framework(request, pk)
    refused = _refusal(request, framework)
    if refused is not None:
        return refused
    spec, target = _section(framework, section, index, item)
    editor_class = spec.add if index is None else spec.edit
    try:
        editor = editor_class(framework.canonical_document, target, request.POST or None)
    except PartNotFound:
        raise Http404 from None
    return _edit(request, framework, editor)


@login_required
@require_POST
def editor_remove(
    request: AuthenticatedRequest, pk: int, section: str, index: int, item: int | None = None
) -> HttpResponse:
    """Remove a part (a removed criterion takes its points off its item; a checklist's
    item goes with its conditions)."""
    framework = _framework(request, pk)
    refused = _refusal(request, framework)
    if refused is not None:
        return refused
    spec, target = _section(framework, section, index, item)
    if request.POST.get(REVISION) != _revision(framework):
        messages.error(request, _("测评体系在您编辑期间已被修改，请重新打开后再改。"))
        return redirect(_editor_url(framework))
    try:
        document = spec.remove(framework.canonical_document, target)
    except PartNotFound:
        raise Http404 from None
    try:
        services.framework_revise(acting_user=request.user, framework=framework, document=document)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已删除。"))
    return redirect(_editor_url(framework, _anchor(Target(target.list_path))))


@login_required
@require_POST
def editor_revise(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Copy a frozen version into the next draft and open it in the editor."""
    framework = _framework(request, pk)
    if not framework.is_frozen:
        return redirect(_editor_url(framework))
    try:
        draft = services.framework_revise(acting_user=request.user, framework=framework)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_editor_url(framework))
    messages.success(
        request, _("已生成第 %(version)s 版草稿，可以修改。") % {"version": draft.version}
    )
    return redirect(_editor_url(draft))
