"""What the built demo site tells browsers, crawlers and share cards: a Chinese 404 page,
per-page description and Open Graph tags, feed links, the ICP footer, sitemap.xml with
site_url, and reading time on story pages."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from column import pipeline, sanitize
from column.reading import excerpt, reading_minutes
from conftest import CONTENT

SITE_URL = "https://example.gov.cn/yigong/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class Head(HTMLParser):
    """The <meta> and <link> tags, <title> and <html lang> of a page."""

    def __init__(self, text: str):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict] = []
        self.lang = None
        self.title = ""
        self._in_title = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "meta" and (a.get("property") or a.get("name")):
            self.meta.setdefault(a.get("property") or a.get("name"), []).append(a.get("content"))
        elif tag == "link":
            self.links.append(a)
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def one(self, key: str) -> str:
        values = self.meta.get(key, [])
        assert len(values) == 1, (key, values)
        return values[0]


@pytest.fixture(scope="module")
def pages(demo_site) -> dict[str, Head]:
    """Published path ("stories/x/") → parsed head, for every page but 404.html (and the
    公众号 versions under wechat/: standalone documents outside the site, see test_wechat.py)."""
    out = {}
    for path in sorted(demo_site.rglob("index.html")):
        rel = path.relative_to(demo_site).as_posix()[: -len("index.html")]
        if not rel.startswith(("pagefind/", "assets/", "wechat/")):
            out[rel] = Head(path.read_text(encoding="utf-8"))
    return out


@pytest.fixture(scope="module")
def catalog():
    return pipeline.checked_catalog(CONTENT)


def test_404_page_is_chinese_and_links_home(demo_site):
    text = (demo_site / "404.html").read_text(encoding="utf-8")
    head = Head(text)
    assert head.lang.startswith("zh")
    assert head.title == "页面没有找到 - 党员义工服务宣传专栏"
    assert "<h1>页面没有找到</h1>" in text
    assert "您要访问的页面不存在" in text
    # served for a missing address at any depth, so its links are absolute from site_url's path
    assert '<a href="/yigong/stories/">浏览新闻动态</a>' in text
    assert re.search(r'<a href="/yigong/\.?">返回首页</a>', text)
    assert "404 - Not found" not in text


def test_every_page_has_description_and_open_graph(pages):
    assert len(pages) > 50
    for rel, head in pages.items():
        url = SITE_URL + rel
        description = head.one("description")
        assert description and head.one("og:description") == description, rel
        assert head.one("og:url") == url, rel
        assert [link["href"] for link in head.links if link.get("rel") == "canonical"] == [url], rel
        assert head.one("og:site_name") == "党员义工服务宣传专栏"
        assert head.one("og:locale") == "zh_CN"
        assert head.one("og:title") and head.one("og:type") in ("website", "article")
        feeds = {link["type"]: link["href"] for link in head.links if link.get("rel") == "alternate"}
        depth = rel.count("/")
        assert feeds["application/rss+xml"] == "../" * depth + "rss.xml", rel
        assert feeds["application/atom+xml"] == "../" * depth + "atom.xml", rel


def test_story_pages_are_articles_with_their_own_description(pages, catalog, demo_site):
    stories = [s for s in catalog.published("story")]
    assert any(s.get("cover") for s in stories)
    for s in stories:
        head = pages[f"stories/{s['id']}/"]
        assert head.one("og:type") == "article"
        assert head.one("article:published_time") == s["date"].iso
        text = sanitize.plain_text(s["body"])
        assert head.one("description") == " ".join((s.get("summary") or excerpt(text)).split())
        assert head.one("og:title") == s["title"]
        if s.get("cover"):
            image = head.one("og:image")
            assert image.startswith(SITE_URL + "media/")
            assert (demo_site / image[len(SITE_URL) :]).is_file()
        else:
            assert "og:image" not in head.meta


def test_activity_and_volunteer_pages_describe_themselves(pages, catalog):
    site_description = " ".join(catalog.site["description"].split())
    for a in catalog.activities:
        description = pages[f"activities/{a['id']}/"].one("description")
        assert description != site_description
        if a.get("summary"):
            assert description == excerpt(sanitize.plain_text(a["summary"]))
        else:
            assert description.endswith(a["title"])
    for v in catalog.all("volunteer"):
        if v.get("publish"):
            assert pages[f"volunteers/{v['id']}/"].one("description") != site_description


def test_reading_time_on_story_pages(demo_site, catalog):
    for s in catalog.all("story"):
        page = demo_site / "stories" / s["id"] / "index.html"
        if s.get("draft"):
            assert not page.exists()
            continue
        minutes = reading_minutes(sanitize.plain_text(s["body"]))
        assert f"阅读约{minutes}分钟" in page.read_text(encoding="utf-8")
    longest = max((s for s in catalog.published("story")), key=lambda s: len(s["body"]))
    assert reading_minutes(sanitize.plain_text(longest["body"])) > 1  # the demo has a story longer than a minute


def test_icp_footer_links_to_miit_on_every_page(demo_site, catalog):
    icp = catalog.site["icp"]
    link = f'<a href="https://beian.miit.gov.cn/" target="_blank" rel="noopener">{icp}</a>'
    for path in [demo_site / "404.html", *demo_site.rglob("index.html")]:
        if "pagefind" not in path.parts:
            assert link in path.read_text(encoding="utf-8"), path


def test_sitemap_lists_every_published_page_with_site_url(demo_site, pages, catalog):
    root = ET.parse(demo_site / "sitemap.xml").getroot()
    locs = [u.findtext(f"{SITEMAP}loc") for u in root.findall(f"{SITEMAP}url")]
    assert sorted(locs) == sorted(SITE_URL + rel for rel in pages)
    assert len(set(locs)) == len(locs)
    lastmod = {u.findtext(f"{SITEMAP}lastmod") for u in root.findall(f"{SITEMAP}url")}
    assert lastmod == {catalog.as_of.isoformat()}  # as_of, never the build time
    text = (demo_site / "sitemap.xml").read_text(encoding="utf-8")
    for s in catalog.all("story"):
        assert (f"/stories/{s['id']}/" in text) == (not s.get("draft"))
    for v in catalog.all("volunteer"):
        assert (f"/volunteers/{v['id']}/" in text) == bool(v.get("publish"))
