"""Reading eligibility tables: the 20th-edition file, and the errors a bad table gets."""

import copy
from pathlib import Path
from typing import Any

import pytest

from wenming.domain.eligibility import (
    DEFAULT_COUNTED_STATUSES,
    Award,
    Exclusion,
    Route,
    TitleRequirement,
    Window,
    WindowKind,
)
from wenming.domain.eligibility_data import (
    FORMAT,
    EligibilityTableError,
    load_table_file,
    table_from_dict,
)
from wenming.domain.titles import Category, Level, OrganizationKind, TitleStatus

DATA = Path(__file__).parents[2] / "src/wenming/campaigns/data/eligibility-20.yaml"
C, L = Category, Level

# The table of docs/rules.md#eligibility, row by row:
# (rule id, award category, level, model, route).
DOMAIN_ROWS = [
    ("city-provincial", C.CITY, L.PROVINCIAL, False, Route.ANY),
    ("village-town-provincial-model", C.VILLAGE_TOWN, L.PROVINCIAL, True, Route.TITLE),
    ("village-town-provincial", C.VILLAGE_TOWN, L.PROVINCIAL, False, Route.TITLE),
    ("village-town-municipal-model", C.VILLAGE_TOWN, L.MUNICIPAL, True, Route.TITLE),
    ("village-town-municipal", C.VILLAGE_TOWN, L.MUNICIPAL, False, Route.ANY),
    ("community-provincial-model", C.COMMUNITY, L.PROVINCIAL, True, Route.TITLE),
    ("community-provincial", C.COMMUNITY, L.PROVINCIAL, False, Route.TITLE),
    ("community-municipal-model", C.COMMUNITY, L.MUNICIPAL, True, Route.TITLE),
    ("community-municipal", C.COMMUNITY, L.MUNICIPAL, False, Route.ANY),
    ("unit-provincial-keep", C.UNIT, L.PROVINCIAL, False, Route.KEEP),
    ("unit-provincial-keep", C.UNIT, L.PROVINCIAL, True, Route.KEEP),
    ("unit-provincial", C.UNIT, L.PROVINCIAL, False, Route.TITLE),
    ("unit-municipal-model", C.UNIT, L.MUNICIPAL, True, Route.TITLE),
    ("unit-municipal", C.UNIT, L.MUNICIPAL, False, Route.ANY),
    ("unit-provincial-exceptional", C.UNIT, L.PROVINCIAL, False, Route.EXCEPTIONAL),
    ("campus-provincial-keep", C.CAMPUS, L.PROVINCIAL, False, Route.KEEP),
    ("campus-provincial-keep", C.CAMPUS, L.PROVINCIAL, True, Route.KEEP),
    ("campus-provincial", C.CAMPUS, L.PROVINCIAL, False, Route.TITLE),
    ("campus-municipal-model", C.CAMPUS, L.MUNICIPAL, True, Route.TITLE),
    ("campus-municipal", C.CAMPUS, L.MUNICIPAL, False, Route.ANY),
    ("family-provincial", C.FAMILY, L.PROVINCIAL, False, Route.TITLE),
    ("family-provincial-exceptional", C.FAMILY, L.PROVINCIAL, False, Route.EXCEPTIONAL),
    ("family-municipal", C.FAMILY, L.MUNICIPAL, False, Route.ANY),
]


def test_edition_20_file_has_every_domain_row() -> None:
    table = load_table_file(DATA)
    rows = [(r.id, r.award.category, r.award.level, r.award.model, r.route) for r in table.rules]
    assert rows == DOMAIN_ROWS


def test_edition_20_file_settings() -> None:
    table = load_table_file(DATA)
    assert (table.edition, table.default_window, table.counted_statuses) == (
        20,
        Window(WindowKind.PREVIOUS, count=2),
        DEFAULT_COUNTED_STATUSES,
    )


def test_edition_20_file_excludes_fulltime_schools_from_units() -> None:
    table = load_table_file(DATA)
    assert [(e.id, e.category, e.fulltime_school, e.instead) for e in table.exclusions] == [
        ("fulltime-school-unit", C.UNIT, True, C.CAMPUS)
    ]


def test_edition_20_file_every_row_quotes_its_source() -> None:
    table = load_table_file(DATA)
    assert [rule.id for rule in table.rules if not rule.source] == []


def test_edition_20_unit_keep_row_reads_both_tiers_of_18th_and_19th() -> None:
    table = load_table_file(DATA)
    keep = next(rule for rule in table.rules if rule.id == "unit-provincial-keep")
    assert keep.any_of == (
        TitleRequirement(
            C.UNIT, L.PROVINCIAL, None, False, Window(WindowKind.EDITIONS, editions=(18, 19))
        ),
    )


