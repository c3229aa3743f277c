"""Phones and desktops: every page type at 375 px and 1280 px, screenshots kept in the pytest
tmp folder (``screens/``), the page never scrolls sideways, wide tables scroll in their box."""

from __future__ import annotations

import pytest

from conftest import open_page
from page_types import PAGE_TYPES, PHONE, SCREENS, no_page_scroll, page_url, pages_of, show, url_path

pytestmark = pytest.mark.browser

# Every table Material renders sits in .md-typeset__scrollwrap > .md-typeset__table.
_TABLE_BOXES = """() => [...document.querySelectorAll("article table")].map(t => {
  const box = t.closest(".md-typeset__table, .md-typeset__scrollwrap");
  const style = box ? getComputedStyle(box) : null;
  return {box: !!box, overflow: style ? style.overflowX : null,
          right: t.getBoundingClientRect().right, boxRight: box ? box.getBoundingClientRect().right : null};
})"""


@pytest.fixture(scope="module")
def screens(tmp_path_factory):
    return tmp_path_factory.mktemp("screens")


def load(browser, site_url, path, screen):
    pg = open_page(browser, site_url, **SCREENS[screen])
    response = pg.goto(site_url + path)
    assert response.status == 200, path
    pg.wait_for_load_state("load")
    return pg


@pytest.mark.parametrize("screen", sorted(SCREENS))
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_layout_fits_the_screen(browser, site_url, demo_site, screens, kind, screen):
    path = page_url(demo_site, kind)
    pg = load(browser, site_url, path, screen)
    try:
        main = show(pg, kind)
        pg.screenshot(path=screens / f"{kind}-{screen}.png", full_page=True)
        width, viewport = no_page_scroll(pg)
        assert width <= viewport, f"/{path} scrolls sideways on a {screen}: {width} px > {viewport} px"
        for table in pg.evaluate(_TABLE_BOXES):
            assert table["box"] and table["overflow"] in ("auto", "scroll"), (path, table)
            assert table["boxRight"] <= viewport + 0.5, (path, table)
        # The main text starts inside the screen and is not squeezed into a sliver.
        article = pg.locator(main).bounding_box()
        assert article["x"] >= 0 and article["width"] >= min(viewport * 0.85, 600), (path, article)
        assert pg.console_errors == [] and pg.external_requests == []
    finally:
        pg.context.close()


def test_wide_table_scrolls_inside_its_box_not_the_page(browser, site_url, demo_site):
    """A table far wider than a phone (e.g. a long 督查通报 row) scrolls on its own."""
    with_table = [
        p for kind in PAGE_TYPES for p in pages_of(demo_site, kind) if "<table" in p.read_text(encoding="utf-8")
    ]
    assert with_table, "no page of the demo site has a table"
    path = url_path(demo_site, with_table[0])
    pg = load(browser, site_url, path, "phone")
    try:
        state = pg.evaluate("""() => {
          const table = document.querySelector("article table");
          const row = table.querySelector("tbody tr") || table.querySelector("tr");
          const cell = document.createElement("td");
          cell.textContent = "2010年第3期督查通报：按时归还旗帜并上报小结和照片的单位".repeat(4);
          cell.style.whiteSpace = "nowrap";
          row.appendChild(cell);
          const box = table.closest(".md-typeset__table, .md-typeset__scrollwrap");
          const scroller = [box, box.parentElement].find(b => b.scrollWidth > b.clientWidth);
          const before = scroller ? scroller.scrollLeft : null;
          if (scroller) scroller.scrollLeft = 400;
          return {table: table.scrollWidth, box: box.clientWidth,
                  scrolled: scroller ? scroller.scrollLeft - before : 0};
        }""")
        width, viewport = no_page_scroll(pg)
    finally:
        pg.context.close()
    assert state["table"] > 3 * viewport, state
    assert state["box"] <= viewport, state
    assert state["scrolled"] > 0, state
    assert width <= viewport, f"the page itself scrolls sideways: {width} px > {viewport} px"


def test_phone_screenshot_shows_the_column(browser, site_url, screens):
    """The phone home page renders the header, the figures and the footer: the screenshot is
    a real picture of the page, not an empty frame."""
    pg = load(browser, site_url, "", "phone")
    try:
        shot = pg.screenshot(path=screens / "home-phone-top.png")
        header = pg.locator(".md-header").bounding_box()
        figures = pg.locator(".column-figures").bounding_box()
    finally:
        pg.context.close()
    assert len(shot) > 10_000
    assert header["width"] == PHONE["viewport"]["width"] and header["y"] == 0
    assert figures["width"] <= PHONE["viewport"]["width"]


def test_a_photo_shows_within_the_first_screen_and_a_half_on_a_phone(browser, site_url):
    pg = load(browser, site_url, "", "phone")
    try:
        photo = pg.locator("article img").first.bounding_box()
        screen = pg.viewport_size["height"]
    finally:
        pg.context.close()
    assert photo["height"] > 150 and photo["y"] + photo["height"] / 2 <= 1.5 * screen, photo


def test_home_is_a_portal_on_a_desktop(browser, site_url):
    """No left navigation or contents sidebar: the lead story beside the figures and the relay,
    a row of six photos; the header keeps the search box and the 大字 button."""
    pg = load(browser, site_url, "", "desktop")
    try:
        sidebars = pg.evaluate("[...document.querySelectorAll('.md-sidebar')].map(s => getComputedStyle(s).display)")
        lead = pg.locator(".column-lead").bounding_box()
        aside = pg.locator(".column-home__aside").bounding_box()
        tiles = pg.evaluate(
            "[...document.querySelectorAll('.column-strip > li')].map(li => li.getBoundingClientRect().top)"
        )
        header = [pg.locator(sel).is_visible() for sel in (".column-large-toggle", ".md-search__input")]
    finally:
        pg.context.close()
    assert sidebars and set(sidebars) == {"none"}, sidebars
    assert aside["x"] >= lead["x"] + lead["width"] and abs(aside["y"] - lead["y"]) < 80, (lead, aside)
    assert len(tiles) == 6 and len(set(tiles)) == 1, tiles  # one row
    assert header == [True, True]
