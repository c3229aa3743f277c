"""Pages that would grow with a busy year are split: a year's chronicle shows at most
CHRONICLE_PER_PAGE activities a page, each activity exactly once, with a pager."""
from __future__ import annotations

import re

import pytest
import synthetic
from column import pipeline, site_pages


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
            ids = re.findall(r"\(\.\./(?:\.\./\.\./)?activities/([a-z0-9-]+)\.md\)", text[src])
            assert 0 < len(ids) <= per_page
            assert f"第 {n} / {len(srcs)} 页" in text[src]
            linked += ids
        expected = sorted((a for a in result.catalog.activities if a["date"].year == year),
                          key=lambda a: (a["date"].sort_key, a["id"]))
        assert linked == [a["id"] for a in expected]  # every activity once, in date order


def test_the_second_page_links_back_and_to_the_other_years(pages):
    _, text = pages
    second = text["chronicle/2011/page/2.md"]
    assert "[« 上一页](../../2011.md)" in second  # chronicle/2011/page/2.md → chronicle/2011.md
    assert "[« 2010年](../../2010.md)" in second
    assert "title: \"2011年大事记（第 2 页）\"" in second
