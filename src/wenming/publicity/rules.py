"""Who may do what in publicity: the running office publishes, decides objections and
closes; any office enters holiday years; the public needs no login to read or object."""

import rules
from django.contrib.auth.models import AnonymousUser

from wenming.accounts.models import User
from wenming.campaigns.rules import manages_campaign
from wenming.registry.rules import is_office

from .models import Publicity


@rules.predicate
def manages_publicity(user: User | AnonymousUser, publicity: Publicity | None) -> bool:
    return publicity is not None and manages_campaign(user, publicity.campaign)


rules.add_perm("publicity.manage", manages_campaign)
rules.add_perm("publicity.manage_publicity", manages_publicity)
rules.add_perm("publicity.enter_holidays", is_office)
