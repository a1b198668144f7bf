"""Frameworks in their document form: round trips, the stable YAML, and load errors."""

import copy
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from wenming.domain.checklists import Checklist
from wenming.domain.framework_data import dump, load, load_composite, load_framework
from wenming.domain.frameworks import Clause, Criterion, Framework, FrameworkError, Item
from wenming.domain.titles import Category, Level

DATA = Path(__file__).parents[2] / "src/wenming/frameworks/data"
FILES = sorted(path.name for path in DATA.glob("*.yaml"))
D = Decimal


def to_yaml(document: dict[str, Any]) -> str:
    # The same call the Django side exports with.
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def yiyang() -> dict[str, Any]:
    return yaml.safe_load((DATA / "yiyang-unit-2021.yaml").read_text(encoding="utf-8"))


def load_error(document: dict[str, Any]) -> FrameworkError:
    with pytest.raises(FrameworkError) as error:
        load(document)
    return error.value


@pytest.mark.parametrize("name", FILES)
def test_data_file_is_already_in_export_form(name: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    assert to_yaml(dump(load(yaml.safe_load(text)))) == text


@pytest.mark.parametrize("name", FILES)
def test_export_import_export_is_byte_identical(name: str) -> None:
    framework = load(yaml.safe_load((DATA / name).read_text(encoding="utf-8")))
    exported = to_yaml(dump(framework))
    again = load(yaml.safe_load(exported))
    assert again == framework
    assert to_yaml(dump(again)) == exported


# A data file names its source when its notes hold "Source: ", then the source's title in
# 《》, then a year; a starter the office is to edit instead carries 示例 in its name and says
# so in its notes.
SOURCE = re.compile(r"Source: [^《]*《[^》]+》[^.]*?\d{4}")


@pytest.mark.parametrize("name", FILES)
def test_data_file_names_its_source_or_is_marked_as_a_starter(name: str) -> None:
    framework = load(yaml.safe_load((DATA / name).read_text(encoding="utf-8")))
    if "示例" in framework.name:
        assert "Starter framework (示例)" in framework.notes
    else:
        assert SOURCE.search(framework.notes), framework.notes


def test_built_ins_cover_every_category_and_families_are_a_checklist() -> None:
    built = [load(yaml.safe_load((DATA / name).read_text(encoding="utf-8"))) for name in FILES]
    assert {f.category for f in built if f.category is not None} == set(Category)
    families = [f for f in built if f.category is Category.FAMILY]
    assert families
    assert all(isinstance(f, Checklist) for f in families)
    for framework in built:
        if isinstance(framework, Framework):
            assert sum((item.points for item in framework.items), D(0)) == D(100)


def test_json_form_lists_items_criteria_clauses_and_bonuses() -> None:
    document = json.loads(json.dumps(dump(load_framework(yiyang())), ensure_ascii=False))
    item = document["items"][0]
    assert (item["name"], item["points"], len(item["criteria"])) == ("理想信念教育", "10", 3)
    criterion = item["criteria"][0]
    assert (criterion["number"], criterion["points"]) == (1, "6")
    assert [c["points"] for c in criterion["clauses"]] == ["2", "2", "2"]
    assert [(b["name"], b["cap"]) for b in document["bonuses"]] == [
        ("荣誉称号", "10"),
        ("经验推介", "10"),
    ]
    assert load(document) == load(yiyang())


def test_integer_points_are_read_as_exact_decimals() -> None:
    document = yiyang()
    document["items"][0]["points"] = 10
    assert load_framework(document).items[0].points == D(10)


def test_float_points_are_refused_with_their_path() -> None:
    document = yiyang()
    document["items"][6]["criteria"][1]["clauses"][1]["points"] = 1.0
    error = load_error(document)
    assert error.code == "field_float_not_allowed"
    assert error.params["path"] == "items[6].criteria[1].clauses[1].points"


def test_missing_field_is_refused_with_its_path() -> None:
    document = yiyang()
    del document["items"][2]["criteria"][0]["points"]
    error = load_error(document)
    assert (error.code, error.params["path"]) == ("field_missing", "items[2].criteria[0].points")


def test_misspelt_field_is_refused_rather_than_defaulted() -> None:
    document = yiyang()
    document["bonuses"][0]["capp"] = "10"
    assert load_error(document).params["path"] == "bonuses[0].capp"


def test_item_total_off_by_one_is_refused_naming_the_item_and_its_path() -> None:
    document = yiyang()
    document["items"][4]["points"] = "11"
    error = load_error(document)
    assert error.code == "item_points_mismatch"
    assert (error.params["item"], error.params["path"]) == ("文明优质服务", "items[4]")


def test_unknown_category_is_refused() -> None:
    document = yiyang()
    document["category"] = "文明单位"
    assert load_error(document).params == {"path": "category", "value": "文明单位"}


def test_unknown_method_is_refused() -> None:
    document = yiyang()
    document["items"][0]["criteria"][0]["clauses"][0]["methods"] = ["telepathy"]
    assert load_error(document).params["path"] == "items[0].criteria[0].clauses[0].methods[0]"


def test_composite_weights_not_summing_to_one_are_refused() -> None:
    document = yaml.safe_load((DATA / "liaocheng-midyear-2018.yaml").read_text(encoding="utf-8"))
    broken = copy.deepcopy(document)
    broken["components"][0]["weight"] = "0.5"
    error = load_error(broken)
    assert (error.code, error.params["weights_sum"]) == ("weights_not_one", D("1.1"))
    assert load_composite(document).code == "liaocheng-midyear-2018"


def test_loading_a_composite_as_a_framework_is_refused() -> None:
    document = yaml.safe_load((DATA / "mentougou-monthly-2020.yaml").read_text(encoding="utf-8"))
    with pytest.raises(FrameworkError) as error:
        load_framework(document)
    assert error.value.code == "document_kind_unexpected"


# Printable text only: PyYAML folds control characters such as NEL (U+0085) as line breaks.
TEXT = st.text(st.characters(categories=["L", "N", "P", "Zs"]), max_size=8)
HALVES = st.integers(min_value=1, max_value=10).map(lambda n: D(n) / 2)


@st.composite
def frameworks(draw: st.DrawFn) -> Framework:
    items = []
    number = 0
    for item_number in range(1, draw(st.integers(1, 4)) + 1):
        criteria = []
        for _ in range(draw(st.integers(1, 4))):
            number += 1
            points = draw(st.lists(HALVES, min_size=1, max_size=3))
            clauses = tuple(Clause(f"{number}.{i}", draw(TEXT), p) for i, p in enumerate(points, 1))
            criteria.append(Criterion(number, draw(TEXT), sum(points), clauses))
        total = sum((c.points for c in criteria), D(0))
        items.append(Item(item_number, f"item {item_number}", total, tuple(criteria)))
    return Framework(
        code=draw(TEXT.filter(bool)),
        name=draw(TEXT),
        issuing_body=draw(TEXT),
        category=draw(st.sampled_from(list(Category))),
        level=draw(st.sampled_from([*Level, None])),
        edition=draw(TEXT),
        version=draw(st.integers(1, 5)),
        items=tuple(items),
    )


@settings(max_examples=100, deadline=None)
@given(frameworks())
def test_any_framework_round_trips_through_yaml(framework: Framework) -> None:
    exported = to_yaml(dump(framework))
    assert load(yaml.safe_load(exported)) == framework
    assert to_yaml(dump(load(yaml.safe_load(exported)))) == exported
