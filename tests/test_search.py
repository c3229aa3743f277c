"""Search: what detail pages tell Pagefind, which pages are indexed, and the bundle Pagefind
writes (private names absent, byte-for-byte reproducible). The browser side is in
test_e2e_search.py."""

from __future__ import annotations

import gzip
import json
import shutil
import time
from pathlib import Path

import pytest

from column import cbor, model, pipeline, search, search_bundle, urls
from column.render import Page, Renderer
from column.values import Date, When
from conftest import CONTENT


@pytest.fixture(scope="module")
def demo():
    return pipeline.run(CONTENT)


def place_chain(place) -> list[str]:
    names = []
    while place is not None:
        names.append(place["name"])
        place = place.get("parent")
    return names


def test_activity_page_carries_every_facet_of_its_record(demo):
    a = demo.catalog.get("activity", "sy-sifa-falv")
    meta = search.page_meta(a)
    assert meta["type"] == "服务活动"
    assert meta["date"] == a["date"].zh == "2010年8月14日"
    facets = meta["filters"]
    assert list(facets) == ["年份", "单位", "地点", "主题", "类型"]
    assert facets["年份"] == ["2010"]
    assert facets["单位"] == [u["name"] for u in a["units"]]
    # a place is also found under the places that contain it (not under the city: every page is)
    assert facets["地点"] == [n for p in a["places"] for n in place_chain(p)[:-1]]
    assert facets["地点"][:2] == ["舜水新村", "曹娥街道"]
    assert facets["主题"] == [t["name"] for t in a["themes"]]
    assert facets["类型"] == ["服务活动"]
    assert "keywords" not in meta


def test_span_over_new_year_is_found_under_both_years():
    rec = {
        "kind": "activity",
        "date": When(Date(2010, 12, 30), Date(2011, 1, 2)),
        "units": [],
        "places": [],
        "themes": [],
    }
    meta = search.page_meta(rec)
    assert meta["filters"]["年份"] == ["2010", "2011"]
    assert meta["date"] == "2010年12月30日至2011年1月2日"
    assert "单位" not in meta["filters"]  # empty facets are left out


def test_volunteer_page_gets_years_of_service_and_unit(demo):
    v = demo.catalog.get("volunteer", "zhou-hong")
    meta = search.page_meta(v, years=[2009, 2010, 2010])
    assert meta["filters"] == {"年份": ["2009", "2010"], "单位": [v["unit"]["name"]], "类型": ["党员风采"]}
    assert "date" not in meta


def test_registry_records_bring_their_other_names(demo):
    unit = demo.catalog.get("unit", "sy-yaojian")
    meta = search.page_meta(unit)
    # short name, aliases, then the name: Pagefind matches a meta field best at its start
    assert meta["keywords"] == ["药监局", "市药监局", "上虞市药监局", "上虞市食品药品监督管理局"]
    # a unit's page is filed under its region and its paired places, as a volunteer's under their unit
    assert meta["filters"] == {
        "单位": ["上虞市食品药品监督管理局"],
        "地点": ["上虞市", "金桂苑", "百官街道", "银杏社区（示例）", "丹桂社区（示例）"],
        "类型": ["服务单位"],
    }
    place = demo.catalog.get("place", "shunshui-xincun")
    meta = search.page_meta(place)
    assert meta["keywords"] == ["曹娥街道舜水新村", "舜水新村社区", "舜水新村"]
    assert meta["filters"]["地点"] == ["舜水新村", "曹娥街道", "上虞市"]
    assert search.page_meta(demo.catalog.get("place", "shaoxing"))["filters"]["地点"] == ["绍兴市"]


def test_campaign_is_found_under_its_years_and_organisers(demo):
    c = demo.catalog.get("campaign", "sy-xingqiliu-yigongri")
    meta = search.page_meta(c)
    assert meta["filters"]["年份"] == ["2010"]
    assert meta["filters"]["单位"] == [u["name"] for u in c["organisers"]]
    assert meta["date"] == f"{c['start'].zh}至{c['end'].zh}"
    assert meta["type"] == "专项活动"


