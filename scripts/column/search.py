"""Site search with Pagefind: what each page tells the index, and indexing the pages.

Only pages whose meta carries a ``search`` entry (made by :func:`page_meta`) are indexed:
its facets (年份, 单位, 地点, 主题, 类型), the date and type shown in results and a registry
record's names come from that entry, the text from the page's body as the pipeline rendered
it (:class:`Source`, :func:`read_page`). Home, listings, the chronicle and the 404 page have no
entry, so each record is found once, on its own page.

The index reads the very HTML the site publishes, so what it can hold is exactly what the site
shows: drafts have no page and an unpublished volunteer's name is never in a page (and the
finished bundle passes the same privacy checks as every page). Because it needs nothing MkDocs
writes, it is built while MkDocs lays the theme around the pages (:class:`Indexing`), on the
other core.

The index is split in shards (:func:`shard_plan`), so a query downloads what a reader
usually wants and not a ten-year archive: the main bundle (``pagefind/``) holds the registry
pages (units, places, campaigns, themes, modes, published volunteers, hand-written pages) and
the activities, stories and honours of the two newest years; older records are in bundles of
two years each (``pagefind/<first>-<last>/``). The search panel (overrides/assets/search.js)
searches the main bundle; the reader widens it to every year with one button, and choosing a
year in the 年份 facet adds that year's bundle. ``shards.json`` lists the bundles. Pagefind
runs once per bundle, so its memory is that of a bundle, not of the archive.

Pagefind 1.5.2 segments the pages with jieba but a query with the browser's ``Intl.Segmenter``,
so the two rarely agree on Chinese words. It therefore indexes our own tokens, not the page's
words: for each block of a page (a paragraph, a list item, a table cell...) every pair of
neighbouring letters or digits (Lucene's CJK bigrams), written in ASCII so that neither
segmenter can split them (:func:`page_tokens`); search.js turns a query into the same pairs.
The bundle's result files then get back the page's own text (search_bundle.finish).
"""

from __future__ import annotations

import collections
import concurrent.futures
import functools
import gzip
import html
import itertools
import json
import math
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from . import model, search_bundle, urls

# Facet names, in the order the search panel shows them.
FILTERS = ("年份", "单位", "地点", "主题", "类型")

# The 类型 facet of a page is its kind's ``search_type``; a kind's ``search_names`` puts its
# names (and aliases) in the index with extra weight, so 市药监局 finds the unit's page before
# its activities; a kind's ``search_lists`` page has tables listing other records (a unit's
# activities, a volunteer's service, a year-by-year table): each of those is found on its own
# page, so the index skips these tables (EXCLUDED) — one hit per record, and a smaller index.
EXCLUDED = "table"  # what is left out of the body of a ``lists`` page (page_meta)

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


def _failed(what: str, said: str) -> IndexFailed:
    """``what`` went wrong, with what the process printed (if anything) on the lines below."""
    message = f"站内搜索索引生成失败：{what}"
    return IndexFailed(f"{message}\n{said.strip()}" if said.strip() else message)


class Source(NamedTuple):
    """What the index reads of a page: its ``path`` in the site, its ``title``, its ``body`` as
    the pipeline rendered it (finished HTML: MkDocs only lays the theme around it, adding an h1
    of the title when the body has none) and its meta's ``search`` entry (:func:`page_meta`)."""

    path: str
    title: str
    body: str
    search: dict


@dataclass(frozen=True)
class Shard:
    """One bundle of the index: its key, the years of the records it holds (an activity, story
    or honours page counts by its last year) and its pages (:class:`Source`, by path)."""

    key: str
    dated: tuple[int, ...]
    sources: tuple[Source, ...]
    # the main bundle's registry pages as best bets: (path, title, type, names) — see NAMES_FILE
    bets: tuple[tuple[str, str, str, tuple[str, ...]], ...] = ()

    @property
    def pages(self) -> tuple[str, ...]:
        """Its pages' paths in the site (``units/sy-yaojian/index.html``)."""
        return tuple(source.path for source in self.sources)


