"""The 公众号 version of stories (wechat.py): a standalone noindex page per published story, the
article styled inline (no class, no style sheet), links as numbered 引用链接 notes, photos as
absolute URLs of the site with captions; none without site_url, none for drafts, no
unpublished name; and in Chromium, the 复制到公众号 button puts that article on the clipboard."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

import trees
from column import consent, pii, pipeline, urls, wechat
from column.issues import ContentError
from conftest import CONTENT, open_page
from test_hostile import ACTIVE_TAGS, FIXTURE, hostile_content
from test_media import jpeg_with_gps

SITE_URL = "https://example.gov.cn/yigong/"
SITE = trees.SITE + f"site_url: {SITE_URL}\n"
STORY_ID = "anquan"
STORY = f"stories/2010/{STORY_ID}.md"
PAGE = urls.wechat_path(STORY_ID)

BODY = """\
金桂苑社区的安全用药宣传，详见[国家药监局](https://www.nmpa.gov.cn/)的科普文章。

## 现场

![药监局义工在社区讲解用药常识](media/2010/body.jpg)

*义工讲解用药常识*

> 居民说：“这样的服务很实在。”

再次感谢[国家药监局](https://www.nmpa.gov.cn/)，也见[本次活动](../../activities/2010/yj-anquan.yml)、\
[下文](#jieguo)和[来信](mailto:yigong@example.gov.cn)。

## 结果

| 项目 | 数量 |
| --- | ---: |
| 回收药品 | 200多 |

!!! note "提示"
    过期药品请勿随意丢弃。
"""

ACTIVITY = (
    trees.ACTIVITY
    + "photos:\n"
    + "  - file: media/2010/cover.jpg\n    caption: 宣传现场\n"
    + "  - file: media/2010/huodong.jpg\n    caption: 居民咨询用药问题\n    alt: 两位居民在咨询台前\n"
)


TABLE_ROWS = ("thead", "tbody", "tr")  # styled through their cells


def files(**extra) -> dict:
    story_fields = {"source": "测试来源", "author": "测试作者", "cover": "media/2010/cover.jpg"}
    story_fields.update(extra.pop("story_fields", {}))
    return {
        "site.yml": SITE,
        "activities/2010/yj-anquan.yml": ACTIVITY,
        "media/2010/cover.jpg": jpeg_with_gps((320, 240)),
        "media/2010/huodong.jpg": jpeg_with_gps((300, 200)),
        "media/2010/body.jpg": jpeg_with_gps((200, 150)),
        STORY: trees.story(
            "药监局在金桂苑开展安全用药宣传", "2010-06-12", BODY, activities="[yj-anquan]", **story_fields
        ),
        **extra,
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return trees.run(tmp_path_factory.mktemp("wechat"), files())


def article_of(html: str):
    """The article (``#wechat-article``) of a 公众号 page, parsed."""
    return LexborHTMLParser(html).css_first("#wechat-article")


def sitewide(text: str) -> str:
    return " ".join(text.split())


# ---- the page -----------------------------------------------------------------------------


def test_a_standalone_noindex_page_per_story_outside_navigation_sitemap_search_and_feeds(built):
    html = built.files[PAGE]
    doc = LexborHTMLParser(html)
    assert html.startswith("<!DOCTYPE html>")
    assert [m.attributes for m in doc.css("meta[name=robots]")] == [{"name": "robots", "content": "noindex"}]
    assert doc.css_first("title").text() == "药监局在金桂苑开展安全用药宣传（公众号排版） - 测试专栏"
    assert [s.attributes.get("src") for s in doc.css("script")] == ["../copy.js"]
    assert built.files[wechat.SCRIPT].startswith("// 复制到公众号")
    assert not [p for p in built.pages if p.src.startswith("wechat/")]  # no MkDocs page: no nav, no search
    for name in ("sitemap.xml", "rss.xml", "atom.xml"):
        assert b"wechat" not in built.files[name]
    assert "wechat" not in str(built.nav)
    # the story's page links to it
    story = next(p for p in built.pages if p.src == urls.detail_path("story", STORY_ID))
    assert f'<a href="../../{PAGE}">公众号排版</a>' in story.body


def test_the_article_is_styled_inline_only(built):
    article = article_of(built.files[PAGE])
    nodes = list(article.traverse(include_text=False))[1:]
    assert nodes and all("class" not in n.attributes for n in nodes)
    assert not [n.tag for n in nodes if n.tag in ("style", "link", "script", "a", "div") or n.tag in ACTIVE_TAGS]
    unstyled = [n.tag for n in nodes if not (n.attributes.get("style") or "").strip() and n.tag not in TABLE_ROWS]
    assert unstyled == []
    styles = {n.tag: n.attributes.get("style") for n in reversed(nodes)}  # the first of each tag
    assert "font-size: 22px" in styles["h1"] and "color: #b71c1c" in styles["h2"]
    assert "border-collapse: collapse" in styles["table"] and "border: 1px solid" in styles["td"]
    assert "max-width: 100%" in styles["img"] and "text-align: center" in styles["figcaption"]
    assert "border-left: 3px solid" in styles["blockquote"]
    boxes = [n for n in nodes if n.tag == "section" and "background" in n.attributes["style"]]
    assert [" ".join(b.text().split()) for b in boxes] == ["提示 过期药品请勿随意丢弃。"]  # !!! note → a box


def test_title_meta_line_and_site_name(built):
    article = article_of(built.files[PAGE])
    assert article.css_first("h1").text() == "药监局在金桂苑开展安全用药宣传"
    assert article.css_first("h1 + p").text() == "测试专栏 · 2010年6月12日 · 来源：测试来源 · 作者：测试作者"
    assert "本文首发于测试机关党工委“测试专栏”网站，原文链接[" in sitewide(article.text())


def test_links_become_numbered_notes_listed_at_the_end(built):
    article = article_of(built.files[PAGE])
    text = sitewide(article.text())
    assert "详见国家药监局[1]的科普文章" in text
    assert "再次感谢国家药监局[1]，也见本次活动[2]、下文和来信[3]。" in text  # one number per address
    story_url = f"{SITE_URL}stories/{STORY_ID}/"
    assert "原文链接[4]" in text
    notes = [sitewide(p.text()) for p in article.css("h3 ~ p")]
    assert notes == [
        "[1] 国家药监局：https://www.nmpa.gov.cn/",
        f"[2] 本次活动：{SITE_URL}activities/yj-anquan/",  # our own page: its absolute URL
        "[3] 来信：yigong@example.gov.cn",
        f"[4] 原文链接：{story_url}",
    ]
    heading = article.css("h3")[-1]
    assert heading.text() == "引用链接"
    assert article.css("sup")[0].text() == "[1]"
    # the list is the end of the article
    last = [n for n in article.traverse(include_text=False) if n.tag in ("p", "h2", "h3", "figure", "table")]
    assert [n.tag for n in last[-5:]] == ["h3", "p", "p", "p", "p"]


def test_photos_are_absolute_urls_of_the_site_with_captions(built):
    article = article_of(built.files[PAGE])
    images = [(img.attributes["src"], img.attributes["alt"]) for img in article.css("img")]
    assert images == [
        (f"{SITE_URL}media/2010/cover.jpg", "药监局在金桂苑开展安全用药宣传"),  # the cover
        (f"{SITE_URL}media/2010/body.jpg", "药监局义工在社区讲解用药常识"),  # in the body
        (f"{SITE_URL}media/2010/huodong.jpg", "两位居民在咨询台前"),  # the activity's other photo
    ]
    for src, _ in images:  # each is a photo the site publishes
        assert src.removeprefix(SITE_URL) in built.assets
    body_caption = article.css_first("p:has(img) + p")
    assert body_caption.text() == "义工讲解用药常识" and "text-align: center" in body_caption.attributes["style"]
    assert [c.text() for c in article.css("figcaption")] == ["居民咨询用药问题"]
    assert "活动照片" in [h.text() for h in article.css("h2")]


def test_the_same_content_gives_the_same_bytes(tmp_path, built):
    again = trees.run(tmp_path, files())
    assert again.files[PAGE] == built.files[PAGE]


def test_the_toolbar_gives_the_fields_of_the_wechat_editor(built):
    doc = LexborHTMLParser(built.files[PAGE])
    tools = doc.css_first("[role=region]")
    assert tools.css_first("button#wechat-copy").text() == "复制到公众号"
    assert tools.css_first("#wechat-status").attributes.get("role") == "status"
    fields = dict(zip([dt.text() for dt in tools.css("dt")], [dd.text() for dd in tools.css("dd")], strict=True))
    assert fields["标题"] == "药监局在金桂苑开展安全用药宣传" and fields["作者"] == "测试作者"
    assert fields["原文链接"] == f"{SITE_URL}stories/{STORY_ID}/"
    assert fields["封面图片"] == f"{SITE_URL}media/2010/cover.jpg"
    assert fields["摘要"].startswith("金桂苑社区的安全用药宣传")
    assert tools.css_first("a").attributes["href"] == f"../../stories/{STORY_ID}/"
    assert "<style" not in built.files[PAGE] and "stylesheet" not in built.files[PAGE]


# ---- when there is none ------------------------------------------------------------------


def test_without_site_url_there_is_no_wechat_version_and_no_link(tmp_path):
    result = trees.run(tmp_path, files(**{"site.yml": trees.SITE}))
    assert not [f for f in result.files if f.startswith("wechat/")]
    story = next(p for p in result.pages if p.src == urls.detail_path("story", STORY_ID))
    assert "公众号" not in story.body


def test_drafts_have_none_and_appear_in_none(tmp_path):
    result = trees.run(
        tmp_path,
        files(
            **{
                "stories/2010/caogao.md": trees.story("草稿标题QXZ", "2010-06-13", "草稿正文。", draft="true"),
            }
        ),
    )
    assert urls.wechat_path("caogao") not in result.files
    assert sorted(f for f in result.files if f.startswith("wechat/")) == sorted([wechat.SCRIPT, PAGE])
    assert not [f for f, data in result.files.items() if f.startswith("wechat/") and "QXZ" in data]


def test_an_unpublished_volunteer_is_never_named(tmp_path):
    result = trees.run(
        tmp_path,
        files(
            **{
                "volunteers/zhao-lei.md": trees.volunteer("赵磊"),
                "volunteers/wang-fang.md": trees.volunteer("王芳", publish=True),
                "activities/2010/yj-anquan.yml": ACTIVITY + "volunteers:\n  - who: 赵磊\n  - who: 王芳\n",
            },
            story_fields={"volunteers": "[赵磊, 王芳]"},
        ),
    )
    assert "赵磊" not in result.files[PAGE] and "zhao-lei" not in result.files[PAGE]


def test_the_output_guards_scan_it(tmp_path):
    """The PII and consent guards of the build read every built file: a number in the story, or
    an unpublished name that a template bug would print, stops the build at this file too."""
    body = BODY + "\n联系电话13912345678。\n"
    content = tmp_path / "content"
    result = trees.run(
        content,
        {
            **files(**{"volunteers/zhao-lei.md": trees.volunteer("赵磊")}),
            STORY: trees.story("安全用药宣传", "2010-06-12", body, cover="media/2010/cover.jpg"),
        },
    )
    site = tmp_path / "site"
    (site / "wechat" / STORY_ID).mkdir(parents=True)
    (site / PAGE).write_text(result.files[PAGE].replace("测试专栏", "测试专栏赵磊"), encoding="utf-8")
    found = pii.check_site(site, content, [], names=consent.Hidden(result.catalog))
    assert [i.message for i in found] == [
        f"未同意公开姓名的志愿者“赵磊”的名字出现在生成的网站文件里（{PAGE}），网站未发布。",
        f"手机号码 139****5678 会出现在网站上（生成的文件：{PAGE}），网站未发布。",
    ]


def test_a_page_may_not_take_the_name_wechat(tmp_path):
    with pytest.raises(ContentError) as err:
        trees.run(tmp_path, {"pages/wechat.md": "---\ntitle: 公众号\n---\n"})
    assert [(i.path, i.message) for i in err.value.issues] == [
        ("pages/wechat.md", "页面名“wechat”与网站自动生成的栏目重名。")
    ]


# ---- hostile text ----------------------------------------------------------------------------


@pytest.mark.slow
def test_hostile_text_stays_text(tmp_path):
    """The hostile fixture (a payload in every field) with a site_url: nothing active in the
    公众号 page but our own script, the payloads shown as text."""
    content = hostile_content(tmp_path / "content")
    result = pipeline.run(content, trees.BUILD_DATE, site_url=SITE_URL)
    pages = {f: data for f, data in result.files.items() if f.startswith("wechat/") and f.endswith(".html")}
    assert pages
    for name, html in pages.items():
        doc = LexborHTMLParser(html)
        for node in doc.root.traverse(include_text=False):
            assert node.tag not in ACTIVE_TAGS | {"style", "link", "form", "input", "svg"}, name
            assert not [a for a in node.attributes if a.lower().startswith("on")], (name, node.tag)
            for attr in ("href", "src"):
                value = node.attributes.get(attr)
                assert value is None or re.match(r"^(https?://|\.\./)", value), (name, node.tag, value)
        assert [s.attributes.get("src") for s in doc.css("script")] == ["../copy.js"]
    story = (FIXTURE / "stories/2010/anquan.md").read_text(encoding="utf-8")
    title = re.search(r'^title: "(.*)"$', story, re.M)[1].replace('\\"', '"')
    assert article_of(pages[urls.wechat_path("anquan")]).css_first("h1").text() == title


# ---- the demo site, built ------------------------------------------------------------------


def demo_pages(site: Path) -> list[Path]:
    return sorted(site.glob("wechat/*/index.html"))


def test_demo_site_has_one_per_published_story_and_nowhere_else(demo_site):
    stories = {p.parent.name for p in demo_site.glob("stories/*/index.html")} - {"page"}
    assert {p.parent.name for p in demo_pages(demo_site)} == stories
    assert "zhou-hong-shihe-zhishou" not in stories  # the demo's draft
    assert b"wechat" not in (demo_site / "sitemap.xml").read_bytes()
    for feed in ("rss.xml", "atom.xml"):
        assert b"wechat" not in (demo_site / feed).read_bytes()
    fragments = list((demo_site / "pagefind").rglob("*.pf_fragment"))
    assert fragments
    assert not [f for f in fragments if b"wechat/" in gzip.decompress(f.read_bytes())]


def route_site_url(pg, site: Path):
    """Photos under the demo's site_url are served from the built site (as once published)."""

    def fulfil(route):
        path = site / route.request.url.removeprefix(SITE_URL).split("?")[0]
        route.fulfill(path=str(path)) if path.is_file() else route.fulfill(status=404)

    pg.route(SITE_URL + "**", fulfil)


READ_CLIPBOARD = """async () => {
  const [item] = await navigator.clipboard.read();
  return {types: item.types, html: await (await item.getType("text/html")).text()};
}"""


def copy_and_read(browser, site_url, demo_site, path: str, init_script: str | None = None) -> tuple[str, dict]:
    pg = open_page(browser, site_url)
    try:
        pg.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
        if init_script:
            pg.add_init_script(init_script)
        route_site_url(pg, demo_site)
        assert pg.goto(site_url + path).status == 200
        pg.wait_for_load_state("networkidle")
        assert pg.evaluate("[...document.images].every(img => img.complete && img.naturalWidth > 0)")
        pg.click("#wechat-copy")
        pg.wait_for_function("document.getElementById('wechat-status').textContent.startsWith('已复制')")
        status = pg.text_content("#wechat-status")
        copied = pg.evaluate(READ_CLIPBOARD)
        assert pg.console_errors == []
        assert all(url.startswith(SITE_URL) for url in pg.external_requests)  # the site's own photos
        return status, copied
    finally:
        pg.context.close()


def richest(demo_site: Path) -> str:
    """The demo's 公众号 page with the most in it (photos, notes)."""
    page = max(demo_pages(demo_site), key=lambda p: (p.stat().st_size, p.as_posix()))
    return page.relative_to(demo_site).as_posix().removesuffix("index.html")


def assert_is_the_article(html: str, page_html: str):
    copied = LexborHTMLParser(html)
    article = article_of(page_html)
    title = copied.css_first("h1")
    assert title is not None and title.text() == article.css_first("h1").text()
    assert "font-size: 22px" in title.attributes["style"]
    assert not [n.tag for n in copied.root.traverse(include_text=False) if "class" in n.attributes]
    assert not copied.css("style, link, script")
    assert "引用链接" in copied.body.text()
    assert [i.attributes["src"] for i in copied.css("img")] == [i.attributes["src"] for i in article.css("img")]
    assert all(i.attributes["src"].startswith(SITE_URL) for i in copied.css("img"))
    assert len([n for n in copied.css("p") if n.attributes.get("style")]) == len(article.css("p"))


@pytest.mark.browser
def test_copy_button_puts_the_inline_styled_article_on_the_clipboard(browser, site_url, demo_site):
    path = richest(demo_site)
    status, copied = copy_and_read(browser, site_url, demo_site, path)
    assert status.startswith("已复制")
    assert "text/html" in copied["types"]
    assert_is_the_article(copied["html"], (demo_site / path / "index.html").read_text(encoding="utf-8"))


@pytest.mark.browser
def test_without_the_clipboard_api_the_selection_is_copied(browser, site_url, demo_site):
    path = richest(demo_site)
    hide = "Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined, configurable: true});"
    # the page cannot use the API; the test reads the clipboard through a second page
    pg = open_page(browser, site_url)
    try:
        pg.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
        route_site_url(pg, demo_site)
        tool = pg.context.new_page()
        tool.goto(site_url)
        pg.add_init_script(hide)
        pg.goto(site_url + path)
        pg.wait_for_load_state("networkidle")
        assert pg.evaluate("navigator.clipboard === undefined")
        pg.click("#wechat-copy")
        pg.wait_for_function("document.getElementById('wechat-status').textContent.startsWith('已复制')")
        tool.bring_to_front()
        copied = tool.evaluate(READ_CLIPBOARD)
    finally:
        pg.context.close()
    html = copied["html"]
    page_html = (demo_site / path / "index.html").read_text(encoding="utf-8")
    doc = LexborHTMLParser(html)
    assert doc.css_first("h1").text() == article_of(page_html).css_first("h1").text()
    assert "font-size: 22px" in (doc.css_first("h1").attributes.get("style") or "")
    assert not [n.tag for n in doc.root.traverse(include_text=False) if "class" in n.attributes]
    assert "引用链接" in doc.body.text()


@pytest.mark.browser
def test_readable_on_a_phone_and_accessible(browser, site_url, demo_site):
    from test_a11y import AXE, violations

    path = richest(demo_site)
    pg = open_page(browser, site_url, viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    try:
        route_site_url(pg, demo_site)
        pg.goto(site_url + path)
        pg.wait_for_load_state("networkidle")
        assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert violations(pg, AXE.read_text(encoding="utf-8")) == []
    finally:
        pg.context.close()


def test_demo_content_has_site_url():
    """The demo (and so the tests on it) makes 公众号 versions: its site.yml has a site_url."""
    assert re.search(r"^site_url: https?://", (CONTENT / "site.yml").read_text(encoding="utf-8"), re.M)
