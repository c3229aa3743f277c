"""``python -m column import 报道.docx``: a Word report → a story draft (``draft: true``).

Reports reach the office as Word files. This turns one into a story file under
``content/stories/<year>/`` and its photos into ``content/media/<year>/``, so an editor
checks and completes a draft instead of retyping it:

1. the file is checked first (an old ``.doc``, a password-protected document, a renamed or
   damaged file, an empty one: a Chinese message, nothing written);
2. mammoth turns the .docx into HTML (made for this: styles, lists, tables, links, images),
   the project's sanitiser (``sanitize.clean_html``) keeps only the allowed tags, and
   markdownify writes Markdown with an escaper for Python-Markdown;
3. title, date, source and author are read from the top of the document (``_Reader``); each
   photo takes the short line under it as its caption and alt text;
4. the draft is the ``make new`` story template (``scaffold.render``) with ``draft: true``,
   the fields found and the body; its id comes from the title's pinyin and never clashes;
5. warnings, with the draft's line: mobile and ID numbers (found and masked by ``pii``),
   names of volunteers who have not consented (``consent.Hidden``), photos without a
   caption, a date or year that had to be guessed. The draft is written all the same; the
   build refuses it once published until they are gone.

Nothing here reads a story's ``draft`` or a volunteer's ``publish``: consent decides who may
be named, the build decides what is published.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from . import consent, media, model, pii, sanitize, scaffold
from .issues import ContentError, Issue

CAPTION_MAX = 60  # a caption is a short line: longer text under a photo is body text
TITLE_MAX = 60
META_MAX = 40  # a line of source / author / date under the title
PLACEHOLDER = "word-image/"  # an image's src until the draft's id is known (relative: nh3 keeps it)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
KEEP = {"image/jpeg": ".jpg", "image/jpg": ".jpg", "image/pjpeg": ".jpg", "image/png": ".png"}
CONVERT = {"image/gif", "image/bmp", "image/x-bmp", "image/x-ms-bmp", "image/tiff", "image/webp"}  # → PNG

# Word's built-in style names (English in the file whatever the language of Word) and WPS's
# Chinese ones; mammoth's own map covers Heading 1–6.
STYLE_MAP = "\n".join(
    [
        "p[style-name='Title'] => h1:fresh",
        "p[style-name='title'] => h1:fresh",
        "p[style-name='标题'] => h1:fresh",
        *(f"p[style-name='标题 {n}'] => h{n}:fresh" for n in range(1, 7)),
        "p[style-name='caption'] => figcaption:fresh",
        "p[style-name='Caption'] => figcaption:fresh",
        "p[style-name='题注'] => figcaption:fresh",
    ]
)

FIX_DOCX = "用 Word 或 WPS 打开它，选“另存为”，保存类型选“Word 文档（*.docx）”，再导入新文件。"
MESSAGES = {
    "missing": (
        "找不到文件“{name}”。",
        '检查文件名和所在文件夹；文件名里有空格时用引号括起来，如 make import DOCX="活动 报道.docx"。',
    ),
    "folder": ("“{name}”是一个文件夹，不是 Word 文档。", "写出 Word 文档的文件名，如 make import DOCX=报道.docx。"),
    "empty_file": ("文件“{name}”是空的（0 字节）。", "重新从邮件或聊天记录里保存这个文件，再导入。"),
    "old_doc": ("“{name}”是旧版 Word 格式（.doc），不能直接导入。", FIX_DOCX),
    "encrypted": (
        "“{name}”设有打开密码（已加密），无法读取。",
        "请发稿单位去掉密码后重新发来；或用 Word 输入密码打开，"
        "在“文件 → 信息 → 保护文档 → 用密码进行加密”里清空密码并保存，再导入。",
    ),
    "not_docx": ("“{name}”不是有效的 Word 文档（.docx）：文件可能改过扩展名，或已经损坏。", FIX_DOCX),
    "no_content": ("“{name}”里没有文字，也没有图片，是一个空文档。", "确认发来的是正确的文件；在 Word 里打开看一看。"),
    "no_site": (
        "{name} 不是内容文件夹（里面没有 site.yml）。",
        "在仓库根目录运行 make import，或用 --content 指定内容文件夹。",
    ),
    "outside": (
        "要写入的位置 {name} 在内容文件夹 {root} 之外，没有写入任何文件。",
        "content/stories/ 或 content/media/ 下的年份文件夹不能是指向别处的链接（快捷方式）；删掉这个链接，再导入。",
    ),
}


class ImportProblem(ValueError):
    """The document cannot be imported; ``message`` and ``hint`` are Chinese, for editors."""

    def __init__(self, key: str, **values):
        message, hint = MESSAGES[key]
        self.key, self.message, self.hint = key, message.format(**values), hint.format(**values)
        super().__init__(self.message)

    def __str__(self) -> str:
        return f"导入失败，没有写入任何文件：{self.message}\n    修改方法：{self.hint}"


# ---------------------------------------------------------------------------------------------
# The file itself.


def read_docx(path: Path) -> bytes:
    """The bytes of a .docx, or ImportProblem for anything mammoth should not be given."""
    name = path.name or str(path)
    if path.is_dir():
        raise ImportProblem("folder", name=name)
    if not path.is_file():
        raise ImportProblem("missing", name=str(path))
    data = path.read_bytes()
    if not data:
        raise ImportProblem("empty_file", name=name)
    if data.startswith(OLE_MAGIC):  # a compound file: an old .doc, or an encrypted OOXML package
        raise ImportProblem(_ole_kind(data), name=name)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportProblem("old_doc" if path.suffix.lower() == ".doc" else "not_docx", name=name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            if "word/document.xml" not in package.namelist() or package.testzip() is not None:
                raise ImportProblem("not_docx", name=name)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as err:
        raise ImportProblem("not_docx", name=name) from err
    return data


def _ole_kind(data: bytes) -> str:
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            streams = {"/".join(entry) for entry in ole.listdir()}
    except (OSError, ValueError):
        return "not_docx"
    if {"EncryptionInfo", "EncryptedPackage"} & streams:
        return "encrypted"
    return "old_doc" if "WordDocument" in streams else "not_docx"


# ---------------------------------------------------------------------------------------------
# Dates as reports write them.

_CN_DIGIT = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "Ｏ": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_NUM = r"[0-9]{1,2}|[一二三四五六七八九十]{1,3}"
_YEAR = r"[0-9]{4}|[〇○零Ｏ一二三四五六七八九]{4}"
FULL_DATE = re.compile(rf"({_YEAR})\s*年\s*({_NUM})\s*月\s*({_NUM})\s*[日号]")
ISO_DATE = re.compile(r"(?<![0-9])([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?![0-9])")
MONTH_DAY = re.compile(rf"(?<![0-9年])({_NUM})\s*月\s*({_NUM})\s*[日号]")
YEAR = re.compile(rf"({_YEAR})\s*年")
_LABEL = r"(?:日期|时间|发布时间|发布日期|发稿时间|发稿日期|报道时间)"
_BRACKETS = "（）()【】[]〔〕 \u3000\t"


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 4 and all(c in _CN_DIGIT for c in text):  # a year: 二〇一一
        return int("".join(str(_CN_DIGIT[c]) for c in text))
    tens, _, ones = text.rpartition("十")
    if "十" not in text:
        return _CN_DIGIT.get(text, 0)
    return (_CN_DIGIT.get(tens, 0) if tens else 1) * 10 + (_CN_DIGIT.get(ones, 0) if ones else 0)


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def full_date(text: str) -> dt.date | None:
    """The first date with its year: 2011年3月12日, 二〇一一年三月十二日, 2011-03-12, 2011.3.12."""
    text = unicodedata.normalize("NFKC", text)
    found = [m for m in (FULL_DATE.search(text), ISO_DATE.search(text)) if m]
    for m in sorted(found, key=lambda m: m.start()):
        day = _day(_number(m[1]), _number(m[2]), _number(m[3]))
        if day:
            return day
    return None


def month_day(text: str, year: int) -> dt.date | None:
    m = MONTH_DAY.search(unicodedata.normalize("NFKC", text))
    return _day(year, _number(m[1]), _number(m[2])) if m else None


def year_in(text: str) -> int | None:
    m = YEAR.search(unicodedata.normalize("NFKC", text))
    return _number(m[1]) if m else None


def date_line(text: str) -> dt.date | None:
    """The date of a line holding nothing but a date (日期：2011年3月12日, （2011年3月12日））."""
    text = unicodedata.normalize("NFKC", text).strip(_BRACKETS)
    text = re.sub(rf"^{_LABEL}\s*[:：]?\s*", "", text).strip(_BRACKETS)
    for pattern in (FULL_DATE, ISO_DATE):
        m = pattern.fullmatch(text)
        if m:
            return _day(_number(m[1]), _number(m[2]), _number(m[3]))
    return None


_META = re.compile(r"(来源|稿件来源|作者|撰稿|文)\s*[:：/／]\s*([^\s:：/／|｜]+)")


def meta_line(text: str) -> dict | None:
    """{source, author, date} of a short line under the title made only of those
    (来源：上虞日报　作者：张三　2011年3月12日), else None."""
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    if not text or len(text) > META_MAX:
        return None
    found: dict = {}
    rest = text
    for m in _META.finditer(text):
        found["source" if "来源" in m[1] else "author"] = m[2].strip()
        rest = rest.replace(m[0], " ", 1)
    for pattern in (FULL_DATE, ISO_DATE):
        m = pattern.search(rest)
        if m and _day(_number(m[1]), _number(m[2]), _number(m[3])):
            found["date"] = _day(_number(m[1]), _number(m[2]), _number(m[3]))
            rest = rest.replace(m[0], " ", 1)
            break
    rest = re.sub(rf"{_LABEL}\s*[:：]?", " ", rest)
    return found if found and not rest.strip(_BRACKETS + "|｜,，;；") else None


# ---------------------------------------------------------------------------------------------
# The document read into a draft.


@dataclass
class Photo:
    number: int  # in document order, from 1
    data: bytes
    content_type: str
    alt: str = ""  # Word's own alt text, when it is not a generic one
    caption: str = ""
    src: str = ""  # media/<year>/<file>, once named
    problem: str = ""  # why it was left out


@dataclass
class Draft:
    """What was read from the document; ``body`` is Markdown. Nothing is written yet."""

    title: str
    date: dt.date
    body: str
    photos: list[Photo]
    source: str = ""
    author: str = ""
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # (front matter field, message, hint)


_GENERIC_ALT = re.compile(r"^(图片|图像|图示|照片|picture|image|photo)\s*\d*$|自动生成|automatically generated", re.I)


def convert(data: bytes, name: str, today: dt.date, day: dt.date | None = None) -> Draft:
    """The document → a Draft (no file written). Raises ImportProblem."""
    import mammoth

    photos: list[Photo] = []

    def image(img):
        try:
            with img.open() as handle:
                blob = handle.read()
        except (OSError, KeyError, ValueError):  # a linked (not embedded) picture
            blob = b""
        alt = (img.alt_text or "").strip()
        photos.append(
            Photo(len(photos) + 1, blob, (img.content_type or "").lower(), "" if _GENERIC_ALT.search(alt) else alt)
        )
        return {"src": f"{PLACEHOLDER}{len(photos)}"}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), style_map=STYLE_MAP, convert_image=mammoth.images.img_element(image)
        )
    except Exception as err:  # mammoth raises whatever its XML or zip reading meets
        raise ImportProblem("not_docx", name=name) from err
    reader = _Reader(sanitize.clean_html(result.value), photos)
    if not reader.has_content():
        raise ImportProblem("no_content", name=name)
    for photo in photos:
        _check_photo(photo)
    return reader.draft(name, today, day)


def _check_photo(photo: Photo) -> None:
    """JPEG and PNG stay JPEG and PNG; GIF, BMP, TIFF and WebP become PNG (lossless); each
    without its metadata (the GPS position a phone wrote): ``media.without_metadata``. Anything
    else (EMF/WMF drawings, linked pictures, damaged files) is left out with ``problem`` set."""
    from PIL import Image, UnidentifiedImageError

    kind = photo.content_type.split("/")[-1].upper().replace("X-", "") or "未知"
    if not photo.data:
        photo.problem = "是链接到文档外的图片，文档里没有这张图"
        return
    if photo.content_type not in KEEP and photo.content_type not in CONVERT:
        photo.problem = f"是 {kind} 格式，网站只能发布 JPG 和 PNG"
        return
    try:
        photo.data = media.without_metadata(photo.data, media.FORMATS[KEEP.get(photo.content_type, ".png")])
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        photo.problem = "已损坏，无法读取"


class _Reader:
    """The sanitised HTML of a document, read top-down into a Draft."""

    def __init__(self, html: str, photos: list[Photo]):
        from bs4 import BeautifulSoup

        self.soup = BeautifulSoup(html, "html.parser")
        self.photos = photos
        self.notes: list[tuple[str, str, str]] = []

    def has_content(self) -> bool:
        return bool(self.soup.get_text().strip()) or bool(self.soup.find("img"))

    def blocks(self) -> list:
        return [el for el in self.soup.contents if getattr(el, "name", None)]

    def draft(self, name: str, today: dt.date, day: dt.date | None) -> Draft:
        for a in self.soup.find_all("a"):  # bookmarks and footnote back-links lead nowhere on the site
            if not a.get("href") or a["href"].startswith("#"):
                a.unwrap()
        for el in self.soup.find_all("p"):
            if not _text(el) and not el.find("img"):
                el.decompose()
        title = self._title(name)
        meta = self._meta()
        found = day or meta.get("date") or self._date(title, today)
        self._photos()
        self._headings()
        return Draft(
            title, found, _markdown(self.soup), self.photos, meta.get("source", ""), meta.get("author", ""), self.notes
        )

    def _title(self, name: str) -> str:
        """The first block when it is a heading (Title style included) or a short line; else the
        first heading; else the file's name."""
        blocks = self.blocks()
        first = blocks[0] if blocks else None
        if first is not None and (_HEADING.match(first.name) or (first.name == "p" and _short_line(first))):
            chosen = first
        else:
            chosen = self.soup.find(_HEADING)
        text = _text(chosen) if chosen is not None else ""
        if text and len(text) <= TITLE_MAX * 2:
            chosen.decompose()
            return text
        title = " ".join(Path(name).stem.split()) or "未命名稿件"
        self.notes.append(
            ("title", f"文档里找不到标题，暂用文件名“{title}”作标题。", "在 title: 后面写上新闻稿的标题。")
        )
        return title

    def _meta(self) -> dict:
        """Source, author and date lines right under the title (removed from the body)."""
        found: dict = {}
        for block in self.blocks()[:3]:
            if block.name != "p" or block.find("img"):
                break
            meta = meta_line(_text(block))
            if meta is None:
                break
            for key, value in meta.items():
                found.setdefault(key, value)
            block.decompose()
        return found

    def _date(self, title: str, today: dt.date) -> dt.date:
        """A date line at the end (落款), else the opening sentence's date; a month and day take
        the year written in the title, else in the document, else this year."""
        blocks = [b for b in self.blocks() if b.name == "p"]
        for block in reversed(blocks[-3:]):
            found = date_line(_text(block))
            if found:
                return found
        opening = next((_text(b) for b in blocks if _text(b)), "")
        sentence = re.split(r"[。！？]", opening, maxsplit=1)[0]
        found = full_date(sentence)
        if found:
            return found
        everything = self.soup.get_text(" ")
        dated = full_date(everything)
        year = year_in(title) or (dated.year if dated else None) or year_in(everything)
        found = month_day(sentence, year or today.year)
        if found:
            if not year:
                self.notes.append(
                    ("date", f"文档里的日期没有写年份，暂按今年（{today.year}年）计。", "核对 date: 的年份。")
                )
            return found
        self.notes.append(("date", "文档里找不到日期，暂用今天的日期。", "把 date: 改成新闻稿的实际日期（年-月-日）。"))
        return today

    def _photos(self):
        """Each image in a paragraph of its own, with the short line under it as its caption."""
        for img in list(self.soup.find_all("img")):
            src = img.get("src") or ""
            if not src.startswith(PLACEHOLDER):
                img.decompose()
                continue
            photo = self.photos[int(src[len(PLACEHOLDER) :]) - 1]
            if photo.problem:  # left out: reported with the warnings
                img.decompose()
                continue
            top = img
            while top.parent is not self.soup and top.parent is not None:
                top = top.parent
            if top.name != "p" or top.parent is not self.soup:
                img["alt"] = photo.alt
                continue  # in a table or a list: stays where it is, with Word's alt text
            rest = _text(top, without=img)
            if len(top.find_all("img")) > 1 or len(rest) > CAPTION_MAX:
                own = self.soup.new_tag("p")
                top.insert_after(own)
                own.append(img.extract())
                top = own
            elif rest:
                photo.caption = rest
                img.extract()
                top.clear()
                top.append(img)
            if not photo.caption:
                following = top.find_next_sibling()
                if following is not None and _is_caption(following):
                    photo.caption = _text(following)
                    following.decompose()
            img["alt"] = photo.caption or photo.alt
            if photo.caption:
                em = self.soup.new_tag("em")
                em.string = photo.caption
                line = self.soup.new_tag("p")
                line.append(em)
                top.insert_after(line)

    def _headings(self):
        """The title was the page's h1: the body's headings start at ##, keeping their steps."""
        headings = self.soup.find_all(re.compile(r"^h[1-6]$"))
        if not headings:
            return
        top = min(int(h.name[1]) for h in headings)
        for h in headings:
            h.name = f"h{min(int(h.name[1]) - top + 2, 6)}"


def _text(el, without=None) -> str:
    parts = [s for s in el.find_all(string=True) if without is None or without not in s.parents]
    return " ".join("".join(parts).split()).strip("\u3000")


_HEADING = re.compile(r"^h[1-6]$")


def _short_line(el) -> bool:
    """A line that can be a title: short, not a sentence, not a date, no picture."""
    text = _text(el)
    return (
        bool(text)
        and len(text) <= TITLE_MAX
        and not el.find("img")
        and not date_line(text)
        and not text.endswith(("。", "！", "？", "；", "：", ":", "，", ","))
    )


def _is_caption(el) -> bool:
    if el.name == "figcaption":
        return bool(_text(el))
    if el.name != "p" or el.find("img"):
        return False
    text = _text(el)
    if not text or len(text) > CAPTION_MAX or text.endswith(("：", ":")):
        return False
    return not text.endswith(("。", "！", "？")) or text.startswith(("图", "（图", "(图", "上图", "下图"))


# ---------------------------------------------------------------------------------------------
# HTML → Markdown that Python-Markdown reads back as the same text.


def _markdown(soup) -> str:
    from markdownify import ATX, MarkdownConverter

    class Converter(MarkdownConverter):
        def escape(self, text, parent_tags):
            return _escape(text) if text else ""

        def convert_p(self, el, text, parent_tags):
            text = text.strip(" \u3000\xa0\t")  # Chinese indents; four spaces would make a code block
            if "_inline" not in parent_tags:  # at a paragraph's start these would be headings, quotes, lists
                text = re.sub(r"^([#>]|[-+*](?=\s))", r"\\\1", text)
                text = re.sub(r"^(\d+)([.)])(?=\s)", r"\1\\\2", text)
            return super().convert_p(el, text, parent_tags)

        def convert_img(self, el, text, parent_tags):
            return f"![{_escape(el.get('alt') or '')}]({el.get('src') or ''})"

    converter = Converter(
        heading_style=ATX, bullets="-", strong_em_symbol="*", table_infer_header=True, escape_misc=False
    )
    text = converter.convert_soup(soup)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


_ESCAPES = re.compile(r"([\\`*_\[\]|])")


def _escape(text: str) -> str:
    text = _ESCAPES.sub(r"\\\1", text)
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text)
    return text.replace("<", "&lt;")


