"""Site search with Pagefind: what each page tells the index, and indexing the built site.

Only pages whose meta carries a ``search`` entry (made by :func:`page_meta`) are indexed:
the layout ``overrides/main.html`` wraps their body in ``data-pagefind-body`` and writes the
facets (年份, 单位, 地点, 主题, 类型), the date and the extra names as Pagefind attributes
(``overrides/partials/search-index.html``). Home, listings, the chronicle and the 404 page
have no entry, so each record is found once, on its own page.

Pagefind reads only the published HTML, so what it can index is exactly what the site shows:
drafts have no page and an unpublished volunteer's name is never in a page.

The index is split in shards (:func:`shard_plan`), so a query downloads what a reader
usually wants and not a ten-year archive: the main bundle (``pagefind/``) holds the registry
pages (units, places, campaigns, themes, modes, published volunteers, hand-written pages) and
the activities, stories and honours of the two newest years; older records are in bundles of
two years each (``pagefind/<first>-<last>/``). The search panel (overrides/assets/search.js)
searches the main bundle; the reader widens it to every year with one button, and choosing a
year in the 年份 facet adds that year's bundle. ``shards.json`` lists the bundles. Pagefind
runs once per bundle, so its memory is that of a bundle, not of the archive.
"""

from __future__ import annotations

import concurrent.futures
import gzip
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import NamedTuple

from . import model, search_bundle, urls

# Facet names, in the order the search panel shows them.
FILTERS = ("年份", "单位", "地点", "主题", "类型")

# The 类型 facet of a page is its kind's ``search_type``; a kind's ``search_names`` puts its
# names (and aliases) in the index with extra weight, so 市药监局 finds the unit's page before
# its activities; a kind's ``search_lists`` page has tables listing other records (a unit's
# activities, a volunteer's service, a year-by-year table): each of those is found on its own
# page, so Pagefind skips these tables (EXCLUDED) — one hit per record, and a smaller index.
EXCLUDED = "[data-search-lists] table"  # overrides/main.html marks such a page's body

OUTPUT_SUBDIR = "pagefind"  # the search bundle's folder in the site
WORK_SUBDIR = ".pagefind-work"  # where index_site makes a new bundle (removed afterwards)
SHARDS_FILE = "shards.json"  # the bundles of the index: what search.js may merge (index_site)
NAMES_FILE = "names.json"  # best bets: registry names → their pages (index_site, search.js)
MAIN = "名录"  # the main shard's key: every searchable page that is not a year's record
YEARS_PER_SHARD = 2  # years of records per bundle; the newest are in the main bundle
PARALLEL_RUNS = 2  # Pagefind processes at a time (this machine and CI runners have two cores)
# Pagefind's ready-made UIs (the site has its own, overrides/assets/search.js) and its worker: dropped.
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
    "pagefind-worker.js",
)  # search.js runs Pagefind with noWorker
# The library, needed once: a year's bundle is merged into the main one, which loads it.
LIBRARY_FILES = ("pagefind.js", "wasm.*.pagefind")


# The facets that name records: each lists the records of its kind that a page's record names
# in its own fields (an activity's units), or the record itself (a unit's page).
RECORD_FILTERS = {"单位": "unit", "地点": "place", "主题": "theme"}


def page_meta(rec, *, years=()) -> dict:
    """The ``search`` entry of a detail page's meta, derived from its record and its kind.

    ``years`` adds years the record itself does not carry (a volunteer's years of service).
    The result is plain JSON data: it goes into the page's front matter.
    """
    kind = model.of(rec)
    when = rec.get("date")
    if when is None and (rec.get("start") or rec.get("end")):  # a campaign's period
        when = _Span(rec.get("start") or rec["end"], rec.get("end") or rec["start"])
    found_years = set(years)
    if when is not None:
        found_years.update(range(when.first.year, when.last.year + 1))
    filters = {"年份": [str(y) for y in sorted(found_years)]}
    for facet, target in RECORD_FILTERS.items():
        named = [rec] if kind.name == target else _named(rec, kind, target)
        filters[facet] = _names(_with_parents(named) if target == "place" else named)
    filters["类型"] = [kind.search_type]
    meta = {"type": kind.search_type, "filters": {k: v for k, v in filters.items() if v}}
    if kind.search_lists:
        meta["lists"] = True  # its tables list records with pages of their own: not indexed here
    if when is not None:
        meta["date"] = when.zh
    keywords = _keywords(rec)
    if keywords:
        meta["keywords"] = keywords
    return meta


