"""A campaign whose screened list (East Unit, East Extra, West Unit) awaits publicity, with
alternates East Alt 1 (first) and East Alt 2 in the east county."""

import pytest
from django.core.cache import cache
from django.db import transaction
from tests.screening.conftest import Screening, campaign, screening  # noqa: F401 - fixtures

from wenming.campaigns.services import _move
from wenming.domain.application_states import Action


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the objection rate limit counts in the cache
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _next_year_entered(db, django_user_model):
    """Tests that publish from today would run off the bundled calendar (it ends with 2026)
    late in December: the office has entered next year, with only New Year's Day off."""
    from datetime import date

    from django.utils import timezone

    from wenming.publicity.models import HolidayYear

    year = timezone.localdate().year + 1
    clerk = django_user_model.objects.create(username="calendar-clerk")
    HolidayYear.objects.get_or_create(
        year=year,
        defaults={
            "days_off": [date(year, 1, 1).isoformat()],
            "makeup_workdays": [],
            "document_number": "test",
            "entered_by": clerk,
        },
    )


@pytest.fixture
def screened(screening, cast) -> Screening:  # noqa: F811 - the fixture above
    with transaction.atomic():
        for name in ("East Unit", "East Extra", "West Unit"):
            _move(cast.city, screening.apps[name], Action.SCREEN)
    return screening
