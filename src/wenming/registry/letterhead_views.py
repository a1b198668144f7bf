"""发文设置: an office's letterhead and its register of issued documents (发文登记).

Office staff set the 发文机关标志, the 机关代字 (with the number it gives shown), the
署名, the 印发机关 and the 抄送 list once; every 公文 the office issues then reads them.
Below the form, the office's register lists each number issued, newest first.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.domain.style import document_number, document_number_problems

from .forms import LetterheadForm
from .letterheads import LETTERHEAD_FIELDS, letterhead_of, letterhead_set, next_sequence
from .models import IssuedDocument, Region, RegionLevel
from .scopes import scope_of


def _offices(request: AuthenticatedRequest) -> list[Region]:
    """The offices whose letterhead the user sets: their own (all, for an administrator)."""
    scope = scope_of(request.user)
    offices = Region.objects.filter(path__in=scope.office_paths)
    if scope.is_admin:
        offices = Region.objects.filter(
            level__in=[RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY]
        )
    return list(offices.order_by("path"))


@login_required
def letterhead_index(request: AuthenticatedRequest) -> HttpResponse:
    """The user's office's settings, or the list of offices when they set several."""
    require_perm(request.user, "registry.change_letterhead")
    offices = _offices(request)
    if len(offices) == 1:
        return redirect("registry:letterhead", pk=offices[0].pk)
    if not offices:
        raise Http404
    return render(request, "registry/letterhead_offices.html", {"offices": offices})


def example_number(code: str, sequence: int, year: int) -> str:
    """The number a document would take with ``code`` ("" for an unusable code)."""
    if not code or document_number_problems(code):
        return ""
    return document_number(code, year, sequence)


@login_required
@require_http_methods(["GET", "POST"])
def letterhead_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    office = get_object_or_404(Region, pk=pk)
    require_perm(request.user, "registry.change_letterhead", office)
    current = letterhead_of(office)
    form = LetterheadForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in LETTERHEAD_FIELDS}
        try:
            letterhead_set(acting_user=request.user, office=office, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("发文设置已保存，此后印发的公文使用新的设置。"))
            return redirect("registry:letterhead", pk=office.pk)
    register = IssuedDocument.objects.filter(office=office).select_related("issued_by")
    page = Paginator(register, 50).get_page(request.GET.get("page"))
    year = timezone.localdate().year
    sequence = next_sequence(office, year)
    context = {
        "office": office,
        "form": form,
        "saved": current.pk is not None,
        "example": example_number(letterhead_of(office).number_code, sequence, year),
        "year": year,
        "next_sequence": sequence,
        "page": page,
    }
    return render(request, "registry/letterhead.html", context)
