"""The 公众号 (WeChat official account) version of every story on the site.

``wechat/<story-id>/index.html`` (``urls.wechat_path``) is a standalone HTML document, not a
MkDocs page: no theme, no navigation, not in the sitemap, the search index or the feeds, and
``noindex``. It holds the story as the WeChat editor needs it, and a 复制到公众号 button
(``wechat/copy.js``) that puts the article on the clipboard as rich HTML:

- every style inline: the article is rendered with classes, ``wechat.css`` is inlined into
  ``style`` attributes by css-inline, then the classes are removed (the editor drops classes,
  style sheets and ``<style>``);
- links become text with a superscript ``[n]`` and a numbered 引用链接 list at the end (the
  editor drops links); links to the site's own pages become its absolute URLs there too;
- photos (cover, body, the photos of the activities the story reports) are absolute URLs of
  the site (``site_url`` + the photo's path), with their captions: the article is pasted on
  another host;
- the site's name, the story's date, source and author; the story's own URL at the end.

Absolute URLs need ``site_url``: without it (or with one that is not a full address, which the
feeds report) no 公众号 version is made and story pages do not link to one. The stories are
the catalog's (``newest_stories``), so a story that is not public has none; the text is the
story's own, already checked for unconsented names, and the build's output guards scan these
files like every other.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
import urllib.parse
from pathlib import Path

import css_inline
from markupsafe import Markup

from . import feeds, reading, sanitize, urls
from .output import Output

TEMPLATES = Path(__file__).parent / "templates" / "wechat"
STYLESHEET = TEMPLATES / "wechat.css"
SCRIPT = "wechat/copy.js"  # output path of the copy button's script, shared by every page
NOTED_SCHEMES = ("http", "https", "mailto", "tel")  # links that become numbered notes


def site_root(site) -> str | None:
    """``site_url`` with a trailing slash, or None when the 公众号 versions cannot be made."""
    root = feeds.base_url(site)
    return None if root is None or feeds.check_site_url(site) else root


def page_of(cat, story) -> str | None:
    """The output path of a story's 公众号 version, or None when the site makes none (story
    pages link to it only then)."""
    return urls.wechat_path(story["id"]) if site_root(cat.site) and cat.is_public(story) else None


def generate(r, cat, ctx) -> Output:
    """Page generator (site_pages.GENERATORS): one standalone file per story, and the script."""
    root = site_root(cat.site)
    if root is None or not cat.newest_stories:
        return Output()
    files: dict[str, str | bytes] = {SCRIPT: (TEMPLATES / "copy.js").read_text(encoding="utf-8")}
    for s in cat.newest_stories:
        files[urls.wechat_path(s["id"])] = story_page(r, cat, ctx, s, root)
    return Output(files=files)


def story_page(r, cat, ctx, s, root: str) -> str:
    """The whole HTML document of one story's 公众号 version."""
    out = urls.wechat_path(s["id"])
    story_src = urls.detail_path("story", s["id"])
    url = root + urls.public_url(story_src)
    cover = ctx.image(s.get("cover"))
    article = inline_styles(story_article(r, cat, ctx, s, url, root, cover))
    here = posixpath.dirname(out)
    return r.env.get_template("wechat/page.html.j2").render(
        s=s,
        url=url,
        cover=root + cover.src if cover else None,
        summary=s.get("summary") or reading.excerpt(sanitize.plain_text(s.get("body") or "")),
        article=Markup(article),
        back=posixpath.relpath(urls.public_url(story_src), here) + "/",
        script=posixpath.relpath(SCRIPT, here),
    )


def story_article(r, cat, ctx, s, url: str, root: str, cover) -> str:
    """The article with classes (for the stylesheet), absolute photo URLs and numbered notes."""
    body = str(ctx.markdown(s, "body"))
    shown = {cover.src} if cover else set()
    shown |= {urllib.parse.urljoin(url, html.unescape(src)).removeprefix(root) for src in _BODY_IMAGE.findall(body)}
    gallery = []
    for a in s.get("activities") or []:
        if not cat.is_public(a):
            continue
        for p in a.get("photos") or []:
            image = ctx.image(p["file"])
            if image is None or image.src in shown:
                continue
            shown.add(image.src)
            gallery.append({"url": root + image.src, "caption": p["caption"], "alt": p.get("alt") or p["caption"]})
    article = r.env.get_template("wechat/article.html.j2").render(
        s=s, cover=root + cover.src if cover else None, body=Markup(body), gallery=gallery, url=url
    )
    article, notes = _noted(_images(article, url), url)
    if notes:  # the list ends the article: before the root section closes
        end = article.rindex("</section>")
        article = article[:end] + r.env.get_template("wechat/notes.html.j2").render(notes=notes) + article[end:]
    return article