def is_dated(type_name: str) -> bool:
    """Whether pages of this 类型 are records of a year (in the bundle of their year)."""
    return any(k.search_type == type_name and k.dated for k in model.KINDS.values())


class IndexFailed(RuntimeError):
    """Pagefind could not index the site; the message (Chinese) carries Pagefind's output."""


class Shard(NamedTuple):
    """One bundle of the index: its key, the years of the records it holds (an activity, story
    or honours page counts by its last year) and its pages (paths of HTML files in the site)."""

    key: str
    dated: tuple[int, ...]
    pages: tuple[str, ...]
    # the main bundle's registry pages as best bets: (path, title, type, names) — see NAMES_FILE
    bets: tuple[tuple[str, str, str, tuple[str, ...]], ...] = ()


def shard_plan(pages) -> list[Shard]:
    """The search index's bundles, the main one (key ``MAIN``) first.

    The main bundle holds every searchable page that is not a record of a year (units, places,
    campaigns, themes, modes, volunteers, hand-written pages) and the records of the newest
    ``YEARS_PER_SHARD`` years: a search without a chosen year downloads only it. Older records
    go, ``YEARS_PER_SHARD`` years at a time counting back from those, to bundles of their own.
    ``pages`` are the pipeline's pages; those without a ``search`` entry in their meta are not
    indexed at all.
    """
    undated: list[str] = []
    bets = []
    by_year: dict[int, list[str]] = {}
    for page in pages:
        meta = page.meta.get("search")
        if not meta:
            continue
        path = urls.public_url(page.src) + "index.html"
        years = meta["filters"].get("年份") or []
        if is_dated(meta["type"]) and years:
            by_year.setdefault(int(max(years)), []).append(path)
        else:
            undated.append(path)
            if meta.get("keywords"):
                bets.append((path, page.title, meta["type"], tuple(meta["keywords"])))
    newest_first = sorted(by_year, reverse=True)
    groups = [newest_first[i : i + YEARS_PER_SHARD] for i in range(0, len(newest_first), YEARS_PER_SHARD)] or [[]]
    shards = []
    for number, group in enumerate(groups):
        dated = tuple(sorted(group))
        key = MAIN if number == 0 else "-".join(str(y) for y in sorted({dated[0], dated[-1]}))
        paths = (undated if number == 0 else []) + [path for year in group for path in by_year[year]]
        shards.append(Shard(key, dated, tuple(sorted(paths)), tuple(sorted(bets)) if number == 0 else ()))
    return [shard for shard in shards if shard.pages]


