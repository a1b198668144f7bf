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
    """The document in a file's bytes; a ValidationError when it cannot be read."""
    if fmt == "xlsx":
        return read_framework_workbook(io.BytesIO(data))
    try:
        text = data.decode("utf-8")
        # The C loader when PyYAML has it: the same safe subset, ten times faster.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        loaded: Any = yaml.load(text, Loader=loader) if fmt == "yaml" else json.loads(text)  # noqa: S506  (a SafeLoader)
    except (UnicodeDecodeError, yaml.YAMLError, json.JSONDecodeError) as error:
        raise ValidationError(
            _("文件无法解析为 %(fmt)s：%(error)s") % {"fmt": fmt.upper(), "error": error}
        ) from error
    if not isinstance(loaded, dict):
        raise ValidationError(_("文件内容不是测评体系文档。"))
    return loaded


def builtin_documents() -> list[tuple[str, Document]]:
    """The built-in frameworks' documents, by file name."""
    return [
        (path.name, parse(path.read_bytes(), "yaml")) for path in sorted(DATA_DIR.glob("*.yaml"))
    ]
