"""The page types readers meet, found in a built site, and the two screens we design for.

Each type lists where its pages are published (globs relative to the site folder). A test
over every type takes the richest page of each (the largest HTML file: most tables, lists and
photos), so it keeps covering new content as it lands. A type with no page at all is a
failure, never a skip: every type must exist.
"""

from __future__ import annotations

from pathlib import Path

import pytest

PAGE_TYPES = {
    "home": ("index.html",),
    "story": ("stories/*/index.html",),
    "activity": ("activities/*/index.html",),
    "volunteer": ("volunteers/*/index.html",),
    "volunteers": ("volunteers/index.html",),  # 党员风采: the portrait wall
    "unit": ("units/*/index.html",),
    "place": ("places/*/index.html",),
    "campaign": ("campaigns/*/index.html",),
    # a duty campaign's page with its coverage board (or a page of a big one's board)
    "duty campaign": ("campaigns/*/index.html", "campaigns/*/duty/index.html"),
    "chronicle": ("chronicle/[0-9][0-9][0-9][0-9]/index.html",),
    "statistics": ("stats/index.html", "statistics/index.html"),
    # Search has no page of its own: it is the panel in the header of every page (Pagefind),
    # looked at on the home page with the results of a query (see ``show``).
    "search": ("search/index.html", "index.html"),
}
# Types told apart by what their pages hold, not only where they are: (must hold, must not hold).
HOLDING = {"duty campaign": ("column-duty-board", None), "campaign": (None, "column-duty-board")}
SEARCH_QUERY = "药监"

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
SCREENS = {"phone": PHONE, "desktop": DESKTOP}


def pages_of(site: Path, kind: str) -> list[Path]:
    """Every published page of one type, richest (largest) first, then by path."""
    found = {p for pattern in PAGE_TYPES[kind] for p in site.glob(pattern)}
    must, must_not = HOLDING.get(kind, (None, None))
    if must or must_not:
        texts = {p: p.read_text(encoding="utf-8") for p in found}
        found = {p for p in found if (not must or must in texts[p]) and not (must_not and must_not in texts[p])}
    return sorted(found, key=lambda p: (-p.stat().st_size, p.as_posix()))


def url_path(site: Path, html: Path) -> str:
    """The URL path (relative to the site root) that serves ``html``."""
    rel = html.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def page_url(site: Path, kind: str) -> str:
    """The URL path of the richest page of a type; fails the test when the type has none."""
    found = pages_of(site, kind)
    if not found:
        pytest.fail(f"the built site has no {kind} page (looked for {', '.join(PAGE_TYPES[kind])})")
    return url_path(site, found[0])


def show(pg, kind: str) -> str:
    """Bring a loaded page into the state readers look at; returns the selector of its main
    content. For search: open the panel with the "/" shortcut and wait for the results."""
    if kind != "search":
        return "article"
    pg.keyboard.press("/")
    pg.locator(".md-search__input").fill(SEARCH_QUERY)
    pg.locator(".md-search-result__list > li").first.wait_for()
    return ".md-search-result"


def no_page_scroll(pg) -> tuple[int, int]:
    """(widest scroll width of the document, screen width): the first is at most the second
    when nothing sticks out. The screen width is the emulated device's, not innerWidth: a
    phone browser widens its layout viewport (zooms out) to fit a page that overflows."""
    width = pg.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
    return width, pg.viewport_size["width"]
