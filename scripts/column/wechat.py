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
import posixpath
import urllib.parse
from pathlib import Path

import css_inline
from bs4 import BeautifulSoup
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
    shown = {cover.src} if cover else set()
    body = _body(str(ctx.markdown(s, "body")), url, root, shown)
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
    html = r.env.get_template("wechat/article.html.j2").render(
        s=s, cover=root + cover.src if cover else None, body=Markup(body), gallery=gallery, url=url
    )
    return _noted(html, url, r)


def _body(html: str, url: str, root: str, shown: set) -> str:
    """A story body (sanitised HTML, URLs relative to the story's page) for the article: photo
    URLs absolute, a photo's own paragraph and the caption under it marked, the prose wrappers
    unwrapped and admonition boxes made sections (the editor keeps <section>, not <div>)."""
    soup = BeautifulSoup(html, "html.parser")
    for img in soup.find_all("img"):
        img["src"] = urllib.parse.urljoin(url, img.get("src") or "")
        if img["src"].startswith(root):
            shown.add(img["src"][len(root) :])
        for name in ("loading", "width", "height"):
            img.attrs.pop(name, None)
        paragraph = img.parent
        if paragraph.name == "p" and _only(paragraph, "img"):
            paragraph["class"] = "wx-figure"
            caption = paragraph.find_next_sibling()
            if caption is not None and caption.name == "p" and _only(caption, "em"):
                caption["class"] = "wx-caption"
    for div in soup.find_all("div"):
        if "column-prose" in (div.get("class") or []):
            div.unwrap()
        else:
            div.name = "section"
    return str(soup)


def _only(tag, name: str) -> bool:
    """Whether ``tag`` holds one ``name`` element and nothing else but white space."""
    children = [c for c in tag.children if not (isinstance(c, str) and not c.strip())]
    return len(children) == 1 and getattr(children[0], "name", None) == name


def _noted(html: str, url: str, r) -> str:
    """Links → their text, a superscript [n] and the numbered 引用链接 list at the end. One
    number per address; a link within the story's own page keeps only its text."""
    soup = BeautifulSoup(html, "html.parser")
    numbers: dict[str, int] = {}
    notes: list[tuple[int, str, str]] = []
    for a in soup.find_all("a"):
        target = urllib.parse.urljoin(url, a.get("href") or "")
        scheme = urllib.parse.urlsplit(target).scheme.lower()
        if not a.get("href") or scheme not in NOTED_SCHEMES or urllib.parse.urldefrag(target).url == url != target:
            a.unwrap()
            continue
        shown = target.split(":", 1)[1] if scheme in ("mailto", "tel") else target
        text = " ".join(a.get_text().split())
        if shown not in numbers:
            numbers[shown] = len(numbers) + 1
            notes.append((numbers[shown], text, shown))
        ref = soup.new_tag("sup", attrs={"class": "wx-ref"})
        ref.string = f"[{numbers[shown]}]"
        a.name, a.attrs = "span", {"class": "wx-link"}
        a.insert_after(ref)
    if notes:
        section = soup.find("section")
        listed = r.env.get_template("wechat/notes.html.j2").render(notes=notes)
        section.append(BeautifulSoup(listed, "html.parser"))
    return str(soup)


@functools.cache
def _inliner() -> css_inline.CSSInliner:
    # Nothing is fetched: the stylesheet is ours and given whole.
    return css_inline.CSSInliner(load_remote_stylesheets=False, keep_style_tags=False, keep_link_tags=False)


@functools.cache
def _stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def inline_styles(html: str) -> str:
    """``wechat.css`` inlined into the article's style attributes, then every class removed."""
    soup = BeautifulSoup(_inliner().inline_fragment(html, _stylesheet()), "html.parser")
    for tag in soup.find_all(class_=True):
        del tag["class"]
    return str(soup)
