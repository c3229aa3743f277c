"""Photos: resized copies in srcset with lazy loading (but for the photo that opens a page) and
their size up front, captions and alt text from the records, a lightbox (mkdocs-glightbox) that
loads nothing from elsewhere and is only loaded by pages whose photos open large."""

from __future__ import annotations

import io
import re
from urllib.parse import urljoin

import pytest
from PIL import Image

from conftest import CONTENT, open_page
from page_types import PHONE, url_path

pytestmark = pytest.mark.browser

ACTIVITY = "activities/sy-shunshui-huanjing/"  # two photos, with captions and alt texts in its record
CAPTION = "舜水新村环境整治现场（示意图）"
ALT = "示意图：一排民居前，五名身穿橙色马甲的义工拿着扫帚，右侧插着服务旗帜"

_IMAGES = """sel => [...document.querySelectorAll(sel)].map(img => ({
  src: img.getAttribute("src"), srcset: img.getAttribute("srcset"), sizes: img.getAttribute("sizes"),
  loading: img.getAttribute("loading"), priority: img.getAttribute("fetchpriority"), alt: img.getAttribute("alt"),
  width: +img.getAttribute("width"), height: +img.getAttribute("height"),
  caption: img.closest("figure")?.querySelector("figcaption")?.textContent.trim() ?? null,
  lightbox: img.closest("a.glightbox") !== null}))"""


def candidates(srcset: str) -> list[tuple[str, int]]:
    out = []
    for part in srcset.split(","):
        url, descriptor = part.split()
        assert descriptor.endswith("w"), srcset
        out.append((url, int(descriptor[:-1])))
    return out


def photo_pages(site):
    return sorted(
        url_path(site, p)
        for p in site.glob("activities/*/index.html")
        if 'class="column-gallery' in p.read_text(encoding="utf-8")
    )


def test_activity_photos_have_srcset_lazy_loading_size_caption_and_alt(browser, site_url, demo_site):
    pages = photo_pages(demo_site)
    assert len(pages) >= 8, pages  # the demo content's activities with photos
    pg = open_page(browser, site_url, **PHONE)
    try:
        for path in pages:
            pg.goto(site_url + path)
            images = pg.evaluate(_IMAGES, "article figure img")
            assert images, path
            # the first photo leads the page: fetched at once; the gallery after it loads lazily
            assert images[0]["loading"] is None and images[0]["priority"] == "high", (path, images[0])
            for img in images:
                assert img["alt"] and img["caption"], (path, img)
                assert img is images[0] or (img["loading"] == "lazy" and img["priority"] is None), (path, img)
                assert img["lightbox"], (path, img)
                found = candidates(img["srcset"])
                assert len(found) >= 2 and found[-1][0] == img["src"], img
                for url, width in found:
                    response = pg.request.get(site_url + path + url)
                    assert response.status == 200, url
                    with Image.open(io.BytesIO(response.body())) as picture:
                        assert picture.width == width, (url, picture.size)
                        assert abs(picture.height * img["width"] - picture.width * img["height"]) <= picture.width, (
                            "width/height attributes do not keep the photo's proportions",
                            url,
                            img,
                        )
    finally:
        pg.context.close()


def test_caption_and_alt_come_from_the_record(page, site_url):
    page.goto(site_url + ACTIVITY)
    img = page.evaluate(_IMAGES, "article figure img")[0]
    assert img["alt"] == ALT and img["caption"] == CAPTION
    record = (CONTENT / "activities/2010/sy-shunshui-huanjing.yml").read_text(encoding="utf-8")
    assert f"caption: {CAPTION}" in record and f"alt: {ALT}" in record


def test_phone_downloads_the_small_copy(browser, site_url):
    pg = open_page(browser, site_url, **PHONE)
    try:
        pg.goto(site_url + ACTIVITY)
        photo = pg.locator("article figure img").first
        photo.scroll_into_view_if_needed()
        pg.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=photo.element_handle())
        current = photo.evaluate("img => img.currentSrc")
    finally:
        pg.context.close()
    assert re.search(r"-480w\.jpg$", current), current


def test_volunteer_portraits(page, site_url):
    page.goto(site_url + "volunteers/chen-liqun/")
    [portrait] = page.evaluate(_IMAGES, "article img")
    assert portrait["alt"] == "示意图：身穿红色义工马甲的短发男子头像剪影，并非本人照片"
    # the portrait opens the volunteer's page: fetched at once, at 240 px
    assert portrait["width"] == 240 and portrait["sizes"] == "240px" and portrait["loading"] is None
    assert len(candidates(portrait["srcset"])) >= 2
    page.goto(site_url + "volunteers/")
    cards = page.evaluate(_IMAGES, "article .column-wall img")
    assert len(cards) == 3, cards  # the featured volunteers of the demo, each with a portrait
    assert all(c["width"] == 160 and c["srcset"] and c["alt"] and c["loading"] == "lazy" for c in cards), cards
    assert not any(c["lightbox"] for c in cards)  # a card links to the volunteer's page


def test_lightbox_opens_the_full_photo_with_its_caption_and_nothing_external(page, site_url):
    page.goto(site_url + ACTIVITY)
    img = page.evaluate(_IMAGES, "article figure img")[0]
    page.locator("article figure img").first.click()
    slide = page.locator(".glightbox-container .gslide.current")
    slide.wait_for(state="visible")
    page.wait_for_function("() => document.querySelector('.gslide.current .gslide-image img')?.complete")
    full = slide.locator(".gslide-image img").evaluate("el => el.src")
    assert full == urljoin(site_url + ACTIVITY, img["src"])  # the full-size copy
    assert slide.locator(".gslide-title").inner_text().strip() == CAPTION
    # Named in Chinese for screen readers (readers.js), and it can be closed from the keyboard.
    assert page.locator("#glightbox-body").get_attribute("aria-label") == "查看照片"
    assert page.locator("#glightbox-body .gclose").get_attribute("aria-label") == "关闭"
    page.keyboard.press("Escape")
    page.locator(".glightbox-container").wait_for(state="detached")
    assert page.external_requests == [] and page.console_errors == []


def test_pages_without_photos_do_not_load_the_lightbox(page, site_url):
    """Nor do pages whose photos link elsewhere: the home page and the portrait wall."""
    loaded = []
    page.on("request", lambda req: "glightbox" in req.url and loaded.append(req.url))
    page.goto(site_url)
    page.goto(site_url + "chronicle/")
    page.goto(site_url + "volunteers/")
    assert loaded == []
    page.goto(site_url + ACTIVITY)
    assert any(url.endswith("glightbox.min.js") for url in loaded), loaded


def test_story_cover_loads_at_once_with_srcset(page, site_url):
    """The cover opens the story (the largest paint): not lazy, but still the small copy on phones."""
    page.goto(site_url + "stories/chen-liqun-shizheng-qiangxiu/")
    cover = page.evaluate(_IMAGES, "article img")[0]
    assert cover["loading"] is None and cover["priority"] == "high" and cover["width"] and cover["height"], cover
    assert len(candidates(cover["srcset"])) >= 2 and cover["alt"], cover
    # the cover is a photo of an activity the story reports: its caption and alt text come along
    assert cover["caption"] == "市政抢修小分队排查窨井盖（示意图）", cover
    assert cover["alt"].startswith("示意图："), cover