def test_detail_pages_and_only_they_are_marked_for_search(demo):
    renderer = Renderer(demo.catalog)
    built = {p.src: p for p in demo.pages}
    detail = {
        urls.detail_path(kind.name, rec["id"])
        for kind in model.KINDS.values()
        if kind.has_pages
        for rec in demo.catalog.all(kind.name)
        if renderer.has_page(rec)
    }
    marked = {src for src, p in built.items() if "search" in p.meta}
    assert marked <= detail  # never a listing, the home page or the chronicle
    assert {src for src in detail if src in built} <= marked
    assert "index.md" not in marked and "stories/index.md" not in marked and "chronicle/index.md" not in marked
    for src in marked:
        json.dumps(built[src].meta["search"])  # front matter: plain data only


def html_files(site: Path) -> dict[str, str]:
    """The site's pages (the 公众号 versions under wechat/ are standalone documents, never indexed)."""
    return {
        str(f.relative_to(site)): f.read_text(encoding="utf-8")
        for f in site.rglob("*.html")
        if f.relative_to(site).parts[0] != "wechat"
    }


def test_site_indexes_detail_pages_only(demo_site, demo):
    pages = html_files(demo_site)
    shards = search.shard_plan(demo.pages)
    assert len(shards) == 1  # one year: one bundle
    indexed = set(shards[0].pages)
    for listing in (
        "index.html",
        "stories/index.html",
        "volunteers/index.html",
        "chronicle/index.html",
        "chronicle/2010/index.html",
        "404.html",
    ):
        assert listing in pages and listing not in indexed
    assert "activities/sy-sifa-falv/index.html" in indexed
    assert "about/index.html" in indexed
    assert indexed <= set(pages)  # every page indexed is a page of the site
    entry = json.loads((demo_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert [lang["page_count"] for lang in entry["languages"].values()] == [len(indexed)]
    assert sorted(url for _, url, _ in search.indexed_pages(demo_site)) == sorted(
        "/" + path[: -len("index.html")] for path in indexed
    )
    facets = json.loads((demo_site / "pagefind" / "facets.json").read_text(encoding="utf-8"))
    assert "曹娥街道" in dict(facets["地点"])
    # what only the index needs is not in the pages readers download
    assert not [path for path, html in pages.items() if "data-pagefind-filter" in html or "data-pagefind-body" in html]


def bundle_text(site: Path) -> str:
    """Every Pagefind data file decompressed, without the zero-width spaces Pagefind puts
    between the words it segmented."""
    parts = []
    for f in sorted((site / "pagefind").rglob("*")):
        if f.suffix.startswith(".pf_"):
            parts.append(gzip.decompress(f.read_bytes()).decode("utf-8", "replace"))
    return "".join(parts).replace("\u200b", "")


def test_the_index_reads_what_each_built_page_shows(demo_site, demo):
    """The index reads the pipeline's pages, not the built files: for every indexed page, reading
    the built page's article (Material's h1, the body as published) gives the same text, title
    and tokens."""
    from selectolax.lexbor import LexborHTMLParser

    (shard,) = search.shard_plan(demo.pages)
    assert len(shard.sources) > 60
    for source in shard.sources:
        built = (demo_site / source.path).read_text(encoding="utf-8")
        article = LexborHTMLParser(built).css_first("article.md-content__inner")
        assert search.read_page(source._replace(body=article.html)) == search.read_page(source), source.path


def test_unpublished_volunteers_are_not_in_the_search_bundle(demo_site, demo):
    text = bundle_text(demo_site)
    hidden = [v["name"] for v in demo.catalog.all("volunteer") if not v.get("publish")]
    shown = [v["name"] for v in demo.catalog.all("volunteer") if v.get("publish")]
    assert hidden and shown
    for name in shown:
        assert name in text  # the scan does see names
    for name in hidden:
        assert name not in text


def test_pagefind_output_is_byte_for_byte_reproducible(demo_site, demo, tmp_path):
    """Pagefind itself writes facet values in a different order on every run: search_bundle
    sorts them. Two indexings of the same site must give the same bytes."""
    sites = []
    for name in ("one", "two", "three"):
        site = tmp_path / name
        shutil.copytree(demo_site, site, ignore=shutil.ignore_patterns("pagefind"))
        search.index_site(site, search.shard_plan(demo.pages))
        bundle = site / "pagefind"
        sites.append({str(f.relative_to(bundle)): f.read_bytes() for f in sorted(bundle.rglob("*")) if f.is_file()})
    assert sites[0] == sites[1] == sites[2]
    assert any(name.startswith("filter/") for name in sites[0])


def test_bundle_lists_facets_and_short_result_files(demo_site):
    bundle = demo_site / "pagefind"
    shards = json.loads((bundle / search.SHARDS_FILE).read_text(encoding="utf-8"))
    pages = 0
    for shard in shards:
        entry = json.loads((bundle / shard["path"] / "pagefind-entry.json").read_text(encoding="utf-8"))
        count = sum(lang["page_count"] for lang in entry["languages"].values())
        results = list((bundle / shard["path"] / "fragment").rglob("*.pf_fragment"))
        assert len(results) == count
        assert len({f.parent for f in results}) == 1 and all(len(f.stem) <= 4 for f in results)
        pages += count
    facets = json.loads((bundle / "facets.json").read_text(encoding="utf-8"))
    assert set(facets) == set(search.FILTERS)
    assert sum(count for _, count in facets["类型"]) == pages  # every page has exactly one type
    assert any(value == "新闻稿" for value, _ in facets["类型"])


def test_cbor_reads_and_writes_pagefind_files_unchanged(demo_site):
    files = [f for f in (demo_site / "pagefind").rglob("*") if f.suffix in (".pf_meta", ".pf_filter", ".pf_index")]
    assert len(files) >= 3
    for f in files:
        raw = gzip.decompress(f.read_bytes())[len(b"pagefind_dcd") :]
        assert cbor.dumps(cbor.loads(raw)) == raw, f


def test_cbor_rejects_what_it_does_not_know():
    with pytest.raises(ValueError):
        cbor.loads(b"\xf9\x3c\x00")  # a half-precision float
    with pytest.raises(ValueError):
        cbor.loads(b"\x82\x01")  # an array cut short
    assert cbor.loads(cbor.dumps([0, 23, 24, 255, 256, 70000, -1, "义工", b"\x00", {"a": [1]}])) == [
        0,
        23,
        24,
        255,
        256,
        70000,
        -1,
        "义工",
        b"\x00",
        {"a": [1]},
    ]


def test_only_the_search_library_is_shipped(demo_site):
    bundle = demo_site / "pagefind"
    assert (bundle / "pagefind.js").is_file() and list(bundle.glob("wasm.*.pagefind"))
    for name in search.UNUSED_FILES:
        assert not (bundle / name).exists()
    assert sorted(f.name for f in bundle.iterdir() if f.is_dir()) == ["filter", "fragment", "index"]
    assert not (demo_site / "search" / "search_index.json").exists()  # Material's index is gone
    assert search.bundle_bytes(demo_site) == sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file())


def test_older_bundles_carry_no_library(years_site):
    older = [f for f in (years_site / "pagefind").iterdir() if f.is_dir() and f.name[0].isdigit()]
    assert [f.name for f in older] == ["2007-2008"]
    for name in ("pagefind.js", "wasm.unknown.pagefind", *search.UNUSED_FILES):
        assert not (older[0] / name).exists()  # merged into the main bundle, which has the library


def test_every_page_has_the_header_search_and_no_material_search(demo_site):
    for path, html in html_files(demo_site).items():
        assert "data-column-search" in html, path
        assert 'data-md-component="search"' not in html, path
        assert "search_index.json" not in html, path


ABOUT = search.Source("about/index.html", "栏目说明", "<p>栏目说明</p>", {"type": "栏目说明", "filters": {}})


def test_pagefind_that_cannot_run_or_fails_is_reported_in_chinese(tmp_path):
    site = tmp_path / "site"
    (site / "about").mkdir(parents=True)
    (site / "about" / "index.html").write_text("<html lang=zh><body><p>栏目说明</p></body></html>", encoding="utf-8")
    (site / "pagefind").mkdir()
    (site / "pagefind" / "pagefind.js").write_text("// the bundle of the last good build", encoding="utf-8")
    shards = [search.Shard(search.MAIN, (), (ABOUT,)), search.Shard("2009", (2009,), (ABOUT,))]
    with pytest.raises(search.IndexFailed, match="无法运行 Pagefind"):
        search.index_site(site, shards, binary=tmp_path / "no-such-pagefind")
    with pytest.raises(search.IndexFailed, match="Pagefind 退出码 1"):
        search.index_site(site, shards, binary=Path(shutil.which("false")))
    with pytest.raises(search.IndexFailed) as err:
        search.index_site(site, [])
    assert str(err.value) == "站内搜索索引生成失败：网站中没有可以搜索的页面。"
    # the old bundle stays until a new one is complete; no work folder is left behind
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == [
        "about",
        "about/index.html",
        "pagefind",
        "pagefind/pagefind.js",
    ]


def test_a_file_that_cannot_be_written_fails_the_indexing_in_chinese(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / search.WORK_SUBDIR).write_text("a file where the work folder should be", encoding="utf-8")
    with pytest.raises(search.IndexFailed) as err:
        search.index_site(site, [search.Shard(search.MAIN, (), (ABOUT,))])
    assert str(err.value) == (
        f"站内搜索索引生成失败：无法读写文件（[Errno 20] Not a directory: "
        f"'{site / search.WORK_SUBDIR / 'pages' / '0'}'）。请检查磁盘空间和网站目录的权限。"
    )


def test_an_indexing_that_is_stopped_leaves_nothing_behind(tmp_path):
    """A build that fails while its search index is being made (in the background, see
    mkdocs_adapter) stops it: the indexing processes, Pagefind among them, end at once and the
    work folder is removed, so the failed build's folder can be removed whole."""
    site = tmp_path / "site"
    site.mkdir()
    slow = tmp_path / "slow-pagefind"
    started = tmp_path / "started"
    slow.write_text(f"#!/bin/sh\necho $$ > {started}\nexec sleep 60\n", encoding="utf-8")
    slow.chmod(0o755)
    began = time.monotonic()
    indexing = search.Indexing(site, [search.Shard(search.MAIN, (), (ABOUT,))], binary=slow)
    while not started.exists() or not started.read_text():
        time.sleep(0.05)
    pagefind = Path("/proc") / started.read_text().strip()
    indexing.stop()
    assert time.monotonic() - began < 30  # not the 60 s of the stand-in Pagefind
    assert list(site.iterdir()) == []
    while pagefind.exists() and time.monotonic() - began < 30:  # killed with its parent, then reaped
        time.sleep(0.05)
    assert not pagefind.exists()
    with pytest.raises(search.IndexFailed, match="索引进程异常退出"):
        indexing.wait()


def searchable(src: str, kind: str, years=()) -> Page:
    return Page(
        src,
        "标题",
        "",
        meta={
            "search": {
                "type": model.KINDS[kind].search_type,
                "filters": {"年份": [str(y) for y in years]} if years else {},
            }
        },
    )


def test_shards_keep_the_registry_and_the_two_newest_years_together():
    pages = [
        searchable("activities/a.md", "activity", [2010]),
        searchable("activities/b.md", "activity", [2010, 2011]),  # over new year: with its last year
        searchable("stories/c.md", "story", [2009]),
        searchable("honours/2009.md", "honours", [2009]),
        searchable("stories/d.md", "story", [2006]),  # no record in 2007 or 2008
        searchable("stories/e.md", "story", [2005]),
        searchable("units/u.md", "unit"),
        searchable("volunteers/v.md", "volunteer", [2005, 2009]),  # years of service: still the registry
        searchable("campaigns/k.md", "campaign", [2005]),
        searchable("about.md", "page"),
        Page("activities/index.md", "服务活动", ""),  # a listing: never indexed
    ]

    def plan(pages):
        return [(shard.key, shard.dated, shard.pages) for shard in search.shard_plan(pages)]

    assert plan(pages) == [
        (
            search.MAIN,
            (2010, 2011),
            (
                "about/index.html",
                "activities/a/index.html",
                "activities/b/index.html",
                "campaigns/k/index.html",
                "units/u/index.html",
                "volunteers/v/index.html",
            ),
        ),
        ("2006-2009", (2006, 2009), ("honours/2009/index.html", "stories/c/index.html", "stories/d/index.html")),
        ("2005", (2005,), ("stories/e/index.html",)),
    ]
    assert plan(pages[6:]) == [
        (
            search.MAIN,
            (),
            tuple(
                sorted(["about/index.html", "campaigns/k/index.html", "units/u/index.html", "volunteers/v/index.html"])
            ),
        )
    ]
    (about,) = [source for source in search.shard_plan(pages)[0].sources if source.path == "about/index.html"]
    assert about == search.Source("about/index.html", "标题", "", pages[9].meta["search"])


def test_main_bundle_has_the_registry_and_the_newest_years(years_site):
    bundle = years_site / "pagefind"
    listing = json.loads((bundle / search.SHARDS_FILE).read_text(encoding="utf-8"))
    builds = [shard.pop("build") for shard in listing]
    assert listing == [
        {"key": search.MAIN, "path": "", "years": ["2009", "2010"], "dated": ["2009", "2010"]},
        {"key": "2007-2008", "path": "2007-2008/", "years": ["2007", "2008"], "dated": ["2007", "2008"]},
    ]
    urls_of = {}
    for shard, build in zip(listing, builds, strict=True):
        # every result id of a bundle starts with its build: search.js tells the bundle by it
        assert [f.name for f in (bundle / shard["path"] / "fragment").iterdir()] == [build]
        for f in (bundle / shard["path"] / "fragment").rglob("*.pf_fragment"):
            urls_of.setdefault(shard["key"], []).append(json.loads(gzip.decompress(f.read_bytes())[12:])["url"])
    assert sorted(urls_of["2007-2008"]) == ["/activities/bangfu-2007/", "/activities/bangfu-2008/"]
    assert {
        "/activities/bangfu-2009/",
        "/activities/bangfu-2010/",
        "/activities/yj-anquan/",
        "/units/sy-yaojian/",
        "/places/jingui/",
    } <= set(urls_of[search.MAIN])
    facets = json.loads((bundle / "facets.json").read_text(encoding="utf-8"))
    assert facets["年份"] == [["2007", 1], ["2008", 1], ["2009", 1], ["2010", 2]]  # over every bundle


def test_tables_of_registry_pages_are_not_indexed(years_site):
    """A place's page lists its activities in a table; each activity is found on its own page,
    so the place's page is found for the place, not for every activity held there."""
    html = (years_site / "places" / "jingui" / "index.html").read_text(encoding="utf-8")
    assert "结对帮扶和义务植树" in html
    found = {}
    for f in (years_site / "pagefind").rglob("*.pf_fragment"):
        result = json.loads(gzip.decompress(f.read_bytes())[12:])
        found[result["url"]] = result["content"].replace("\u200b", "")
    assert "金桂苑" in found["/places/jingui/"] and "结对帮扶" not in found["/places/jingui/"]
    assert [url for url, text in found.items() if "结对帮扶和义务植树" in text] == ["/activities/bangfu-2007/"]


def test_registry_names_are_listed_for_suggestions(years_site):
    """names.json: every name of a registry page, which search.js suggests from when a search
    finds nothing."""
    bundle = years_site / "pagefind"
    named = json.loads((bundle / search.NAMES_FILE).read_text(encoding="utf-8"))
    pages = {page[0]: page for page in named["pages"]}
    assert pages["units/sy-yaojian/"] == ["units/sy-yaojian/", "上虞市食品药品监督管理局", "服务单位"]
    for name in ("药监局", "市药监局", "上虞市食品药品监督管理局"):
        assert [named["pages"][i][0] for i in named["names"][name]] == ["units/sy-yaojian/"]
    assert [named["pages"][i][0] for i in named["names"]["金桂苑社区"]] == ["places/jingui/"]  # an alias
    assert not [url for url in pages if url.startswith(("activities/", "stories/", "volunteers/"))]


def test_the_index_holds_tokens_and_the_result_files_the_pages_text(demo_site):
    """Pagefind indexed stand-in pages of tokens; its result files were given back each page's
    own text, URL and what a result shows, named by rank: registry pages, then the newest."""
    bundle = demo_site / "pagefind"
    words = []
    for f in (bundle / "index").glob("*.pf_index"):
        words += [word[0] for chunk in cbor.loads(gzip.decompress(f.read_bytes())[12:]) for word in chunk]
    assert len(words) > 3000 and all(word.isascii() and word.isalpha() for word in words)
    results = {
        f"{f.parent.name}/{f.stem}": search_bundle.read_result(f) for f in (bundle / "fragment").rglob("*.pf_fragment")
    }
    by_url = {result["url"]: result for result in results.values()}
    activity = by_url["/activities/sy-sifa-falv/"]
    assert activity["meta"] == {
        "title": "司法局在舜水新村开展法律援助咨询",
        "type": "服务活动",
        "date": "2010年8月14日",
    }
    assert activity["content"].startswith(
        "司法局在舜水新村开展法律援助咨询。司法局党员在舜水新村解答法律问题（示意图）日期：2010年8月14日。"
        "组织单位：上虞市司法局（示例）"
    )
    assert "民事调解。服务成效。" in activity["content"] and "data-pagefind" not in activity["content"]
    assert activity["filters"] == {}  # the facets are in the index; a result does not show them
    unit = by_url["/units/sy-yaojian/"]
    assert unit["meta"]["names"] == ["药监局", "市药监局", "上虞市药监局", "上虞市食品药品监督管理局"]
    assert "简称：药监局。别名：市药监局、上虞市药监局。" in unit["content"]  # the page shows the names it is found by
    ranked = [results[page_id] for page_id in sorted(results, key=lambda i: int(i.split("/")[1], 36))]
    types = [result["meta"]["type"] for result in ranked]
    first_dated = next(i for i, kind in enumerate(types) if search.is_dated(kind))
    assert all(search.is_dated(kind) for kind in types[first_dated:])  # registry pages first
    dates = [search._DATE.search(result["meta"]["date"]).groups() for result in ranked[first_dated:]]
    keys = [(int(y), int(m), int(d or 0)) for y, m, d in dates]
    assert keys == sorted(keys, reverse=True)  # then the newest records first


def test_a_page_is_read_as_pagefind_reads_it():
    unit = search.Source(
        "units/sy-yaojian/index.html",
        "上虞市药监局",
        """<h1 id="x">上虞市<b>药监局</b></h1><p>简称：药监局。<a href="#">结对社区</a>：金桂苑</p>
<table><tr><td>不进搜索的活动</td></tr></table><ul><li>A&amp;B 测试</li><li>第二项</li></ul>
<script>var secret = 1;</script><svg><text>图表</text></svg><p>中文
换行</p><p hidden>隐藏的字</p><nav data-pagefind-ignore="all">上一篇</nav>""",
        {"type": "服务单位", "filters": {"类型": ["服务单位"]}, "keywords": ["药监局", "市药监局"], "lists": True},
    )
    shown, tokens, facets = search.read_page(unit)
    assert shown.url == "/units/sy-yaojian/"
    assert shown.text == "上虞市药监局。简称：药监局。结对社区：金桂苑。A&B 测试。第二项。中文换行"
    assert shown.meta == {"title": "上虞市药监局", "type": "服务单位", "names": ["药监局", "市药监局"]}
    assert facets == [("类型", "服务单位")]
    assert shown.order == (0, 0, "/units/sy-yaojian/")  # a registry page: before every dated record
    assert search.query_tokens("市药监局")["exact"] in tokens  # a name
    assert search.query_tokens("不进搜索")["pairs"][0] not in {t[:-1] for t in tokens}  # a listing table
    assert search.query_tokens("隐藏")["pairs"][0] not in {t[:-1] for t in tokens}

    # a body without an h1 gets the theme's (the title), and only a lists page leaves its tables out
    story = search.Source(
        "stories/s/index.html",
        "党员 义工  上街",
        "<p>正文</p><table><tr><td>表格</td></tr></table>",
        {"type": "新闻稿", "date": "2010年6月26日", "filters": {"年份": ["2010"], "单位": ["甲", "乙"]}},
    )
    shown, tokens, facets = search.read_page(story)
    assert shown.text == "党员 义工 上街。正文。表格"
    assert shown.meta == {"title": "党员 义工 上街", "type": "新闻稿", "date": "2010年6月26日"}
    assert facets == [("年份", "2010"), ("单位", "甲"), ("单位", "乙")]
    assert shown.order == (1, -20100626, "/stories/s/")
    assert search.query_tokens("党员义工上街")["exact"] in tokens