def index_site(site_dir: Path, shards: list[Shard], binary: Path | None = None) -> None:
    """Run Pagefind over a built site, once per shard of ``shards`` (:func:`shard_plan`): the
    main shard's bundle goes to ``<site>/pagefind/``, the others' to ``<site>/pagefind/<key>/``.

    The new bundle is made in a work folder inside the site and replaces the old one only when
    complete (a live preview keeps searching the old one meanwhile); the work folder is removed
    whatever happens. Any failure raises :class:`IndexFailed` with a Chinese message."""
    if not shards or shards[0].key != MAIN:
        raise IndexFailed("站内搜索索引生成失败：网站中没有可以搜索的页面。")
    site_dir = Path(site_dir)
    work = site_dir / WORK_SUBDIR
    shutil.rmtree(work, ignore_errors=True)
    try:
        made = work / OUTPUT_SUBDIR
        paths = ["" if number == 0 else f"{shard.key}/" for number, shard in enumerate(shards)]

        def index(number: int) -> dict[str, dict[str, int]]:
            pages = work / "pages" / str(number)
            _link_pages(site_dir, pages, shards[number].pages)
            _run_pagefind(binary, pages, made / paths[number])
            shutil.rmtree(pages)
            return _finish(made / paths[number], UNUSED_FILES + (LIBRARY_FILES if number else ()))

        every_counts = _in_parallel(index, len(shards))
        _write_listing(made, shards, paths, every_counts)
        _write_bets(made, shards[0].bets)
        shutil.rmtree(site_dir / OUTPUT_SUBDIR, ignore_errors=True)
        made.rename(site_dir / OUTPUT_SUBDIR)
    except OSError as err:
        raise IndexFailed(f"站内搜索索引生成失败：无法读写文件（{err}）。请检查磁盘空间和网站目录的权限。") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _in_parallel(index, count: int) -> list:
    """``[index(0), ..., index(count - 1)]``, PARALLEL_RUNS at a time (Pagefind keeps about one
    core busy); on the first failure the runs not started yet are dropped and it is raised."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=PARALLEL_RUNS) as pool:
        futures = [pool.submit(index, number) for number in range(count)]
        concurrent.futures.wait(futures, return_when=concurrent.futures.FIRST_EXCEPTION)
        for future in futures:
            future.cancel()  # only those not running yet
        for future in futures:
            if not future.cancelled() and future.exception() is not None:
                raise future.exception()
    return [future.result() for future in futures]


def _write_listing(bundle: Path, shards: list[Shard], paths: list[str], every_counts: list) -> None:
    """facets.json over every bundle, and shards.json: each bundle's key, path, the years its
    pages carry (which bundles a chosen year needs) and the years of its records (what the
    search panel says it searched)."""
    facets: dict[str, dict[str, int]] = {}
    listing = []
    for shard, path, counts in zip(shards, paths, every_counts, strict=True):
        for name, values in counts.items():
            merged = facets.setdefault(name, {})
            for value, count in values.items():
                merged[value] = merged.get(value, 0) + count
        listing.append(
            {
                "key": shard.key,
                "path": path,
                "years": sorted(counts.get("年份", {})),
                "dated": [str(year) for year in shard.dated],
            }
        )
    search_bundle.write_facets(bundle, facets)
    (bundle / SHARDS_FILE).write_text(json.dumps(listing, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _write_bets(bundle: Path, bets) -> None:
    """``names.json``: the registry pages a reader may name (a unit's name, short name or alias,
    a place, a theme...), so that typing exactly such a name puts its page first even where
    Pagefind would not find it: the browser splits an unknown word like 市药监局 into single
    characters, which the index (segmented by jieba) may not hold for that page. Each page is
    ``[result id in the main bundle, path, title, type]``; ``names`` maps a name to pages."""
    ids = {}  # page URL as in bets ("units/u1/") → its result id
    for fragment in sorted((bundle / "fragment").glob("*/*.pf_fragment")):
        ids[search_bundle.read_result(fragment)["url"].lstrip("/")] = f"{fragment.parent.name}/{fragment.stem}"
    pages, names = [], {}
    for path, title, kind, words in bets:
        url = path[: -len("index.html")]
        if url not in ids:
            continue
        for word in words:
            names.setdefault(word, []).append(len(pages))
        pages.append([ids[url], url, title, kind])
    listing = {"pages": pages, "names": dict(sorted(names.items()))}
    (bundle / NAMES_FILE).write_text(json.dumps(listing, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _link_pages(site_dir: Path, folder: Path, pages) -> None:
    """A shard's pages, hard-linked (copied where links are impossible) into ``folder`` at their
    paths in the site, so Pagefind records the same URLs."""
    for page in pages:
        target = folder / page
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site_dir / page, target)
        except OSError:
            shutil.copyfile(site_dir / page, target)


def _run_pagefind(binary: Path | None, site: Path, output: Path) -> None:
    try:
        cmd = [
            str(binary or pagefind_binary()),
            "--site",
            str(site),
            "--output-path",
            str(output),
            "--exclude-selectors",
            EXCLUDED,
            "--quiet",
        ]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    except (ImportError, OSError, subprocess.SubprocessError) as err:
        raise IndexFailed(
            f"站内搜索索引生成失败：无法运行 Pagefind（{err}）。请运行 make venv 重新安装依赖。"
        ) from None
    if done.returncode != 0:
        output_text = (done.stderr + done.stdout).strip()
        raise IndexFailed(f"站内搜索索引生成失败：Pagefind 退出码 {done.returncode}。\n{output_text}")


def _finish(bundle: Path, unused: tuple[str, ...]) -> dict[str, dict[str, int]]:
    for pattern in unused:
        for file in bundle.glob(pattern):
            file.unlink()
    try:
        return search_bundle.finish(bundle)  # reproducible bytes, a smaller meta file
    except (search_bundle.UnexpectedBundle, ValueError, OSError) as err:
        raise IndexFailed(
            f"站内搜索索引的格式与 Pagefind 1.5.2 不同，无法整理：{err}。请检查 requirements.txt 中的 pagefind 版本。"
        ) from None


def pagefind_binary() -> Path:
    """The Pagefind binary pinned in requirements.txt (``pagefind[extended]``: CJK segmentation)."""
    from pagefind_bin_extended import get_executable

    return get_executable()


class _Span:
    """A campaign's start..end, read like an activity's ``When``."""

    def __init__(self, start, end):
        self.start, self.end = start, end
        self.first, self.last = start.first, end.last

    @property
    def zh(self) -> str:
        return self.start.zh if self.start == self.end else f"{self.start.zh}至{self.end.zh}"


def _named(rec, kind, target: str) -> list:
    """The records of kind ``target`` a record names in its own (top-level) fields."""
    out = []
    for name, many in _ref_fields(kind.fields, target):
        value = rec.get(name)
        for item in (value if many else [value]) if value is not None else ():
            if item is not None and item not in out:
                out.append(item)
    return out


def _ref_fields(fields, target: str) -> tuple[tuple[str, bool], ...]:
    """(name, many) of the (top-level) fields that name records of kind ``target``."""
    known = _REF_FIELDS.get((id(fields), target))  # by id: hashing the model's field tuples is slow
    if known is None or known[0] is not fields:
        found = tuple((f.name, f.many) for f in fields if f.type == "ref" and f.ref == target)
        known = _REF_FIELDS[(id(fields), target)] = (fields, found)
    return known[1]


_REF_FIELDS: dict[tuple[int, str], tuple] = {}  # (id(fields), target kind) → (fields, (name, many)...)


def _with_parents(places) -> list:
    """Each place with the places containing it: 舜水新村 is also found under 曹娥街道 and 上虞市.
    The top of the tree (the city, which contains everything) is left out unless named itself:
    a facet value every page has would only make the facet's file bigger."""
    out = []
    for place in places:
        node = place
        while node is not None and node not in out and (node is place or node.get("parent") is not None):
            out.append(node)
            node = node.get("parent")
    return out


