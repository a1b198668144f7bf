"""Builders of hostile files for the attack tests: zip bombs, lying archives, YAML bombs,
pixel floods and scripted, encrypted or truncated PDFs. Each builds in well under a second
except the 1.5 GB bomb, which a test builds once per session."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import docx
import xlsxwriter
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

SHEET = "xl/worksheets/sheet1.xml"
MB = 1024 * 1024


def small_workbook(sheet: str = "组织") -> bytes:
    """A real one-sheet workbook with a header row."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.add_worksheet(sheet).write_row(0, 0, ["编码*", "名称*"])
    book.close()
    return buffer.getvalue()


def _copy_except(source: bytes, out: zipfile.ZipFile, skip: str) -> None:
    with zipfile.ZipFile(io.BytesIO(source)) as original:
        for info in original.infolist():
            if info.filename != skip:
                out.writestr(info, original.read(info.filename))


def bomb_workbook(inflated_mb: int = 1536) -> bytes:
    """A workbook whose first sheet inflates to ``inflated_mb`` MB of blanks, about 1.5 MB
    on disk for 1.5 GB: a real workbook in every other part.

    Built in a second: one megabyte of blanks is deflated once, with a full flush (so the
    piece stands alone), and the piece repeated; a final empty block ends the stream."""
    blank = b" " * MB
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = packer.compress(blank) + packer.flush(zlib.Z_FULL_FLUSH)
    stream = piece * inflated_mb + b"\x03\x00"
    crc = 0
    for _ in range(inflated_mb):
        crc = zlib.crc32(blank, crc)
    members = []
    with zipfile.ZipFile(io.BytesIO(small_workbook())) as original:
        for info in original.infolist():
            if info.filename != SHEET:
                body = original.read(info.filename)
                members.append((info.filename, 0, zlib.crc32(body), body, len(body)))
    members.append((SHEET, 8, crc, stream, inflated_mb * MB))
    return _zip_of(members)


def _zip_of(members: list[tuple[str, int, int, bytes, int]]) -> bytes:
    """A zip written by hand: (name, method, crc, stored bytes, uncompressed size)."""
    out, central = bytearray(), bytearray()
    for name, method, crc, body, size in members:
        encoded = name.encode()
        sizes = (crc, len(body), size, len(encoded), 0)
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0, *sizes, 0, 0, 0, 0, len(out)
        )
        central += encoded
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0, *sizes) + encoded
        out += body
    start = len(out)
    out += central
    out += struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), start, 0
    )
    return bytes(out)


def lying_workbook(inflated: int = 8 * MB, declared: int = 1024) -> bytes:
    """A workbook whose sheet declares ``declared`` bytes but inflates to ``inflated``: the
    header lie that a check of declared sizes alone would believe."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        _copy_except(small_workbook(), out, SHEET)
        with out.open(SHEET, "w") as sheet:
            blank = b" " * MB
            for _ in range(inflated // MB):
                sheet.write(blank)
    data = bytearray(buffer.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(SHEET)
    # The local header's uncompressed size is at +22, the central directory's at +24.
    struct.pack_into("<I", data, info.header_offset + 22, declared)
    position = 0
    while (position := data.find(b"PK\x01\x02", position)) != -1:
        (name_length,) = struct.unpack_from("<H", data, position + 28)
        if bytes(data[position + 46 : position + 46 + name_length]) == SHEET.encode():
            struct.pack_into("<I", data, position + 24, declared)
            break
        position += 4
    return bytes(data)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("一份 Word 文档")
    document.save(buffer)
    return buffer.getvalue()


def docx_bomb(inflated: int = 24 * MB) -> bytes:
    """A Word document whose body part inflates a thousandfold: a bomb by its ratio."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        _copy_except(docx_bytes(), out, "word/document.xml")
        with out.open("word/document.xml", "w") as part:
            blank = b" " * MB
            for _ in range(inflated // MB):
                part.write(blank)
    return buffer.getvalue()


def billion_laughs(levels: int = 9) -> bytes:
    lines = ['lol0: &lol0 "lol"']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*lol{level - 1}"] * 9)
        lines.append(f"lol{level}: &lol{level} [{refs}]")
    return ("\n".join(lines) + "\n").encode()


def png_header(width: int, height: int) -> bytes:
    """A PNG of a few bytes that declares ``width`` × ``height`` pixels (a pixel flood)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b""))


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def scripted_pdf(how: str = "open") -> bytes:
    """A one-page PDF that runs JavaScript when opened (``open``), or on a page action
    (``page``), or through names written with hex escapes (``hex``)."""
    if how == "hex":
        return _hex_named_script()
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('x')"),
        }
    )
    if how == "open":
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    elif how == "page":
        page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): action})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _hex_named_script() -> bytes:
    """A hand-written PDF whose OpenAction is spelled ``/S /J#61vaScript``."""
    objects = (
        b"<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>",
        b"<</S/J#61vaScript/J#53 (app.alert(1))>>",
    )
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj%sendobj\n" % (number, body)
    table = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    start = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + table
    return out + b"trailer<</Size 5/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % start


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def truncated_pdf() -> bytes:
    data = blank_pdf()
    return data[: len(data) * 2 // 3]
