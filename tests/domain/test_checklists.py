"""Checklist frameworks (创建标准): conditions met or not, and when an applicant passes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wenming.domain.checklists import (
    Checklist,
    ChecklistItem,
    Condition,
    checklist_result,
)
from wenming.domain.framework_data import dump, load, load_checklist
from wenming.domain.frameworks import FrameworkError, Method
from wenming.domain.titles import Category, Level


def family_standard() -> Checklist:
    return Checklist(
        code="family-example",
        name="文明家庭创建标准（示例）",
        issuing_body="",
        category=Category.FAMILY,
        level=Level.MUNICIPAL,
        edition="",
        version=1,
        items=(
            ChecklistItem(
                1,
                "爱国守法",
                (
                    Condition("1.1", "家庭成员遵纪守法，无违法犯罪记录", (Method.MATERIAL,)),
                    Condition("1.2", "积极参加社区公益活动"),
                ),
            ),
            ChecklistItem(2, "家风家教", (Condition("2.1", "尊老爱幼，邻里和睦"),)),
        ),
    )


def test_every_condition_met_passes() -> None:
    result = checklist_result(family_standard(), {"1.1": True, "1.2": True, "2.1": True})
    assert result.passed
    assert result.unmet == result.unreviewed == ()


def test_one_unmet_condition_fails_and_is_named() -> None:
    result = checklist_result(family_standard(), {"1.1": True, "1.2": False, "2.1": True})
    assert not result.passed
    assert result.unmet == ("1.2",)


def test_an_unreviewed_condition_does_not_pass() -> None:
    result = checklist_result(family_standard(), {"1.1": True, "2.1": True})
    assert not result.passed
    assert result.unreviewed == ("1.2",)


def test_a_finding_for_an_unknown_condition_is_refused() -> None:
    with pytest.raises(FrameworkError) as error:
        checklist_result(family_standard(), {"9.9": True})
    assert error.value.code == "condition_unknown"


def test_duplicate_condition_keys_are_refused() -> None:
    with pytest.raises(FrameworkError) as error:
        Checklist(
            "x", "x", "", Category.FAMILY, None, "", 1,
            (
                ChecklistItem(1, "甲", (Condition("1", "条件一"),)),
                ChecklistItem(2, "乙", (Condition("1", "条件二"),)),
            ),
        )  # fmt: skip
    assert error.value.code == "condition_key_duplicate"


def test_an_item_needs_a_condition() -> None:
    with pytest.raises(FrameworkError) as error:
        ChecklistItem(1, "甲", ())
    assert error.value.code == "item_without_conditions"


@given(st.dictionaries(st.sampled_from(["1.1", "1.2", "2.1"]), st.booleans()))
def test_passes_exactly_when_all_three_are_reviewed_and_met(met: dict[str, bool]) -> None:
    result = checklist_result(family_standard(), met)
    assert result.passed == (len(met) == 3 and all(met.values()))
    assert set(result.unmet) | set(result.unreviewed) | {k for k, v in met.items() if v} == {
        "1.1",
        "1.2",
        "2.1",
    }


# --- the document form (framework_data) ---------------------------------------------------


def test_a_checklist_round_trips_through_its_document() -> None:
    standard = family_standard()
    document = dump(standard)
    assert document["kind"] == "checklist"
    assert document["items"][0]["conditions"][0] == {
        "key": "1.1",
        "text": "家庭成员遵纪守法，无违法犯罪记录",
        "methods": ["material"],
    }
    assert load(document) == standard
    assert load_checklist(document) == standard
    assert dump(load(document)) == document


def test_a_checklist_condition_without_text_is_refused_with_its_path() -> None:
    document = dump(family_standard())
    document["items"][1]["conditions"][0]["text"] = ""
    with pytest.raises(FrameworkError) as error:
        load(document)
    assert error.value.code == "condition_text_missing"
    assert error.value.params["path"] == "items[1].conditions[0]"


def test_points_in_a_checklist_are_refused_as_an_unknown_field() -> None:
    document = dump(family_standard())
    document["items"][0]["conditions"][0]["points"] = "2"
    with pytest.raises(FrameworkError) as error:
        load(document)
    assert error.value.code == "field_unknown"
    assert error.value.params["path"] == "items[0].conditions[0].points"


def test_a_framework_document_is_not_a_checklist() -> None:
    standard = dump(family_standard())
    standard["kind"] = "framework"
    with pytest.raises(FrameworkError):
        load_checklist(standard)
