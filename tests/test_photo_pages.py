"""Pages that lead with people and pictures (issue 16), as the pipeline writes them: the home
page's portal (lead story and its photo, the photo strip, 党员风采 cards, the flag relay, the
figures, the section links), a story's cover and gallery and 上一篇 / 下一篇, an activity's
photos led by the first, portraits and the portrait wall — and never an unpublished volunteer."""

from __future__ import annotations

import io
import json
import re

import pytest
from PIL import Image

import trees
from column import site_pages

PHOTO_ACTIVITY = (
    trees.ACTIVITY
    + "photos:\n"
    + "".join(
        f"  - {{file: media/2010/yj-{n}.jpg, caption: 安全用药宣传第{n}张（示意图）, alt: 示意图：第{n}张}}\n"
        for n in (1, 2, 3)
    )
)


def jpeg(colour=(180, 40, 40), size=(1200, 800)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", quality=80)
    return out.getvalue()


def photos_tree(**extra) -> dict:
    """The base tree with an activity of three photos, two stories (the newer with a cover that
    is one of those photos), a featured published volunteer with a portrait, a featured
    unpublished one with a portrait, and a published one not featured."""
    return {
        "activities/2010/yj-anquan.yml": PHOTO_ACTIVITY,
        **{f"media/2010/yj-{n}.jpg": jpeg((40 * n, 90, 120)) for n in (1, 2, 3)},
        "media/volunteers/zhang.jpg": jpeg((200, 200, 40), (600, 750)),
        "media/volunteers/wang.jpg": jpeg((40, 200, 200), (600, 750)),
        "volunteers/zhang-san.md": trees.volunteer(
            "张三", publish=True, featured="true", photo="media/volunteers/zhang.jpg", photo_alt="示意图：张三"
        ),
        "volunteers/wang-wu.md": trees.volunteer(
            "王五", publish=False, featured="true", photo="media/volunteers/wang.jpg", photo_alt="示意图：王五"
        ),
        "volunteers/li-si.md": trees.volunteer("李四", publish=True),
        "stories/2010/new.md": trees.story(
            "新的报道", "2010-06-13", cover="media/2010/yj-1.jpg", activities="[yj-anquan]", summary="新报道的摘要。"
        ),
        "stories/2010/old.md": trees.story("旧的报道", "2010-05-02"),
        "stories/2010/mid.md": trees.story("中间的报道", "2010-05-20", activities="[yj-anquan]"),
        **extra,
    }


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return tmp_path_factory.mktemp("photos")


@pytest.fixture(scope="module")
def built(root):
    result = trees.run(root, photos_tree())
    return result, {p.src: p for p in result.pages}


def meta(page) -> dict:
    return dict(page.meta)


def imgs(html: str) -> list[dict]:
    return [dict(re.findall(r'([a-z-]+)="([^"]*)"', tag)) for tag in re.findall(r"<img [^>]*>", html)]


# ---- home ----------------------------------------------------------------------------------------


def test_home_is_a_portal_without_sidebars_or_lightbox(built):
    _, pages = built
    home = pages["index.md"]
    assert meta(home)["hide"] == ["navigation", "toc"] and meta(home)["glightbox"] is False
    assert home.template is None  # Material's own layout, header, search and 大字 button included
    # every section is linked from the page itself, the sidebar being hidden on wide screens
    for _, src in site_pages.NAV[1:]:
        assert src in home.links, src


def test_home_leads_with_the_newest_story_and_its_photo(built):
    _, pages = built
    html = pages["index.md"].body
    lead = html.split('<div class="column-lead">', 1)[1].split('<div class="column-home__aside">', 1)[0]
    assert "新的报道" in lead and "新报道的摘要。" in lead
    [photo] = imgs(lead)
    assert photo["src"] == "media/2010/yj-1.jpg" and photo["fetchpriority"] == "high" and "loading" not in photo
    assert photo["alt"] == "示意图：第1张" and "480w" in photo["srcset"]
    # the other photos of the page load lazily
    rest = imgs(html.split(lead, 1)[1])
    assert rest and all(i.get("loading") == "lazy" for i in rest), rest


def test_home_strip_shows_the_newest_activity_photos_once_each(tmp_path):
    extra = {
        "activities/2010/later.yml": trees.ACTIVITY.replace("2010-06-12", "2010-08-01").replace("安全用药宣传", "八月")
        + "photos:\n  - {file: media/2010/later.jpg, caption: 八月的照片（示意图）}\n",
        "media/2010/later.jpg": jpeg(),
    }
    html = {p.src: p for p in trees.run(tmp_path, photos_tree(**extra)).pages}["index.md"].body
    strip = html.split('<ul class="column-strip">', 1)[1].split("</ul>", 1)[0]
    captions = re.findall(r'<a href="activities/[^"]+/">([^<]+)</a>', strip)
    # newest activity first; one photo per activity; the lead story's photo is not repeated
    assert captions == ["八月的照片（示意图）", "安全用药宣传第2张（示意图）"]
    assert [i["loading"] for i in imgs(strip)] == ["lazy", "lazy"]


def test_home_people_are_featured_published_volunteers(built):
    _, pages = built
    html = pages["index.md"].body
    people = html.split('<ul class="column-wall">', 1)[1].split("</ul>", 1)[0]
    assert "张三" in people and "volunteers/zhang.jpg" in people
    assert "李四" not in people  # published, not featured
    assert "王五" not in html and "wang.jpg" not in html  # featured, not published: never shown


def test_home_figures_and_relay_keep_their_data_fig_keys(built):
    _, pages = built
    html = pages["index.md"].body
    for key in ("all/activities", "all/participants", "all/hours", "all/served"):
        assert f'data-fig="{key}"' in html


def test_a_home_without_photos_or_stories_still_reads(tmp_path):
    html = {p.src: p for p in trees.run(tmp_path).pages}["index.md"].body
    assert "<img" not in html and "column-lead" not in html and "暂无新闻稿。" in html
    text_only = {"stories/2010/s.md": trees.story("只有文字的报道", "2010-06-13", summary="摘要。")}
    html = {p.src: p for p in trees.run(tmp_path / "b", text_only).pages}["index.md"].body
    assert '<div class="column-lead column-lead--text">' in html and "只有文字的报道" in html


# ---- stories ------------------------------------------------------------------------------------


def test_story_cover_has_the_caption_of_its_activity_photo_and_a_gallery_of_the_others(built):
    _, pages = built
    html = pages["stories/new.md"].body
    cover = html.split('<figure class="column-cover">', 1)[1].split("</figure>", 1)[0]
    [img] = imgs(cover)
    assert img["fetchpriority"] == "high" and img["alt"] == "示意图：第1张"
    assert "<figcaption>安全用药宣传第1张（示意图）</figcaption>" in cover
    gallery = html.split('<div class="column-gallery">', 1)[1].split("</div>", 1)[0]
    assert [i["alt"] for i in imgs(gallery)] == ["示意图：第2张", "示意图：第3张"]  # the cover is not repeated
    assert all(i["loading"] == "lazy" and "240px" in i["sizes"] for i in imgs(gallery))
    assert gallery.count('href="../../activities/yj-anquan/"') == 2  # each photo says where it comes from
    # a story without a cover shows its activities' photos all the same
    assert html.count("<img") == 3 and pages["stories/mid.md"].body.count("<img") == 3
    assert meta(pages["stories/new.md"])["image"] == "media/2010/yj-1.jpg"  # Open Graph


def test_stories_link_the_one_before_and_after_by_date(built):
    _, pages = built

    def around(src):
        html = pages[src].body
        nav = (
            html.split('<nav class="column-prevnext"', 1)[1].split("</nav>", 1)[0] if "column-prevnext" in html else ""
        )
        prev = re.search(r'column-prevnext__prev">.*?<a href="\.\./([a-z-]+)/">', nav)
        after = re.search(r'column-prevnext__next">.*?<a href="\.\./([a-z-]+)/">', nav)
        return prev and prev.group(1), after and after.group(1)

    assert around("stories/old.md") == (None, "mid")
    assert around("stories/mid.md") == ("old", "new")
    assert around("stories/new.md") == ("mid", None)
    # the other stories' titles are not this page's words for search
    assert re.search(r'<nav class="column-prevnext"[^>]* data-pagefind-ignore="all">', pages["stories/mid.md"].body)


def test_prev_next_of_a_story_rendered_alone_matches_the_build(built, root):
    """The live preview renders an edited story by itself (site_pages.detail_page): same page."""
    result, pages = built
    from column.pipeline import Context
    from column.render import Renderer

    cat = result.catalog
    ctx = Context(root, catalog=cat)
    alone = site_pages.detail_page(Renderer(cat), cat, ctx, cat.get("story", "mid"))
    assert alone.body == pages["stories/mid.md"].body


# ---- activities and volunteers -------------------------------------------------------------------


def test_activity_photos_are_led_by_the_first(built):
    _, pages = built
    page = pages["activities/yj-anquan.md"]
    html = page.body
    gallery = html.split('<div class="column-gallery column-gallery--lead">', 1)[1].split("</div>", 1)[0]
    first, *others = imgs(gallery)
    assert first["fetchpriority"] == "high" and first["sizes"] == "(min-width: 960px) 720px, 100vw"
    assert [i["loading"] for i in others] == ["lazy", "lazy"]
    assert gallery.count("<figcaption>") == 3
    assert html.index("column-gallery") < html.index("column-facts")  # the photo comes first
    assert meta(page)["image"] == "media/2010/yj-1.jpg"


def test_volunteer_portraits_and_the_wall_show_published_volunteers_only(built):
    result, pages = built
    page = pages["volunteers/zhang-san.md"]
    [portrait] = imgs(page.body)
    assert portrait["fetchpriority"] == "high" and portrait["width"] == "240" and portrait["alt"] == "示意图：张三"
    assert meta(page)["image"] == "media/volunteers/zhang.jpg"
    listing = pages["volunteers/index.md"]
    assert meta(listing)["glightbox"] is False
    wall = listing.body.split('<ul class="column-wall">', 1)[1].split("</ul>", 1)[0]
    assert "张三" in wall and "李四" not in wall and "王五" not in listing.body
    # a volunteer without a photo gets their initial, not an empty frame
    assert '<span class="column-avatar column-avatar--large" aria-hidden="true">李</span>' in (
        pages["volunteers/li-si.md"].body
    )
    # the unpublished volunteer's portrait is not even published as a file
    assert not any("wang" in out for out in result.assets)
    assert not any("王五" in p.text or "wang.jpg" in p.text for p in result.pages)


def test_the_home_page_says_it_hides_its_sidebars_in_its_front_matter(built):
    _, pages = built
    front = pages["index.md"].text.split("\n---\n", 1)[0]
    assert 'hide: ["navigation", "toc"]' in front and "glightbox: false" in front
    assert json.loads(front.split("hide: ", 1)[1].split("\n", 1)[0]) == ["navigation", "toc"]
