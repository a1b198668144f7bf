"""The office's comparison of a round's assessors (docs/rules.md#assessor-comparison):
each assessor's severity against the others, and every applicant's disputed clauses."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from wenming.accounts.permissions import AuthenticatedRequest, require_perm

from ..models import Round
from ..selectors.assessors import comparison as compare_round


@login_required
def comparison(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("campaign__office"), pk=pk)
    require_perm(request.user, "assessment.compare_assessors", round_)
    return render(request, "assessment/assessors.html", {"c": compare_round(round_)})