def shard_plan(pages) -> list[Shard]:
    """The search index's bundles, the main one (key ``MAIN``) first.

    The main bundle holds every searchable page that is not a record of a year (units, places,
    campaigns, themes, modes, volunteers, hand-written pages) and the records of the newest
    ``YEARS_PER_SHARD`` years: a search without a chosen year downloads only it. Older records
    go, ``YEARS_PER_SHARD`` years at a time counting back from those, to bundles of their own.
    ``pages`` are the pipeline's pages (render.Page); those without a ``search`` entry in their
    meta are not indexed at all.
    """
    undated: list[Source] = []
    bets = []
    by_year: dict[int, list[Source]] = {}
    for page in pages:
        meta = page.meta.get("search")
        if not meta:
            continue
        source = Source(urls.public_url(page.src) + "index.html", page.title, page.body, meta)
        years = meta["filters"].get("年份") or []
        if is_dated(meta["type"]) and years:
            by_year.setdefault(int(max(years)), []).append(source)
        else:
            undated.append(source)
            if meta.get("keywords"):
                bets.append((source.path, page.title, meta["type"], tuple(meta["keywords"])))
    newest_first = sorted(by_year, reverse=True)
    groups = [newest_first[i : i + YEARS_PER_SHARD] for i in range(0, len(newest_first), YEARS_PER_SHARD)] or [[]]
    shards = []
    for number, group in enumerate(groups):
        dated = tuple(sorted(group))
        key = MAIN if number == 0 else "-".join(str(y) for y in sorted({dated[0], dated[-1]}))
        sources = (undated if number == 0 else []) + [source for year in group for source in by_year[year]]
        shards.append(
            Shard(key, dated, tuple(sorted(sources, key=_by_path)), tuple(sorted(bets)) if number == 0 else ())
        )
    return [shard for shard in shards if shard.sources]


def _by_path(source: Source) -> str:
    return source.path


def index_site(site_dir: Path, shards: list[Shard], binary: Path | None = None, children=None) -> None:
    """Index the pages of ``shards`` (:func:`shard_plan`) with Pagefind, once per shard: the main
    shard's bundle goes to ``<site>/pagefind/``, the others' to ``<site>/pagefind/<key>/``.
    Nothing is read from the site: the pages' text comes with the shards (:class:`Source`).

    The new bundle is made in a work folder inside the site and replaces the old one only when
    complete (a live preview keeps searching the old one meanwhile); the work folder is removed
    whatever happens. Any failure raises :class:`IndexFailed` with a Chinese message.
    ``children`` (:class:`_Children`) runs the work; :class:`Indexing` passes one it can stop."""
    if not shards or shards[0].key != MAIN:
        raise IndexFailed("站内搜索索引生成失败：网站中没有可以搜索的页面。")
    site_dir = Path(site_dir)
    work = site_dir / WORK_SUBDIR
    shutil.rmtree(work, ignore_errors=True)
    try:
        made = work / OUTPUT_SUBDIR
        paths = ["" if number == 0 else f"{shard.key}/" for number, shard in enumerate(shards)]
        finished = (children or _Children()).map(
            _index_shard,
            [
                (
                    work / "pages" / str(number),
                    shard.sources,
                    binary,
                    made / paths[number],
                    UNUSED_FILES + (LIBRARY_FILES if number else ()),
                )
                for number, shard in enumerate(shards)
            ],
        )
        _write_listing(made, shards, paths, finished)
        _write_bets(made, shards[0].bets)
        shutil.rmtree(site_dir / OUTPUT_SUBDIR, ignore_errors=True)
        made.rename(site_dir / OUTPUT_SUBDIR)
    except OSError as err:
        raise IndexFailed(f"站内搜索索引生成失败：无法读写文件（{err}）。请检查磁盘空间和网站目录的权限。") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)