# ---------------------------------------------------------------------------------------------
# Writing the draft and its photos.


@dataclass
class Imported:
    path: Path  # the draft written
    draft: Draft
    media: list[Path]
    warnings: list[Issue]


def import_docx(root: Path, file: Path, today: dt.date | None = None, day: dt.date | None = None) -> Imported:
    """Read ``file``, write the draft and its photos under ``root`` (a content folder). Raises
    ImportProblem, having written nothing."""
    root = Path(root)
    if not (root / "site.yml").is_file():
        raise ImportProblem("no_site", name=str(root))
    today = today or dt.date.today()
    file = Path(file)
    draft = convert(read_docx(file), file.name, today, day)
    story = model.KINDS["story"]
    base = scaffold.title_id(draft.title)
    if not base or not model.ID_RULE.match(base):
        base = f"story-{draft.date:%Y%m%d}"
    ident = scaffold.unique_id(root, story, base)
    target = root / story.files.path(ident, draft.date.year)
    media_dir = root / "media" / str(draft.date.year)
    inside = root.resolve()
    for folder in (target.parent, media_dir):  # a year folder may be a link leading elsewhere
        if not folder.resolve().is_relative_to(inside):
            raise ImportProblem("outside", name=str(folder), root=str(root))
    files = _name_photos(draft, media_dir, ident)
    text = _draft_text(draft, file.name, root, target)
    warnings = _warnings(root, target.relative_to(root).as_posix(), text, draft)
    written: list[Path] = []
    try:
        for path, data in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "xb") as out:
                out.write(data)
            written.append(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="\n") as out:
            out.write(text)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return Imported(target, draft, written, warnings)


