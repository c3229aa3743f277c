"""Print: story and campaign pages (people print the 督查通报 list) print as the article alone,
black on white, full width, whole tables, with the column's name on top."""

from __future__ import annotations

import re

import pytest

from conftest import open_page
from page_types import page_url

pytestmark = pytest.mark.browser

# An A4 sheet at 96 dpi less the @page margins of column.css (12 mm each side).
SHEET = {"viewport": {"width": 703, "height": 1000}}
HIDDEN_IN_PRINT = (
    ".md-header",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-footer",
    ".column-large-toggle",
    ".md-search",
    ".md-top",
)

_PRINT_STATE = """hidden => {
  const shown = el => el && el.offsetWidth > 0 && el.offsetHeight > 0 && getComputedStyle(el).display !== "none";
  const article = document.querySelector("article");
  const source = document.querySelector(".column-print-source");
  return {
    visible: hidden.filter(sel => [...document.querySelectorAll(sel)].some(shown)),
    article: article.getBoundingClientRect().width,
    source: shown(source) ? source.textContent.trim() : null,
    color: getComputedStyle(article.querySelector("p, li")).color,
    tables: [...article.querySelectorAll("table")].map(t => ({
      right: t.getBoundingClientRect().right,
      clipped: [t.parentElement, t.parentElement.parentElement].some(b => getComputedStyle(b).overflowX !== "visible"),
      head: t.tHead ? getComputedStyle(t.tHead).display : "table-header-group"})),
  };
}"""


@pytest.mark.parametrize("kind", ["story", "campaign"])
def test_page_prints_cleanly(browser, site_url, demo_site, tmp_path_factory, kind):
    path = page_url(demo_site, kind)
    pg = open_page(browser, site_url, **SHEET)
    try:
        assert pg.goto(site_url + path).status == 200, path
        pg.emulate_media(media="print")
        state = pg.evaluate(_PRINT_STATE, list(HIDDEN_IN_PRINT))
        pdf = pg.pdf(format="A4", print_background=False)
    finally:
        pg.context.close()
    (tmp_path_factory.mktemp("print") / f"{kind}.pdf").write_bytes(pdf)
    width = SHEET["viewport"]["width"]
    assert state["visible"] == [], f"/{path}: screen-only parts are printed"
    assert state["article"] >= 0.9 * width, state
    assert state["source"] and state["source"].startswith("党员义工服务宣传专栏"), state
    assert state["color"] == "rgb(0, 0, 0)", state
    for table in state["tables"]:
        assert table["right"] <= width + 0.5 and not table["clipped"], table
        assert table["head"] == "table-header-group", table
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 6, pages


def test_print_source_is_only_for_paper(page, site_url, demo_site):
    page.goto(site_url + page_url(demo_site, "story"))
    assert not page.locator(".column-print-source").is_visible()
