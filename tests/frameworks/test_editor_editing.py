"""The editor's document operations: each returns a new document, the old one untouched,
and a framework the importer accepts stays accepted when the sums are kept in step."""

import copy
from decimal import Decimal

import pytest

from wenming.domain.framework_data import load
from wenming.frameworks import editing


def document() -> dict:
    return {
        "kind": "framework",
        "code": "test-unit",
        "name": "测试测评细则",
        "category": "unit",
        "level": "municipal",
        "version": 1,
        "step": "0.5",
        "items": [
            {
                "number": 1,
                "name": "思想道德建设",
                "points": "6",
                "criteria": [
                    {
                        "number": 1,
                        "points": "4",
                        "clauses": [{"key": "1.1", "points": "2"}, {"key": "1.2", "points": "2"}],
                    },
                    {"number": 3, "points": "2", "clauses": [{"key": "3.1", "points": "2"}]},
                ],
            },
            {
                "number": 3,
                "name": "文明优质服务",
                "points": "4",
                "criteria": [
                    {"number": 4, "points": "4", "clauses": [{"key": "4.1", "points": "4"}]}
                ],
            },
        ],
        "bonuses": [],
        "thresholds": [],
        "deductions": [],
        "negative_list": [],
    }


def criterion(number: int, points: str) -> dict:
    return {
        "number": number,
        "points": points,
        "clauses": [{"key": f"{number}.1", "points": points}],
    }


def test_the_test_document_is_a_valid_framework():
    assert load(document()).maximum == 10


def test_part_get_finds_a_part_and_refuses_a_missing_one():
    assert editing.part_get(document(), ("items", 1, "name")) == "文明优质服务"
    for path in [("items", 5), ("items", -1), ("bonuses", 0), ("nothing",), ("items", "x")]:
        with pytest.raises(editing.PartNotFound):
            editing.part_get(document(), path)


def test_part_add_puts_an_item_in_number_order_and_leaves_the_original():
    original = document()
    before = copy.deepcopy(original)
    item = editing.item_with_criterion(2, "文明风尚行动", criterion(2, "2"))
    added = editing.part_add(original, ("items",), item)
    assert [i["number"] for i in added["items"]] == [1, 2, 3]
    assert added["items"][1] == {
        "number": 2,
        "name": "文明风尚行动",
        "points": "2",
        "criteria": [criterion(2, "2")],
    }
    assert original == before
    assert load(added).maximum == 12


def test_part_add_appends_where_there_is_no_order_and_makes_a_missing_list():
    bare = document()
    del bare["deductions"]
    added = editing.part_add(bare, ("deductions",), {"key": "d-1", "points": "1"})
    added = editing.part_add(added, ("deductions",), {"key": "d-2", "points": "2"})
    assert [d["key"] for d in added["deductions"]] == ["d-1", "d-2"]
    assert "deductions" not in bare


def test_thresholds_go_in_by_criterion():
    doc = editing.part_add(document(), ("thresholds",), {"criterion": 4})
    doc = editing.part_add(doc, ("thresholds",), {"criterion": 1})
    assert [t["criterion"] for t in doc["thresholds"]] == [1, 4]


def test_part_update_replaces_in_place():
    updated = editing.part_update(
        document(), ("items", 1, "criteria", 0, "clauses", 0), {"key": "4.9", "points": "4"}
    )
    assert updated["items"][1]["criteria"][0]["clauses"] == [{"key": "4.9", "points": "4"}]
    assert document()["items"][1]["criteria"][0]["clauses"][0]["key"] == "4.1"
    with pytest.raises(editing.PartNotFound):
        editing.part_update(document(), ("items", 7), {})
    with pytest.raises(editing.PartNotFound):
        editing.part_update(document(), ("items",), {})


def test_part_remove_takes_out_one_part():
    removed = editing.part_remove(document(), ("items", 0, "criteria", 0, "clauses", 1))
    assert [c["key"] for c in removed["items"][0]["criteria"][0]["clauses"]] == ["1.1"]
    with pytest.raises(editing.PartNotFound):
        editing.part_remove(document(), ("negative_list", 0))


def test_header_set_changes_the_header_only_and_drops_blank_fields():
    doc = document() | {"edition": "2025年版"}
    changed = editing.header_set(doc, {"name": "新名称", "edition": "", "level": None})
    assert changed["name"] == "新名称"
    assert "edition" not in changed
    assert changed["level"] is None
    assert changed["items"] == doc["items"]


def test_adding_a_criterion_raises_its_item_only_when_asked():
    adjusted = editing.criterion_add(document(), 1, criterion(5, "2.5"), adjust_item=True)
    assert adjusted["items"][1]["points"] == "6.5"
    assert [c["number"] for c in adjusted["items"][1]["criteria"]] == [4, 5]
    kept = editing.criterion_add(document(), 1, criterion(5, "2"), adjust_item=False)
    assert kept["items"][1]["points"] == "4"


def test_changing_a_criterion_moves_its_item_by_the_difference():
    changed = editing.criterion_update(document(), 0, 1, criterion(3, "0.5"), adjust_item=True)
    assert changed["items"][0]["points"] == "4.5"
    assert load(changed).maximum == Decimal("8.5")


def test_removing_a_criterion_takes_its_points_off_its_item():
    removed = editing.criterion_remove(document(), 0, 0, adjust_item=True)
    assert removed["items"][0]["points"] == "2"
    assert load(removed).maximum == 6


def test_an_unreadable_item_total_is_left_for_the_validator():
    doc = document()
    doc["items"][0]["points"] = "six"
    assert (
        editing.criterion_add(doc, 0, criterion(9, "1"), adjust_item=True)["items"][0]["points"]
        == "six"
    )


def test_a_new_framework_starts_from_its_header_and_first_item():
    header = {
        "code": "new-unit",
        "name": "新细则",
        "category": "unit",
        "level": None,
        "step": "0.5",
        "notes": "",
    }
    new = editing.framework_new(
        header, editing.item_with_criterion(1, "理想信念教育", criterion(1, "2"))
    )
    assert new == {
        "kind": "framework",
        "code": "new-unit",
        "name": "新细则",
        "category": "unit",
        "level": None,
        "step": "0.5",
        "version": 1,
        "items": [
            {"number": 1, "name": "理想信念教育", "points": "2", "criteria": [criterion(1, "2")]}
        ],
        "bonuses": [],
        "thresholds": [],
        "deductions": [],
        "negative_list": [],
    }
    assert load(new).maximum == 2


def test_numbers_and_the_next_one():
    items, criteria = editing.numbers(document())
    assert (items, criteria) == ([1, 3], [1, 3, 4])
    assert editing.next_number(criteria) == 5
    assert editing.next_number([]) == 1


def test_points_are_written_without_trailing_zeros():
    assert [editing.points_text(Decimal(v)) for v in ("2.50", "10", "0.20", "1E+1")] == [
        "2.5",
        "10",
        "0.2",
        "10",
    ]