class Indexing:
    """:func:`index_site` in a thread of its own, started as soon as the pipeline has rendered
    the pages: the build writes the rest of the site meanwhile. :meth:`wait` returns when the
    bundle is in place or raises :class:`IndexFailed`; :meth:`stop` ends it early (a build that
    failed elsewhere), its processes killed and its work folder removed."""

    def __init__(self, site_dir: Path, shards: list[Shard], binary: Path | None = None):
        self._children = _Children()
        self._failed: list[IndexFailed] = []
        self._thread = threading.Thread(target=self._run, args=(site_dir, shards, binary), daemon=True)
        self._thread.start()

    def _run(self, site_dir, shards, binary) -> None:
        try:
            index_site(site_dir, shards, binary, self._children)
        except IndexFailed as err:
            self._failed.append(err)
        except Exception as err:  # a bug: still a failed build, never a site without search
            self._failed.append(IndexFailed(f"站内搜索索引生成失败：{type(err).__name__}: {err}"))

    def wait(self) -> None:
        self._thread.join()
        if self._failed:
            raise self._failed[0]

    def stop(self) -> None:
        self._children.stop()
        self._thread.join()


def _index_shard(
    folder: Path, sources, binary: Path | None, bundle: Path, unused: tuple[str, ...]
) -> search_bundle.Finished:
    """One bundle: its stand-in pages in ``folder``, Pagefind, the finished bundle in ``bundle``."""
    texts = _write_token_pages(folder, sources)
    _run_pagefind(binary, folder, bundle)
    shutil.rmtree(folder)
    return _finish(bundle, unused, texts)


class _Children:
    """Jobs run PARALLEL_RUNS at a time, each in a Python process of its own (reading the pages is
    Python work, which then leaves the build's process — MkDocs, the PII scan, the live preview's
    server — alone; a new interpreter, not a fork: the build and the preview have threads).
    A process and its Pagefind end with the process that started them (:func:`die_with_parent`):
    :meth:`stop` kills the process, and a build or preview that is killed leaves none behind."""

    def __init__(self):
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen] = set()
        self._stopped = False

    def map(self, job, jobs: list[tuple]) -> list:
        """``[job(*args) for args in jobs]``; ``job`` is a function of this module, its arguments
        and results travel pickled. On the first failure the other jobs are dropped (those running
        killed) and it is raised."""
        with concurrent.futures.ThreadPoolExecutor(max_workers=PARALLEL_RUNS) as pool:
            futures = [pool.submit(self._run, job.__name__, args) for args in jobs]
            done, _ = concurrent.futures.wait(futures, return_when=concurrent.futures.FIRST_EXCEPTION)
            failed = [future.exception() for future in futures if future in done and future.exception()]
            if failed:
                for future in futures:
                    future.cancel()  # those not running yet
                self.stop()  # and those running: of no use now
        if failed:
            raise failed[0]
        return [future.result() for future in futures]

    def _run(self, name: str, args: tuple):
        package_root = str(Path(__file__).resolve().parents[1])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        with self._lock:
            if self._stopped:
                raise IndexFailed("站内搜索索引生成已停止。")
            child = subprocess.Popen(
                [sys.executable, "-c", _CHILD],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
            )
            self._running.add(child)
        try:
            out, err = child.communicate(pickle.dumps((name, args)))
        finally:
            with self._lock:
                self._running.discard(child)
        try:
            ok, value = pickle.loads(out)
        except Exception:
            raise _failed(f"索引进程异常退出（退出码 {child.returncode}）。", err.decode("utf-8", "replace")) from None
        if not ok:
            raise value
        return value

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            for child in self._running:
                child.kill()  # its Pagefind follows (die_with_parent)


def die_with_parent() -> None:
    """On Linux, ask for SIGKILL when the process that started this one ends (PR_SET_PDEATHSIG),
    so an indexing process or Pagefind never outlives a build that was stopped or killed.
    Elsewhere nothing: such a process then ends when it next writes to its closed pipe."""
    if sys.platform == "linux":
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG


_CHILD = (
    "import pickle, sys\n"
    "from column import search\n"
    "search.die_with_parent()\n"
    "name, args = pickle.load(sys.stdin.buffer)\n"
    "try:\n"
    "    done = (True, getattr(search, name)(*args))\n"
    "except Exception as err:\n"
    "    done = (False, err)\n"
    "pickle.dump(done, sys.stdout.buffer)\n"
)


