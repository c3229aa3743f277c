"""The benchmark's synthetic archive (scripts/synthetic.py): valid, deterministic, private.

The benchmark itself (scripts/bench.py) is not a test; only its generator is tested here, at a
tiny scale.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

import synthetic
from column import pipeline

YEARS = 2
SCALE = 0.02  # 40 activities, 10 stories, 4 volunteers a year


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("synthetic") / "content"
    counts = synthetic.generate(root, YEARS, seed=7, scale=SCALE, photos=True)
    return root, counts


def files_of(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_archive_passes_the_pipeline_with_no_issues(archive):
    root, counts = archive
    result = pipeline.run(root)  # raises ContentError listing every problem otherwise
    sizes = synthetic.Sizes.at(SCALE)
    assert len(result.catalog.activities) == counts["activities"] == YEARS * sizes.activities
    assert len(result.catalog.all("story")) == counts["stories"] == YEARS * sizes.stories
    assert len(result.catalog.all("volunteer")) == YEARS * sizes.volunteers
    assert len(result.catalog.all("unit")) == 68 and len(result.catalog.all("place")) == 300
    assert result.catalog.as_of == dt.date(synthetic.FIRST_YEAR + YEARS - 1, 12, 15)
    assert len(result.catalog.all("campaign")) == 2 * YEARS and len(result.catalog.all("honours")) == YEARS
    assert len(result.catalog.all("duty")) == 68 * YEARS  # a duty campaign a year: 68 units × 30 days
    assert result.assets, "photos=True adds JPEGs that published records use"


def test_the_archive_has_what_the_site_shows(archive):
    root, _ = archive
    cat = pipeline.run(root).catalog
    places = cat.all("place")

    def depth(p):
        return 0 if p["parent"] is None else 1 + depth(p["parent"])

    levels = [depth(p) for p in places]  # 市 → 县市区 → 镇街 → 社区/村
    assert levels.count(0) == 1 and max(levels) == 3 and levels.count(3) > 200
    campaign = cat.all("campaign")[0]
    assert campaign["flag_relay"] and len(campaign["schedule"]) >= 3
    done = [a for a in cat.activities if a.get("campaign") is campaign]
    assert done and all(a["flag"]["received"] for a in done)
    vols = cat.all("volunteer")
    assert any(v["publish"] for v in vols) and any(not v["publish"] for v in vols)
    stories = cat.all("story")
    lengths = [len(re.sub(r"\s", "", s["body"])) for s in stories]
    assert 600 <= sum(lengths) / len(lengths) <= 800  # ~650 Chinese characters a story
    assert all(s["activities"] for s in stories)


@pytest.mark.slow
def test_same_seed_gives_byte_identical_files_and_another_seed_does_not(archive, tmp_path):
    root, _ = archive
    again = tmp_path / "again"
    synthetic.generate(again, YEARS, seed=7, scale=SCALE, photos=True)
    assert files_of(again) == files_of(root)
    other = tmp_path / "other"
    synthetic.generate(other, YEARS, seed=8, scale=SCALE, photos=True)
    assert files_of(other) != files_of(root)


def test_no_volunteer_name_appears_outside_their_own_file(archive):
    """Names are built from characters no other generated text uses, so an unpublished
    volunteer can never be named by accident in a story or summary."""
    root, _ = archive
    files = {rel: data.decode("utf-8") for rel, data in files_of(root).items() if not rel.startswith("media/")}
    names = {}
    for rel, text in files.items():
        if rel.startswith("volunteers/"):
            names[rel] = re.search(r"^name: (.+)$", text, re.M).group(1)
    assert len(set(names.values())) == len(names) == YEARS * synthetic.Sizes.at(SCALE).volunteers
    others = "\n".join(text for rel, text in files.items() if not rel.startswith("volunteers/"))
    assert not any(name in others for name in names.values())
    assert not set(synthetic.GIVEN) & set(others)
