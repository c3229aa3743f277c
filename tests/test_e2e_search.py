"""End to end: the header search on the built demo site in headless Chromium — the shortcut,
Chinese queries finding the right page first, facets, highlighted excerpts, private names
finding nothing, and what a query costs to download."""

from __future__ import annotations

import re

import pytest

from column import pipeline, search, urls
from conftest import CONTENT, build_site, open_page, serve, write_tree

pytestmark = pytest.mark.browser

PANEL = "[data-column-search]"


@pytest.fixture(scope="module")
def catalog():
    return pipeline.run(CONTENT).catalog


def url_of(kind: str, ident: str) -> str:
    """A result link as the search panel writes it (site-absolute)."""
    return "/" + urls.public_url(urls.detail_path(kind, ident))


def run_search(page, query: str) -> list[str]:
    """Type ``query`` into the header box (opened with "/") and return the result links."""
    if not page.evaluate("document.getElementById('__search').checked"):
        page.keyboard.press("/")
    page.evaluate(f"document.querySelector('{PANEL}').removeAttribute('data-state')")
    page.locator(".md-search__input").fill(query)
    page.wait_for_selector(f"{PANEL}[data-state=done]", state="attached")
    return [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]


def choose_facet(page, name: str, value: str) -> list[str]:
    page.evaluate(f"document.querySelector('{PANEL}').removeAttribute('data-state')")
    page.locator(f".column-search__facets select[name='{name}']").select_option(value)
    page.wait_for_selector(f"{PANEL}[data-state=done]", state="attached")
    return [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]


def search_every_year(page) -> list[str]:
    """Press 搜索全部年份 under the results and return the result links."""
    page.evaluate(f"document.querySelector('{PANEL}').removeAttribute('data-state')")
    page.locator(".column-search__scope button").click()
    page.wait_for_selector(f"{PANEL}[data-state=done]", state="attached")
    return [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]


