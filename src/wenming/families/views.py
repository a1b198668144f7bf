"""Pages of the central review: the campaign's families and one family's review.

Office only (``campaigns.manage_campaign`` on the campaign), like every assessment page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.campaigns.family_form import family_form_facts
from wenming.campaigns.models import Application, Campaign
from wenming.campaigns.presenting import evidence_rows
from wenming.domain.application_states import State
from wenming.domain.titles import AssessmentMode

from .forms import ReviewForm, initial_for
from .models import FamilyReview
from .selectors import review_rows
from .services import family_review_record


@login_required
def review_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The campaign's families with where each one's review stands."""
    campaign = get_object_or_404(Campaign, pk=pk)
    require_perm(request.user, "campaigns.manage_campaign", campaign)
    rows = review_rows(campaign)
    counts = {
        state: sum(1 for r in rows if r.state == state)
        for state in ("todo", "partial", "passed", "failed")
    }
    context = {"campaign": campaign, "rows": rows, "counts": counts}
    return render(request, "families/review_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One family's form and evidence beside the standard, and the office's findings."""
    application = get_object_or_404(
        Application.objects.select_related("campaign", "award__framework", "organization"), pk=pk
    )
    require_perm(request.user, "campaigns.manage_campaign", application.campaign)
    if application.award.assessment != AssessmentMode.CENTRAL_REVIEW:
        raise Http404
    checklist = application.award.framework.to_checklist()
    existing = FamilyReview.objects.filter(application=application).first()
    initial = initial_for(existing.findings, existing.reasons, existing.comment) if existing else {}
    form = ReviewForm(request.POST or None, initial=initial, checklist=checklist)
    if request.method == "POST" and form.is_valid():
        try:
            saved = family_review_record(
                acting_user=request.user,
                application=application,
                findings=form.findings(),
                reasons=form.reasons(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if not saved.complete:
                messages.info(request, _("已保存，尚有条件未认定。"))
            elif saved.passed:
                messages.success(request, _("已认定：全部条件达标。"))
            else:
                messages.warning(request, _("已认定：有条件不达标，本阶段结束时列为测评未通过。"))
            return redirect("families:review_list", pk=application.campaign_id)
    context = {
        "application": application,
        "campaign": application.campaign,
        "facts": family_form_facts(application.form),
        "form": form,
        "sections": form.sections(evidence_rows(application)),
        "review": existing,
        "editable": application.status == State.RECOMMENDED,
    }
    return render(request, "families/review.html", context)
