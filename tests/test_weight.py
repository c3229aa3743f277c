"""Weight: the home page costs a phone at most 300 KB to load, photos aside, as a static host
sends it (gzip for text). Measured in the browser: every response of the page counts."""

from __future__ import annotations

import gzip

import pytest

from conftest import open_page
from page_types import PHONE

pytestmark = pytest.mark.browser

LIMIT_KB = 300
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
