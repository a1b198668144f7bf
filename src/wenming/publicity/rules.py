"""Who may do what in publicity: the running office publishes, decides objections and
closes; any office enters holiday years; the public needs no login to read or object."""

import rules
from django.contrib.auth.models import AnonymousUser

from wenming.accounts.models import User
from wenming.campaigns.rules import is_unit, manages_campaign
from wenming.registry.rules import is_office

from .models import Objection, Publicity


@rules.predicate
def manages_publicity(user: User | AnonymousUser, publicity: Publicity | None) -> bool:
    return publicity is not None and manages_campaign(user, publicity.campaign)


@rules.predicate
def handles_objection(user: User | AnonymousUser, objection: Objection | None) -> bool:
    """The office that runs the campaign itself (not one above it, not an administrator):
    it calls the objector back, so it alone sees the contact unmasked (GB/T 35273)."""
    return objection is not None and is_unit(user, objection.publicity.campaign.office)


rules.add_perm("publicity.manage", manages_campaign)
rules.add_perm("publicity.manage_publicity", manages_publicity)
rules.add_perm("publicity.enter_holidays", is_office)
rules.add_perm("publicity.view_objector_contact", handles_objection)
