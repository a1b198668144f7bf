"""Reads about bonus claims (特色加分): the bonus items of an application's framework, the
kind of claim each item takes, the honor item a registry honor counts under, and when the
recommending unit decides claims (docs/rules.md#bonus)."""

from wenming.domain.application_states import State
from wenming.domain.frameworks import BonusRule
from wenming.registry.models import Honor

from ..models import Application, ClaimKind

#: The statuses in which the recommending unit decides on an application's claims.
DECIDABLE = (State.SUBMITTED, State.RECOMMENDED, State.ALTERNATE)


def bonus_rules(application: Application) -> dict[str, BonusRule]:
    """The bonus items of the application's framework, by key, in the framework's order
    (a checklist has none)."""
    if application.award.framework.is_checklist:
        return {}
    return {rule.key: rule for rule in application.award.framework.to_framework().bonuses}


def claim_kind(rule: BonusRule) -> str:
    """An item that counts the same content once is about promoted experience (经验推介);
    the others are honors granted (荣誉称号)."""
    return ClaimKind.EXPERIENCE if rule.once_per_content else ClaimKind.HONOR


def honor_rule(rules: dict[str, BonusRule], honor: Honor) -> BonusRule | None:
    """The honor item a registry honor is claimed under: the first one with its level."""
    for rule in rules.values():
        if claim_kind(rule) == ClaimKind.HONOR and rule.points_for(honor.level) is not None:
            return rule
    return None
