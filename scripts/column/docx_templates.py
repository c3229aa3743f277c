"""The Word templates of the office's documents, made reproducibly with python-docx.

``python -m column docx-templates`` (``make docx-templates``) writes
``templates/docx/{briefing,notice,certificate}.docx``. They are docxtpl templates: Jinja tags
(``{{ figures.participants }}``, ``{%p for a in activities %}``, ``{%tr for … %}``) in ordinary
Word paragraphs and table rows, so an office can open one in Word and restyle it (fonts,
spacing, the masthead) as long as the tags stay as they are; ``documents.py`` fills them.

Layout after the national standard for official documents (GB/T 9704-2012, 党政机关公文格式):
A4; margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; title 二号 方正小标宋简体;
body 三号 仿宋_GB2312 on a fixed 28 pt line; first-level headings 三号 黑体, second-level 三号
楷体_GB2312; page numbers 四号 宋体 as “— 1 —” in the footer, odd pages right, even pages left.
Fonts are named, never embedded: a computer without them shows Word's substitute.

Built the same way twice, a template is the same bytes (fixed document properties, zip
entries dated 1980-01-01): ``save`` does that for the documents too.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "templates" / "docx"
NAMES = ("briefing", "notice", "certificate")

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
RED = "FF0000"  # 版头 and the red rule under it
LINE = 28  # pt: 22 lines of 三号 text on the 225 mm type area
CHAR = 16  # pt: one 三号 character, for indents


# ---------------------------------------------------------------------------------------------
# Layout.


def _fonts(rpr, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Name the fonts of a run or style: Chinese text in ``east_asia``; no theme font overrides."""
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def _style(
    doc,
    name: str,
    east_asia: str,
    size: float,
    *,
    bold=False,
    align=None,
    indent=True,
    line=LINE,
    before=0,
    after=0,
    color="000000",
    base=None,
    keep=False,
):
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles[base or "Normal"]
        style.quick_style = True
    font = style.font
    font.size, font.bold, font.italic = Pt(size), bold, False
    font.color.rgb = RGBColor.from_string(color)
    _fonts(style.element.get_or_add_rPr(), east_asia)
    for border in style.element.get_or_add_pPr().findall(qn("w:pBdr")):  # Word's blue rule under Title
        border.getparent().remove(border)
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.first_line_indent = Pt(2 * CHAR) if indent else Pt(0)
    fmt.keep_with_next = keep
    if align is not None:
        fmt.alignment = align
    return style


