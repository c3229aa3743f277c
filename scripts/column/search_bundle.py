"""The search bundle Pagefind 1.5.2 writes, made reproducible and cheaper to download.

- Facet files: Pagefind lists each facet's values (and the facets in the language's meta
  file) in hash-map order, which changes from run to run. They are sorted and renamed by
  their new content, so the same site gives the same bytes.
- Result files (one per page): Pagefind names them by a random-looking content hash, and the
  meta file, which every query downloads, lists every page by that name. They are renamed
  ``<build>/<page number in base 36>``: at ten years (~26,000 pages) the meta file shrinks
  from ~160 KB to ~95 KB. ``<build>`` is a hash of all the pages' contents, so a browser
  never pairs a result file cached from an older build with a newer index.
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

from . import cbor

FACETS_FILE = "facets.json"
_SIGNATURE = b"pagefind_dcd"
_DIGITS = string.digits + string.ascii_lowercase


class UnexpectedBundle(ValueError):
    """The bundle is not laid out as Pagefind 1.5.2 lays it out."""


def finish(bundle: Path) -> dict[str, dict[str, int]]:
    """Tidy one Pagefind bundle in place; returns each facet's values with their page counts."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    facets: dict[str, dict[str, int]] = {}
    for language in entry["languages"].values():
        code = language["hash"].rsplit("_", 1)[0]
        meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read(meta_path)
        if not (
            isinstance(meta, list)
            and len(meta) > 3
            and isinstance(meta[1], list)
            and isinstance(meta[3], list)
            and all(isinstance(f, list) and len(f) == 2 for f in meta[1] + meta[3])
        ):
            raise UnexpectedBundle(str(meta_path))
        for name, counts in _sort_facets(bundle, code, meta[3]).items():
            facets.setdefault(name, {}).update(counts)
        _rename_results(bundle / "fragment", meta[1])
        new_hash = _write(bundle, code, ".pf_meta", 10, meta, prefix="pagefind.")
        if new_hash != language["hash"]:
            meta_path.unlink()
        language["hash"] = new_hash
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return facets


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


def _rename_results(folder: Path, pages: list) -> None:
    """pages: the meta file's ``[result file name, word count]`` per page, renamed in place."""
    build = hashlib.sha256("\n".join(page[0] for page in pages).encode()).hexdigest()[:8]
    (folder / build).mkdir(exist_ok=True)
    renamed: dict[str, str] = {}
    for number, page in enumerate(pages):
        old = page[0]
        if old not in renamed:  # identical pages share one file
            renamed[old] = f"{build}/{_base36(number)}"
            (folder / f"{old}.pf_fragment").rename(folder / f"{renamed[old]}.pf_fragment")
        page[0] = renamed[old]


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
