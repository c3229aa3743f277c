"""Stage 4: render pages from Jinja templates (StrictUndefined) into finished HTML.

Every value printed by a template is escaped for HTML unless it is Markup (HTML that the
pipeline already made safe). Links are the published URLs, relative to the page; each page
remembers the pages it links to (``Page.links``) and the pipeline checks them all, so no link
dangles. Headings get ids and make the page's table of contents (``Page.toc``), as
Python-Markdown's toc extension would: MkDocs gets finished HTML and never converts it.
"""

from __future__ import annotations

import functools
import html
import json
import re
import types
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import jinja2
import jinja2.compiler
import jinja2.runtime
from markdown.extensions import toc
from markupsafe import Markup

from . import figures, model, urls
from .values import Date, Quantity, When, format_hours

TEMPLATES = Path(__file__).parent / "templates"

_HTML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})


def text_html(text) -> str:
    """Plain text → HTML that shows exactly this text, on one line (runs of white space as one
    space, as a browser shows them anyway); safe in element content and in quoted attributes."""
    return " ".join(str(text).split()).translate(_HTML_ESCAPES)


def _safe(text: str) -> Markup:
    """Markup around text already made safe here: skips ``Markup.__new__``'s checks, which
    cost more than the escaping itself at ~10^6 printed values a build."""
    return str.__new__(Markup, text)


def _finalize(value) -> Markup:
    # With autoescape on, macro output and Markup pass through; everything else is text.
    kind = type(value)
    if kind is str or kind is int:
        return _escaped(value)
    if kind is Markup:
        return value
    if value is None:
        return _safe("")
    if isinstance(value, Markup):
        return value
    if isinstance(value, (Date, When)):
        return _safe(_date_html(value))
    if isinstance(value, Decimal):
        return _safe(format_hours(value))
    return _safe(text_html(value))


@functools.lru_cache(maxsize=1 << 16)
def _escaped(value: str | int) -> Markup:
    """``text_html`` as Markup, remembered: names, places and counts repeat on many pages."""
    return _safe(text_html(value))


_DATE_PARTS = re.compile(r"[^年至]+[年至]?")


@functools.lru_cache(maxsize=8192)
def _date_html(value: Date | When) -> str:
    """A date as readers read it (2010年6月26日, 2010年6月). A narrow column may break it only
    after 年 or 至 (2010年 / 6月26日), never inside 6月26日 (column.css keeps each part whole);
    a single date is also machine-readable (``<time datetime>``)."""
    parts = "".join(f"<span>{part}</span>" for part in _DATE_PARTS.findall(value.zh))
    if isinstance(value, When) and value.is_span:
        return f'<span class="column-date">{parts}</span>'
    return f'<time class="column-date" datetime="{value.iso}">{parts}</time>'


class _CodeGenerator(jinja2.compiler.CodeGenerator):
    """Compiles ``{{ value }}`` to ``finalize(value)`` where Jinja writes
    ``escape(finalize(value))``: ``_finalize`` returns Markup for every value, which ``escape``
    hands back unchanged, after three Python calls (~10^6 printed values a build)."""

    def _output_child_pre(self, node, frame, finalize):
        if finalize.src is not None and frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node, frame, finalize):
        if finalize.src is not None and frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


class _Context(jinja2.runtime.Context):
    """Calls from templates to macros, built-ins, plain functions and methods (the renderer's
    ``link``, ``href``, ``img``) go straight to them: Jinja first looks for ``pass_context`` &
    co., which none of them carry (~10^6 calls a build)."""

    def call(__self, __obj, *args, **kwargs):
        kind = type(__obj)
        if (
            kind is jinja2.runtime.Macro
            or kind is types.BuiltinFunctionType
            or (kind is types.FunctionType and "jinja_pass_arg" not in __obj.__dict__)
            or (kind is types.MethodType and "jinja_pass_arg" not in __obj.__func__.__dict__)
        ):
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:  # as Jinja does
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception"
                )
        return super().call(__obj, *args, **kwargs)