@pytest.fixture(scope="module")
def years_url(years_site):
    """trees.across_years built and served: an activity a year in 2007–2010, so the search
    index has a main bundle (the registry and 2009–2010) and an older one (2007–2008)."""
    server = serve(years_site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def years_page(browser, years_url):
    pg = open_page(browser, years_url)
    pg.goto(years_url)
    yield pg
    pg.context.close()


def test_shortcut_opens_search_and_escape_closes_it(page, site_url):
    page.goto(site_url + "stories/")
    toggle = "document.getElementById('__search').checked"
    assert page.evaluate(toggle) is False
    for key in ("/", "s"):
        page.keyboard.press(key)
        assert page.evaluate(toggle) is True
        assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
        assert page.locator(".md-search__input").get_attribute("placeholder") == "搜索"
        page.keyboard.press("Escape")
        assert page.evaluate(toggle) is False
    assert page.locator("label.md-header__button[for=__search]").get_attribute("title") == "搜索（快捷键 /）"
    assert page.console_errors == [] and page.external_requests == []


# query → the record whose page must come first
RIGHT_FIRST = [
    ("法律援助", ("activity", "sy-sifa-falv")),  # the one activity that gave legal aid
    ("舜水新村", ("place", "shunshui-xincun")),  # a community: its own page, then its activities
    ("市药监局", ("unit", "sy-yaojian")),  # an alias of 上虞市食品药品监督管理局
    ("药监", ("unit", "sy-yaojian")),  # two characters
    ("国税局", ("unit", "sy-guoshui")),  # a short name that three activity titles also carry
    ("12345热线", ("page", "about")),  # digits and Chinese mixed
]


@pytest.mark.parametrize("query,record", RIGHT_FIRST, ids=[q for q, _ in RIGHT_FIRST])
def test_query_finds_the_right_page_first(page, site_url, catalog, query, record):
    kind, ident = record
    assert catalog.get(kind, ident) is not None
    page.goto(site_url)
    links = run_search(page, query)
    assert links and links[0] == url_of(kind, ident), links[:5]
    assert len(links) == len(set(links))  # one hit per page: listings are not indexed
    assert page.console_errors == [] and page.external_requests == []


def test_yigong_leads_to_the_volunteer_service_day(page, site_url, catalog):
    """义工 is on almost every page; the first hit is the 义工服务日 campaign or its report."""
    campaigns = [c for c in catalog.all("campaign") if "义工" in c["title"]]
    expected = {url_of("campaign", c["id"]) for c in campaigns}
    expected |= {url_of("story", s["id"]) for s in catalog.all("story") if s.get("campaign") in campaigns}
    page.goto(site_url)
    links = run_search(page, "义工")
    assert len(links) == 10  # the first ten are shown; more on request
    assert links[0] in expected, links[:5]
    page.locator(".column-search__more").click()
    page.wait_for_selector(f"{PANEL}[data-state=done]", state="attached")
    assert page.locator(".md-search-result__link").count() > 10


def test_result_shows_title_type_date_and_highlighted_excerpt(page, site_url, catalog):
    activity = catalog.get("activity", "sy-sifa-falv")
    page.goto(site_url)
    run_search(page, "法律援助")
    first = page.locator(".md-search-result__item").first
    assert first.locator("h2").inner_text() == activity["title"]
    assert first.locator(".column-search__meta").inner_text() == f"服务活动 · {activity['date'].zh}"
    marks = first.locator("mark").all_inner_texts()
    assert marks and set(marks) <= {"法律", "援助", "法律援助"}
    excerpt = first.locator("article > p").last.inner_text()
    assert not re.search("[\u4e00-\u9fff]\\. ", excerpt), excerpt  # Pagefind's ". " between blocks reads "。"
    assert re.match(r"找到\d+个结果", page.locator(".md-search-result__meta").inner_text())
    first.locator("a").click()
    page.wait_for_url(f"**{url_of('activity', 'sy-sifa-falv')}")
    assert page.locator("article h1").inner_text() == activity["title"]


def test_facets_narrow_the_results(page, site_url):
    page.goto(site_url)
    everything = run_search(page, "舜水新村")
    assert len(everything) > 3
    kinds = page.locator(".column-search__facets select[name='类型'] option")
    assert kinds.first.inner_text() == "全部" and "新闻稿" in kinds.all_inner_texts()  # counts come with use
    stories = choose_facet(page, "类型", "新闻稿")
    assert 0 < len(stories) < len(everything)
    assert f"新闻稿（{len(stories)}）" in kinds.all_inner_texts()
    assert all(link.startswith("/stories/") for link in stories)
    assert all(m.startswith("新闻稿 · ") for m in page.locator(".column-search__meta").all_inner_texts())
    # a facet alone lists what it selects
    page.evaluate(f"document.querySelector('{PANEL}').removeAttribute('data-state')")
    page.locator(".md-search__input").fill("")
    page.wait_for_selector(f"{PANEL}[data-state=done]", state="attached")
    alone = [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]
    assert len(alone) >= len(stories) and all(link.startswith("/stories/") for link in alone)
    # every facet is offered, in order
    names = [s.get_attribute("name") for s in page.locator(".column-search__facets select").all()]
    assert names == list(search.FILTERS)
    places = choose_facet(page, "地点", "曹娥街道")  # a street also finds its communities' records
    assert places and all(link.startswith("/stories/") for link in places)
    assert page.console_errors == [] and page.external_requests == []


def test_unpublished_volunteers_cannot_be_found(page, site_url, catalog):
    hidden = [v["name"] for v in catalog.all("volunteer") if not v.get("publish")]
    shown = [v for v in catalog.all("volunteer") if v.get("publish")]
    assert hidden and shown
    page.goto(site_url)
    assert run_search(page, shown[0]["name"])[0] == url_of("volunteer", shown[0]["id"])  # names are searchable
    for name in hidden:
        assert run_search(page, name) == []
        assert (
            page.locator(".md-search-result__meta").inner_text()
            == "在2010年的内容中没有找到结果，请换个关键词或减少筛选条件。"
        )


def test_a_query_downloads_little_and_only_from_the_site(page, site_url):
    cost = search.query_transfer(page, site_url + "stories/", "舜水新村")
    assert cost["urls"][0] == url_of("place", "shunshui-xincun")
    assert all(url.startswith(site_url) for url in cost["files"])
    assert any(url.endswith("/pagefind/pagefind.js") for url in cost["files"])
    assert 0 < cost["bytes"] <= 300 * 1024
    assert page.console_errors == [] and page.external_requests == []


def test_search_on_a_phone(browser, site_url):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True
    )
    try:
        pg = context.new_page()
        pg.goto(site_url)
        opened = "document.getElementById('__search').checked"
        assert pg.evaluate(opened) is False
        pg.locator("label.md-header__button[for=__search]").click()  # the magnifier in the header
        assert pg.evaluate(opened) is True
        assert pg.evaluate("document.activeElement.classList.contains('md-search__input')")
        pg.keyboard.type("金桂苑")
        pg.wait_for_selector(f"{PANEL}[data-state=done]", state="attached")
        assert pg.locator(".md-search-result__link").first.get_attribute("href") == url_of("place", "jingui-yuan")
    finally:
        context.close()