def test_loading_twice_gives_equal_tables() -> None:
    assert load_table_file(DATA) == load_table_file(DATA)


# --- a small valid document, then one mistake at a time ------------------------------------


def document() -> dict[str, Any]:
    return {
        "format": FORMAT,
        "edition": 20,
        "rules": [
            {
                "id": "unit-municipal-model",
                "award": {"category": "unit", "level": "municipal", "model": True},
                "kinds": ["unit"],
                "route": "title",
                "any_of": [{"category": "unit", "level": "municipal", "model": False}],
            }
        ],
        "exclusions": [{"id": "fulltime", "category": "unit", "fulltime_school": True}],
    }


def test_small_document_reads() -> None:
    table = table_from_dict(document())
    assert (table.rules[0].award, table.exclusions) == (
        Award(C.UNIT, L.MUNICIPAL, True),
        (Exclusion("fulltime", C.UNIT, fulltime_school=True),),
    )


def test_awards_list_becomes_one_rule_per_award() -> None:
    doc = document()
    rule = doc["rules"][0]
    del rule["award"]
    rule["awards"] = [
        {"category": "unit", "level": "provincial"},
        {"category": "unit", "level": "provincial", "model": True},
    ]
    assert [(r.id, r.award) for r in table_from_dict(doc).rules] == [
        ("unit-municipal-model", Award(C.UNIT, L.PROVINCIAL, False)),
        ("unit-municipal-model", Award(C.UNIT, L.PROVINCIAL, True)),
    ]


def rule_error(
    field: str, code: str, row: str = "unit-municipal-model", **details: Any
) -> tuple[str, dict[str, Any]]:
    return code, {"section": "rules", "index": 0, "row": row, "field": field, **details}


def table_error(field: str, code: str, **details: Any) -> tuple[str, dict[str, Any]]:
    return code, {"section": "table", "index": None, "row": "", "field": field, **details}


