"""Editors' Markdown → safe HTML, and text made inert for the MkDocs theme.

Story bodies, bios, page bodies, activity summaries and campaign descriptions are Markdown
with a safe subset of HTML. They are rendered here with Python-Markdown, cleaned by nh3 (a
maintained allow-list sanitiser: no ``<script>``, ``<iframe>``, ``<style>``, event-handler or
``style`` attributes, and only http(s)/mailto/tel URLs), and handed to the page as raw HTML
blocks in the page's HTML: the editor's Markdown is never parsed a second time, so nothing the
sanitiser left as text can become markup later (``{: onclick=…}``).

Top-level headings are handed over as plain headings (their text only, escaped) so that the
page gives them ids and puts them in its table of contents (render.anchor_headings).

``theme_text`` is for values MkDocs' own templates print (page titles, site name, meta
description): those templates do not autoescape, and some add ``| e`` — a ``Markup`` holding
escaped text is right in both cases.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

import markdown
import nh3
from markupsafe import Markup, escape

from .reading import join_cjk_lines
from .render import text_html

TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    "abbr": {"title"},
}
# Admonitions (!!! note) keep their look; no other class may be borrowed from the theme.
CLASSES = {"div": {"admonition", "note", "tip", "info", "warning", "danger"}, "p": {"admonition-title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Tags whose content goes with them (the rest are unwrapped, keeping their text).
DROP_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "noscript",
    "template",
    "textarea",
    "select",
    "svg",
    "math",
    "frame",
    "frameset",
    "noframes",
    "xmp",
    "title",
}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # also Python-Markdown's own placeholders
_HEADING = re.compile(r"^h([1-6])$")
_VOID = {"br", "hr", "img"}

_md = markdown.Markdown(
    extensions=["tables", "admonition", "sane_lists"], extension_configs={"tables": {"use_align_attribute": True}}
)


def clean_html(text: str) -> str:
    """Any HTML → HTML with only the allowed tags, attributes and URL schemes."""
    return nh3.clean(
        _CONTROL.sub("", text),
        tags=TAGS,
        clean_content_tags=DROP_CONTENT,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        allowed_classes=CLASSES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


# Prose that neither Markdown nor HTML acts on — the usual summary or story: paragraphs of
# Chinese text. No markup character, no space or control character but " " and line breaks,
# no line that starts or ends with a space or starts like an ordered list. Python-Markdown and
# nh3 turn such text into exactly one <p> per paragraph, so that is done here directly (the
# same bytes at a tenth of the cost; tests/test_sanitize.py checks both ways agree).
_NOT_PROSE = re.compile(
    r"[`*_{}\[\]<>#+\-!|&~=\\\x00-\x09\x0b-\x1f\x7f-\xa0\xad\u1680\u180e\u2000-\u200f"
    r"\u2028-\u202f\u205f-\u206f\u3000\ud800-\udfff\ufeff\ufff0-\uffff]|^ | $|^[0-9]+[.)]",
    re.MULTILINE,
)
_PARAGRAPHS = re.compile(r"\n{2,}")


def _prose(text: str) -> list[str] | None:
    """The paragraphs of ``text`` when it is plain prose (see ``_NOT_PROSE``), else None."""
    if _NOT_PROSE.search(text):
        return None
    text = text.strip("\n")
    return _PARAGRAPHS.split(text) if text else []


@functools.lru_cache(maxsize=256)  # a page renders its record's text and then its plain-text excerpt
def markdown_html(text: str) -> str:
    """Editor Markdown → cleaned HTML (one fragment)."""
    paragraphs = _prose(text or "")
    if paragraphs is not None:
        return "\n".join(f"<p>{join_cjk_lines(p)}</p>" for p in paragraphs)
    _md.reset()
    return join_cjk_lines(clean_html(_md.convert(_CONTROL.sub("", text or ""))))


@dataclass
class Found:
    """What a rendered fragment refers to, for the caller to check (media, links)."""

    images: list[tuple[str, str]] = field(default_factory=list)  # (src as written, alt)
    links: list[str] = field(default_factory=list)


def render(
    text: str,
    image_url: Callable[[str, str], str | None] | None = None,
    link_url: Callable[[str], str | None] | None = None,
) -> tuple[Markup, Found]:
    """Editor Markdown → HTML for a generated page: safe blocks plus plain headings.

    ``image_url(src, alt)`` and ``link_url(href)`` may rewrite relative references (media,
    other content files) to published URLs; returning None drops the attribute.
    """
    found = Found()
    if _prose(text or "") is not None:  # no tag: nothing to split, rewrite or report
        fragment = markdown_html(text)
        return Markup(f'<div class="column-prose">{fragment}</div>' if fragment else ""), found
    splitter = _Splitter(found, image_url, link_url)
    splitter.feed(markdown_html(text))
    splitter.close()
    return Markup("\n\n".join(part for part in splitter.finish() if part.strip())), found


class _Splitter(HTMLParser):
    """Re-serialises nh3's output, turning top-level headings into plain text headings.

    The input is already clean; every text and attribute value is escaped again on output.
    """

    def __init__(self, found: Found, image_url, link_url):
        super().__init__(convert_charrefs=True)
        self.found, self.image_url, self.link_url = found, image_url, link_url
        self.parts: list[str] = []
        self.block: list[str] = []
        self.depth = 0
        self.heading: tuple[int, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        if self.heading is not None:  # inline markup inside a heading: keep its text only
            if tag not in _VOID:
                self.depth += 1
            return
        level = _HEADING.match(tag)
        if level and self.depth == 0:
            self._flush()
            self.heading = (max(int(level.group(1)), 2), [])  # the page title is the only h1
            self.depth += 1
            return
        attrs = self._rewrite(tag, dict(attrs))
        rendered = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs.items() if v is not None)
        self.block.append(f"<{tag}{rendered}>")
        if tag not in _VOID:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        self.depth -= 1
        if self.heading is not None:
            if self.depth == 0:
                level, words = self.heading
                text = " ".join("".join(words).split())
                if text:
                    self.parts.append(f"<h{level}>{text_html(text)}</h{level}>")
                self.heading = None
            return
        self.block.append(f"</{tag}>")

    def handle_data(self, data):
        if self.heading is not None:
            self.heading[1].append(data)
        else:
            self.block.append(html.escape(data, quote=False))

    def _rewrite(self, tag, attrs):
        if tag == "img" and attrs.get("src") is not None:
            self.found.images.append((attrs["src"], attrs.get("alt") or ""))
            if self.image_url:
                attrs["src"] = self.image_url(attrs["src"], attrs.get("alt") or "")
                attrs.setdefault("loading", "lazy")
        if tag == "a" and attrs.get("href") is not None:
            self.found.links.append(attrs["href"])
            if self.link_url:
                attrs["href"] = self.link_url(attrs["href"])
        return attrs

    def _flush(self):
        if "".join(self.block).strip():
            self.parts.append('<div class="column-prose">' + "".join(self.block).strip() + "</div>")
        self.block = []

    def finish(self) -> list[str]:
        self._flush()
        return self.parts


def plain_text(text: str) -> str:
    """Markdown or HTML → its visible text on one line (for descriptions, feeds, alt text)."""
    if _prose(text or "") is not None:
        return " ".join(join_cjk_lines(text).split())
    stripped = nh3.clean(markdown_html(text), tags=set(), clean_content_tags=DROP_CONTENT)
    return " ".join(html.unescape(stripped).split())


def theme_text(text) -> Markup:
    """A value printed by MkDocs/Material templates (which do not autoescape) → inert Markup."""
    if text is None:
        return Markup("")
    if isinstance(text, Markup):
        return text
    return escape(" ".join(str(text).split()))
