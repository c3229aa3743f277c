"""Live preview (preview.py, ``make serve``): an edit shows from the fast path, and the preview
always settles on exactly the Markdown a full build renders."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

import synthetic
from column import pipeline, preview
from column.issues import ContentError
from conftest import CONTENT, ROOT, build_site

pytestmark = pytest.mark.slow  # every test here builds a site or a synthetic archive


@pytest.fixture
def archive(tmp_path):
    root = tmp_path / "content"
    synthetic.generate(root, 1, seed=3, scale=0.03)
    return root


@pytest.fixture
def session():
    s = preview.Session()
    yield s
    s.close()


def full_pages(root):
    result = pipeline.run(root)
    return {p.src: p.text for p in result.pages}


def first_story(root):
    return sorted(root.glob("stories/*/*.md"))[0]


def wait_for_exact(s: preview.Session, timeout=120):
    s._worker.wait(timeout=timeout)
    deadline = time.monotonic() + 10
    while s._exact is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert s._exact is not None, "the background full run gave no result"


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edited_story_takes_the_fast_path_then_the_preview_equals_a_full_build(archive, session):
    plan = session.plan(archive)
    assert plan.kind == "full" and plan.modified == set(plan.pages) | set(plan.files)
    session.done()
    story = first_story(archive)
    edit(story, 'title: "', 'title: "改过的标题：')
    edit(story, "\n---\n\n", "\n---\n\n改过的第一段。\n\n")

    plan = session.plan(archive)
    src = f"stories/{story.stem}.md"
    assert plan.kind == "fast" and plan.modified == {src}
    assert "改过的标题：" in plan.pages[src].text and "改过的第一段。" in plan.pages[src].text
    fresh = full_pages(archive)
    assert plan.pages[src].text == fresh[src]  # the edited page is already exactly the full build's
    session.done()

    wait_for_exact(session)
    plan = session.plan(archive)
    assert plan.kind == "exact"
    assert "stories/index.md" in plan.modified  # the listing shows the new title
    assert all(plan.pages[s].text == fresh[s] for s in plan.modified if s in fresh)
    session.done()
    # What the preview holds is now every page of a full build, and nothing else.
    assert session.written.keys() >= fresh.keys()
    assert all(session.written[s] == preview.digest(t) for s, t in fresh.items())


def test_a_new_story_gets_its_page_at_once(archive, session):
    session.plan(archive)
    session.done()
    story = first_story(archive)
    new = story.with_name("s-new-story.md")
    new.write_text(story.read_text(encoding="utf-8").replace('title: "', 'title: "新稿：', 1), encoding="utf-8")
    plan = session.plan(archive)
    assert plan.kind == "fast" and plan.modified == {"stories/s-new-story.md"}
    assert plan.pages["stories/s-new-story.md"].text == full_pages(archive)["stories/s-new-story.md"]


def test_registry_edits_deletions_and_renames_run_the_whole_pipeline(archive, session):
    session.plan(archive)
    session.done()
    edit(archive / "units.yml", 'name: "市委办公室"', 'name: "市委办公室（改名）"')
    assert session.plan(archive).kind == "full"
    session.done()
    first_story(archive).unlink()
    assert session.plan(archive).kind == "full"
    session.done()
    activity = sorted(archive.glob("activities/*/*.yml"))[0]
    edit(activity, 'title: "', 'title: "改名的活动')  # stories may name an activity by its title
    assert session.plan(archive).kind == "full"


def test_a_mistake_in_the_edited_file_is_reported_and_fixing_it_takes_the_fast_path(archive, session):
    session.plan(archive)
    session.done()
    story = first_story(archive)
    good = story.read_text(encoding="utf-8")
    story.write_text(re.sub(r"^date: .*$", "date: 2010-13-01", good, count=1, flags=re.M), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        session.plan(archive)
    assert "日期不存在：“2010-13-01”" in str(err.value)
    story.write_text(good.replace("\n---\n\n", "\n---\n\n修好了。\n\n", 1), encoding="utf-8")
    plan = session.plan(archive)
    assert plan.kind == "fast" and "修好了。" in plan.pages[f"stories/{story.stem}.md"].text


def test_nothing_changed_writes_nothing(archive, session):
    session.plan(archive)
    session.done()
    plan = session.plan(archive)
    assert plan.kind == "fast" and not plan.modified


# ---- make serve, end to end ------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_until(check, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(0.1)
    return None


def article(html):
    """The page without what only the preview server adds (its live-reload script)."""
    return re.sub(r"<script>[^<]*livereload[^<]*</script>", "", html, flags=re.S)


@pytest.mark.slow
def test_make_serve_shows_an_edit_and_settles_on_the_full_build(tmp_path):
    content = shutil.copytree(CONTENT, tmp_path / "content")
    port = free_port()
    env = {**os.environ, "COLUMN_CONTENT": str(content), "PYTHONPATH": str(ROOT / "scripts")}
    server = subprocess.Popen(
        ["make", "-s", "serve", f"SERVE_ADDR=127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        assert wait_until(lambda: fetch(base), 120), "make serve did not come up"
        story = content / "stories/2010/yuecheng-qingqiyi-yingshihe.md"
        edit(story, "title: ", "title: 预览改过：")
        page = wait_until(
            lambda: (html := fetch(base + "stories/yuecheng-qingqiyi-yingshihe/")) and "预览改过：" in html and html, 60
        )
        assert page, "the edited story never showed"
        listing = wait_until(lambda: (html := fetch(base + "stories/")) and "预览改过：" in html and html, 120)
        assert listing, "the story listing never caught up"
        time.sleep(1)  # let the exact rebuild finish writing
        built = build_site(content, tmp_path / "site")
        assert built.returncode == 0, built.stdout + built.stderr
        for path in ("stories/yuecheng-qingqiyi-yingshihe/index.html", "stories/index.html", "index.html"):
            served = fetch(base + path.removesuffix("index.html"))
            assert article(served) == (tmp_path / "site" / path).read_text(encoding="utf-8"), path
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