# The article as the pipeline writes it (the sanitiser's re-serialised body, Jinja with
# autoescape) is regular: every "<" of the text is escaped, attribute values are double-quoted
# with "<", ">" and quotes escaped, and links do not nest. These patterns rely on that; they
# never meet an editor's text unescaped.
_BODY_IMAGE = re.compile(r'<img\s[^>]*?\bsrc="([^"]*)"')
_IMG = re.compile(r"<img\s[^>]*>")
_ATTR = re.compile(r'\s([^\s=>]+)(?:="([^"]*)")?')
_FIGURE = re.compile(r"<p>(\s*<img\s[^>]*>\s*)</p>(?:(\s*)<p>(\s*<em>[^<]*</em>\s*)</p>)?")
_LINK = re.compile(r"<a(\s[^>]*)?>(.*?)</a>", re.S)
_TAGS = re.compile(r"<[^>]*>")


def _attrs(tag: str) -> dict[str, str]:
    return {name: html.unescape(value or "") for name, value in _ATTR.findall(tag)}


def _tag(name: str, attrs: dict[str, str]) -> str:
    return f"<{name}" + "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs.items()) + ">"


def _images(article: str, url: str) -> str:
    """Body photos for the article: absolute URLs, no lazy loading or fixed size; a photo's own
    paragraph and the italic line under it (its caption, as ``make import`` writes it) marked;
    <div> (admonition boxes, prose blocks) made <section>, which the WeChat editor keeps."""

    def image(match) -> str:
        attrs = _attrs(match.group(0)[len("<img") :])
        attrs["src"] = urllib.parse.urljoin(url, attrs.get("src", ""))
        return _tag("img", {k: v for k, v in attrs.items() if k not in ("loading", "width", "height")})

    article = _IMG.sub(image, article)
    article = _FIGURE.sub(
        lambda m: (
            f'<p class="wx-figure">{m[1]}</p>' + (f'{m[2]}<p class="wx-caption">{m[3]}</p>' if m[3] is not None else "")
        ),
        article,
    )
    return article.replace("<div", "<section").replace("</div>", "</section>")


def _noted(article: str, url: str) -> tuple[str, list[tuple[int, str, str]]]:
    """Links → their text, a superscript [n], and the notes (n, text, address) for the 引用链接
    list. One number per address; a link within the story's own page keeps only its text."""
    numbers: dict[str, int] = {}
    notes: list[tuple[int, str, str]] = []

    def link(match) -> str:
        href = _attrs(match.group(1) or " ").get("href", "")
        inner = match.group(2)
        target = urllib.parse.urljoin(url, href)
        scheme = urllib.parse.urlsplit(target).scheme.lower()
        if not href or scheme not in NOTED_SCHEMES or urllib.parse.urldefrag(target).url == url != target:
            return inner
        shown = target.split(":", 1)[1] if scheme in ("mailto", "tel") else target
        if shown not in numbers:
            numbers[shown] = len(numbers) + 1
            notes.append((numbers[shown], " ".join(html.unescape(_TAGS.sub("", inner)).split()), shown))
        return f'<span class="wx-link">{inner}</span><sup class="wx-ref">[{numbers[shown]}]</sup>'

    return _LINK.sub(link, article), notes


@functools.cache
def _inliner() -> css_inline.CSSInliner:
    # Nothing is fetched: the stylesheet is ours and given whole.
    return css_inline.CSSInliner(load_remote_stylesheets=False, keep_style_tags=False, keep_link_tags=False)


@functools.cache
def _stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


# A start tag as css-inline serialises it (html5ever): text escapes "<", attribute values are
# double-quoted with only '"' and "&" escaped (they may hold "<" and ">").
_START_TAG = re.compile(r'<[a-zA-Z][^\s/>]*(?:\s+[^\s/>"\'=]+(?:="[^"]*")?)*\s*/?>')
_CLASS = re.compile(r'\sclass="[^"]*"')


def inline_styles(article: str) -> str:
    """``wechat.css`` inlined into the article's style attributes, then every class removed."""
    inlined = _inliner().inline_fragment(article, _stylesheet())
    return _START_TAG.sub(lambda m: _CLASS.sub("", m.group(0)), inlined)
