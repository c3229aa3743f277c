"""适老化 large-text mode: the 大字 button enlarges text and raises contrast, the choice follows
the reader across pages (localStorage), and no layout breaks on a 375 px phone."""

from __future__ import annotations

import pytest

from conftest import open_page
from page_types import PAGE_TYPES, PHONE, no_page_scroll, page_url, show

pytestmark = pytest.mark.browser

KEY = "column-large-text"

# Font size and WCAG contrast ratio (text alpha blended over its background) of the first
# plain paragraph of the article.
_READING = """() => {
  const rgba = text => { const v = text.match(/[\\d.]+/g).map(Number); return v.length > 3 ? v : [...v, 1]; };
  const lum = ([r, g, b]) => {
    const lin = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const p = document.querySelector("article p:not([class])");
  let bg = p, back;
  while (bg && rgba(back = getComputedStyle(bg).backgroundColor)[3] === 0) bg = bg.parentElement;
  const under = bg ? rgba(back) : [255, 255, 255, 1];
  const fg = rgba(getComputedStyle(p).color);
  const seen = fg.slice(0, 3).map((c, i) => fg[3] * c + (1 - fg[3]) * under[i]);  // text alpha over its background
  const [a, b] = [lum(seen), lum(under)];
  return {size: parseFloat(getComputedStyle(p).fontSize),
          contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
          large: document.documentElement.classList.contains("column-large")};
}"""

# Visible boxes of the header's controls, which must not overlap one another.
_HEADER_BOXES = """() => [...document.querySelector(".md-header__inner").children]
  .filter(el => el.offsetWidth > 0 && el.offsetHeight > 0 && getComputedStyle(el).visibility !== "hidden")
  .map(el => { const r = el.getBoundingClientRect();
               return {name: el.className || el.tagName,
                       left: r.left, right: r.right, top: r.top, bottom: r.bottom}; })"""


@pytest.fixture
def phone(browser, site_url):
    pg = open_page(browser, site_url, **PHONE)
    yield pg
    pg.context.close()


def toggle(pg):
    return pg.get_by_role("button", name="大字模式")


def test_toggle_enlarges_text_and_raises_contrast(phone, site_url):
    phone.goto(site_url)
    button = toggle(phone)
    assert button.is_visible() and button.inner_text() == "大字"
    assert button.get_attribute("aria-pressed") == "false"
    before = phone.evaluate(_READING)
    button.click()
    after = phone.evaluate(_READING)
    assert button.get_attribute("aria-pressed") == "true"
    assert not before["large"] and after["large"]
    assert after["size"] >= before["size"] * 1.2, (before, after)
    assert after["size"] >= 19  # ~适老化 guidance: body text of at least 18 px equivalent
    assert after["contrast"] > before["contrast"] and after["contrast"] >= 7, (before, after)  # WCAG AAA
    assert phone.evaluate(f"localStorage.getItem('{KEY}')") == "1"
    assert phone.console_errors == []


def test_choice_is_remembered_across_pages_and_can_be_undone(phone, site_url):
    phone.goto(site_url)
    normal = phone.evaluate(_READING)["size"]
    toggle(phone).click()
    phone.locator("article a[href*='stories/']").first.click()
    phone.wait_for_load_state("load")
    assert "/stories/" in phone.url
    on_next = phone.evaluate(_READING)
    assert on_next["large"] and on_next["size"] >= normal * 1.2
    assert toggle(phone).get_attribute("aria-pressed") == "true"
    toggle(phone).click()
    assert phone.evaluate(f"localStorage.getItem('{KEY}')") is None
    phone.goto(site_url + "chronicle/")
    assert not phone.evaluate(_READING)["large"]
    assert toggle(phone).get_attribute("aria-pressed") == "false"


def test_large_text_is_applied_before_scripts_run(browser, site_url):
    """With the choice saved, the page is large from its first paint: the class is on <html>
    while the document is still loading, before readers.js."""
    pg = open_page(browser, site_url, **PHONE)
    try:
        pg.add_init_script(
            f"localStorage.setItem('{KEY}', '1');"
            "document.addEventListener('readystatechange', () => {"
            "  if (document.readyState === 'interactive' && !window.__classAtInteractive)"
            "    window.__classAtInteractive = document.documentElement.className; });"
        )
        pg.route("**/assets/readers.js", lambda route: route.abort())  # no toggle script at all
        pg.goto(site_url)
        assert "column-large" in pg.evaluate("window.__classAtInteractive || ''")
        assert pg.evaluate(_READING)["large"]
    finally:
        pg.context.close()


def test_toggle_works_from_the_keyboard(phone, site_url):
    phone.goto(site_url)
    toggle(phone).focus()
    phone.keyboard.press("Enter")
    assert phone.evaluate(_READING)["large"]
    phone.keyboard.press("Space")
    assert not phone.evaluate(_READING)["large"]


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_large_text_keeps_phone_layouts(browser, site_url, demo_site, tmp_path_factory, kind):
    path = page_url(demo_site, kind)
    pg = open_page(browser, site_url, **PHONE)
    try:
        pg.add_init_script(f"localStorage.setItem('{KEY}', '1')")
        assert pg.goto(site_url + path).status == 200, path
        pg.wait_for_load_state("load")
        main = show(pg, kind)
        pg.screenshot(path=tmp_path_factory.mktemp("large-text") / f"{kind}-phone-large.png", full_page=True)
        width, viewport = no_page_scroll(pg)
        boxes = pg.evaluate(_HEADER_BOXES)
        reading = pg.evaluate(
            """main => [...document.querySelectorAll(`${main} p, ${main} li`)]
            .filter(el => el.offsetWidth > 0).map(el => el.getBoundingClientRect().right)""",
            main,
        )
    finally:
        pg.context.close()
    assert width <= viewport, f"/{path} scrolls sideways in large-text mode: {width} > {viewport}"
    assert max(reading, default=0) <= viewport + 0.5
    assert any("column-large-toggle" in b["name"] for b in boxes), boxes
    for i, a in enumerate(boxes):
        assert a["left"] >= 0 and a["right"] <= viewport + 0.5, a
        for b in boxes[i + 1 :]:
            apart = a["right"] <= b["left"] + 0.5 or b["right"] <= a["left"] + 0.5
            assert apart, f"header controls overlap: {a} {b}"
