"""Hostile YAML (and JSON) through the framework import page: each refused with a Chinese
message (with its line where there is one), no parser English, and nothing saved."""

import io
import re
from datetime import date

import openpyxl
import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from tests.conftest import login
from tests.frameworks.conftest import loaded, yiyang_document  # noqa: F401  (a fixture, offered here)
from tests.security.hostile import billion_laughs

from wenming.audit.models import AuditEvent
from wenming.documents.safety import HostileFile, load_yaml
from wenming.frameworks.exchange import to_bytes
from wenming.frameworks.models import Framework

#: Words of PyYAML's, json's and the codecs' English that must never reach the page.
ENGLISH = re.compile(
    r"could not determine|constructor|while parsing|while scanning|expected|codec|"
    r"Expecting|line \d+ column|mapping values",
    re.IGNORECASE,
)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def yiyang_yaml() -> str:
    return yaml.safe_dump(yiyang_document(), allow_unicode=True, sort_keys=False)


CASES = [
    ("laughs", billion_laughs(), "不允许使用锚点和别名"),
    (
        "python tag",
        b"code: x\nitems: !!python/object/apply:os.system ['echo hi']\n",
        "不允许使用标签",
    ),
    ("python name", b"a: !!python/name:os.system\n", "不允许使用标签"),
    ("gbk", "code: 文明单位\nname: 测评体系\n".encode("gbk"), "不是 UTF-8 编码"),
    ("syntax", b"code: x\nname: y\n  items: [1, 2\n", "YAML 格式有误（第 3 行）"),
    ("deep", b"[" * 50_000, "嵌套过深"),
    ("oversize", b"a: " + b"x" * (3 * 1024 * 1024) + b"\n", "超过 2 MB"),
]


@pytest.mark.usefixtures("loaded")
@pytest.mark.parametrize(("label", "data", "message"), CASES, ids=[c[0] for c in CASES])
def test_framework_import_refuses_hostile_yaml_in_chinese(
    client, cast, label, data, message
) -> None:
    login(client, cast.city)
    before = (Framework.objects.count(), AuditEvent.objects.count())
    upload = SimpleUploadedFile("体系.yaml", data)
    response = client.post(reverse("frameworks:import"), {"file": upload})
    text = text_of(response)
    assert response.status_code == 200
    assert message in text
    assert not ENGLISH.search(text), ENGLISH.search(text)
    assert (Framework.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.usefixtures("loaded")
def test_bad_json_is_told_in_chinese_with_its_line(client, cast) -> None:
    login(client, cast.city)
    upload = SimpleUploadedFile("体系.json", b'{\n  "code": "x",\n  "name": \n}\n')
    text = text_of(client.post(reverse("frameworks:import"), {"file": upload}))
    assert "JSON 格式有误（第 4 行）" in text
    assert not ENGLISH.search(text)


@pytest.mark.usefixtures("loaded")
def test_a_python_tag_in_the_workbooks_yaml_cell_is_refused(client, cast) -> None:
    book = openpyxl.load_workbook(io.BytesIO(to_bytes(yiyang_document(), "xlsx")))
    info = book["体系信息"]
    row = next(r for r in info.iter_rows() if r[0].value == "extra")
    row[2].value = "bonuses: !!python/object/apply:os.system ['echo hi']"
    out = io.BytesIO()
    book.save(out)
    before = Framework.objects.count()
    login(client, cast.city)
    upload = SimpleUploadedFile("体系.xlsx", out.getvalue())
    text = text_of(client.post(reverse("frameworks:import"), {"file": upload}))
    assert "“体系信息”中的 YAML 内容有误。" in text
    assert "不允许使用标签" in text
    assert Framework.objects.count() == before


@pytest.mark.usefixtures("loaded")
def test_an_honest_document_still_imports(client, cast) -> None:
    document = yiyang_document()
    document["name"] = "益阳市文明单位测评体系（修订）"
    login(client, cast.city)
    upload = SimpleUploadedFile("体系.yaml", yaml.safe_dump(document, allow_unicode=True).encode())
    response = client.post(reverse("frameworks:import"), {"file": upload})
    assert response.status_code == 302


def test_the_loader_keeps_plain_yaml() -> None:
    assert load_yaml(b"a: 1\nb: [x, 2021-01-01, true, null, 1.5]\n") == {
        "a": 1,
        "b": ["x", date(2021, 1, 1), True, None, 1.5],
    }
    with pytest.raises(HostileFile):
        load_yaml(yiyang_yaml().encode() + b"x: &a [1]\ny: *a\n")