def _page_number(paragraph) -> None:
    """“— PAGE —” as a field Word fills in."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    def run(text=None, field=None, instr=None):
        r = paragraph.add_run(text)
        r.font.size = Pt(14)
        _fonts(r._r.get_or_add_rPr(), PAGE_NUMBER_FONT)
        if field:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), field)
            r._r.append(el)
        if instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
            r._r.append(el)

    run("— ")
    run(field="begin")
    run(instr=" PAGE ")
    run(field="separate")
    run("1")
    run(field="end")
    run(" —")


def _border(paragraph, where: str = "bottom", color: str = RED, size: int = 12) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{where}")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", "4"), ("color", color)):
        line.set(qn(f"w:{key}"), value)
    borders.append(line)
    ppr.append(borders)


def new_document(title: str):
    """An empty A4 document with the official-document styles and page numbers."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(25)

    # Document defaults: the body font, Chinese language, no paragraph spacing.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr, BODY_FONT)
    rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")

    _style(doc, "Normal", BODY_FONT, 16, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _style(doc, "Title", TITLE_FONT, 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=35, after=LINE)
    _style(doc, "Subtitle", SUBHEADING_FONT, 16, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=LINE)
    _style(doc, "Heading 1", HEADING_FONT, 16, keep=True)
    _style(doc, "Heading 2", SUBHEADING_FONT, 16, keep=True)
    _style(doc, "版头", TITLE_FONT, 40, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=56, color=RED)
    _style(doc, "期号", BODY_FONT, 16, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, before=8)
    _style(doc, "发文机关", BODY_FONT, 16, indent=False)
    _style(doc, "落款", BODY_FONT, 16, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _style(doc, "表格文字", BODY_FONT, 12, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=20)
    _style(doc, "表格文字居左", BODY_FONT, 12, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, line=20)
    doc.styles["落款"].paragraph_format.right_indent = Pt(4 * CHAR)

    doc.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(CHAR)
    _page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(CHAR)
    _page_number(even)

    package = doc.part.package  # python-docx's own preview picture of an empty page: not ours
    for rel in [r for r in package.rels.values() if r.reltype.endswith("/metadata/thumbnail")]:
        package.rels.pop(rel.rId)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by, props.comments = title, "", "", ""
    props.created = props.modified = dt.datetime(2010, 1, 1)
    props.revision = 1
    return doc


def _table(
    doc, head: tuple[str, ...], cells: tuple[str, ...], loop: str, widths: tuple[float, ...], left: tuple[int, ...] = ()
):
    """A table with a header row (repeated on each page) and one templated row per item of ``loop``
    (docxtpl's ``{%tr for … %}`` rows around it)."""
    from docx.oxml import OxmlElement
    from docx.shared import Mm

    table = doc.add_table(rows=4, cols=len(head))
    table.style = doc.styles["Table Grid"]
    rows = table.rows
    rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for n, width in enumerate(widths):
        for row in rows:
            row.cells[n].width = Mm(width)
    texts = (
        head,
        (f"{{%tr for {loop} %}}",) + ("",) * (len(head) - 1),
        cells,
        ("{%tr endfor %}",) + ("",) * (len(head) - 1),
    )
    for row, values in zip(rows, texts, strict=True):
        for n, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            paragraph = cell.paragraphs[0]
            paragraph.style = doc.styles["表格文字居左" if n in left and row is rows[2] else "表格文字"]
            run = paragraph.add_run(text)
            run.bold = row is rows[0]
    return table


def _p(doc, text: str = "", style: str | None = None):
    paragraph = doc.add_paragraph(style=style)
    if text:
        paragraph.add_run(text)
    return paragraph


# ---------------------------------------------------------------------------------------------
# The three templates. Each tag sits whole in one run, so Word and docxtpl see it intact.


def briefing():
    doc = new_document("工作简报")
    _p(doc, "工作简报", "版头")
    _p(doc, "{{ issue }}", "期号")
    line = _p(doc, "{{ organisation }}\t{{ date }}", "发文机关")
    line.paragraph_format.tab_stops.add_tab_stop(_right_edge(doc), _right_alignment())
    _border(line)
    _p(doc)
    _p(doc, "{{ heading }}", "Title")
    _p(
        doc,
        "{{ period }}（{{ period_range }}），共开展党员义工服务活动{{ figures.activities }}次，参加"
        "{{ figures.participants }}人次，服务时长{{ figures.hours }}小时，服务群众{{ figures.served }}人次。"
        "统计截至{{ as_of }}。",
    )

    _p(doc, "一、总体情况", "Heading 1")
    _table(
        doc,
        ("活动次数", "参加人次", "服务时长（小时）", "服务群众（人次）"),
        ("{{ f.activities }}", "{{ f.participants }}", "{{ f.hours }}", "{{ f.served }}"),
        "f in [figures]",
        (38, 38, 40, 40),
    )

    _p(doc, "二、服务活动", "Heading 1")
    _p(doc, "{%p for a in activities %}")
    _p(doc, "{{ a.number }}. {{ a.title }}", "Heading 2")
    _p(
        doc,
        "{{ a.date }}，{{ a.units }}在{{ a.places }}开展服务，参加{{ a.participants }}人次"
        "{% if a.hours %}，服务时长{{ a.hours }}小时{% endif %}{% if a.served %}，"
        "服务群众{{ a.served }}人次{% endif %}。"
        "{{ a.summary }}",
    )
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p if not activities %}")
    _p(doc, "本期没有服务活动记录。")
    _p(doc, "{%p endif %}")

    _p(doc, "三、宣传报道", "Heading 1")
    _p(doc, "{%p for s in stories %}")
    _p(
        doc,
        "{{ s.number }}. 《{{ s.title }}》（{{ s.date }}{% if s.source %}，{{ s.source }}{% endif %}）{{ s.summary }}",
    )
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p if not stories %}")
    _p(doc, "本期没有发布新闻稿。")
    _p(doc, "{%p endif %}")

    _p(doc, "四、专项活动完成情况", "Heading 1")
    _p(doc, "{%p if campaigns %}")
    _table(
        doc,
        ("专项活动", "计划安排", "已完成", "其中迟交", "逾期未开展", "完成率", "旗帜按时归还率", "小结按时上报率"),
        (
            "{{ c.title }}",
            "{{ c.scheduled }}",
            "{{ c.completed }}",
            "{{ c.late }}",
            "{{ c.overdue }}",
            "{{ c.completion }}",
            "{{ c.flag }}",
            "{{ c.report }}",
        ),
        "c in campaigns",
        (36, 16, 16, 16, 18, 16, 20, 20),
        left=(0,),
    )
    _p(
        doc,
        "完成率＝已完成次数 ÷（已完成＋逾期未开展）；"
        "待开展和本周待开展的安排不计。按时率只计已到交回期限或已经交回的安排。",
    )
    _p(doc, "{%p else %}")
    _p(doc, "本期没有专项活动计划安排。")
    _p(doc, "{%p endif %}")

    _p(doc, "五、长效服务跟踪", "Heading 1")
    _p(doc, "{%p if follow_ups %}")
    _p(doc, "截至{{ as_of }}，仍在跟踪的事项{{ follow_ups|length }}项：")
    _p(doc, "{%p for x in follow_ups %}")
    _p(
        doc,
        "{{ x.number }}. {{ x.problem }}（{{ x.activity }}；"
        "责任人：{{ x.owner }}；{{ x.opened }}登记，已跟踪{{ x.days }}天）",
    )
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p else %}")
    _p(doc, "截至{{ as_of }}，没有仍在跟踪的长效服务事项。")
    _p(doc, "{%p endif %}")
    _p(doc)
    end = _p(doc, "{{ organisation }}\t{{ date }}印发", "发文机关")
    end.paragraph_format.tab_stops.add_tab_stop(_right_edge(doc), _right_alignment())
    _border(end, "top", "000000", 8)
    return doc