def _names(records) -> list[str]:
    seen = []
    for rec in records:
        name = rec.get("name") or rec.get("title")
        if name and name not in seen:
            seen.append(name)
    return seen


def _keywords(rec) -> list[str]:
    """The names a reader may type for a registry record, which should lead to its page first
    (partials/search-index.html): short name and aliases first, then the full name, because
    Pagefind 1.5.2 ranks a meta field by matches at its start (the full name is the title)."""
    if not model.of(rec).search_names:
        return []
    words = []
    for word in [rec.get("short"), *(rec.get("aliases") or []), rec.get("name") or rec.get("title")]:
        if word and word not in words:
            words.append(word)
    return words


# ---- measuring (the benchmark and the end-to-end tests use these) ----------------------

SEARCH_ASSETS = ("assets/search.js", "assets/search.css")  # the site's own search UI


def bundle_bytes(site_dir: Path) -> int:
    """Bytes of the search bundle on disk (``search_index_mb`` in the benchmark is this / 2**20)."""
    return sum(f.stat().st_size for f in (Path(site_dir) / OUTPUT_SUBDIR).rglob("*") if f.is_file())


def query_transfer(page, url: str, query: str, timeout_ms: int = 60000, every_year: bool = False) -> dict:
    """Search ``query`` in the header box of ``url`` in a Playwright ``page``, the way a reader
    does, and count what that search cost: every response from the search bundle plus the
    site's search UI files.

    ``bytes`` is the body bytes as received (a server that does not compress, like the test
    server: the upper bound); ``bytes_gzip`` is what a server that gzips text (JavaScript, CSS,
    JSON: GitHub Pages, nginx) would send; Pagefind's data files are gzip already.
    With ``every_year``, the reader then presses "搜索全部年份" (when the index has older
    bundles) and the cost includes theirs.
    Returns ``{"bytes", "bytes_gzip", "files": {url: bytes}, "titles": [...], "urls": [...]}``
    (the results shown, best first).
    """
    files: dict[str, int] = {}
    packed: dict[str, int] = {}

    def count(request):
        path = request.url.split("?", 1)[0]
        if f"/{OUTPUT_SUBDIR}/" in path or path.endswith(SEARCH_ASSETS):
            size = request.sizes()["responseBodySize"]
            files[path] = files.get(path, 0) + size
            text = path.endswith((".js", ".css", ".json"))
            packed[path] = packed.get(path, 0) + (len(gzip.compress(request.response().body(), 6)) if text else size)

    page.on("requestfinished", count)
    try:
        page.goto(url)
        page.keyboard.press("/")
        page.locator(".md-search__input").fill(query)
        page.wait_for_selector("[data-column-search][data-state=done]", state="attached", timeout=timeout_ms)
        if every_year and page.locator(".column-search__scope").is_visible():
            page.evaluate("document.querySelector('[data-column-search]').removeAttribute('data-state')")
            page.locator(".column-search__scope button").click()
            page.wait_for_selector("[data-column-search][data-state=done]", state="attached", timeout=timeout_ms)
        page.wait_for_load_state("networkidle")
        titles = page.locator(".md-search-result__item h2").all_inner_texts()
        urls = [link.get_attribute("href") for link in page.locator(".md-search-result__link").all()]
    finally:
        page.remove_listener("requestfinished", count)
    return {
        "bytes": sum(files.values()),
        "bytes_gzip": sum(packed.values()),
        "files": dict(sorted(files.items())),
        "titles": titles,
        "urls": urls,
    }