MIXED_TREE = {
    "site.yml": "title: 测试专栏\norganisation: 测试机关党工委\nas_of: 2010-12-15\n"
    "themes:\n  - id: hexie\n    name: 和谐社会建设\nmodes:\n  - id: jizhong\n    name: 集中服务\n",
    "places.yml": "- id: shangyu\n  name: 上虞市\n  kind: 县市区\n",
    "units.yml": "- id: sy-keji\n  name: 上虞市科学技术局\n  short: 科技局\n  region: shangyu\n",
    "activities/2010/keji.yml": "title: 科技局走访企业\ndate: 2010-06-12\nunits: [科技局]\nplaces: [上虞市]\n"
    "themes: [和谐社会建设]\nmode: 集中服务\nsummary: 走访中发现群众关心的问题，当场解答。\n",
    "stories/2010/qq.md": "---\ntitle: 社区开通党员义工QQ群\ndate: 2010-07-01\n---\n"
    "居民可以加入社区QQ群预约服务，也可以拨打12345热线。\n",
}


def test_mixed_chinese_and_latin_query(browser, tmp_path):
    """QQ群: Latin letters and a Chinese character in one word (a tree of its own: the demo
    reports never mention QQ)."""
    site = tmp_path / "site"
    result = build_site(write_tree(tmp_path / "content", MIXED_TREE), site)
    assert result.returncode == 0, result.stdout + result.stderr
    server = serve(site)
    context = browser.new_context(locale="zh-CN")
    try:
        pg = context.new_page()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        pg.goto(base)
        links = run_search(pg, "QQ群")
        assert links[0] == "/stories/qq/"
        assert set(pg.locator(".md-search-result__item mark").all_inner_texts()) == {"QQ群"}
        assert run_search(pg, "qq群")[0] == "/stories/qq/"  # case does not matter
    finally:
        context.close()
        server.shutdown()


def test_older_years_are_searched_when_the_reader_asks(years_page, years_url):
    """A search covers the main bundle (the registry and 2009–2010), says so, and widens to every
    year on request or to the year chosen in the 年份 facet, downloading the older bundle
    (2007–2008) only then."""
    pg = years_page
    fetched = []
    pg.on("requestfinished", lambda req: fetched.append(req.url[len(years_url) :]))

    def older_fetched():
        return any(url.startswith("pagefind/2007-2008/") for url in fetched)

    assert sorted(run_search(pg, "结对帮扶")) == ["/activities/bangfu-2009/", "/activities/bangfu-2010/"]
    scope = pg.locator(".column-search__scope")
    assert scope.is_visible()
    assert (
        scope.locator("span").inner_text()
        == "只搜索了2009—2010年的活动、新闻稿和表彰（单位、地点、党员风采等不限年份）。"
    )
    assert scope.locator("button").inner_text() == "搜索全部年份（2007—2010年）"
    assert not older_fetched()
    assert run_search(pg, "义务植树") == []  # held in 2007 only

    assert search_every_year(pg) == ["/activities/bangfu-2007/"]
    assert not scope.is_visible() and older_fetched()
    assert sorted(run_search(pg, "结对帮扶")) == [f"/activities/bangfu-{y}/" for y in (2007, 2008, 2009, 2010)]

    pg.goto(years_url)  # a new visit: the two newest years again
    fetched.clear()
    assert run_search(pg, "义务植树") == [] and not older_fetched()
    assert choose_facet(pg, "年份", "2007") == ["/activities/bangfu-2007/"]
    assert not scope.is_visible() and older_fetched()
    assert choose_facet(pg, "年份", "") == []  # back to the newest years, the older bundle loaded or not
    assert scope.is_visible()
    assert (
        pg.locator(".md-search-result__meta").inner_text()
        == "在2009—2010年的内容中没有找到结果，可以点下面的按钮搜索全部年份。"
    )
    # years outside the searched bundles show no count and can still be chosen
    options = {
        o.get_attribute("value"): (o.inner_text(), o.is_disabled())
        for o in pg.locator(".column-search__facets select[name='年份'] option").all()
    }
    assert options["2007"] == ("2007", False) and options["2008"] == ("2008", False)
    assert options["2010"] == ("2010（0）", True)  # searched, and nothing there

    search_every_year(pg)
    pg.locator("button[type=reset]").click(force=True)  # ✕ starts afresh: the newest years again
    pg.wait_for_function("document.querySelector('.md-search-result__meta').textContent.startsWith('输入关键词')")
    assert sorted(run_search(pg, "结对帮扶")) == ["/activities/bangfu-2009/", "/activities/bangfu-2010/"]
    assert scope.is_visible()
    assert pg.console_errors == [] and pg.external_requests == []