def notice():
    doc = new_document("督查通报")
    _p(doc, "{{ title }}", "Title")
    _p(doc, "{{ intro }}")
    _p(doc, "{{ summary }}")
    _p(doc, "{%p for section in sections %}")
    _p(doc, "{{ section.heading }}", "Heading 1")
    _p(doc, "{%p for line in section.lines %}")
    _p(doc, "{{ line }}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p if not section.lines %}")
    _p(doc, "{{ section.empty }}")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{{ closing }}")
    _p(doc)
    _p(doc, "{{ organisation }}", "落款")
    _p(doc, "{{ date }}", "落款")
    return doc


def certificate():
    doc = new_document("志愿服务证明")
    number = _p(doc, "编号：{{ serial }}", "落款")
    number.paragraph_format.right_indent = 0
    _p(doc)
    _p(doc, "志愿服务证明", "Title")
    _p(
        doc,
        "兹证明{{ name }}同志{% if unit %}（{{ unit }}）{% endif %}于{{ when }}参加党员义工服务"
        "{{ count }}次，累计服务时长{{ hours }}小时，{{ star }}。",
    )
    _p(doc, "服务记录如下：")
    _table(
        doc,
        ("序号", "日期", "服务活动", "组织单位", "服务时长（小时）"),
        ("{{ a.number }}", "{{ a.date }}", "{{ a.title }}", "{{ a.units }}", "{{ a.hours }}"),
        "a in activities",
        (12, 30, 66, 36, 22),
        left=(2, 3),
    )
    _p(
        doc,
        "服务时长按活动记录中本人的服务时长累计（未单独登记的，"
        "按该次活动每人服务时长计）；星级按累计时长评定（{{ scale }}）。",
    )
    _p(doc, "特此证明。")
    _p(doc)
    _p(doc, "{{ organisation }}（盖章）", "落款")
    _p(doc, "{{ date }}", "落款")
    return doc


def _right_edge(doc):
    section = doc.sections[0]
    return section.page_width - section.left_margin - section.right_margin


def _right_alignment():
    from docx.enum.text import WD_TAB_ALIGNMENT

    return WD_TAB_ALIGNMENT.RIGHT


BUILDERS = {"briefing": briefing, "notice": notice, "certificate": certificate}


# ---------------------------------------------------------------------------------------------
# Saving, the same bytes every time.


def save(doc_or_bytes, path: Path | None = None) -> bytes:
    """A python-docx Document (or .docx bytes) as .docx bytes with every zip entry dated
    1980-01-01, written to ``path`` (atomically) when given."""
    if isinstance(doc_or_bytes, bytes):
        data = doc_or_bytes
    else:
        buf = io.BytesIO()
        doc_or_bytes.save(buf)
        data = buf.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type, entry.create_system, entry.external_attr = zipfile.ZIP_DEFLATED, 0, 0
            target.writestr(entry, source.read(info.filename))
    result = out.getvalue()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.partial")
        partial.write_bytes(result)
        partial.replace(path)
    return result


def write(folder: Path = FOLDER) -> list[Path]:
    """Write every template; returns those whose bytes changed."""
    changed = []
    for name in NAMES:
        path = folder / f"{name}.docx"
        data = save(BUILDERS[name]())
        if not path.is_file() or path.read_bytes() != data:
            save(data, path)
            changed.append(path)
    return changed
