"""The pipeline on both cores (parallel.py) gives exactly what a serial run gives."""

from __future__ import annotations

import gc
import os

import pytest

import synthetic
from column import parallel, pipeline, site_pages
from column.issues import ContentError

pytestmark = pytest.mark.slow  # every test here builds a site or a synthetic archive


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("parallel") / "content"
    synthetic.generate(root, 2, seed=11, scale=0.03, photos=True)
    return root


def run(root, monkeypatch, min_records):
    monkeypatch.setattr(parallel, "MIN_RECORDS", min_records)
    monkeypatch.setattr(parallel, "CHUNK", 10)  # both processes read some of the files
    # Other tests of the session may have left threads (browsers): fork anyway, here it is safe.
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    result = pipeline.run(root)
    return [(p.src, p.text) for p in result.pages], result.files, result.assets


def test_forked_reading_and_generators_give_the_serial_output(archive, monkeypatch):
    forks, real_fork = [], os.fork
    monkeypatch.setattr(parallel.os, "fork", lambda: forks.append(1) or real_fork())
    forked = run(archive, monkeypatch, 10)
    assert len(forks) == 2  # reading the files, and the generators
    serial = run(archive, monkeypatch, 10**9)
    assert len(forks) == 2
    assert forked == serial
    assert any(src.startswith("activities/") for src, _ in forked[0]) and forked[2]  # photos came back too


def test_a_failure_in_the_forked_generators_is_raised_here(archive, monkeypatch):
    def activities(r, cat, ctx):
        raise ValueError("坏了")

    monkeypatch.setattr(parallel, "MIN_RECORDS", 10)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    monkeypatch.setattr(
        site_pages, "GENERATORS", [activities if g.__name__ == "activities" else g for g in site_pages.GENERATORS]
    )
    with pytest.raises(ValueError, match="坏了"):
        pipeline.run(archive)


def test_forked_reading_reports_the_same_problems_as_a_serial_run(tmp_path, monkeypatch):
    root = tmp_path / "content"
    synthetic.generate(root, 1, seed=3, scale=0.03)
    activity = sorted((root / "activities").rglob("*.yml"))[0]
    activity.write_text(
        activity.read_text(encoding="utf-8").replace("hours: ", "hours: 三", 1) + "colour: 红\n", encoding="utf-8"
    )
    story = sorted((root / "stories").rglob("*.md"))[-1]
    monkeypatch.setattr(parallel, "CHUNK", 5)  # files shared in small chunks: both processes read and validate
    story.write_text(story.read_text(encoding="utf-8").replace("date: ", "date: 2009-13-", 1), encoding="utf-8")

    def problems(min_records):
        monkeypatch.setattr(parallel, "MIN_RECORDS", min_records)
        monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
        with pytest.raises(ContentError) as raised:
            pipeline.run(root)
        return [issue.format() for issue in raised.value.issues]

    forked = problems(10)
    assert forked == problems(10**9)
    fields = {line.split("[")[1].split("]")[0] for line in forked if line.startswith(("activities/", "stories/"))}
    assert {"hours", "colour", "date"} <= fields


def test_the_cycle_collector_is_on_again_after_a_run(archive, tmp_path):
    assert gc.isenabled()
    pipeline.run(archive)
    assert gc.isenabled()
    (tmp_path / "site.yml").write_text("title: [\n", encoding="utf-8")
    with pytest.raises(ContentError):
        pipeline.run(tmp_path)
    assert gc.isenabled()
    gc.disable()
    try:
        pipeline.run(archive)
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_map_split_keeps_order(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_RECORDS", 10)
    monkeypatch.setattr(parallel, "CHUNK", 7)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    assert parallel.map_split(lambda x: x * x, list(range(101))) == [x * x for x in range(101)]
