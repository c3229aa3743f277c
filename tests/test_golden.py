"""Golden snapshot: the generated pages (front matter and HTML) of the demo content, page by page.

tests/golden/pages/<source path> holds ``Page.text`` of every page that
``pipeline.run(content/)`` generates. Any change to a template, a generator or the demo
content shows up here as a diff to review. After an intentional change, regenerate the
snapshot on purpose and commit it with the change:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
    git diff tests/golden        # review: every change should be one you meant

With UPDATE_GOLDEN=1 the test rewrites the folder (stale pages are deleted) and passes.
"""

import difflib
import os
import shutil
from pathlib import Path

import pytest

import trees
from column import pipeline
from conftest import CONTENT

GOLDEN = Path(__file__).parent / "golden" / "pages"
REGENERATE = (
    "regenerate on purpose with `UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py`, "
    "then review `git diff tests/golden` and commit it"
)


@pytest.fixture(scope="module")
def demo():
    return pipeline.run(CONTENT, trees.BUILD_DATE)


def snapshot() -> dict[str, str]:
    return {
        p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(GOLDEN.rglob("*"))
        if p.is_file()
    }


def write_snapshot(pages: dict[str, str]) -> None:
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for src, text in pages.items():
        path = GOLDEN / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_generated_markdown_matches_the_snapshot(demo):
    actual = {p.src: p.text for p in demo.pages}
    if os.environ.get("UPDATE_GOLDEN"):
        write_snapshot(actual)
    expected = snapshot()
    new = sorted(set(actual) - set(expected))
    gone = sorted(set(expected) - set(actual))
    changed = sorted(src for src in set(actual) & set(expected) if actual[src] != expected[src])
    if new or gone or changed:
        report = [
            f"the generated pages differ from tests/golden/pages: {len(new)} new, {len(gone)} gone, "
            f"{len(changed)} changed page(s); {REGENERATE}."
        ]
        listed = [f"  new page: {src}" for src in new] + [f"  page gone: {src}" for src in gone]
        listed += [f"  changed: {src}" for src in changed]
        report += listed[:15] + ([f"  … and {len(listed) - 15} more"] if len(listed) > 15 else [])
        for src in changed[:2]:
            diff = difflib.unified_diff(
                expected[src].splitlines(),
                actual[src].splitlines(),
                f"golden/pages/{src}",
                f"generated/{src}",
                lineterm="",
                n=1,
            )
            report += list(diff)[:30]
        report.append(f"To accept these changes: {REGENERATE}.")
        pytest.fail("\n".join(report), pytrace=False)


def test_snapshot_is_deterministic(demo):
    again = pipeline.run(CONTENT, trees.BUILD_DATE)
    assert [(p.src, p.text) for p in again.pages] == [(p.src, p.text) for p in demo.pages]


def test_demo_pages_never_name_unpublished_volunteers(demo):
    hidden = [v for v in demo.catalog.all("volunteer") if not v.get("publish")]
    assert hidden, "the demo content should have unpublished volunteers to prove this"
    for v in hidden:
        for needle in (v["name"], v["id"]):
            leaks = [p.src for p in demo.pages if needle in p.text]
            assert leaks == [], f"{needle} appears in {leaks}"
