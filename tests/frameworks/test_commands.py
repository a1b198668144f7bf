"""The command line: load the built-ins, export them, import them back."""

import io
import json
import shutil

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.frameworks.conftest import DATA, yiyang_document

from wenming.domain.framework_data import dump, load
from wenming.frameworks import exchange
from wenming.frameworks.models import Framework, FrameworkStatus
from wenming.frameworks.services import framework_import

YIYANG_TOTALS = ["10", "6", "8", "4", "10", "6", "12", "10", "14", "8", "12"]


def export(code: str, fmt: str, *extra: str) -> str:
    out = io.StringIO()
    call_command("export_framework", code, "--format", fmt, *extra, stdout=out)
    return out.getvalue()


def test_load_frameworks_twice_creates_nothing_new(loaded):
    assert sorted(loaded) == [
        "campus-example",
        "city-county-example",
        "community-example",
        "family-example",
        "liaocheng-midyear-2018",
        "mentougou-monthly-2020",
        "village-town-example",
        "yiyang-unit-2021",
    ]
    assert {f.status for f in loaded.values()} == {FrameworkStatus.IN_USE}
    out = io.StringIO()
    call_command("load_frameworks", stdout=out)
    assert Framework.objects.count() == 8
    assert out.getvalue().count("无变化") == 8


def test_load_frameworks_with_a_changed_file_adds_a_version(loaded, tmp_path, monkeypatch):
    for path in DATA.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    changed = tmp_path / "yiyang-unit-2021.yaml"
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("name: 理想信念教育", "name: 理想信念教育学习"),
        encoding="utf-8",
    )
    monkeypatch.setattr(exchange, "DATA_DIR", tmp_path)
    call_command("load_frameworks", stdout=io.StringIO())
    versions = Framework.objects.filter(code="yiyang-unit-2021").order_by("version")
    assert [(f.version, f.status) for f in versions] == [(1, "in_use"), (2, "in_use")]
    assert versions[1].document["items"][0]["name"] == "理想信念教育学习"
    assert Framework.objects.count() == 9


def test_json_export_of_yiyang_shows_items_criteria_and_bonus_caps(loaded):
    document = json.loads(export("yiyang-unit-2021", "json"))
    assert [item["points"] for item in document["items"]] == YIYANG_TOTALS
    assert sum(int(p) for p in YIYANG_TOTALS) == 100
    criteria = [c for item in document["items"] for c in item["criteria"]]
    assert len(criteria) == 44
    assert criteria[0]["number"] == 1
    assert criteria[0]["points"] == "6"
    assert [c["points"] for c in criteria[0]["clauses"]] == ["2", "2", "2"]
    assert [(b["name"], b["cap"]) for b in document["bonuses"]] == [
        ("荣誉称号", "10"),
        ("经验推介", "10"),
    ]


def test_yaml_export_import_export_is_byte_identical(loaded, tmp_path):
    first = export("yiyang-unit-2021", "yaml")
    assert first == (DATA / "yiyang-unit-2021.yaml").read_text(encoding="utf-8")
    path = tmp_path / "yiyang.yaml"
    path.write_text(first, encoding="utf-8")
    out = io.StringIO()
    call_command("import_framework", str(path), stdout=out)
    assert "未做改动" in out.getvalue()
    assert export("yiyang-unit-2021", "yaml") == first


def test_yaml_round_trip_through_a_fresh_database_is_byte_identical(db, tmp_path):
    source = DATA / "yiyang-unit-2021.yaml"
    call_command("import_framework", str(source), stdout=io.StringIO())
    again = tmp_path / "again.yaml"
    call_command("export_framework", "yiyang-unit-2021", "--output", str(again))
    assert again.read_bytes() == source.read_bytes()


def test_export_of_a_given_version(loaded):
    document = yiyang_document()
    document["items"][0]["criteria"][0]["text"] = "新的表述"
    framework_import(acting_user=None, document=document)
    assert yaml.safe_load(export("yiyang-unit-2021", "yaml"))["version"] == 2
    old = yaml.safe_load(export("yiyang-unit-2021", "yaml", "--version", "1"))
    assert old["version"] == 1
    assert old["items"][0]["criteria"][0]["text"].startswith("党委(党组)")


def test_import_with_a_wrong_item_total_exits_1_naming_the_item(db, tmp_path):
    document = yiyang_document()
    document["items"][2]["points"] = "9"
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_framework", str(path), stderr=err)
    assert exit_info.value.code == 1
    assert "测评项目“思想道德建设”的分值为 9 分，但其测评标准合计 8 分。" in err.getvalue()
    assert not Framework.objects.exists()


def test_xlsx_export_imports_back_to_the_same_framework(loaded, tmp_path):
    path = tmp_path / "yiyang.xlsx"
    call_command("export_framework", "yiyang-unit-2021", "--format", "xlsx", "--output", str(path))
    document = exchange.parse(path.read_bytes(), "xlsx")
    assert exchange.to_yaml(_canonical(document)) == export("yiyang-unit-2021", "yaml")


def _canonical(document: dict) -> dict:
    return dump(load(document))


@pytest.mark.parametrize("fmt", ["xlsx"])
def test_composite_cannot_be_exported_as_a_table(loaded, fmt, tmp_path):
    with pytest.raises(CommandError, match="综合考评体系只能导出 YAML 或 JSON"):
        call_command(
            "export_framework",
            "mentougou-monthly-2020",
            "--format",
            fmt,
            "--output",
            str(tmp_path / "m.xlsx"),
        )
