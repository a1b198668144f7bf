"""The 文明城市 part of the assessment stage's gate, and what closing the stage does to the
counties (registered in ``CitiesConfig.ready``).

The gate lists the recommended counties of a city award still missing their survey,
review or questionnaire part (``StageFacts.cities_unranked``; None when the campaign has
no such award). Closing ranks them and moves each on or out (``city_ranking_freeze``).
"""

from wenming.accounts.models import User
from wenming.campaigns.models import Campaign
from wenming.campaigns.stages import register_stage, with_kind
from wenming.domain.stage_gates import StageFacts, StageKind

from .selectors import unranked
from .services import city_ranking_freeze


def cities_facts(campaign: Campaign, facts: StageFacts) -> StageFacts:
    return with_kind(facts, cities_unranked=unranked(campaign))


def rank_counties(acting_user: User, campaign: Campaign) -> None:
    city_ranking_freeze(acting_user=acting_user, campaign=campaign)


def register() -> None:
    register_stage(StageKind.ASSESSMENT, cities_facts, on_close=rank_counties)