def _name_photos(draft: Draft, media_dir: Path, ident: str) -> list[tuple[Path, bytes]]:
    """Each photo kept gets a file name from the story's id, in document order: <id>-1.jpg …"""
    files, used = [], set()
    for photo in draft.photos:
        if photo.problem:
            continue
        ext = KEEP.get(photo.content_type, ".png")
        n, path = photo.number, media_dir / f"{ident}-{photo.number}{ext}"
        while path.exists() or path in used:
            n += 1
            path = media_dir / f"{ident}-{photo.number}-{n}{ext}"
        used.add(path)
        photo.src = f"media/{media_dir.name}/{path.name}"
        files.append((path, photo.data))
    return files


def _draft_text(draft: Draft, name: str, root: Path, target: Path) -> str:
    text = scaffold.render("story", draft.title, draft.date, root, target)
    end = text.index("\n---\n", 3) + len("\n---\n")
    front = text[:end]
    first, schema_line, rest = front.split("\n", 2)  # ---, then the line pointing at the JSON Schema
    head = f"{first}\n{schema_line}"
    name = " ".join(name.split())
    note = (
        f"# 由 Word 文档“{name}”导入的草稿（draft: true，不会发布）。请对照原文核对标题、日期、正文和图片说明，\n"
        "# 填写摘要和相关单位、地点等；照片放在正文里原来的位置，要用作题图时把文件名写进 cover 并删去正文里那一行。\n"
        "# 确认无误、没有手机号、身份证号和未同意公开的姓名后，把 draft 改成 false，再运行 make check。"
    )
    front = f"{head}\n{note}\n{rest}"
    gate = model.KINDS["story"].gate  # the new story stays a draft until an editor checks it
    for key, value in ((gate.field, gate.hidden), ("source", _yaml(draft.source)), ("author", _yaml(draft.author))):
        pattern = re.compile(rf"^{key}:.*$", re.M)
        if value and len(pattern.findall(front)) != 1:  # pragma: no cover - the story template changed
            raise AssertionError(f"templates/new/story.md.j2 should have one '{key}:' line")
        if value:
            front = pattern.sub(f"{key}: {value}", front)
    body = draft.body
    for photo in draft.photos:
        body = body.replace(f"]({PLACEHOLDER}{photo.number})", f"]({photo.src})")
    return front + body


