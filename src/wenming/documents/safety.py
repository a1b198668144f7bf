"""The one inspection of an uploaded file before anything parses it.

Every upload that a reader would open (a workbook, a Word report, a YAML document, a photo,
a PDF) passes through here first, so each hostile shape is refused in one place, with one
Chinese message, before it costs memory or reaches storage:

- archives (``.xlsx``, ``.docx``): not a zip at all (truncated, or a ``.txt`` renamed), the
  wrong kind of zip (a ``.docx`` renamed ``.xlsx``), too many members, declared or actual
  uncompressed sizes beyond a cap, an implausible compression ratio (a zip bomb), encrypted
  members. The actual inflation is counted in 1 MB chunks, so a member that lies about its
  size is caught without holding it in memory;
- YAML: over a size, not UTF-8, any tag outside plain YAML (``!!python/object``), aliases
  (the billion-laughs bomb; no Wenming document needs them), too many nodes, and parser
  errors told with their line number, never PyYAML's English;
- images: more pixels than a limit, read from the header before any pixel is decoded;
- PDFs: truncated (no ``%%EOF`` at the end), unreadable, encrypted, or carrying JavaScript
  or automatic actions;
- names: content that contradicts the extension (a PNG named ``.jpg``), and the uploader's
  name reduced to display text (no directories, no control or direction characters).

Each refusal is a ``HostileFile``, a ``ValidationError``, so the pages and services that
already show validation errors show these too.
"""

from __future__ import annotations

import copy
import io
import os
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any

import magic
import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

MB = 1024 * 1024
XLSX_PARTS = frozenset({"[Content_Types].xml", "xl/workbook.xml"})
DOCX_PARTS = frozenset({"[Content_Types].xml", "word/document.xml"})
CHUNK = MB

ArchiveSource = bytes | str | os.PathLike[str] | IO[bytes]


class HostileFile(ValidationError):
    """An upload refused before parsing; its message is Chinese and says what to do."""


@dataclass(frozen=True)
class ArchiveLimits:
    """What an uploaded zip may hold. A province's 20,000-row workbook inflates to about
    40 MB at a ratio near 10:1; the caps leave a wide margin and stop a bomb early."""

    max_total: int = 200 * MB
    max_member: int = 200 * MB
    max_members: int = 10_000
    max_ratio: int = 100
    # Small members may compress far better (an empty sheet); only large ones count.
    ratio_from: int = 10 * MB


ARCHIVE_LIMITS = ArchiveLimits()


# ---- archives --------------------------------------------------------------------------


def check_workbook(source: ArchiveSource, limits: ArchiveLimits = ARCHIVE_LIMITS) -> None:
    """Refuse anything that is not a plausible ``.xlsx`` before a reader opens it."""
    check_archive(source, XLSX_PARTS, _("Excel 工作簿（.xlsx）"), limits)


def check_docx(source: ArchiveSource, limits: ArchiveLimits = ARCHIVE_LIMITS) -> None:
    """Refuse anything that is not a plausible ``.docx`` before python-docx opens it."""
    check_archive(source, DOCX_PARTS, _("Word 文档（.docx）"), limits)


def check_archive(
    source: ArchiveSource, required: frozenset[str], kind: str, limits: ArchiveLimits
) -> None:
    """The zip's members, declared and actual sizes, ratio and required parts."""
    with _seekable(source) as stream:
        try:
            with zipfile.ZipFile(stream) as archive:
                infos = archive.infolist()
                _check_declared(infos, required, kind, limits)
                _check_actual(archive, infos, limits)
        except HostileFile:
            raise
        except Exception as error:
            # BadZipFile, zlib.error, EOFError, NotImplementedError (an unknown compression):
            # for the uploader all of them mean one thing, the file is not a sound archive.
            raise _not_archive(kind) from error


