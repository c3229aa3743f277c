"""Recall of the search on the demo, in Chromium: every title typed whole brings its page among
the first three results, every 2-, 3- and 4-character piece of its Chinese finds it, the names
of people and places find every page that shows them; drafts and unpublished names find
nothing. (The same measure on a sample of a ten-year archive: ``make bench``, search_recall.)"""

from __future__ import annotations

import pytest

from column import pipeline, search, search_bundle
from conftest import CONTENT
from test_e2e_search import run_search

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo():
    return pipeline.run(CONTENT)


@pytest.fixture(scope="module")
def catalog(demo):
    return demo.catalog


@pytest.fixture(scope="module")
def indexed(demo_site, demo):
    pages = search.indexed_pages(demo_site)
    (shard,) = search.shard_plan(demo.pages)  # every detail page, and only those
    assert len(pages) > 60 and sorted(url for _, url, _ in pages) == sorted(
        "/" + path[: -len("index.html")] for path in shard.pages
    )
    return pages


def test_every_title_typed_whole_brings_its_page_among_the_first_three(page, site_url, indexed):
    page.goto(site_url)
    misses = []
    for _, url, title in indexed:
        links = run_search(page, title)
        if url not in links[:3]:
            misses.append((title, url, links[:3]))
    assert misses == []
    assert page.console_errors == [] and page.external_requests == []


def test_every_piece_of_every_title_finds_its_page(browser, demo_site, indexed):
    recall = search.query_recall(demo_site, browser=browser)
    assert recall["misses"] == []
    assert recall["titles"] == len(indexed)
    assert recall["whole_found"] == recall["whole"] == len(indexed)
    assert recall["pieces_found"] == recall["pieces"] > 1500
    assert "助秋冬种" in search.title_pieces("供销总社党员再赴南穴村帮助秋冬种")
    assert search.title_pieces("“世合赛”期间") == ["世合", "合赛", "世合赛", "期间"]


def ids_of(page, query: str) -> list[str]:
    return page.evaluate("(q) => window.columnSearch.ids(q)", query)


def test_every_character_of_every_title_typed_alone_finds_its_page(page, site_url, indexed):
    """A reader may type one character (a surname, 村): it finds every page whose title holds it,
    where it ends the title too."""
    page.goto(site_url)
    page.wait_for_function("window.columnSearch !== undefined")
    chars = sorted({char for _, _, title in indexed for char in title if "\u4e00" <= char <= "\u9fff"})
    every = """async (chars) => {
        const out = [];
        for (const char of chars) out.push(await window.columnSearch.ids(char));
        return out;
      }"""
    found = dict(zip(chars, page.evaluate(every, chars), strict=True))
    misses = [
        (char, title)
        for page_id, _, title in indexed
        for char in set(title)
        if char in found and page_id not in found[char]
    ]
    assert len(chars) > 200 and misses == []


def test_names_in_the_text_find_every_page_that_shows_them(page, site_url, demo_site, catalog):
    """A published volunteer's or a place's name finds every page whose text holds it, those
    where it appears only in the body included."""
    results = {
        page_id: search_bundle.read_result(demo_site / "pagefind" / "fragment" / f"{page_id}.pf_fragment")
        for page_id, _, _ in search.indexed_pages(demo_site)
    }
    names = [v["name"] for v in catalog.published("volunteer")] + [p["name"] for p in catalog.all("place")]
    page.goto(site_url)
    page.wait_for_function("window.columnSearch !== undefined")
    body_only = 0
    for name in names:
        holding = {page_id for page_id, result in results.items() if name in result["content"]}
        assert holding, name
        assert holding <= set(ids_of(page, name)), name
        body_only += sum(name not in results[page_id]["meta"]["title"] for page_id in holding)
    assert body_only > 20  # most of them only in the text


def test_drafts_and_unpublished_names_find_nothing(page, site_url, catalog):
    drafts = [s for s in catalog.all("story") if not catalog.is_public(s)]
    hidden = [v["name"] for v in catalog.all("volunteer") if not catalog.is_public(v)]
    assert drafts and hidden
    page.goto(site_url)
    for query in [d["title"] for d in drafts] + ["社区值守侧记", "周虹每天傍晚"] + hidden:
        assert run_search(page, query) == [], query
        assert (
            page.locator(".md-search-result__meta").inner_text()
            == "在2010年的内容中没有找到结果，请换个关键词或减少筛选条件。"
        )