def _yaml(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False) if value else ""


def _catalog(root: Path, today: dt.date):
    """The checked catalog; with problems elsewhere in the content, the catalog as related, so
    the names are still checked."""
    from . import pipeline
    from .load import load_tree
    from .relate import relate
    from .validate import validate_doc

    try:
        return pipeline.checked_catalog(root, today)
    except ContentError:
        records, _ = load_tree(root, then=validate_doc)
        return relate(records, today)[0]


def _warnings(root: Path, rel: str, text: str, draft: Draft) -> list[Issue]:
    lines = text.split("\n")

    def line_of(needle: str, start: bool = False) -> int | None:
        return next(
            (n for n, line in enumerate(lines, start=1) if (line.startswith(needle) if start else needle in line)), None
        )

    out = []
    for key, message, hint in draft.notes:  # key: a front matter field
        out.append(Issue(rel, line_of(f"{key}:", start=True), "", message, hint))
    for photo in draft.photos:
        if photo.problem:
            out.append(
                Issue(
                    rel,
                    None,
                    "",
                    f"文档里的第 {photo.number} 张图片{photo.problem}，没有导入。",
                    "把原图另存为 JPG 放进 content/media/，再在正文里写 ![图片说明](media/年份/文件名.jpg)。",
                )
            )
        elif not photo.caption and not photo.alt:
            out.append(
                Issue(
                    rel,
                    line_of(f"]({photo.src})"),
                    "",
                    f"照片 {photo.src} 下面没有图片说明。",
                    "在 ![ ] 的方括号里写上照片内容的简要描述（给读屏软件朗读），并在下一行写图片说明。",
                )
            )
    catalog = _catalog(root, draft.date)
    allow = {pii.digits(str(a)) for a in (catalog.site.get("pii_allow") or [])} if catalog else set()
    hidden = consent.Hidden(catalog) if catalog else None
    for n, line in enumerate(lines, start=1):
        for kind, number in pii.find(line.encode("utf-8"), allow):
            if kind == "id":
                out.append(
                    Issue(
                        rel,
                        n,
                        "",
                        f"居民身份证号码 {pii.mask(number)}：身份证号码不能公开，发布前必须删去。",
                        "删去这个号码。",
                    )
                )
            else:
                out.append(
                    Issue(
                        rel,
                        n,
                        "",
                        f"手机号码 {pii.mask(number)}：网站上不能出现手机号码，发布前必须删去。",
                        "删去这个号码；如果它是可以公开的办公电话或热线，把它加进 site.yml 的 pii_allow 列表。",
                    )
                )
        for match in hidden.find(line) if hidden else ():
            out.append(hidden.issue(rel, n, "", line, match))
    return out