def _write_listing(bundle: Path, shards: list[Shard], paths: list[str], finished: list) -> None:
    """facets.json over every bundle, and shards.json: each bundle's key, path, the years its
    pages carry (which bundles a chosen year needs), the years of its records (what the search
    panel says it searched) and its build (the first part of its result ids: search.js tells
    from a result's id which bundle, so which years, it comes from)."""
    facets: dict[str, dict[str, int]] = {}
    listing = []
    for shard, path, done in zip(shards, paths, finished, strict=True):
        for name, values in done.facets.items():
            merged = facets.setdefault(name, {})
            for value, count in values.items():
                merged[value] = merged.get(value, 0) + count
        listing.append(
            {
                "key": shard.key,
                "path": path,
                "years": sorted(done.facets.get("年份", {})),
                "dated": [str(year) for year in shard.dated],
                "build": done.build,
            }
        )
    search_bundle.write_facets(bundle, facets)
    (bundle / SHARDS_FILE).write_text(json.dumps(listing, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _write_bets(bundle: Path, bets) -> None:
    """``names.json``: the names a reader may type for a registry page (a unit's name, short name
    or alias, a place, a theme...). When a search finds nothing, search.js suggests the names
    nearest to what was typed. Each page is ``[path, title, type]``; ``names`` maps a name to
    pages. (The index itself puts a page first when the query is exactly one of its names.)"""
    pages, names = [], {}
    for path, title, kind, words in bets:
        for word in words:
            names.setdefault(word, []).append(len(pages))
        pages.append([path[: -len("index.html")], title, kind])
    listing = {"pages": pages, "names": dict(sorted(names.items()))}
    (bundle / NAMES_FILE).write_text(json.dumps(listing, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _run_pagefind(binary: Path | None, site: Path, output: Path) -> None:
    try:
        cmd = [str(binary or pagefind_binary()), "--site", str(site), "--output-path", str(output), "--quiet"]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=1800, preexec_fn=die_with_parent)
    except (ImportError, OSError, subprocess.SubprocessError) as err:
        raise IndexFailed(
            f"站内搜索索引生成失败：无法运行 Pagefind（{err}）。请运行 make venv 重新安装依赖。"
        ) from None
    if done.returncode != 0:
        raise _failed(f"Pagefind 退出码 {done.returncode}。", done.stderr + done.stdout)


def _finish(bundle: Path, unused: tuple[str, ...], texts: list) -> search_bundle.Finished:
    for pattern in unused:
        for file in bundle.glob(pattern):
            file.unlink()
    try:
        return search_bundle.finish(bundle, texts, RANK_SORT)  # the pages' own text back, reproducible bytes
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
    """The names a reader may type for a registry record, each indexed like its title
    (:func:`read_page`), so typing one puts its page first: short name and aliases first, then the
    full name (the order a result shows them in)."""
    if not model.of(rec).search_names:
        return []
    words = []
    for word in [rec.get("short"), *(rec.get("aliases") or []), rec.get("name") or rec.get("title")]:
        if word and word not in words:
            words.append(word)
    return words


# ---- what Pagefind indexes: tokens, written into stand-in pages ------------------------
#
# A block's text (a heading, a paragraph, a list item, a table cell) is normalised (NFKC, lower
# case) and reduced to its letters and digits; every pair of neighbours is a token (Lucene's CJK
# bigrams), so any piece of two or more characters of the block is found, whatever words jieba or
# the browser would have cut. Punctuation and spaces inside a block are skipped, so a title typed
# with or without its "：" is found alike. Each character is written as four letters a–z (CJK
# ideographs U+3400–U+9FFF, 0–9 and a–z: "a" or "b" first; any other letter or digit as "z" and
# five), so a token is a run of ASCII letters: neither Pagefind's jieba nor the browser's
# Intl.Segmenter splits it, and Pagefind 1.5.2, which also indexes the letter and digit runs of a
# word as words of their own, finds none in it.
#
# Every token is a pair (or for a whole title, its first pair; or one character) followed by a
# letter that never starts a character's code ("a", "b" or "z"), telling four kinds apart:
#   "p"  a pair of the page's text;
#   "t"  a pair of its title, or of a registry record's name (short name, alias);
#   "x"  a whole title or name: its first pair (or character), "x", a hash of all its letters;
#   "e"  a character that starts no pair of the page (the last of a block or title: 村 of 南穴村).
# A query's pair is searched bare: Pagefind matches word prefixes, so it finds the page's "p" and
# "t" tokens (which sort next to each other, in the same index chunk or the next); with "t" it
# finds titles only; the whole query with "x" finds exact titles; a character typed alone finds
# every token it starts, "e" included. No token is the start of another, and none is the start of
# a query's pair but the pair's own tokens, so Pagefind's fallback (the longest word that starts
# a query word, when nothing extends it) never turns a missing pair into a match.
# search.js builds the same tokens from a query (keep the two in step: tests/test_search_tokens.py
# runs both) and ranks exact titles first, then titles holding the query, then the rest.

_B26 = "abcdefghijklmnopqrstuvwxyz"
_NOT_LETTERS = re.compile(r"[\W_]+")  # \w in Python is str.isalnum() and "_": JS [\p{L}\p{N}]
_NOT_LETTERS_OR_LINE = re.compile(r"[^\w\n]+|_+")
_HAN = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_SCRIPT_RUN = re.compile(f"[{_HAN}]+|[^{_HAN}]+")
PAIR_MARK, TITLE_MARK, EXACT_MARK, END_MARK = "p", "t", "x", "e"
# A query's pairs searched, at most: each costs an index chunk (~15 KB) to download; a longer
# query is searched by this many of its pairs, spread over it (the first and the last among
# them), and a whole title still finds its page by its exact token.
QUERY_PAIRS = 6


def _base26(number: int, width: int) -> str:
    digits = ""
    for _ in range(width):
        number, rest = divmod(number, 26)
        digits = _B26[rest] + digits
    return digits


def _code(char: str) -> str:
    """A character's four (or six) letters."""
    point = ord(char)
    if 0x3400 <= point <= 0x9FFF:
        return _base26(point - 0x3400, 4)
    if 0x30 <= point <= 0x39:
        return _base26(27648 + point - 0x30, 4)
    if 0x61 <= point <= 0x7A:
        return _base26(27658 + point - 0x61, 4)
    return "z" + _base26(point, 5)


class _Codes(dict):
    """For str.translate: a character's code, worked out the first time it is asked for."""

    def __missing__(self, point: int) -> str:
        self[point] = code = _code(chr(point))
        return code


_CODES = _Codes()


def _nfkc(text: str) -> str:
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def letters(text: str) -> str:
    """What tokens are made of: the text in NFKC, lower case, letters and digits only."""
    return _NOT_LETTERS.sub("", _nfkc(text).lower())


def _pairs(text: str) -> set[str]:
    return set(map(str.__add__, text, text[1:]))


class _Tokens(dict):
    """A pair of characters → its token (two codes and PAIR_MARK), worked out once."""

    def __missing__(self, pair: str) -> str:
        self[pair] = token = pair.translate(_CODES) + PAIR_MARK
        return token


_PAIR_TOKENS = _Tokens()


def _exact(text: str) -> str:
    """The token of a whole title or name (``text`` in letters): its first two characters, "x",
    and a 32-bit FNV-1a hash of all of them."""
    value = 0x811C9DC5
    for char in text:
        value = ((value ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return text[:2].translate(_CODES) + EXACT_MARK + _base26(value, 7)


def page_tokens(blocks, titles) -> set[str]:
    """The tokens Pagefind indexes for a page whose text is ``blocks`` and whose ``titles`` are
    its title and a registry record's names (a set: the stand-in page orders them)."""
    titled: set[str] = set()
    exact = set()
    for title in titles:
        text = letters(title)
        titled |= _pairs(text)
        if text:
            exact.add(_exact(text))
    # the pairs of every block at once, less those across two blocks (around each "\n")
    text = _NOT_LETTERS_OR_LINE.sub("", _nfkc("\n".join(blocks)).lower())
    pairs = _pairs(text) - titled
    line = text.find("\n")
    while line >= 0:
        pairs.discard(text[line - 1 : line + 1])
        pairs.discard(text[line : line + 2])
        line = text.find("\n", line + 1)
    # a character typed alone finds every token it starts; one that starts no pair here (it only
    # ends a block or a title: 村 in 南穴村) gets a token of its own
    ends = {line[-1] for line in text.split("\n") if line} | {title[-1] for title in map(letters, titles) if title}
    alone = ends - {pair[0] for pair in pairs} - {pair[0] for pair in titled}
    return {
        *map(_PAIR_TOKENS.__getitem__, pairs),
        *(pair.translate(_CODES) + TITLE_MARK for pair in titled),
        *exact,
        *(_code(char) + END_MARK for char in alone),
    }


def query_parts(query: str) -> list[str]:
    """A query in parts, each searched as a whole: the pieces between spaces, in letters and
    digits, split where Chinese meets Latin letters or digits (12345热线 is found in 热线12345,
    as jieba's words were); a one-character piece stays with its neighbour (QQ群, 6月)."""
    parts = []
    for piece in unicodedata.normalize("NFKC", query).split():
        runs: list[str] = []
        for run in _SCRIPT_RUN.findall(letters(piece)):
            if runs and (len(run) == 1 or len(runs[-1]) == 1):
                runs[-1] += run
            else:
                runs.append(run)
        parts += runs
    return parts


def query_tokens(query: str) -> dict:
    """The tokens search.js searches for ``query`` (the same rules, for tests and tools): its
    ``parts`` (:func:`query_parts`); ``pairs``, the parts' pairs in order, bare (a prefix of the
    page's and the title's tokens; a one-character part as itself, a prefix of every token it
    starts), at most QUERY_PAIRS of them spread over the query; ``titled``, the same pairs in a
    title; ``exact``, the whole query as a title."""
    parts = query_parts(query)
    found: list[tuple[str, bool]] = []  # (token, whether it is a pair)
    for part in parts:
        if len(part) == 1:
            words = [(_code(part), False)]
        else:
            words = [((a + b).translate(_CODES), True) for a, b in itertools.pairwise(part)]
        for word in words:
            if word not in found:
                found.append(word)
    if len(found) > QUERY_PAIRS:
        found = [found[i * (len(found) - 1) // (QUERY_PAIRS - 1)] for i in range(QUERY_PAIRS)]
    whole = "".join(parts)
    return {
        "parts": parts,
        "pairs": [word for word, _ in found],
        "titled": [word + TITLE_MARK for word, pair in found if pair],
        "exact": _exact(whole) if whole else None,
    }


# What a reader sees of a page's body: its text without hidden elements, scripts, forms, SVG and
# the like (what Pagefind itself would leave out) and without a ``lists`` page's tables
# (EXCLUDED), in blocks.
_LEFT_OUT = "[data-pagefind-ignore], [hidden], script, style, noscript, label, form, svg, footer, nav, iframe, template"
RANK_SORT = "rank"  # the stand-in pages' Pagefind sort: their rank (search_bundle.finish checks it)
_BLOCK_TAG = re.compile(
    r"<(?:/?(?:p|div|li|ul|ol|dl|dt|dd|td|th|tr|thead|tbody|tfoot|table|caption|h[1-6]|section|"
    r"article|header|main|aside|blockquote|figure|figcaption|pre|details|summary|hr)|br)\b[^>]*>"
)
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_SPACE = re.compile(r"\s+")
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"  # CJK characters and punctuation, fullwidth forms
_SPACE_IN_CHINESE = re.compile(f"(?<=[{_WIDE}]) +(?=[{_WIDE}])")
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?")
_END_PUNCT = "。！？；：，、…）》」』】”’.!?;:,"


class PageText(NamedTuple):
    """A page as search shows it: its ``url``, its ``text`` and ``meta``, what a result shows
    (title, type, date; a registry page's names); ``order`` ranks it in its bundle (registry pages
    first, then the newest records; then by URL)."""

    url: str
    text: str
    meta: dict
    order: tuple


def read_page(source: Source) -> tuple[PageText, set[str], list[tuple[str, str]]]:
    """A page's search text, its tokens (:func:`page_tokens`) and its facets (``[(facet, value)]``)."""
    from selectolax.lexbor import LexborHTMLParser

    search = source.search
    body = LexborHTMLParser(source.body).body
    heading = body.css_first("h1")
    title = _SPACE.sub(" ", heading.text() if heading is not None else source.title).strip()
    for node in body.css(f"{_LEFT_OUT}, {EXCLUDED}" if search.get("lists") else _LEFT_OUT):
        node.decompose()
    # line breaks in the HTML are spaces (or nothing, between Chinese characters); blocks end lines
    text = html.unescape(_TAG.sub("", _BLOCK_TAG.sub("\n", _SPACE.sub(" ", body.html))))
    blocks = [line for line in (line.strip() for line in _SPACE_IN_CHINESE.sub("", text).split("\n")) if line]
    if heading is None and title:  # the theme's h1 (Material's partials/content.html)
        blocks.insert(0, title)
    names = list(search.get("keywords") or [])
    shown = {"title": title, **{k: search[k] for k in ("type", "date") if search.get(k)}}
    if names:
        shown["names"] = names
    date = _DATE.search(search.get("date", "")) if is_dated(search["type"]) else None
    url = "/" + source.path[: -len("index.html")]
    order = (1, -int(date[1]) * 10000 - int(date[2]) * 100 - int(date[3] or 0), url) if date else (0, 0, url)
    facets = [(name, value) for name, values in search["filters"].items() for value in values]
    return PageText(url, _joined(blocks), shown, order), page_tokens(blocks, [title, *names]), facets


def _joined(blocks: list[str]) -> str:
    """The blocks as one text, as an excerpt shows it: "。" after a block that ends without
    punctuation (a heading, a table cell), a space after one ending in Latin punctuation."""
    text = ""
    for block in blocks:
        if text:
            text += "" if text[-1] in "。！？；：，、…）》」』】”’" else " " if text[-1] in ".!?;:,)" else "。"
        text += block
    return text


@functools.lru_cache(maxsize=4096)
def _escaped(text: str) -> str:
    return html.escape(text)


def _write_token_pages(folder: Path, sources) -> list[PageText]:
    """For each of ``sources`` (:class:`Source`), a stand-in page for Pagefind to index: its
    facets and its tokens, named ``<rank>.html`` in ``folder`` (ranked by PageText.order) and
    sorted by that rank (``data-pagefind-sort``), so Pagefind numbers the pages in the same order.
    Returns the pages' search text in that order: search_bundle.finish puts it, and each page's
    own URL, into the bundle's result files.

    A token's place on a stand-in is the same kind of number on every page that has it: tokens
    go most frequent first (in this bundle), so the positions Pagefind records for a common pair
    are small and alike, and the index chunks a query downloads compress better (~13 %)."""
    read = []
    for source in sources:
        shown, tokens, facets = read_page(source)
        spans = "".join(
            f'<span data-pagefind-filter="{_escaped(name)}">{_escaped(value)}</span>' for name, value in facets
        )
        read.append((shown, tokens, spans))
    read.sort(key=lambda found: found[0].order)
    pages_with = collections.Counter(token for _, tokens, _ in read for token in tokens)
    place = {token: n for n, token in enumerate(sorted(pages_with, key=lambda token: (-pages_with[token], token)))}
    folder.mkdir(parents=True, exist_ok=True)
    for rank, (_, tokens, spans) in enumerate(read):
        with open(os.path.join(folder, f"{rank}.html"), "w", encoding="utf-8") as file:
            file.write(
                f'<!DOCTYPE html><html lang="und"><body><main data-pagefind-body '
                f'data-pagefind-sort="{RANK_SORT}:{rank}"><div data-pagefind-ignore>{spans}</div>'
                f"<p>{' '.join(sorted(tokens, key=place.__getitem__))}</p></main></body></html>"
            )
    return [shown for shown, _, _ in read]


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
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def query_transfer_kb(site_dir: Path, queries=BENCH_QUERIES, browser=None, every_year: bool = False) -> float:
    """KiB a browser downloads for the costliest of ``queries`` on a built site, each in a
    fresh headless Chromium context, the site served from localhost without compression (the
    upper bound: see ``query_transfer`` for the gzip figure). ``make bench`` reports this as
    ``search_query_kb``, and with ``every_year`` (the reader then also asks for every year) as
    ``search_all_years_kb``. Pass a Playwright ``browser`` when one is already running
    (Playwright's sync API cannot be started twice in one thread)."""

    def measure(chromium, base: str) -> list[int]:
        costs = []
        for query in queries:
            context = chromium.new_context(locale="zh-CN")
            try:
                costs.append(query_transfer(context.new_page(), base, query, every_year=every_year)["bytes"])
            finally:
                context.close()
        return costs

    return max(_in_chromium(site_dir, browser, measure)) / 1024


def _in_chromium(site_dir: Path, browser, work):
    """``work(browser, base URL)`` with ``site_dir`` served from localhost and headless Chromium
    (``browser``, or one started here)."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        if browser is not None:
            return work(browser, base)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return work(chromium, base)
            finally:
                chromium.close()
    finally:
        server.shutdown()


def title_pieces(title: str) -> list[str]:
    """What a reader may type of a title besides all of it: every piece of two, three and four
    characters of each run of its Chinese."""
    pieces: list[str] = []
    for run in re.findall(f"[{_HAN}]+", title):
        for size in (2, 3, 4):
            pieces += [run[i : i + size] for i in range(len(run) - size + 1) if run[i : i + size] not in pieces]
    return pieces


def indexed_pages(site_dir: Path) -> list[tuple[str, str, str]]:
    """``(result id, URL, title)`` of every page in the search index, in URL order."""
    found = []
    bundle = Path(site_dir) / OUTPUT_SUBDIR
    for shard in json.loads((bundle / SHARDS_FILE).read_text(encoding="utf-8")):
        for file in (bundle / shard["path"] / "fragment").glob("*/*.pf_fragment"):
            result = search_bundle.read_result(file)
            found.append((f"{file.parent.name}/{file.stem}", result["url"], result["meta"].get("title", "")))
    return sorted(found, key=lambda page: page[1])


def query_recall(site_dir: Path, sample: int | None = None, browser=None, progress=None) -> dict:
    """Recall of the search on a built site, in headless Chromium through search.js's own
    searching and ranking (``window.columnSearch.ids``, every year searched). For each title of
    ``sample`` pages spread evenly in URL order (all of them by default): the whole title, as
    written, must bring its page among the first three results (among the first n when n pages
    share the title), and each of its :func:`title_pieces` must find the page.
    ``make bench`` reports this as ``search_recall``; ``progress(done, total)`` is called as the
    queries go. Returns the counts and the misses."""
    pages = indexed_pages(site_dir)
    if sample and sample < len(pages):
        pages = [pages[i * len(pages) // sample] for i in range(sample)]
    shared: dict[str, int] = {}
    for _, _, title in indexed_pages(site_dir) if sample else pages:
        shared[title] = shared.get(title, 0) + 1
    checks = [(title, page_id, max(3, shared[title])) for page_id, _, title in pages]
    checks += [(piece, page_id, 0) for page_id, _, title in pages for piece in title_pieces(title)]
    lookup = """async (checks) => {
        const cache = window.__recall || (window.__recall = new Map());
        const out = [];
        for (const [query, id] of checks) {
          if (!cache.has(query)) cache.set(query, await window.columnSearch.ids(query, { everyYear: true }));
          out.push(cache.get(query).indexOf(id));
        }
        return out;
      }"""

    def measure(chromium, base: str) -> list[int]:
        context = chromium.new_context(locale="zh-CN")
        try:
            page = context.new_page()
            page.goto(base)
            page.wait_for_function("window.columnSearch !== undefined")
            found = []
            for start in range(0, len(checks), 500):
                found += page.evaluate(lookup, [[query, page_id] for query, page_id, _ in checks[start : start + 500]])
                if progress:
                    progress(len(found), len(checks))
            return found
        finally:
            context.close()

    places = _in_chromium(site_dir, browser, measure)
    found = [0 <= at < (first or math.inf) for (_, _, first), at in zip(checks, places, strict=True)]
    whole = [ok for ok, (_, _, first) in zip(found, checks, strict=True) if first]
    pieces = [ok for ok, (_, _, first) in zip(found, checks, strict=True) if not first]
    return {
        "titles": len(pages),
        "whole": len(whole),
        "whole_found": sum(whole),
        "pieces": len(pieces),
        "pieces_found": sum(pieces),
        "misses": [
            (query, page_id, at) for ok, (query, page_id, _), at in zip(found, checks, places, strict=True) if not ok
        ],
    }
