"""Pages that would grow with a busy year are split: a year's chronicle shows at most
CHRONICLE_PER_PAGE activities a page, each activity exactly once, with a pager. No built page
is over 40 KiB, and no page type grows with the number of years."""

from __future__ import annotations

import re

import pytest

import synthetic
from column import model, pipeline, site_pages
from conftest import build_site

pytestmark = pytest.mark.slow  # every test here builds a site or a synthetic archive


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    root = tmp_path_factory.mktemp("busy") / "content"
    synthetic.generate(root, 2, seed=5, scale=0.13)  # 260 activities a year
    result = pipeline.run(root)
    return result, {p.src: p.text for p in result.pages}


def test_a_busy_years_chronicle_is_split_into_pages(pages):
    result, text = pages
    per_page = site_pages.CHRONICLE_PER_PAGE
    for year in (2010, 2011):
        count = sum(1 for a in result.catalog.activities if a["date"].year == year)
        assert count > 2 * per_page
        srcs = [f"chronicle/{year}.md"] + [f"chronicle/{year}/page/{n}.md" for n in range(2, -(-count // per_page) + 1)]
        assert all(src in text for src in srcs) and f"chronicle/{year}/page/{len(srcs) + 1}.md" not in text
        linked = []
        for n, src in enumerate(srcs, start=1):
            ids = re.findall(r'href="(?:\.\./)+activities/([a-z0-9-]+)/"', text[src])
            assert 0 < len(ids) <= per_page
            assert f"第 {n} / {len(srcs)} 页" in text[src]
            linked += ids
        expected = sorted(
            (a for a in result.catalog.activities if a["date"].year == year),
            key=lambda a: (a["date"].sort_key, a["id"]),
        )
        assert linked == [a["id"] for a in expected]  # every activity once, in date order


def test_the_second_page_links_back_and_to_the_other_years(pages):
    _, text = pages
    second = text["chronicle/2011/page/2.md"]
    assert '<a href="../../">« 上一页</a>' in second  # chronicle/2011/page/2/ → chronicle/2011/
    assert '<a href="../../../2010/">« 2010年</a>' in second
    assert 'title: "2011年大事记（第 2 页）"' in second


# ---- every built page stays small, and no page grows with the archive ---------------------------

LIMIT = 40 * 1024  # bytes of one HTML file, as scripts/bench.py measures max_page_kb


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Two synthetic years at 900 activities a year, built as `make site` does: a 36-unit campaign
    schedule, long follow-up lists, all 68 units and 300 places of the registries, a duty campaign
    a year (68 units × 30 days)."""
    root = tmp_path_factory.mktemp("scale") / "content"
    synthetic.generate(root, 2, seed=7, scale=0.45)
    site = root.parent / "site"
    done = build_site(root, site)
    assert done.returncode == 0, done.stdout + done.stderr
    return {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}


def test_no_built_page_is_over_40_kib(built):
    assert len(built) > 3000
    assert {path: size for path, size in built.items() if size > LIMIT} == {}
    # the pages that used to outgrow the limit exist, split: a campaign's schedule, the units
    # index, the 数据 pages' figures per unit and region, the follow-up lists
    for path in (
        "campaigns/xingqiliu-2010/schedule/index.html",
        "campaigns/xingqiliu-2010/schedule/page/2/index.html",
        "units/page/2/index.html",
        "stats/units/index.html",
        "stats/2011/units/index.html",
        "follow-ups/open/page/2/index.html",
        "follow-ups/resolved/page/2/index.html",
        "campaigns/zhishou-2010/duty/index.html",  # a duty board of 68 units × 30 days, on pages
        "campaigns/zhishou-2010/duty/page/6/index.html",
    ):
        assert path in built, path
    assert max(built.values()) > LIMIT * 3 // 4  # the archive is big enough to test the limit


def _family(src: str) -> str:
    """A page type: record ids, years and page numbers replaced (units/u01.md → units/*); the lists
    of a record are one type whatever the record's kind (units/u01/activities/page/2.md →
    */*/activities: the same list, paginated the same way)."""
    src = re.sub(r"(/page/\d+)?\.md$", "", src)
    src = re.sub(r"/index$", "", src)
    parts = src.split("/")
    if len(parts) > 1 and parts[0] in {k.folder for k in model.KINDS.values() if k.folder} and parts[1] != "page":
        parts[:2] = ["*", "*"] if len(parts) > 2 else [parts[0], "*"]
    return re.sub(r"\b(19|20)\d\d\b", "YEAR", "/".join(parts))


def _largest(root, years: int) -> tuple[dict, set]:
    synthetic.generate(root, years, seed=7, scale=0.3)
    largest, paginated = {}, set()
    for p in pipeline.run(root).pages:
        family = _family(p.src)
        largest[family] = max(largest.get(family, 0), len(p.text.encode()))
        if "/page/" in p.src:
            paginated.add(family)
    return largest, paginated


def test_no_page_type_grows_with_the_years(tmp_path):
    """Between a 3- and a 7-year archive the largest page of each type grows by at most one short
    row a year (the per-year tables and year links); a list that is still filling its first page
    in the smaller archive must be paginated in the larger one."""
    small, small_paged = _largest(tmp_path / "three", 3)
    large, large_paged = _largest(tmp_path / "seven", 7)
    per_year = 800  # bytes of HTML: one row of a per-year table
    grown = {
        family: (small[family], size)
        for family, size in large.items()
        if family in small
        and size > small[family] + 4 * per_year
        and not (family in large_paged and family not in small_paged)
    }
    assert grown == {}
    assert {"follow-ups/resolved", "units", "*/*/activities", "volunteers/*", "stats/YEAR/units"} <= large.keys()