@dataclass
class Page:
    """One generated page: its source path (``stories/<id>.md``, as MkDocs names pages), title,
    front matter and finished HTML body, with its table of contents and the pages it links to."""

    src: str
    title: str
    body: str  # HTML
    template: str | None = None
    meta: dict = field(default_factory=dict)
    toc: list = field(default_factory=list)  # [{level, id, name, children}] as Python-Markdown's toc_tokens
    links: frozenset = frozenset()  # source paths of the pages and files its links point to

    @property
    def text(self) -> str:
        front = {"title": self.title, **({"template": self.template} if self.template else {}), **self.meta}
        # JSON is YAML: every value is quoted, so YAML's implicit typing never applies.
        lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items()]
        return "---\n" + "\n".join(lines) + "\n---\n\n" + self.body.strip() + "\n"


def paginate(items: list, per_page: int) -> list[list]:
    """A listing's pages: ``per_page`` items each (one empty page for no items)."""
    return [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]


def numbered(title: str, number: int) -> str:
    """The title of a listing's page ``number``: the first is the listing's own title."""
    return title if number == 1 else f"{title}（第 {number} 页）"


class Renderer:
    """Renders pages; knows which records have pages so links never dangle.

    ``link``, ``href`` and ``img`` are globals of the template environment that act for the page
    being rendered (one at a time): macro files are then imported without the page's context,
    so Jinja builds each of them once instead of once per page."""

    def __init__(self, catalog):
        self.catalog = catalog
        self._src = ""  # the page being rendered, its link targets and its links' base
        self._targets: set[str] = set()
        self._relative = urls.relative_to("index.md")
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(
                [str(TEMPLATES)] + [str(k.template_dir) for k in model.kinds_with("template_dir")]
            ),
            undefined=jinja2.StrictUndefined,
            finalize=_finalize,
            autoescape=True,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # templates do not change during a run: no stat() per page
        )
        self.env.code_generator_class = _CodeGenerator
        self.env.context_class = _Context
        self.env.filters.update(qty=_qty, hours=format_hours)
        self.env.globals.update(table_head=table_head, link=self._link, href=self._href, img=self._img)
        self.env.globals.update(
            site=catalog.site,
            catalog=catalog,
            Markup=Markup,
            updated=updated_html(catalog),
            as_of=Date.of(catalog.as_of),  # the day figures are judged against
            figures=figures,
            status_order=figures.STATUS_ORDER,
            status_labels=figures.STATUS_LABELS,
        )

    def has_page(self, rec) -> bool:
        return rec is not None and model.of(rec).has_pages and self.catalog.is_public(rec)

    def page(
        self, src: str, template: str, title: str, layout: str | None = None, meta: dict | None = None, **context
    ) -> Page:
        self._src, self._targets, self._relative = src, set(), urls.relative_to(src)
        body = self.env.get_template(template).render(title=title, src=src, **context)
        body, toc = anchor_headings(body)
        return Page(
            src=src, title=title, body=body, template=layout, meta=meta or {}, toc=toc, links=frozenset(self._targets)
        )

    def _href(self, target_src: str) -> Markup:
        """The URL of another generated page (or file) from the page being rendered."""
        self._targets.add(target_src)
        return _safe(self._relative(target_src))

    def _link(self, rec, text=None) -> Markup:
        """A record's name, linked to its page when it has one; an unpublished volunteer only as
        the hidden label (consent: never their name)."""
        if rec is not None and not isinstance(rec, dict):
            rec = rec.record  # what stands for a record (figures.DutyService) links to that record
        if rec is not None and not self.catalog.is_public(rec) and model.of(rec).hidden_label:
            return Markup(model.of(rec).hidden_label)
        label = text_html(text if text is not None else _label(rec))
        if not self.has_page(rec):
            return _safe(label)
        return _safe(f'<a href="{self._href(urls.detail_path(rec["kind"], rec["id"]))}">{label}</a>')

    def _img(
        self, image, alt: str, caption: str = "", width: int | None = None, lazy: bool = True, sizes: str | None = None
    ) -> Markup:
        return photo_html(self._src, image, alt, caption, width, lazy, sizes)


