"""An office's letterhead and its 发文字号 register."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wenming.audit.models import AuditEvent
from wenming.registry.letterheads import (
    document_number_issue,
    document_number_register,
    letterhead_set,
    next_sequence,
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


def test_the_issue_date_is_stored_and_the_next_sequence_is_one_rule(cast, world) -> None:
    _set(cast, world)
    assert next_sequence(world.city, 2026) == 1
    issued = document_number_issue(
        acting_user=cast.city,
        office=world.city,
        kind=DocumentKind.BULLETIN,
        title="通报",
        on=date(2026, 3, 1),
    )
    assert issued.signed_on == date(2026, 3, 1)
    assert next_sequence(world.city, 2026) == 2
    assert next_sequence(world.city, 2027) == 1


def test_a_typed_number_is_registered_and_a_duplicate_refused(cast, world) -> None:
    _set(cast, world)
    kwargs = {
        "acting_user": cast.city,
        "office": world.city,
        "kind": DocumentKind.NAMING_DECISION,
        "title": "命名决定",
        "on": date(2026, 3, 1),
    }
    document_number_register(**kwargs, number="市文明办〔2026〕5号")
    document_number_register(**kwargs, number="市文明委〔2026〕3号")  # another issuer's code
    with pytest.raises(ValidationError, match="市文明委〔2026〕3号”已在本办发文登记中使用"):
        document_number_register(**kwargs, number="市文明委〔2026〕3号")
    # A typed number in the office's own code takes its place in the sequence.
    assert next_sequence(world.city, 2026) == 6
    issued = document_number_issue(
        acting_user=cast.city,
        office=world.city,
        kind=DocumentKind.BULLETIN,
        title="通报",
        on=date(2026, 4, 1),
    )
    assert issued.number == "市文明办〔2026〕6号"
    assert AuditEvent.objects.filter(action="document.register").count() == 2
