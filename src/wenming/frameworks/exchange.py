"""Frameworks as files: YAML (the documented, exact form), JSON and the Excel table.

YAML is written as the data files in ``data/`` are, so a YAML export → import → export
is byte-identical; JSON keeps the same keys (points as decimal strings).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wenming.documents.safety import MB, YAML_MAX_BYTES, HostileFile, load_yaml
from wenming.domain.framework_data import Document

from .workbook import read_framework_workbook, write_framework_workbook

FORMATS = ("yaml", "json", "xlsx")
DATA_DIR = Path(__file__).resolve().parent / "data"
CONTENT_TYPES = {
    "yaml": "application/yaml; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def to_yaml(document: Document) -> str:
    """The YAML text of a document, as the built-in data files are written."""
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def to_json(document: Document) -> str:
    """The JSON text of a document (readable Chinese, two-space indent)."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def to_bytes(document: Document, fmt: str) -> bytes:
    """A document in one of ``FORMATS``."""
    if fmt == "yaml":
        return to_yaml(document).encode("utf-8")
    if fmt == "json":
        return to_json(document).encode("utf-8")
    out = io.BytesIO()
    write_framework_workbook(out, document)
    return out.getvalue()


def format_of(filename: str) -> str:
    """The format a file name's suffix says, or a ValidationError."""
    suffix = Path(filename).suffix.lower().lstrip(".")
    fmt = {"yml": "yaml", "yaml": "yaml", "json": "json", "xlsx": "xlsx"}.get(suffix)
    if fmt is None:
        raise ValidationError(_("只能导入 .yaml、.json 或 .xlsx 文件。"))
    return fmt


def parse(data: bytes, fmt: str) -> Document:
    """The document in a file's bytes; a ValidationError in Chinese when it cannot be read.

    YAML goes through ``wenming.documents.safety.load_yaml`` (no python tags, no aliases,
    a size cap, the line of a syntax error); no parser's English reaches the page."""
    if fmt == "xlsx":
        return read_framework_workbook(io.BytesIO(data))
    loaded: Any = load_yaml(data) if fmt == "yaml" else _load_json(data)
    if not isinstance(loaded, dict):
        raise ValidationError(_("文件内容不是测评体系文档。"))
    return loaded


def _load_json(data: bytes) -> Any:
    if len(data) > YAML_MAX_BYTES:
        raise HostileFile(
            _("JSON 文件超过 %(mb)d MB，已拒收。") % {"mb": YAML_MAX_BYTES // MB}, code="json_size"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise HostileFile(
            _("文件不是 UTF-8 编码。请在编辑器中另存为 UTF-8 编码后重新上传。"), code="not_utf8"
        ) from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValidationError(
            _("JSON 格式有误（第 %(line)d 行）：请检查括号、逗号和引号。") % {"line": error.lineno}
        ) from error
    except RecursionError as error:
        raise HostileFile(_("JSON 内容嵌套过深，已拒收。"), code="json_depth") from error


def builtin_documents() -> list[tuple[str, Document]]:
    """The built-in frameworks' documents, by file name."""
    return [
        (path.name, parse(path.read_bytes(), "yaml")) for path in sorted(DATA_DIR.glob("*.yaml"))
    ]
