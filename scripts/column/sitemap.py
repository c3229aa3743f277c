"""sitemap.xml (and its gzip copy) of every generated page, dated as_of.

Written by the pipeline, not by the theme: it depends on nothing but the pages and the
catalog, so the same content gives the same bytes, and a fast live preview keeps it whole.
"""

from __future__ import annotations

import datetime as dt
import gzip
from xml.sax.saxutils import escape

from . import urls

PATH = "sitemap.xml"
NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def files(pages, site_url: str | None, as_of: dt.date) -> dict[str, bytes]:
    """``sitemap.xml`` and ``sitemap.xml.gz`` listing ``pages`` (absolute URLs from ``site_url``,
    else paths from the site's root)."""
    base = (site_url.rstrip("/") + "/") if site_url else "/"
    day = as_of.isoformat()
    entries = "".join(
        f"    <url>\n         <loc>{escape(base + url)}</loc>\n         <lastmod>{day}</lastmod>\n    </url>\n"
        for url in sorted({urls.public_url(page.src) for page in pages})
    )
    data = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NS}">\n{entries}</urlset>\n'.encode()
    stamp = dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.UTC).timestamp()
    return {PATH: data, PATH + ".gz": gzip.compress(data, compresslevel=9, mtime=int(stamp))}
