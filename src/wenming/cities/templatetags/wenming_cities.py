"""Template helpers of the 文明城市 pages, and the campaign page's link to them."""

from decimal import Decimal
from typing import Any

from django import template

from wenming.campaigns.models import Campaign
from wenming.domain.cities import Outcome

from ..models import OUTCOME_LABELS
from ..selectors import cents as cents_text
from ..selectors import city_awards

register = template.Library()


@register.filter
def cents(value: Decimal | None) -> str:
    """A score to two decimals, rounded half up; a dash while there is none."""
    return cents_text(value) or "—"


@register.filter
def outcome_label(value: str | None) -> str:
    return str(OUTCOME_LABELS[Outcome(value)]) if value else ""


@register.inclusion_tag("cities/_campaign_links.html")
def city_links(campaign: Campaign) -> dict[str, Any]:
    """The campaign page's links to the 文明城市 pages, when it has a city award."""
    return {"campaign": campaign, "shown": city_awards(campaign).exists()}
