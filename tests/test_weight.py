"""Weight: the home page costs a phone at most 300 KB to load, photos aside, and at most 700 KB
with every photo a phone loads on its way down the page, as a static host sends it (gzip for
text). Measured in the browser: every response of the page counts."""

from __future__ import annotations

import gzip

import pytest

from conftest import open_page
from page_types import PHONE

pytestmark = pytest.mark.browser

LIMIT_KB = 300
WITH_PHOTOS_KB = 700
# A phone with a dense screen (3 device pixels a CSS pixel) picks the largest copies in srcset.
DENSE_PHONE = {**PHONE, "device_scale_factor": 3}
COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


def transferred(response) -> int:
    """Bytes on the wire from a host that gzips text (GitHub Pages, nginx with gzip on)."""
    body = response.body()
    ctype = response.headers.get("content-type", "")
    return len(gzip.compress(body, compresslevel=6, mtime=0)) if ctype.startswith(COMPRESSED) else len(body)


def test_home_page_is_light_on_a_phone(browser, site_url):
    pg = open_page(browser, site_url, **PHONE)
    try:
        responses = []
        pg.on("response", lambda response: responses.append(response))
        pg.goto(site_url)
        pg.wait_for_load_state("networkidle")
        sizes = {r.url: transferred(r) for r in responses if r.request.resource_type != "image" and r.status == 200}
    finally:
        pg.context.close()
    total = sum(sizes.values()) / 1024
    listing = "\n".join(f"{size / 1024:7.1f} KB {url}" for url, size in sorted(sizes.items(), key=lambda x: -x[1]))
    assert any(url.endswith(".css") for url in sizes) and any(url.endswith(".js") for url in sizes), listing
    assert total <= LIMIT_KB, f"home page {total:.0f} KB > {LIMIT_KB} KB without photos:\n{listing}"


def test_home_page_with_its_photos_is_light_on_a_phone(browser, site_url):
    """Scrolled to the bottom, so every lazy photo has loaded, on a dense screen."""
    pg = open_page(browser, site_url, **DENSE_PHONE)
    try:
        responses = []
        pg.on("response", lambda response: responses.append(response))
        pg.goto(site_url)
        pg.wait_for_load_state("networkidle")
        height = pg.evaluate("document.documentElement.scrollHeight")
        for y in range(0, height + 800, 400):
            pg.evaluate(f"window.scrollTo(0, {y})")
            pg.wait_for_timeout(30)
        pg.wait_for_load_state("networkidle")
        complete = pg.evaluate("[...document.querySelectorAll('article img')].every(i => i.complete && i.naturalWidth)")
        sizes = {r.url: (transferred(r), r.request.resource_type) for r in responses if r.status == 200}
        shown = pg.evaluate("document.querySelectorAll('article img').length")
    finally:
        pg.context.close()
    photos = [url for url, (_, kind) in sizes.items() if kind == "image" and "/media/" in url]
    total = sum(size for size, _ in sizes.values()) / 1024
    listing = "\n".join(
        f"{size / 1024:7.1f} KB {url}" for url, (size, _) in sorted(sizes.items(), key=lambda x: -x[1][0])
    )
    assert complete and len(photos) == shown >= 10, listing  # every photo of the page, once
    assert total <= WITH_PHOTOS_KB, f"home page {total:.0f} KB > {WITH_PHOTOS_KB} KB with photos:\n{listing}"