def set_path(doc: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """Set doc[a][b]... for a dotted path with list indexes as numbers; DELETE removes."""
    *parents, last = path.split(".")
    target: Any = doc
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    key = int(last) if last.isdigit() else last
    if value is DELETE:
        del target[key]
    else:
        target[key] = value
    return doc


DELETE = object()
KINDS = [kind.value for kind in OrganizationKind]
STATUSES = [status.value for status in TitleStatus]

MISTAKES = [
    ("format", "wenming-eligibility/0",
     table_error("format", "unknown_format", value="wenming-eligibility/0", expected=FORMAT)),
    ("edition", DELETE, table_error("edition", "missing_field")),
    ("edition", 0, table_error("edition", "bad_edition", value=0)),
    ("rules", [], table_error("rules", "empty_list")),
    ("counted_statuses", ["active", "revoked"],
     table_error("counted_statuses", "revoked_cannot_count")),
    ("counted_statuses", ["expired"], table_error("counted_statuses", "active_must_count")),
    ("counted_statuses", ["activ"],
     table_error("counted_statuses[0]", "unknown_value", value="activ", allowed=STATUSES)),
    ("default_window", {"previous": 0},
     table_error("default_window.previous", "bad_window", value=0, table_edition=20)),
    ("rules.0.id", DELETE, rule_error("id", "missing_field", row="")),
    ("rules.0.kinds", ["shool"],
     rule_error("kinds[0]", "unknown_value", value="shool", allowed=KINDS)),
    ("rules.0.kinds", [], rule_error("kinds", "empty_list")),
    ("rules.0.kinds", ["village"],
     rule_error("kinds", "kind_cannot_hold", kind="village", category="unit")),
    ("rules.0.colour", "red",
     rule_error("colour", "unknown_field",
                allowed=["any_of", "award", "awards", "id", "kinds", "note", "route", "source",
                         "unit_types"])),
    ("rules.0.awards", [], rule_error("award", "award_or_awards")),
    ("rules.0.award.model", "yes", rule_error("award.model", "not_a_boolean", value="yes")),
    ("rules.0.award.level", "county",
     rule_error("award.level", "unknown_value", value="county",
                allowed=["municipal", "provincial", "national"])),
    ("rules.0.route", "maybe",
     rule_error("route", "unknown_value", value="maybe",
                allowed=["any", "title", "keep", "exceptional"])),
    ("rules.0.any_of", [], rule_error("any_of", "route_needs_requirements", route="title")),
    ("rules.0.route", "any", rule_error("any_of", "route_takes_no_requirements", route="any")),
    ("rules.0.unit_types", ["new_economic", "new_economic"],
     rule_error("unit_types", "duplicate_value", value=["new_economic", "new_economic"])),
    ("rules.0.any_of.0.window", {"editions": [18, 20]},
     rule_error("any_of[0].window.editions[1]", "edition_not_earlier", value=20,
                table_edition=20)),
    ("rules.0.any_of.0.window", "whenever",
     rule_error("any_of[0].window", "bad_window", value="whenever",
                expected=["any_earlier", "{previous: N}", "{editions: [..]}"])),
    ("rules.0.any_of.0.category", "family",
     rule_error("any_of[0].category", "requirement_unreachable", category="family",
                kinds=["unit"])),
    ("rules.0.any_of.0.model", DELETE, rule_error("any_of[0].model", "missing_field")),
    ("rules.0.any_of.0", {"honor": "most_beautiful_family", "levels": ["village"]},
     rule_error("any_of[0].levels[0]", "unknown_value", value="village",
                allowed=["national", "provincial", "ministerial", "municipal"])),
    ("exclusions.0.fulltime_school", DELETE,
     ("exclusion_without_condition",
      {"section": "exclusions", "index": 0, "row": "fulltime", "field": ""})),
]  # fmt: skip


@pytest.mark.parametrize(("path", "value", "expected"), MISTAKES)
def test_mistake_refused_naming_row_and_field(
    path: str, value: Any, expected: tuple[str, dict[str, Any]]
) -> None:
    doc = set_path(copy.deepcopy(document()), path, value)
    with pytest.raises(EligibilityTableError) as caught:
        table_from_dict(doc)
    assert (caught.value.code, caught.value.params) == expected


def test_duplicate_rule_id_refused() -> None:
    doc = document()
    doc["rules"].append(copy.deepcopy(doc["rules"][0]))
    with pytest.raises(EligibilityTableError) as caught:
        table_from_dict(doc)
    assert (caught.value.code, caught.value.params) == (
        "duplicate_id",
        {
            "section": "rules",
            "index": 1,
            "row": "unit-municipal-model",
            "field": "id",
            "value": "unit-municipal-model",
        },
    )


def test_family_award_with_model_tier_refused() -> None:
    doc = document()
    doc["rules"][0] = {
        "id": "family-model",
        "award": {"category": "family", "level": "provincial", "model": True},
        "kinds": ["family"],
        "route": "any",
    }
    with pytest.raises(EligibilityTableError) as caught:
        table_from_dict(doc)
    assert (caught.value.code, caught.value.params["field"]) == ("no_model_tier", "award.model")


def test_unit_types_on_a_row_without_units_refused() -> None:
    doc = document()
    doc["rules"][0] = {
        "id": "families",
        "award": {"category": "family", "level": "municipal"},
        "kinds": ["family"],
        "unit_types": ["new_social"],
        "route": "any",
    }
    with pytest.raises(EligibilityTableError) as caught:
        table_from_dict(doc)
    assert caught.value.code == "unit_types_without_unit"


def test_document_that_is_not_a_mapping_refused() -> None:
    with pytest.raises(EligibilityTableError) as caught:
        table_from_dict(["rules"])
    assert caught.value.code == "not_a_mapping"


def test_error_message_names_row_and_field() -> None:
    doc = set_path(document(), "rules.0.kinds", ["shool"])
    with pytest.raises(EligibilityTableError) as caught:
        table_from_dict(doc)
    assert str(caught.value).split(": ")[:3] == [
        "rules[0] 'unit-municipal-model'",
        "kinds[0]",
        "unknown_value (value='shool', allowed=['county', 'township', 'village', 'community',"
        " 'unit', 'school', 'family'])",
    ]


def test_error_is_a_value_error() -> None:
    assert issubclass(EligibilityTableError, ValueError)


def test_file_with_bad_yaml_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "eligibility-20.yaml"
    path.write_text("rules: [unclosed\n", encoding="utf-8")
    with pytest.raises(EligibilityTableError) as caught:
        load_table_file(path)
    assert (caught.value.code, caught.value.params["file"]) == ("not_yaml", str(path))


def test_file_with_bad_row_names_file_and_row(tmp_path: Path) -> None:
    path = tmp_path / "eligibility-20.yaml"
    text = DATA.read_text(encoding="utf-8").replace("kinds: [county]", "kinds: [country]")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EligibilityTableError) as caught:
        load_table_file(path)
    params = caught.value.params
    assert (params["file"], params["row"], params["field"]) == (
        str(path),
        "city-provincial",
        "kinds[0]",
    )
