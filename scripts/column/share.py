"""Sharing a page: its canonical address, and that address as a QR code drawn at build time.

Readers mostly come from WeChat and pass pages on from their phones; on a desktop they scan the
code to open the page on the phone. The code is inline SVG (no image file, no script, nothing
fetched), made by segno from ``site_url`` + the page's published URL — the address MkDocs
writes as the page's canonical link. Without a ``site_url`` the address is not known at build
time: the share block then offers only the 复制链接 button, which copies the address the
browser shows.
"""

from __future__ import annotations

import functools
import re

import segno
from markupsafe import Markup

from . import urls

LABEL = "扫码分享本页"
# segno picks the best of the eight QR masks by scoring each (~4 ms a code); any mask makes a
# valid code and phones read them all alike, so one fixed mask keeps a page's code at ~1 ms
# (some 26,000 pages at ten years).
MASK = 0
BORDER = 2  # quiet zone in modules; the share block's white box adds the rest


def canonical_url(site_url: str | None, src: str) -> str | None:
    """The published address of page ``src`` (as MkDocs' canonical link), or None without a site_url."""
    if not site_url:
        return None
    return site_url.rstrip("/") + "/" + urls.public_url(src)


_SVG_OPEN = re.compile(r"^<svg[^>]*>")


@functools.lru_cache(maxsize=1024)
def qr_svg(url: str) -> Markup:
    """``url`` as a QR code (error correction M): inline SVG that scales with its box, named for
    screen readers (role img, aria-label and title 扫码分享本页)."""
    code = segno.make(url, error="m", micro=False, boost_error=False, mask=MASK)
    width, height = code.symbol_size(scale=1, border=BORDER)
    svg = code.svg_inline(scale=1, border=BORDER, omitsize=True, dark="#000", svgclass=None, lineclass=None)
    opening = (
        f'<svg class="column-qr" viewBox="0 0 {width} {height}" role="img" aria-label="{LABEL}"'
        f' shape-rendering="crispEdges"><title>{LABEL}</title>'
    )
    return Markup(_SVG_OPEN.sub(opening, svg, count=1))


def block(site_url: str | None, src: str) -> dict:
    """What a page's share block shows: its address (None: unknown at build time) and QR code."""
    url = canonical_url(site_url, src)
    return {"url": url, "qr": qr_svg(url) if url else None}
