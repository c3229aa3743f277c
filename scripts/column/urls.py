"""Every URL and slug rule of the generated site lives here.

Paths are MkDocs source paths (``stories/<id>.md``); with directory URLs they publish as
``stories/<id>/``.
"""

from __future__ import annotations

import functools
import posixpath

from . import model

# Top-level names of the site that are not a kind's folder: sections made here, the theme's
# files, photos and the search index. A hand-written page (<id>.md) may not take one.
SECTIONS = ("index", "chronicle", "follow-ups", "stats", "search", "media", "assets", "404", "pagefind", "wechat")

# A record page with this id would take the place of its kind's listing (stories/index.md).
LISTING_ID = "index"


def detail_path(kind: str, ident: str) -> str:
    """The page of a record of ``kind`` (its kind's ``folder``: ``stories/<id>.md``; ``<id>.md``
    for hand-written pages)."""
    folder = model.KINDS[kind].folder
    return f"{ident}.md" if folder == "" else f"{folder}/{ident}.md"


def reserved_id(kind: model.Kind, ident: str) -> tuple[str, str] | None:
    """Why a record may not have this id, and the fix (its page would take another page's
    place), or None."""
    per_file = kind.files is not None and kind.files.named_by_file
    if kind.folder == "":
        if ident in SECTIONS or ident in {k.folder for k in model.kinds_with("folder")}:
            return f"页面名“{ident}”与网站自动生成的栏目重名。", "换一个文件名，如 about.md、guide.md。"
        return None
    if ident == LISTING_ID:
        return (
            f"编号“{LISTING_ID}”留给栏目的列表页使用，不能用作{kind.ref_label or kind.label}的编号。",
            "换一个文件名（文件名就是编号）。" if per_file else "换一个编号。",
        )
    return None


def listing_path(section: str, number: int = 1) -> str:
    """Page ``number`` of a paginated listing (``stories`` → stories/index.md, stories/page/2.md)."""
    return f"{section}/index.md" if number == 1 else f"{section}/page/{number}.md"


def record_activities_path(kind: str, ident: str, number: int = 1) -> str:
    """Page ``number`` of the full activity list of a unit, place, theme, mode or campaign."""
    return listing_path(f"{model.KINDS[kind].folder}/{ident}/activities", number)


def campaign_schedule_path(ident: str, number: int = 1) -> str:
    """Page ``number`` of a long campaign schedule (计划安排与完成情况)."""
    return listing_path(f"{model.KINDS['campaign'].folder}/{ident}/schedule", number)


def campaign_duty_path(ident: str, number: int = 1) -> str:
    """Page ``number`` of a big duty campaign's board (值守一览), a share of its units a page."""
    return listing_path(f"{model.KINDS['campaign'].folder}/{ident}/duty", number)


def duty_download(ident: str, ext: str, part: str = "") -> str:
    """A duty campaign's data: its roster (``duty-<id>.csv``), coverage (``duty-<id>-coverage.csv``),
    both (``.json``, ``.xlsx``)."""
    return download_path(f"duty-{ident}{'-' + part if part else ''}.{ext}")


def follow_ups_path(status: str | None = None, number: int = 1) -> str:
    """The 长效服务 board, or page ``number`` of all its open / resolved items."""
    return "follow-ups.md" if status is None else listing_path(f"follow-ups/{status}", number)


def stats_path(year: int | None = None, part: str | None = None) -> str:
    """The 数据 page of all years or of one year; ``part="units"``: its page of the figures per
    unit and per region (stats/units.md, stats/<year>/units.md)."""
    if part is not None:
        return f"stats/{part}.md" if year is None else f"stats/{year}/{part}.md"
    return "stats/index.md" if year is None else f"stats/{year}.md"


def download_path(name: str) -> str:
    return f"stats/downloads/{name}"


def chronicle_path(year: int | None = None, number: int = 1) -> str:
    """The chronicle (大事记) index, or page ``number`` of a year's chronicle."""
    if year is None:
        return "chronicle/index.md"
    return f"chronicle/{year}.md" if number == 1 else f"chronicle/{year}/page/{number}.md"


def wechat_path(ident: str) -> str:
    """The 公众号 version of a story (wechat.py): a standalone HTML file, not a MkDocs page."""
    return f"wechat/{ident}/index.html"


def media_path(file: str) -> str:
    return f"media/{file}"


@functools.lru_cache(maxsize=1 << 16)
def _relative(base: str, target: str) -> str:
    """``posixpath.relpath(target or ".", base or ".")`` for the normalised relative paths pages
    use, without its per-call ``os.getcwd()`` (links are made ~100,000 times per build)."""
    here, there = base.split("/") if base else [], target.split("/") if target else []
    if {".", "..", ""} & set(here + there):
        return posixpath.relpath(target or ".", base or ".")
    common = 0
    while common < len(here) and common < len(there) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."


@functools.lru_cache(maxsize=1 << 17)
def public_url(src: str) -> str:
    """The published URL path of a source page, as MkDocs writes it with directory URLs."""
    if src == "index.md":
        return ""
    stem = src[: -len(".md")]
    if stem.endswith("/index"):
        stem = stem[: -len("/index")]
    return stem + "/"


def published_relative(from_src: str, to: str) -> str:
    """The URL of ``to`` (a source page, or an output file such as media/x.jpg) relative to the
    published page of ``from_src``: the href of a link on that page."""
    return relative_to(from_src)(to)


def relative_to(from_src: str):
    """``published_relative(from_src, to)`` as a function of ``to`` (a page makes many links)."""
    here = public_url(from_src).rstrip("/")

    def relative(to: str) -> str:
        if to.endswith(".md"):
            rel = _relative(here, public_url(to).rstrip("/"))
            return "./" if rel == "." else rel + "/"
        return _relative(here, to)

    return relative
