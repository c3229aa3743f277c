"""Word files for the office tests, made here with python-docx and Pillow: a report as units send
them (heading, bold, list, table with a header row, link, a photo with GPS data and its caption, a
phone number), and the bad files editors receive (old .doc, password-protected, renamed, damaged).
"""

from __future__ import annotations

import io
import struct

PHONE = "13812345678"


def photo_with_gps(size=(64, 48), color=(200, 30, 30)) -> bytes:
    """A JPEG whose EXIF carries a GPS position (as a phone camera writes it)."""
    from PIL import Image

    image = Image.new("RGB", size, color)
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (30.0, 0.0, 0.0), 3: "E", 4: (120.0, 52.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def has_gps(data: bytes) -> bool:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return bool(image.getexif().get_ifd(0x8825))


def add_link(paragraph, url: str, text: str) -> None:
    """python-docx has no hyperlink API: a w:hyperlink run with its relationship."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link, run, text_el = OxmlElement("w:hyperlink"), OxmlElement("w:r"), OxmlElement("w:t")
    link.set(qn("r:id"), r_id)
    text_el.text = text
    run.append(text_el)
    link.append(run)
    paragraph._p.append(link)


def header_row(table) -> None:
    """Mark a table's first row as its header row (重复标题行), as Word does."""
    from docx.oxml import OxmlElement

    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def save(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def report(phone: str = PHONE, extra: str = "") -> bytes:
    """The report of issue 14: a heading, a date line, bold and italic text, a phone number, a
    list, a table with its header row, a link, a photo with GPS data and the caption under it."""
    from docx import Document
    from docx.shared import Inches

    doc = Document()
    doc.add_heading("上虞市药监局开展学雷锋志愿服务", 1)
    doc.add_paragraph("2011年3月12日")
    p = doc.add_paragraph("3月5日上午，")
    p.add_run("市药监局党员志愿者").bold = True
    p.add_run("在金桂苑社区开展")
    p.add_run("安全用药").italic = True
    p.add_run(f"宣传{f'，咨询电话{phone}' if phone else ''}。{extra}")
    doc.add_heading("服务内容", 2)
    doc.add_paragraph("清理家庭小药箱", style="List Bullet")
    doc.add_paragraph("解答用药咨询", style="List Bullet")
    table = doc.add_table(rows=3, cols=2)
    rows = (("项目", "数量"), ("回收过期药品", "200多盒"), ("服务居民", "800多人"))
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    header_row(table)
    p = doc.add_paragraph("详见")
    add_link(p, "https://example.gov.cn/yaojian", "市药监局网站")
    doc.add_picture(io.BytesIO(photo_with_gps()), width=Inches(2))
    doc.add_paragraph("药监局党员在社区讲解安全用药常识")
    doc.add_paragraph("活动结束后，志愿者还走访了困难家庭。")
    return save(doc)


# The body the report becomes (the phone number line is line 41 of the draft).
REPORT_BODY = """\
3月5日上午，**市药监局党员志愿者**在金桂苑社区开展*安全用药*宣传，咨询电话13812345678。

## 服务内容

- 清理家庭小药箱
- 解答用药咨询

| 项目 | 数量 |
| --- | --- |
| 回收过期药品 | 200多盒 |
| 服务居民 | 800多人 |

详见[市药监局网站](https://example.gov.cn/yaojian)

![药监局党员在社区讲解安全用药常识](media/2011/{id}-1.jpg)

*药监局党员在社区讲解安全用药常识*

活动结束后，志愿者还走访了困难家庭。
"""
REPORT_ID = "shangyushi-yaojianju-xueleifeng"


def document(*paragraphs, title_style: str | None = None) -> bytes:
    """A document of plain paragraphs; the first in ``title_style`` ("Title", "Heading 1") if given."""
    from docx import Document

    doc = Document()
    for n, text in enumerate(paragraphs):
        doc.add_paragraph(text, style=title_style if n == 0 and title_style else None)
    return save(doc)


def encrypted(data: bytes, password: str = "1234") -> bytes:
    """The .docx as Word saves it with an opening password (an encrypted OLE package)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


def old_doc() -> bytes:
    """A minimal Word 97–2003 file: an OLE compound file with a WordDocument stream (one FAT
    sector, one directory sector, the stream in eight 512-byte sectors)."""
    end, free, fat_sector, none = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108
    fat = [fat_sector, end, *range(3, 10), end]
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat) + struct.pack("<I", free) * (128 - len(fat))

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", none, none, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, size)
        )

    directory = (
        entry("Root Entry", 5, 1, end, 0) + entry("WordDocument", 2, none, 2, 4096) + entry("", 0, none, 0, 0) * 2
    )
    return header + fat_bytes + directory + b"\xec\xa5" + bytes(4094)


def read_docx(path):
    """A .docx as python-docx reads it back: ([(style name, text)] of the body's paragraphs in
    order, [rows of cell texts] of each table)."""
    from docx import Document

    doc = Document(str(path))
    paragraphs = [(p.style.name, p.text) for p in doc.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in doc.tables]
    return paragraphs, tables


def section(paragraphs, heading: str) -> list[str]:
    """The texts under a Heading 1 that starts with ``heading``, up to the next Heading 1."""
    out, inside = [], False
    for style, text in paragraphs:
        if style == "Heading 1":
            inside = text.startswith(heading)
            continue
        if inside:
            out.append(text)
    return out
