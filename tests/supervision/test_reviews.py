"""Periodic reviews: Liaocheng by class with the duty roster, Mentougou's league table."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.conftest import login
from tests.factories import OrganizationFactory, TitleFactory

from wenming.supervision import services
from wenming.supervision.selectors import review_ranking

from .conftest import score


def test_entries_fall_into_the_five_classes(midyear) -> None:
    classes = [e.review_class for e in midyear.entries]
    assert classes == [
        "existing_national",
        "existing_national",
        "new_national",
        "new_national",
        "provincial",
        "provincial",
        "new_provincial",
        "new_provincial",
        "municipal",
        "municipal",
    ]


def test_duty_records_feed_the_composite_total(midyear, cast) -> None:
    entry = midyear.entries[0]  # common 80, assistance 90: 32 + 27 + 30 = 89
    entry.refresh_from_db()
    assert entry.total == Decimal(89)
    for kind in ("absent", "absent", "late_or_early"):
        services.duty_record_add(
            acting_user=cast.city,
            review=midyear.review,
            organization=entry.organization,
            on=date(2018, 7, 25),
            kind=kind,
        )
    entry.refresh_from_db()
    assert entry.total == Decimal("85.1")  # roster 100 − 13 = 87 → 26.1


def test_review_page_ranks_each_class(client, cast, midyear) -> None:
    login(client, cast.city)
    response = client.get(reverse("supervision:review", args=[midyear.review.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    headings = [
        "（一）现有全国文明单位排名（2个）",
        "（二）新申报全国文明单位排名（2个）",
        "（三）省级文明单位（除申报全国文明单位外）排名（2个）",
        "（四）新申报省级文明单位排名（2个）",
        "（五）市级文明单位（除申报省级外）排名（2个）",
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    # Within a class the better unit comes first.
    assert text.index("Unit 41") < text.index("Unit 40")


def test_review_page_runs_a_constant_number_of_queries(client, cast, midyear, world) -> None:
    login(client, cast.city)
    url = reverse("supervision:review", args=[midyear.review.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for i in range(6):
        organization = OrganizationFactory(name=f"Extra {i}", region=world.west)
        TitleFactory(organization=organization)
        entry = services.entry_add(
            acting_user=cast.city, review=midyear.review, organization=organization
        )
        score(entry, cast.city, "70")
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


def test_untitled_unit_cannot_join_a_review_by_class(midyear, cast, world) -> None:
    with pytest.raises(ValidationError) as error:
        services.entry_add(acting_user=cast.city, review=midyear.review, organization=world.village)
    assert "没有有效的文明称号" in error.value.messages[0]


def test_only_the_office_runs_reviews(midyear, cast) -> None:
    with pytest.raises(PermissionDenied):
        score(midyear.entries[0], cast.applicant, "100")


def test_mentougou_month_league_table_and_rewards(monthly, client, cast) -> None:
    ranking = review_ranking(monthly)
    rows = ranking.league
    assert len(rows) == 25
    assert [r.entry.grade for r in rows[:6]] == ["excellent"] * 5 + ["good"]
    assert [r.rank for r in rows if r.rewarded] == [1, 2, 3, 4, 5]
    assert [r.rank for r in rows if r.second_reward] == [1, 2, 3]
    # 20% (50,000) shared by the top three, 200,000 equally by the five rewarded.
    assert [r.reward for r in rows[:5]] == [Decimal(40000)] * 5
    assert rows[0].second_amount == Decimal("16666.67")
    assert ranking.allocated == Decimal(250000)
    login(client, cast.city)
    text = client.get(reverse("supervision:review", args=[monthly.pk])).content.decode()
    assert "取消奖励、约谈整改" in text
    assert "排在后 20 名" in text  # the documented reward rule