BENCH_QUERIES = ("法律援助", "环境整治", "市药监局", "义工")  # two words; an alias; a word on most pages
CHROMIUM = "/usr/bin/chromium"  # Debian's (scripts/setup-system.sh); never a downloaded browser


def query_transfer_kb(site_dir: Path, queries=BENCH_QUERIES, browser=None, every_year: bool = False) -> float:
    """KiB a browser downloads for the costliest of ``queries`` on a built site, each in a
    fresh headless Chromium context, the site served from localhost without compression (the
    upper bound: see ``query_transfer`` for the gzip figure). ``make bench`` reports this as
    ``search_query_kb``, and with ``every_year`` (the reader then also asks for every year) as
    ``search_all_years_kb``. Pass a Playwright ``browser`` when one is already running
    (Playwright's sync API cannot be started twice in one thread)."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"

    def measure(chromium) -> list[int]:
        costs = []
        for query in queries:
            context = chromium.new_context(locale="zh-CN")
            try:
                costs.append(query_transfer(context.new_page(), base, query, every_year=every_year)["bytes"])
            finally:
                context.close()
        return costs

    try:
        if browser is not None:
            costs = measure(browser)
        else:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as pw:
                chromium = pw.chromium.launch(
                    executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
                )
                try:
                    costs = measure(chromium)
                finally:
                    chromium.close()
    finally:
        server.shutdown()
    return max(costs) / 1024