def _not_archive(kind: str) -> HostileFile:
    return HostileFile(
        _("文件不是有效的%(kind)s：可能已损坏、上传不完整，或只是改了扩展名。请重新保存后上传。")
        % {"kind": kind},
        code="not_archive",
    )


def _too_large(limits: ArchiveLimits) -> HostileFile:
    return HostileFile(
        _("文件解压后超过 %(mb)d MB，疑似压缩炸弹，已拒收。请拆分后分批上传。")
        % {"mb": limits.max_total // MB},
        code="zip_bomb",
    )


def _check_declared(
    infos: list[zipfile.ZipInfo], required: frozenset[str], kind: str, limits: ArchiveLimits
) -> None:
    if len(infos) > limits.max_members:
        raise HostileFile(
            _("文件包含 %(n)d 个部件，超过上限 %(max)d，已拒收。")
            % {"n": len(infos), "max": limits.max_members},
            code="zip_members",
        )
    if not required <= {info.filename for info in infos}:
        raise HostileFile(
            _("文件内容不是%(kind)s（例如其他文档改了扩展名）。请上传%(kind)s。") % {"kind": kind},
            code="wrong_archive",
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise HostileFile(_("文件已加密，无法读取。请上传未加密的文件。"), code="encrypted")
        total += info.file_size
        if info.file_size > limits.max_member or total > limits.max_total:
            raise _too_large(limits)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_from and ratio > limits.max_ratio:
            raise HostileFile(
                _("文件的压缩比异常（约 %(ratio)d:1），疑似压缩炸弹，已拒收。")
                % {"ratio": int(ratio)},
                code="zip_ratio",
            )


def _check_actual(
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: ArchiveLimits
) -> None:
    """Inflate every member in chunks, counting: a member that inflates beyond what it
    declares (the lie that defeats the check above) is refused, in constant memory."""
    total = 0
    for info in infos:
        probe = copy.copy(info)
        # Let the reader run past the declared size, so that a lie shows; the cap bounds it.
        probe.file_size = limits.max_member + 1
        inflated = 0
        with archive.open(probe) as member:
            while chunk := member.read(CHUNK):
                inflated += len(chunk)
                total += len(chunk)
                if inflated > info.file_size:
                    raise HostileFile(
                        _("文件中的部件解压后比它声明的大小更大，文件已被篡改，已拒收。"),
                        code="zip_lie",
                    )
                if total > limits.max_total:
                    raise _too_large(limits)


@contextmanager
def _seekable(source: ArchiveSource) -> Iterator[IO[bytes]]:
    """The source as a seekable stream, put back where it was afterwards."""
    if isinstance(source, bytes):
        yield io.BytesIO(source)
    elif isinstance(source, str | os.PathLike):
        with open(source, "rb") as stream:
            yield stream
    else:
        position = source.tell()
        source.seek(0)
        try:
            yield source
        finally:
            source.seek(position)


# ---- YAML ------------------------------------------------------------------------------

YAML_MAX_BYTES = 2 * MB
YAML_MAX_NODES = 200_000
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("null", "bool", "int", "float", "str", "seq", "map", "timestamp")
)


def load_yaml(
    data: bytes | str, *, max_bytes: int = YAML_MAX_BYTES, max_nodes: int = YAML_MAX_NODES
) -> Any:
    """An uploaded YAML document's data, or a ``HostileFile`` in Chinese with its line."""
    if len(data) > max_bytes:
        raise HostileFile(
            _("YAML 文件超过 %(mb)d MB，已拒收。") % {"mb": max(1, max_bytes // MB)},
            code="yaml_size",
        )
    text = _utf8(data)
    # The pure-Python safe loader: its recursion ends in RecursionError (caught below),
    # where the C parser's would risk the process on a deeply nested document.
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_nodes(node, max_nodes)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        raise _yaml_error(error.problem_mark or error.context_mark) from error
    except yaml.YAMLError as error:
        raise _yaml_error(None) from error
    except RecursionError as error:
        raise HostileFile(_("YAML 内容嵌套过深，已拒收。"), code="yaml_depth") from error
    finally:
        loader.dispose()


def _utf8(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise HostileFile(
            _("文件不是 UTF-8 编码。请在编辑器中另存为 UTF-8 编码后重新上传。"), code="not_utf8"
        ) from error


def _yaml_error(mark: yaml.Mark | None) -> HostileFile:
    if mark is None:
        return HostileFile(_("YAML 格式有误，请检查缩进、冒号和引号。"), code="yaml_syntax")
    return HostileFile(
        _("YAML 格式有误（第 %(line)d 行）：请检查这一行及上一行的缩进、冒号和引号。")
        % {"line": mark.line + 1},
        code="yaml_syntax",
    )


def _check_nodes(root: yaml.Node, max_nodes: int) -> None:
    """Walk the composed graph once: an alias is a node met twice; tags must be plain."""
    seen: set[int] = set()
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        line = node.start_mark.line + 1
        if id(node) in seen:
            raise HostileFile(
                _("YAML 中不允许使用锚点和别名（& 与 *）（第 %(line)d 行）。") % {"line": line},
                code="yaml_alias",
            )
        seen.add(id(node))
        if len(seen) > max_nodes:
            raise HostileFile(
                _("YAML 内容过于庞大（超过 %(n)d 个节点），已拒收。") % {"n": max_nodes},
                code="yaml_nodes",
            )
        if node.tag not in _PLAIN_TAGS:
            raise HostileFile(
                _("YAML 中不允许使用标签“%(tag)s”（第 %(line)d 行）。")
                % {"tag": node.tag.removeprefix("tag:yaml.org,2002:"), "line": line},
                code="yaml_tag",
            )
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))


IMAGE_MAX_PIXELS = 50_000_000

# ---- names and content -----------------------------------------------------------------

#: What a file's extension promises, by the type libmagic reads from its bytes.
EXTENSION_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TYPE_NAMES = {
    "image/jpeg": gettext_lazy("JPEG 图片"),
    "image/png": gettext_lazy("PNG 图片"),
    "image/webp": gettext_lazy("WebP 图片"),
    "image/gif": gettext_lazy("GIF 图片"),
    "application/pdf": gettext_lazy("PDF 文件"),
    "text/plain": gettext_lazy("纯文本"),
    "application/zip": gettext_lazy("ZIP 压缩包"),
}


def display_name(name: str, default: str = "file") -> str:
    """The uploader's file name as display text only: no directories, no control or
    direction-override characters, at most 255 characters (the extension kept)."""
    last = PurePosixPath(name.replace("\\", "/")).name
    clean = "".join(c for c in last if unicodedata.category(c) not in {"Cc", "Cf"}).strip()
    clean = clean.lstrip(".").strip()
    if not clean:
        return default
    if len(clean) > 255:
        suffix = PurePosixPath(clean).suffix[:16]
        clean = clean[: 255 - len(suffix)] + suffix
    return clean


def check_extension(name: str, content_type: str) -> None:
    """Refuse a file whose bytes contradict its extension (a PNG named ``.jpg``)."""
    suffix = PurePosixPath(display_name(name)).suffix.lower()
    expected = EXTENSION_TYPES.get(suffix)
    if expected is None or expected == content_type:
        return
    if expected.endswith((".document", ".sheet")) and content_type == "application/zip":
        # libmagic names an Office file only when its parts come first: the archive check decides.
        return
    found = str(TYPE_NAMES.get(content_type, content_type or _("未知类型")))
    raise HostileFile(
        _("文件内容与扩展名不符：“%(name)s”实际是%(found)s。请按实际格式另存后重新上传。")
        % {"name": display_name(name), "found": found},
        code="extension_mismatch",
    )


# ---- one upload -----------------------------------------------------------------------

#: libmagic needs a few kilobytes to tell one format from another.
HEAD_BYTES = 64 * 1024


def check_upload(data: bytes, name: str, *, max_pixels: int = IMAGE_MAX_PIXELS) -> str:
    """Every check that applies to an uploaded file, by the type its bytes show (returned):
    the extension must agree, an image must not flood pixels, a PDF must be whole, plain
    and script-free, an Office file must pass the archive guard."""
    content_type: str = magic.from_buffer(data[:HEAD_BYTES], mime=True)
    check_extension(name, content_type)
    suffix = PurePosixPath(display_name(name)).suffix.lower()
    if content_type.startswith("image/"):
        check_image(data, max_pixels=max_pixels)
    elif content_type == "application/pdf":
        check_pdf(data)
    elif suffix == ".docx" or content_type == EXTENSION_TYPES[".docx"]:
        check_docx(data)
    elif suffix == ".xlsx" or content_type == EXTENSION_TYPES[".xlsx"]:
        check_workbook(data)
    return content_type


# ---- images ----------------------------------------------------------------------------


def check_image(data: bytes, *, max_pixels: int = IMAGE_MAX_PIXELS) -> tuple[str, int, int]:
    """An image's format and size from its header; a pixel flood refused undecoded.
    A damaged image is left to the caller (it is a finding for evidence, not an attack)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Image.open reads the header only; nothing is decoded until load().
            with Image.open(io.BytesIO(data)) as image:
                fmt, (width, height) = image.format or "", image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _pixel_flood(max_pixels) from error
    except Exception:  # Pillow raises many types for bytes it cannot read: not an image
        return "", 0, 0
    if width * height > max_pixels:
        raise _pixel_flood(max_pixels)
    return fmt, width, height


def _pixel_flood(max_pixels: int) -> HostileFile:
    return HostileFile(
        _("图片像素过多（超过 %(mp)d 万像素），已拒收。请缩小尺寸后重新上传。")
        % {"mp": max_pixels // 10_000},
        code="pixel_flood",
    )


# ---- PDF -------------------------------------------------------------------------------

PDF_MAX_OBJECTS = 200_000
#: Keys of a PDF dictionary that run something: scripts, automatic actions, launches.
_ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/AA", "/Launch", "/RichMedia"})
_ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/RichMediaExecute", "/ImportData"})


def check_pdf(data: bytes) -> None:
    """Refuse a truncated, unreadable or encrypted PDF, or one that runs scripts."""
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise HostileFile(
            _("PDF 文件不完整（可能上传中断或已被截断）。请重新上传完整的文件。"),
            code="pdf_truncated",
        )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise HostileFile(
                _("PDF 文件已加密或设有打开密码。请上传未加密的文件。"), code="pdf_encrypted"
            )
        active = _has_active_content(reader)
    except HostileFile:
        raise
    except Exception as error:  # pypdf raises many types on damaged input
        raise HostileFile(_("PDF 文件已损坏，无法打开。"), code="pdf_broken") from error
    if active:
        raise HostileFile(
            _("PDF 文件含有脚本或自动执行的动作（JavaScript），已拒收。请另存为普通 PDF 后上传。"),
            code="pdf_script",
        )


def _has_active_content(reader: PdfReader) -> bool:
    """Walk every object reachable from the trailer (names already decoded by pypdf, so a
    ``/J#61vaScript`` spelling is caught), looking at dictionaries, never stream data."""
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer]
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        visited += 1
        if visited > PDF_MAX_OBJECTS:
            raise HostileFile(_("PDF 文件结构过于复杂，已拒收。"), code="pdf_objects")
        if isinstance(item, DictionaryObject):
            if _ACTIVE_KEYS & set(item.keys()) or item.get("/S") in _ACTIVE_ACTIONS:
                return True
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return False


__all__ = [
    "ARCHIVE_LIMITS",
    "ArchiveLimits",
    "HostileFile",
    "check_archive",
    "check_docx",
    "check_extension",
    "check_image",
    "check_pdf",
    "check_upload",
    "check_workbook",
    "display_name",
    "load_yaml",
]
