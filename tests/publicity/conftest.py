"""A campaign whose screened list (East Unit, East Extra, West Unit) awaits publicity, with
alternates East Alt 1 (first) and East Alt 2 in the east county."""

import pytest
from django.core.cache import cache
from django.db import transaction
from tests.factories import enter_next_year, reach_stage
from tests.screening.conftest import Screening, campaign, screening  # noqa: F401 - fixtures

from wenming.campaigns.services import application_move
from wenming.domain.application_states import Action


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the objection rate limit counts in the cache
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _next_year_entered(db):
    enter_next_year()


@pytest.fixture
def screened(screening, cast) -> Screening:  # noqa: F811 - the fixture above
    with transaction.atomic():
        for name in ("East Unit", "East Extra", "West Unit"):
            application_move(
                acting_user=cast.city, applications=screening.apps[name], action=Action.SCREEN
            )
    reach_stage(screening.setup.campaign, "publicity")
    return screening
