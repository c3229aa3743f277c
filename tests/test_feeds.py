"""RSS 2.0 and Atom feeds: well-formed, structurally valid, absolute links from site_url,
newest first, the latest FEED_ITEMS only, never a draft and never an unpublished name."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest

import trees
from column import feeds, pipeline
from column.issues import ContentError
from conftest import CONTENT, write_tree

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://example.gov.cn/yigong/"


@pytest.fixture(scope="module")
def demo():
    return pipeline.run(CONTENT)


def rss_items(data: bytes) -> list[ET.Element]:
    root = ET.fromstring(data)
    assert root.tag == "rss" and root.get("version") == "2.0"
    (channel,) = root.findall("channel")
    for required in ("title", "link", "description"):
        assert (channel.findtext(required) or "").strip(), required
    self_link = channel.find(f"{ATOM}link")
    assert self_link.get("rel") == "self" and self_link.get("href").endswith("/rss.xml")
    return channel.findall("item")


def atom_entries(data: bytes) -> list[ET.Element]:
    root = ET.fromstring(data)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert (root.findtext(f"{ATOM}{required}") or "").strip(), required
    assert root.find(f"{ATOM}author/{ATOM}name").text
    dt.datetime.fromisoformat(root.findtext(f"{ATOM}updated"))
    entries = root.findall(f"{ATOM}entry")
    for e in entries:
        for required in ("id", "title", "updated", "published"):
            assert (e.findtext(f"{ATOM}{required}") or "").strip(), required
            if required in ("updated", "published"):
                assert dt.datetime.fromisoformat(e.findtext(f"{ATOM}{required}")).utcoffset() is not None
        assert e.find(f"{ATOM}link[@rel='alternate']").get("href") == e.findtext(f"{ATOM}id")
    return entries


def test_demo_feeds_are_valid_and_newest_first(demo):
    items = rss_items(demo.files["rss.xml"])
    entries = atom_entries(demo.files["atom.xml"])
    published = [s for s in demo.catalog.published("story")]
    assert len(items) == len(entries) == len(published) > 0
    dates = [parsedate_to_datetime(i.findtext("pubDate")) for i in items]
    assert all(d.utcoffset() == dt.timedelta(hours=8) for d in dates)
    assert dates == sorted(dates, reverse=True)
    links = [i.findtext("link") for i in items]
    assert links == [i.findtext("guid") for i in items]
    assert links == [e.findtext(f"{ATOM}id") for e in entries]
    assert all(link.startswith(SITE_URL) and link.endswith("/") for link in links)
    expected = sorted(published, key=lambda s: (s["date"].first, s["id"]), reverse=True)
    assert links == [f"{SITE_URL}stories/{s['id']}/" for s in expected]
    assert [i.findtext("title") for i in items] == [s["title"] for s in expected]


def test_feed_links_point_at_built_pages(demo_site):
    for name in ("rss.xml", "atom.xml"):
        data = (demo_site / name).read_bytes()
        links = (
            [i.findtext("link") for i in rss_items(data)]
            if name == "rss.xml"
            else [e.findtext(f"{ATOM}id") for e in atom_entries(data)]
        )
        for link in links:
            assert (demo_site / link[len(SITE_URL) :] / "index.html").is_file(), link


def test_feeds_leave_out_drafts_and_unpublished_names(demo):
    drafts = [s for s in demo.catalog.all("story") if s.get("draft")]
    hidden = [v["name"] for v in demo.catalog.all("volunteer") if not v.get("publish")]
    assert drafts and hidden  # the demo content has both, so this test can fail
    for name in ("rss.xml", "atom.xml"):
        text = demo.files[name].decode("utf-8")
        for s in drafts:
            assert s["title"] not in text and f"/stories/{s['id']}/" not in text
        for person in hidden:
            assert person not in text


def test_summary_falls_back_to_a_plain_excerpt_of_the_body(tmp_path):
    body = "**上虞市**组织68个单位开展服务，[详见](https://example.org)。第二句话在这里。\n\n" + "后文。" * 80
    result = trees.run(
        tmp_path,
        {
            "site.yml": trees.SITE + f"site_url: {SITE_URL}\n",
            "stories/2010/a.md": trees.story("甲", "2010-06-12", body),
            "stories/2010/b.md": trees.story("乙", "2010-06-13", "正文。", summary="乙的摘要"),
        },
    )
    items = rss_items(result.files["rss.xml"])
    # plain text (no Markdown), cut at the last sentence end within 120 characters
    # (the paragraph break between two Chinese sentences leaves no space)
    expected = "上虞市组织68个单位开展服务，详见。第二句话在这里。" + "后文。" * 31
    assert len(expected) == 119
    assert [i.findtext("description") for i in items] == ["乙的摘要", expected]
    (entry,) = [e for e in atom_entries(result.files["atom.xml"]) if e.findtext(f"{ATOM}title") == "甲"]
    assert entry.findtext(f"{ATOM}summary") == items[1].findtext("description")


def test_only_the_latest_stories_keep_the_feed_small(tmp_path):
    count = feeds.FEED_ITEMS + 5
    stories = {
        f"stories/2010/s{n:02d}.md": trees.story(f"稿件{n}", f"2010-{1 + n // 28:02d}-{1 + n % 28:02d}")
        for n in range(count)
    }
    stories["stories/2010/draft.md"] = trees.story("最新的草稿", "2010-12-31", draft="true")
    result = trees.run(tmp_path, {"site.yml": trees.SITE + f"site_url: {SITE_URL}\n", **stories})
    items = rss_items(result.files["rss.xml"])
    assert len(items) == len(atom_entries(result.files["atom.xml"])) == feeds.FEED_ITEMS
    assert [i.findtext("title") for i in items] == [
        f"稿件{n}" for n in range(count - 1, count - 1 - feeds.FEED_ITEMS, -1)
    ]
    again = trees.run(tmp_path / "again", {"site.yml": trees.SITE + f"site_url: {SITE_URL}\n", **stories})
    assert again.files == result.files  # deterministic: no build time in the feeds


def test_site_url_without_trailing_slash_and_no_stories(tmp_path):
    result = trees.run(tmp_path, {"site.yml": trees.SITE + "site_url: https://example.gov.cn/yigong\n"})
    assert rss_items(result.files["rss.xml"]) == []
    assert atom_entries(result.files["atom.xml"]) == []
    root = ET.fromstring(result.files["atom.xml"])
    assert root.findtext(f"{ATOM}id") == SITE_URL
    assert root.findtext(f"{ATOM}updated") == "2010-12-15T00:00:00+08:00"  # as_of, not the wall clock


def test_no_feeds_without_site_url(tmp_path):
    assert trees.run(tmp_path).files.get("rss.xml") is None


def test_bad_site_url_is_reported(tmp_path):
    with pytest.raises(ContentError) as err:
        trees.run(tmp_path, {"site.yml": trees.SITE + "site_url: example.gov.cn/yigong\n"})
    (issue,) = [i for i in err.value.issues if i.field == "site_url"]
    assert issue.path == "site.yml" and issue.line == trees.SITE.count("\n") + 1
    assert issue.message == "网站地址“example.gov.cn/yigong”不是完整的网址。"
    assert issue.hint == "写成以 https:// 开头的完整地址（网站首页的地址），如 https://example.gov.cn/yigong/。"


def test_the_hosts_address_replaces_site_url(tmp_path):
    """On GitHub Pages the address comes from the Pages settings (pages.yml → COLUMN_SITE_URL)."""
    files = {"site.yml": trees.SITE + f"site_url: {SITE_URL}\n", "stories/2010/a.md": trees.story("甲", "2010-06-12")}
    result = pipeline.run(
        write_tree(tmp_path, trees.tree(files)), trees.BUILD_DATE, site_url="https://owner.github.io/column"
    )
    (item,) = rss_items(result.files["rss.xml"])
    assert item.findtext("link") == "https://owner.github.io/column/stories/a/"
