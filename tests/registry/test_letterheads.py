"""An office's letterhead and its 发文字号 register."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wenming.audit.models import AuditEvent
from wenming.registry.letterheads import (
    document_number_issue,
    letterhead_set,
    official_letterhead,
)
from wenming.registry.models import DocumentKind

pytestmark = pytest.mark.django_db


def _set(cast, world, **overrides):
    fields = {
        "mark": "City精神文明建设委员会办公室文件",
        "number_code": "市文明办",
        "signature": "City精神文明建设委员会办公室",
        "printer": "City精神文明建设委员会办公室",
        "copies_to": "市委宣传部\n\n市直各单位",
    } | overrides
    return letterhead_set(acting_user=cast.city, office=world.city, **fields)


def test_numbers_follow_on_within_a_year_and_restart_the_next(cast, world) -> None:
    _set(cast, world)
    numbers = [
        document_number_issue(
            acting_user=cast.city,
            office=world.city,
            kind=DocumentKind.BULLETIN,
            title="通报",
            on=day,
        ).number
        for day in (date(2026, 3, 1), date(2026, 12, 1), date(2027, 1, 4))
    ]
    assert numbers == ["市文明办〔2026〕1号", "市文明办〔2026〕2号", "市文明办〔2027〕1号"]
    assert AuditEvent.objects.filter(action="document.issue").count() == 3


def test_no_number_until_the_office_sets_its_code(cast, world) -> None:
    issued = document_number_issue(
        acting_user=cast.city,
        office=world.city,
        kind=DocumentKind.BULLETIN,
        title="通报",
        on=date(2026, 3, 1),
    )
    assert issued is None
    assert official_letterhead(world.city).mark == "City精神文明建设委员会办公室文件"


def test_a_bad_code_is_refused_in_words_and_nothing_is_saved(cast, world) -> None:
    with pytest.raises(ValidationError) as refused:
        _set(cast, world, number_code="市文明办〔2026〕")
    assert "六角括号" in str(refused.value)
    assert official_letterhead(world.city).copies_to == ()


def test_copies_to_is_one_office_per_line(cast, world) -> None:
    _set(cast, world)
    assert official_letterhead(world.city, "市文明办〔2026〕3号").copies_to == (
        "市委宣传部",
        "市直各单位",
    )


def test_a_county_cannot_set_the_city_letterhead(cast, world) -> None:
    with pytest.raises(PermissionDenied):
        letterhead_set(acting_user=cast.county, office=world.city, mark="x")
