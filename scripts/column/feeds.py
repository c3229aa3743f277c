"""RSS 2.0 and Atom feeds of the latest stories, with absolute links from ``site_url``.

A feed reader sees the same stories as the site: never a draft, and no volunteer's name
beyond what the story's own published text says (related volunteers are not listed). Only the
latest ``FEED_ITEMS`` stories are included, so the feeds stay small as the archive grows. Dates
are the stories' own (no build time), so the same content gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from email.utils import format_datetime

from . import reading, sanitize, urls
from .issues import Issue
from .output import Output

FEED_ITEMS = 20
RSS_PATH = "rss.xml"
ATOM_PATH = "atom.xml"
ATOM_NS = "http://www.w3.org/2005/Atom"
CHINA = dt.timezone(dt.timedelta(hours=8), "CST")
_URL = re.compile(r"^https?://[^\s/?#]+(/[^\s?#]*)?$")

ET.register_namespace("atom", ATOM_NS)


@dataclass(frozen=True)
class Entry:
    title: str
    url: str
    published: dt.datetime
    summary: str
    categories: tuple[str, ...]
    author: str | None


def base_url(site) -> str | None:
    """``site_url`` with a trailing slash, or None when it is not set."""
    url = (site.get("site_url") or "").strip()
    if not url:
        return None
    return url if url.endswith("/") else url + "/"


def check_site_url(site) -> list[Issue]:
    url = (site.get("site_url") or "").strip()
    if not url or _URL.match(url):
        return []
    return [
        Issue(
            site["path"],
            site.lines.get("site_url"),
            "site_url",
            f"网站地址“{url}”不是完整的网址。",
            "写成以 https:// 开头的完整地址（网站首页的地址），如 https://example.gov.cn/yigong/。",
        )
    ]


def _published(date) -> dt.datetime:
    # A month-precise date counts from its first day; stories carry no time of day.
    return dt.datetime.combine(date.first, dt.time(0, 0), CHINA)


def entries(stories, site_root: str) -> list[Entry]:
    """Feed entries of ``stories`` (already published and newest first)."""
    out = []
    for s in stories:
        summary = s.get("summary") or reading.excerpt(sanitize.plain_text(s.get("body") or ""))
        categories = ([s["column"]] if s.get("column") else []) + [t["name"] for t in s.get("themes") or []]
        out.append(
            Entry(
                s["title"],
                site_root + urls.public_url(urls.detail_path("story", s["id"])),
                _published(s["date"]),
                " ".join(summary.split()),
                tuple(dict.fromkeys(categories)),
                s.get("author"),
            )
        )
    return out


def _sub(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def rss(site, site_root: str, items: list[Entry]) -> bytes:
    root = ET.Element("rss", {"version": "2.0"})
    channel = _sub(root, "channel")
    _sub(channel, "title", site["title"])
    _sub(channel, "link", site_root)
    _sub(
        channel,
        "description",
        " ".join((site.get("description") or f"{site['organisation']}：{site['title']}").split()),
    )
    _sub(channel, "language", "zh-CN")
    if items:
        _sub(channel, "lastBuildDate", format_datetime(items[0].published))
    _sub(channel, f"{{{ATOM_NS}}}link", href=site_root + RSS_PATH, rel="self", type="application/rss+xml")
    for e in items:
        item = _sub(channel, "item")
        _sub(item, "title", e.title)
        _sub(item, "link", e.url)
        _sub(item, "guid", e.url, isPermaLink="true")
        _sub(item, "pubDate", format_datetime(e.published))
        if e.summary:
            _sub(item, "description", e.summary)
        for c in e.categories:
            _sub(item, "category", c)
    return _serialise(root)


def atom(site, site_root: str, items: list[Entry], as_of: dt.date) -> bytes:
    # Atom's own namespace as the default one (plain tag names), as feed readers expect.
    root = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": "zh-CN"})
    _sub(root, "title", site["title"])
    if site.get("description"):
        _sub(root, "subtitle", " ".join(site["description"].split()))
    _sub(root, "link", href=site_root, rel="alternate", type="text/html")
    _sub(root, "link", href=site_root + ATOM_PATH, rel="self", type="application/atom+xml")
    _sub(root, "id", site_root)
    updated = items[0].published if items else dt.datetime.combine(as_of, dt.time(0, 0), CHINA)
    _sub(root, "updated", updated.isoformat())
    author = _sub(root, "author")
    _sub(author, "name", site["organisation"])
    for e in items:
        entry = _sub(root, "entry")
        _sub(entry, "title", e.title)
        _sub(entry, "link", href=e.url, rel="alternate", type="text/html")
        _sub(entry, "id", e.url)
        _sub(entry, "published", e.published.isoformat())
        _sub(entry, "updated", e.published.isoformat())
        if e.author:
            _sub(_sub(entry, "author"), "name", e.author)
        if e.summary:
            _sub(entry, "summary", e.summary)
        for c in e.categories:
            _sub(entry, "category", term=c)
    return _serialise(root)


def generate(r, cat, ctx) -> Output:
    """Page generator (site_pages.GENERATORS) of the two feeds: files, no page."""
    problems = check_site_url(cat.site)
    site_root = base_url(cat.site)
    if site_root is None or problems:
        return Output(issues=problems)  # feeds need absolute links
    items = entries(cat.newest_stories[:FEED_ITEMS], site_root)
    return Output(
        files={RSS_PATH: rss(cat.site, site_root, items), ATOM_PATH: atom(cat.site, site_root, items, cat.as_of)}
    )
