"""Who may do what in publicity: the running office publishes, decides objections and
closes; any office enters holiday years; the public needs no login to read or object."""

from typing import Any

import rules

from wenming.campaigns.rules import manages_campaign
from wenming.registry.scopes import scope_of


@rules.predicate
def is_office(user: Any) -> bool:
    return scope_of(user).is_office


@rules.predicate
def manages_publicity(user: Any, publicity: Any) -> bool:
    return publicity is not None and manages_campaign(user, publicity.campaign)


rules.add_perm("publicity.manage", manages_campaign)
rules.add_perm("publicity.manage_publicity", manages_publicity)
rules.add_perm("publicity.enter_holidays", is_office)
