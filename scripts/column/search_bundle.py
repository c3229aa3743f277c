"""The search bundle Pagefind 1.5.2 writes, made reproducible and cheaper to download.

- Facet files: Pagefind lists each facet's values (and the facets in the language's meta
  file) in hash-map order, which changes from run to run. They are sorted and renamed by
  their new content, so the same site gives the same bytes.
- Result files (one per page): Pagefind indexed stand-in pages of tokens (search.py), numbered
  in the order search.js lists equal matches (registry pages, then the newest records: the
  stand-ins' sort). Each result file is written anew with the page's own URL and text and what a
  result shows (title, type, date, a registry page's names), named ``<build>/<rank in base 36>``:
  the meta file, which every query downloads, lists every page by that name (short names keep it
  small), and search.js reads a result's rank from its id without downloading it. ``<build>`` is
  a hash of all the result files, so a browser never pairs a result file cached from an older
  build with a newer index, and tells search.js which bundle a result comes from.
- ``facets.json`` (:func:`write_facets`, over all the shards of search.py): each facet's
  values with their page counts. The search panel lists the choices from it instead of
  downloading every facet's page lists (~500 KB at ten years) before the reader has chosen
  anything.

Pagefind's data files are gzip-compressed CBOR behind a 12-byte signature (column/cbor.py).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import string
from pathlib import Path
from typing import NamedTuple

from . import cbor

FACETS_FILE = "facets.json"
_SIGNATURE = b"pagefind_dcd"
_DIGITS = string.digits + string.ascii_lowercase


class UnexpectedBundle(ValueError):
    """The bundle is not laid out as Pagefind 1.5.2 lays it out."""


class Finished(NamedTuple):
    """A finished bundle: each facet's values with their page counts, and its build (the first
    part of every result id in it)."""

    facets: dict[str, dict[str, int]]
    build: str


def finish(bundle: Path, texts: list, sort: str) -> Finished:
    """Tidy one Pagefind bundle in place. ``texts`` are its pages' search texts (search.PageText:
    ``url``, ``text``, ``meta``) in the order of the stand-in pages' ``sort`` (Pagefind lists the
    pages in that order in the meta file); they replace what Pagefind stored (the stand-ins' URLs
    and tokens)."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    if len(entry["languages"]) != 1:  # search.py writes every stand-in page in one language
        raise UnexpectedBundle(f"{entry_path}: {len(entry['languages'])} languages")
    language = next(iter(entry["languages"].values()))
    code = language["hash"].rsplit("_", 1)[0]
    meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
    meta = _read(meta_path)
    if not (
        isinstance(meta, list)
        and len(meta) > 4
        and isinstance(meta[1], list)
        and isinstance(meta[3], list)
        and all(isinstance(f, list) and len(f) == 2 for f in meta[1] + meta[3])
        and len(meta[4]) == 1
        and meta[4][0][0] == sort  # [[sort, page numbers in its order]]
        and sorted(meta[4][0][1]) == list(range(len(texts))) == list(range(len(meta[1])))
    ):
        raise UnexpectedBundle(str(meta_path))
    ranked = [meta[1][number] for number in meta[4][0][1]]  # page numbers by rank
    meta[4] = []  # search.js reads a page's rank from its result id
    facets = _sort_facets(bundle, code, meta[3])
    build = _rewrite_results(bundle / "fragment", ranked, texts)
    new_hash = _write(bundle, code, ".pf_meta", 10, meta, prefix="pagefind.")
    if new_hash != language["hash"]:
        meta_path.unlink()
    language["hash"] = new_hash
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return Finished(facets, build)


def write_facets(bundle: Path, facets: dict[str, dict[str, int]]) -> None:
    """``facets.json``: every facet's values and page counts over all the index's bundles."""
    listing = {name: sorted(counts.items()) for name, counts in sorted(facets.items())}
    (bundle / FACETS_FILE).write_text(json.dumps(listing, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _sort_facets(bundle: Path, code: str, facets: list) -> dict[str, dict[str, int]]:
    """Sort each facet file's values and the facet list; return each value's page count."""
    counts = {}
    for facet in facets:
        old = bundle / "filter" / f"{facet[1]}.pf_filter"
        name, values = _read(old)
        values = sorted(values, key=lambda v: v[0])
        facet[1] = _write(bundle / "filter", code, ".pf_filter", 7, [name, values])
        if old.name != f"{facet[1]}.pf_filter":
            old.unlink()
        counts[name] = {value: len(pages) for value, pages in values}
    facets.sort(key=lambda f: f[0])
    return counts


def _rewrite_results(folder: Path, pages: list, texts: list) -> str:
    """pages: the meta file's ``[result file name, word count]`` of each page of ``texts``, in
    their order (the rank); each result file is replaced by one holding the page's text, and
    renamed (in the meta file too) ``<build>/<rank>``. Returns the build."""
    raw = [
        _SIGNATURE
        + json.dumps(
            {
                "url": shown.url,
                "content": shown.text,
                "word_count": page[1],
                "filters": {},
                "meta": shown.meta,
                "anchors": [],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
        for page, shown in zip(pages, texts, strict=True)
    ]
    build = hashlib.sha256(b"\0".join(raw)).hexdigest()[:8]
    (folder / build).mkdir(exist_ok=True)
    for rank, (page, data) in enumerate(zip(pages, raw, strict=True)):
        (folder / f"{page[0]}.pf_fragment").unlink()
        page[0] = f"{build}/{_base36(rank)}"
        (folder / f"{page[0]}.pf_fragment").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return build


def read_result(path: Path) -> dict:
    """One result file of a finished bundle (``url``, ``content``, ``meta``...)."""
    return json.loads(gzip.decompress(path.read_bytes())[len(_SIGNATURE) :])


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, rest = divmod(number, 36)
        digits = _DIGITS[rest] + digits
        if not number:
            return digits


def _read(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_SIGNATURE):
        raise UnexpectedBundle(str(path))
    return cbor.loads(raw[len(_SIGNATURE) :])


def _write(folder: Path, code: str, suffix: str, digits: int, value, prefix: str = "") -> str:
    """Write one Pagefind data file named ``<language>_<content hash>``; returns that name."""
    raw = _SIGNATURE + cbor.dumps(value)
    name = f"{code}_{hashlib.sha256(raw).hexdigest()[:digits]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    return name