def test_a_registry_name_puts_its_page_first_and_once(years_page):
    """Typing exactly a unit's name, short name or alias shows its page first (its exact-title
    token: a best bet), once, with its names as the excerpt and the one typed marked."""
    pg = years_page
    for name in ("市药监局", "药监局", "上虞市食品药品监督管理局", "上虞市 食品药品监督管理局"):
        links = run_search(pg, name)
        assert links[0] == "/units/sy-yaojian/" and links.count("/units/sy-yaojian/") == 1, name
        assert pg.locator(".md-search-result__meta").inner_text() == f"找到{len(links)}个结果"
        first = pg.locator(".md-search-result__item").first
        assert first.locator(".column-search__meta").inner_text() == "服务单位"
        assert first.locator("article > p").last.inner_text() == "药监局、市药监局、上虞市食品药品监督管理局"
        assert first.locator("article > p mark").all_inner_texts() == [name.replace(" ", "")]
    assert "/units/sy-yaojian/" not in choose_facet(pg, "类型", "服务活动")  # a chosen facet: no best bet


def test_a_bundle_that_fails_to_download_does_not_break_later_searches(years_page):
    pg = years_page
    run_search(pg, "结对帮扶")
    pg.route("**/pagefind/2007-2008/**", lambda route: route.abort())
    assert search_every_year(pg) == []  # no stale results under the message
    assert (
        pg.locator(".md-search-result__meta").inner_text() == "搜索暂时无法使用，请稍后再搜一次；仍不行时请刷新页面。"
    )
    pg.unroute("**/pagefind/2007-2008/**")
    assert run_search(pg, "义务植树") == ["/activities/bangfu-2007/"]  # every year: the bundle loads this time


def test_benchmark_measure_counts_the_library_and_the_index(browser, demo_site):
    """What ``make bench`` reports as search_query_kb: Pagefind's library (pagefind.js and its
    wasm, ~110 KB) is always part of it."""
    kb = search.query_transfer_kb(demo_site, queries=("舜水新村", "法律援助"), browser=browser)
    assert 110 < kb <= 300


def test_benchmark_measure_of_every_year_counts_the_older_bundles(browser, years_site):
    """search_all_years_kb: the reader also presses 搜索全部年份, so the older bundle is in it."""
    recent = search.query_transfer_kb(years_site, queries=("结对帮扶",), browser=browser)
    every = search.query_transfer_kb(years_site, queries=("结对帮扶",), browser=browser, every_year=True)
    older = sum(f.stat().st_size for f in (years_site / "pagefind" / "2007-2008").glob("*.pf_meta"))
    assert every >= recent + older / 1024


def result_lines(page) -> list[tuple[str, str, str]]:
    """(link, title, "type · date") of each result shown."""
    return [
        (
            item.locator("a").get_attribute("href"),
            item.locator("h2").inner_text(),
            item.locator(".column-search__meta").inner_text(),
        )
        for item in page.locator(".md-search-result__item").all()
    ]


