"""What the assessment pages share."""

from django.shortcuts import get_object_or_404

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.campaigns.models import Campaign


def managed_campaign(request: AuthenticatedRequest, pk: int) -> Campaign:
    """The campaign whose assessment the user's office runs, refused to anyone else."""
    campaign = get_object_or_404(Campaign.objects.select_related("office"), pk=pk)
    require_perm(request.user, "campaigns.manage_campaign", campaign)
    return campaign
