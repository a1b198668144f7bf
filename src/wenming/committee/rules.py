"""Who may do what with committee meetings and naming (rules predicates).

The running office (or an office above it) keeps the meeting's record, approves and
names; committee members of the office's region (or above) read it. The object is
always the campaign. The list of campaigns is open to anyone holding a role (it shows
each only what they may read).
"""

import rules
from django.contrib.auth.models import AnonymousUser

from wenming.accounts.models import User
from wenming.campaigns.models import Campaign
from wenming.campaigns.rules import manages_campaign
from wenming.registry.rules import has_any_role, is_admin
from wenming.registry.scopes import scope_of


@rules.predicate
def sits_on_committee(user: User | AnonymousUser, campaign: Campaign | None) -> bool:
    if campaign is None:
        return False
    path = campaign.office.path
    return any(path.startswith(p) for p in scope_of(user).committee_paths)


rules.add_perm("committee.view_index", has_any_role)
rules.add_perm("committee.manage_meeting", manages_campaign)
rules.add_perm("committee.view_meeting", manages_campaign | sits_on_committee | is_admin)
