"""Reproducible and atomic builds, and drafts that appear nowhere.

- Two builds of the same content and as_of are byte-identical, whatever the folder, time
  zone, hash seed or photo cache (sitemap.xml.gz and the search index included).
- A failed build (content error, PII hit, mkdocs --strict warning) leaves the previous site
  exactly as it was.
- A draft story's title, text, id and cover are in no output file (decompressed, unzipped).
"""

import shutil

import pytest

import trees
from column import pii
from conftest import CONTENT, ROOT, build_site, run_cli, write_tree

pytestmark = pytest.mark.slow  # every test here builds a site or a synthetic archive


def snapshot(site) -> dict:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(demo_site, tmp_path):
    content = shutil.copytree(CONTENT, tmp_path / "elsewhere" / "content")
    env = {"TZ": "Asia/Shanghai", "PYTHONHASHSEED": "12345", "COLUMN_CACHE": str(tmp_path / "fresh-cache")}
    result = run_cli("build", "--site-dir", str(tmp_path / "second"), content=content, env=env)
    assert result.returncode == 0, result.stderr
    first, second = snapshot(demo_site), snapshot(tmp_path / "second")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert "sitemap.xml.gz" in first and any(name.startswith("pagefind/") for name in first)


# ---- atomic ----------------------------------------------------------------------------------

GOOD_STORY = trees.story("稿件", "2010-06-12")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("atomic")
    content = write_tree(tmp_path / "content", trees.tree({"stories/2010/s.md": GOOD_STORY}))
    site = tmp_path / "site"
    assert build_site(content, site).returncode == 0
    return content, site, snapshot(site)


@pytest.fixture
def published(built):
    """A small site built once (shared); returns (content folder, site folder, its bytes).
    Each test breaks the content its own way; the good story is put back afterwards."""
    yield built
    (built[0] / "stories/2010/s.md").write_text(GOOD_STORY, encoding="utf-8")


def assert_untouched(site, before):
    assert snapshot(site) == before
    assert [p.name for p in site.parent.iterdir() if p.name.startswith(".site-")] == []


def test_content_error_leaves_the_site_as_it_was(published):
    content, site, before = published
    (content / "stories/2010/s.md").write_text(trees.story("稿件", "2010-06-12", colour="红"), encoding="utf-8")
    result = build_site(content, site)
    assert result.returncode == 1 and "stories/2010/s.md:4: [colour] 不认识的字段“colour”。" in result.stderr
    assert_untouched(site, before)


def test_pii_hit_leaves_the_site_as_it_was(published):
    content, site, before = published
    (content / "stories/2010/s.md").write_text(trees.story("稿件", "2010-06-12", "电话 13812345678"), encoding="utf-8")
    result = build_site(content, site)
    assert result.returncode == 1 and "stories/2010/s.md:5: 手机号码 138****5678" in result.stderr
    assert_untouched(site, before)


def test_strict_warning_leaves_the_site_as_it_was(published, monkeypatch):
    """A page whose link MkDocs cannot resolve is a warning, and --strict makes it fatal."""
    from column import mkdocs_adapter, pipeline

    content, site, before = published
    real_run = pipeline.run

    def run_with_a_missing_nav_page(root, **options):
        result = real_run(root, **options)
        result.nav.append(("去哪", "nowhere.md"))  # MkDocs warns: the nav names a page that does not exist
        return result

    monkeypatch.setattr(pipeline, "run", run_with_a_missing_nav_page)
    with pytest.raises(BaseException) as err:
        mkdocs_adapter.build(ROOT / "mkdocs.yml", site, content=content)
    assert "strict" in str(err.value).lower() or "warning" in str(err.value).lower()
    assert_untouched(site, before)


# ---- drafts ----------------------------------------------------------------------------------


def test_a_draft_appears_in_no_output_file(tmp_path):
    from test_media import jpeg_with_gps

    draft = trees.story(
        "草稿标题QXZ",
        "2010-06-20",
        "草稿正文QXZ。",
        draft="true",
        summary="草稿摘要QXZ",
        cover="media/draft-cover.jpg",
        activities="[yj-anquan]",
    )
    content = write_tree(
        tmp_path / "content",
        trees.tree(
            {
                "stories/2010/draft-qxz.md": draft,
                "stories/2010/s.md": trees.story("已发布稿件", "2010-06-12", activities="[yj-anquan]"),
                "media/draft-cover.jpg": jpeg_with_gps((64, 48)),
            }
        ),
    )
    site = tmp_path / "site"
    assert build_site(content, site).returncode == 0
    hits = [
        path.relative_to(site).as_posix()
        for path in sorted(site.rglob("*"))
        if path.is_file()
        for data in pii.contents(path)
        if b"QXZ" in data or b"draft-qxz" in data or b"draft-cover" in data
    ]
    assert hits == []
    assert "已发布稿件".encode() in (site / "stories" / "index.html").read_bytes()  # the listing itself works