@functools.lru_cache(maxsize=256)
def _table_head(labels: tuple[str, ...]) -> Markup:
    cells = "".join(
        (
            f'<th class="column-num">{text_html(label[:-1])}</th>'
            if label.endswith(">")
            else f"<th>{text_html(label)}</th>"
        )
        for label in labels
    )
    return _safe(f"<thead><tr>{cells}</tr></thead>")


def table_head(labels) -> Markup:
    """A table's header row; a label ending in ">" heads a column of numbers (right-aligned)."""
    return _table_head(tuple(labels))


def updated_html(catalog) -> Markup:
    """The line home and list pages print under their title (``{{ updated }}``): 更新于 and the
    newest published item's date (figures.heartbeat), so readers see the column is alive."""
    day = figures.heartbeat(catalog).updated
    return _safe(f'<p class="column-updated">更新于 {_date_html(day)}</p>' if day else "")


_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]*>")


def anchor_headings(body: str) -> tuple[str, list]:
    """Ids for the page's headings and its table of contents, as Python-Markdown's toc
    extension makes them with MkDocs' settings (the same slugs, made unique on the page)."""
    used: set[str] = set()
    counters: dict[str, int] = {}
    flat = []

    def anchor(match) -> str:
        level, inner = int(match.group(1)), match.group(2)
        name, slug = _heading(inner)
        ident = toc.unique(slug, used, counters)
        flat.append({"level": level, "id": ident, "name": name})
        return f'<h{level} id="{ident}">{inner}</h{level}>'

    body = _HEADING.sub(anchor, body)
    return body, toc.nest_toc_tokens(flat)


@functools.lru_cache(maxsize=1 << 14)
def _heading(inner: str) -> tuple[str, str]:
    """A heading's text (HTML, tags dropped) and its slug: headings repeat on many pages."""
    name = " ".join(_TAG.sub("", inner).split())
    return name, toc.slugify(html.unescape(name), "-")


# Photos fill the text column: the whole phone screen, at most ~720 px on a desktop.
COLUMN_SIZES = "(min-width: 960px) 720px, 100vw"


def photo_html(
    page_src: str,
    image,
    alt: str,
    caption: str = "",
    width: int | None = None,
    lazy: bool = True,
    sizes: str | None = None,
) -> Markup:
    """A published photo (``media.Image``) as an ``<img>`` for page ``page_src``: the narrow
    copies in ``srcset`` so phones download the small one, its size up front so nothing jumps
    while it loads, and lazy loading unless it opens the page (a story's cover, a page's lead
    photo: ``lazy=False``, fetched first). ``width`` shows it at that many CSS pixels (a
    portrait); ``sizes`` says how wide it is shown when that is not the text column (a
    gallery's tiles); the lightbox (mkdocs-glightbox) shows ``caption`` under the full-size photo."""

    def url(path: str) -> str:
        return urls.published_relative(page_src, path)

    shown_width = width or image.width
    attrs = {
        "src": url(image.src),
        "srcset": image.srcset_attr(url),
        "sizes": sizes or (f"{width}px" if width else COLUMN_SIZES),
        "width": shown_width,
        "height": round(image.height * shown_width / image.width),
        "alt": alt,
        **({"loading": "lazy"} if lazy else {"fetchpriority": "high"}),
        "decoding": "async",
    }
    if caption:
        # GLightbox inserts data-title as HTML (innerHTML): the caption must be escaped once
        # more, or a caption like <img onerror=…> would run when the photo is opened.
        attrs["data-title"] = html.escape(caption, quote=False)
    return Markup("<img " + " ".join(f'{key}="{text_html(value)}"' for key, value in attrs.items()) + ">")


def _label(rec) -> str:
    return rec.get("name") or rec.get("title") or rec["id"]


def _qty(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Quantity):
        return str(value)
    return str(value)
