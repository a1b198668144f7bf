"""Framework pages: the list, the tree, the PDF, the diff, export, import and status changes.

Views are thin: they check the permission, call one service or selector and render.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.documents.downloads import content_disposition
from wenming.documents.fonts import font_css
from wenming.documents.pdf import render_pdf
from wenming.domain.frameworks import Framework as DomainFramework
from wenming.registry.models import CATEGORY_LABELS, LEVEL_LABELS

from . import services
from .diff import framework_diff
from .exchange import CONTENT_TYPES, FORMATS, format_of, parse, to_bytes
from .forms import ImportForm
from .models import Framework
from .presenting import condition_text, methods_text
from .selectors import framework_list, framework_versions


@login_required
def framework_index(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request.user, "frameworks.view_framework")
    context = {
        "frameworks": framework_list(),
        "can_change": request.user.has_perm("frameworks.change_framework"),
    }
    return render(request, "frameworks/framework_list.html", context)


def _label(labels: Mapping[Any, object], code: str) -> str:
    """A code's label (the label dicts are keyed by enums, which equal their codes)."""
    return str(labels.get(code, code))


def _labels(framework: Framework) -> dict[str, str]:
    return {
        "category": _label(CATEGORY_LABELS, framework.category),
        "level": _label(LEVEL_LABELS, framework.level),
    }


def _tree_context(framework: Framework) -> dict[str, object]:
    domain = framework.to_domain()
    context: dict[str, object] = {"framework": framework, "domain": domain, **_labels(framework)}
    if isinstance(domain, DomainFramework):
        context["thresholds"] = [
            (rule, [condition_text(c) for c in rule.conditions]) for rule in domain.thresholds
        ]
        context["methods_text"] = methods_text
    return context


@login_required
def framework_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "frameworks.view_framework")
    framework = get_object_or_404(Framework, pk=pk)
    context = _tree_context(framework) | {
        "versions": framework_versions(framework),
        "can_change": request.user.has_perm("frameworks.change_framework"),
        "formats": FORMATS,
    }
    return render(request, "frameworks/framework_detail.html", context)


@login_required
def framework_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "frameworks.view_framework")
    framework = get_object_or_404(Framework, pk=pk)
    if not isinstance(framework.to_domain(), DomainFramework):
        raise Http404
    html = render_to_string(
        "frameworks/framework_pdf.html", _tree_context(framework) | {"font_css": font_css()}
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(
        _file_stem(framework) + ".pdf", inline=True
    )
    return response


@login_required
def framework_export(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    require_perm(request.user, "frameworks.view_framework")
    framework = get_object_or_404(Framework, pk=pk)
    if fmt not in FORMATS:
        raise Http404
    try:
        data = to_bytes(framework.canonical_document, fmt)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("frameworks:detail", pk=pk)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition(f"{_file_stem(framework)}.{fmt}")
    return response


def _file_stem(framework: Framework) -> str:
    """测评体系名称（第2版）: the framework's name, never its code."""
    return _("%(name)s（第%(version)s版）") % {
        "name": framework.name,
        "version": framework.version,
    }


@login_required
def framework_compare(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "frameworks.view_framework")
    new = get_object_or_404(Framework, pk=pk)
    versions = framework_versions(new)
    against = request.GET.get("against")
    old = versions.filter(pk=against).first() if against and against.isdigit() else None
    old = old or versions.filter(version__lt=new.version).first() or versions.first()
    old_domain, new_domain = (old.to_domain() if old else None), new.to_domain()
    diff = None
    if isinstance(old_domain, DomainFramework) and isinstance(new_domain, DomainFramework):
        diff = framework_diff(old_domain, new_domain)
    context = {"framework": new, "old": old, "diff": diff, "versions": versions}
    return render(request, "frameworks/framework_diff.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def framework_import(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request.user, "frameworks.change_framework")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            document = parse(upload.read(), format_of(upload.name))
            framework, created = services.framework_import(
                acting_user=request.user, document=document
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            if created:
                messages.success(request, _("已导入第 %(v)s 版。") % {"v": framework.version})
            else:
                messages.info(request, _("内容与现有版本相同，未做改动。"))
            return redirect("frameworks:detail", pk=framework.pk)
    return render(request, "frameworks/framework_import.html", {"form": form})


ACTIONS = {
    "publish": (services.framework_publish, gettext_lazy("已启用。")),
    "retire": (services.framework_retire, gettext_lazy("已停用。")),
    "revise": (services.framework_revise, gettext_lazy("已生成新的草稿版本。")),
}


@login_required
@require_POST
def framework_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    require_perm(request.user, "frameworks.change_framework")
    framework = get_object_or_404(Framework, pk=pk)
    if action not in ACTIONS:
        raise Http404
    service, done = ACTIONS[action]
    try:
        result = service(acting_user=request.user, framework=framework)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("frameworks:detail", pk=pk)
    messages.success(request, str(done))
    return redirect("frameworks:detail", pk=result.pk)