def recency(meta: str) -> tuple:
    """A result's place among equals: registry pages (no date) first, then the newest."""
    found = (
        re.search(r"(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?", meta)
        if meta.startswith(("新闻稿", "服务活动", "表彰"))
        else None
    )
    return (1, -int(found[1]), -int(found[2]), -int(found[3] or 0)) if found else (0,)


def test_exact_title_first_then_titles_holding_the_query_then_the_rest_newest_first(page, site_url):
    page.goto(site_url)
    links = run_search(page, "国税局")
    shown = result_lines(page)
    # a name of the unit (exact), then the titles holding it, newest first, then the rest
    assert links[:4] == [
        "/units/sy-guoshui/",
        "/activities/sy-guoshui-2010q4/",
        "/activities/sy-guoshui-2010q3/",
        "/activities/sy-guoshui-2010q2/",
    ]
    rest = shown[4:]
    assert rest and all("国税局" not in title for _, title, _ in rest)
    assert [recency(meta) for _, _, meta in rest] == sorted(recency(meta) for _, _, meta in rest)
    # a title typed whole comes first, before the pages that also hold every word of it
    assert run_search(page, "国税局第二季度党员义工服务活动日")[0] == "/activities/sy-guoshui-2010q2/"
    # titles holding the query come before pages that only mention it
    links = run_search(page, "法律援助")
    assert links[0] == "/activities/sy-sifa-falv/" and len(links) > 1
    assert page.console_errors == [] and page.external_requests == []


def test_marks_show_what_was_typed(page, site_url):
    page.goto(site_url)
    run_search(page, "助秋冬种")
    first = page.locator(".md-search-result__item").first
    assert first.locator("h2").inner_text() == "供销总社党员再赴南穴村帮助秋冬种"
    assert first.locator("h2 mark").all_inner_texts() == ["助秋冬种"]
    run_search(page, "越城区党员奉献日：万名党员干部上街服务")
    assert (
        page.locator(".md-search-result__item h2 mark").first.inner_text() == "越城区党员奉献日：万名党员干部上街服务"
    )
    links = run_search(page, "建设局 助力文明")  # two words, apart on the page
    assert links[0] == "/activities/sy-jianshe-xiaofendui/"
    assert page.locator(".md-search-result__item").first.locator("h2 mark").all_inner_texts() == ["建设局", "助力文明"]
    for mark in page.locator(".md-search-result__item mark").all_inner_texts():
        assert mark in ("建设局", "助力文明"), mark  # never a pair of characters the reader did not type together


def test_an_empty_result_says_which_years_and_suggests_names(page, site_url):
    page.goto(site_url)
    assert run_search(page, "药监所") == []
    assert (
        page.locator(".md-search-result__meta").inner_text()
        == "在2010年的内容中没有找到结果，请换个关键词或减少筛选条件。"
    )
    suggest = page.locator(".column-search__suggest")
    assert suggest.is_visible()
    assert suggest.inner_text() == "您要找的是不是：药监局（上虞市食品药品监督管理局）"
    assert suggest.locator("a").get_attribute("href") == url_of("unit", "sy-yaojian")
    run_search(page, "国税局")  # a search with results hides the suggestions
    assert not suggest.is_visible()
    assert run_search(page, "没有这样的词") == [] and not suggest.is_visible()  # no name near it
    assert page.console_errors == [] and page.external_requests == []


def test_an_empty_result_in_the_newest_years_says_so_and_suggests_names(years_page):
    pg = years_page
    assert run_search(pg, "药监所") == []
    assert (
        pg.locator(".md-search-result__meta").inner_text()
        == "在2009—2010年的内容中没有找到结果，可以点下面的按钮搜索全部年份。"
    )
    assert (
        pg.locator(".column-search__suggest")
        .inner_text()
        .startswith("您要找的是不是：药监局（上虞市食品药品监督管理局）")
    )
    assert search_every_year(pg) == []
    assert (
        pg.locator(".md-search-result__meta").inner_text()
        == "在2007—2010年的内容中没有找到结果，请换个关键词或减少筛选条件。"
    )
