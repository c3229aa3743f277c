"""The pipeline on both cores (parallel.py) gives exactly what a serial run gives."""
from __future__ import annotations

import os

import pytest
import synthetic
from column import parallel, pipeline, site_pages


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("parallel") / "content"
    synthetic.generate(root, 2, seed=11, scale=0.03, photos=True)
    return root


def run(root, monkeypatch, min_records):
    monkeypatch.setattr(parallel, "MIN_RECORDS", min_records)
    result = pipeline.run(root)
    return [(p.src, p.text) for p in result.pages], result.files, result.assets


def test_forked_reading_and_generators_give_the_serial_output(archive, monkeypatch):
    forks, real_fork = [], os.fork
    monkeypatch.setattr(parallel.os, "fork", lambda: forks.append(1) or real_fork())
    forked = run(archive, monkeypatch, 10)
    assert len(forks) == 2  # reading the files, and the generators
    serial = run(archive, monkeypatch, 10 ** 9)
    assert len(forks) == 2
    assert forked == serial
    assert any(src.startswith("activities/") for src, _ in forked[0]) and forked[2]  # photos came back too


def test_a_failure_in_the_forked_generators_is_raised_here(archive, monkeypatch):
    def activities(r, cat, ctx):
        raise ValueError("坏了")

    monkeypatch.setattr(parallel, "MIN_RECORDS", 10)
    monkeypatch.setattr(site_pages, "GENERATORS", [activities if g.__name__ == "activities" else g
                                                   for g in site_pages.GENERATORS])
    with pytest.raises(ValueError, match="坏了"):
        pipeline.run(archive)


def test_map_split_keeps_order(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_RECORDS", 10)
    assert parallel.map_split(lambda x: x * x, list(range(101))) == [x * x for x in range(101)]
