"""The column plugin (mkdocs_adapter.py): its options are MkDocs config options, MkDocs converts no
Markdown of ours, a build leaves nothing set in the process, and the output guard also refuses
the name of a volunteer without consent that reached the site another way."""

from __future__ import annotations

import functools
import os
import re
import shutil
from pathlib import Path

import markdown
import pytest
from mkdocs.exceptions import Abort

import trees
from column import mkdocs_adapter, search
from conftest import ROOT, run_cli, write_tree

pytestmark = pytest.mark.slow  # every test here builds a site or a synthetic archive


def build(tmp_path, files=None, **options):
    content = write_tree(tmp_path / "content", trees.tree(files))
    mkdocs_adapter.build(ROOT / "mkdocs.yml", tmp_path / "site", content=content, **options)
    return tmp_path / "site"


def test_mkdocs_converts_no_markdown_of_ours(tmp_path, monkeypatch):
    converted = []
    real = markdown.Markdown.convert
    monkeypatch.setattr(markdown.Markdown, "convert", lambda self, text: converted.append(text) or real(self, text))
    site = build(tmp_path)
    assert (site / "activities" / "yj-anquan" / "index.html").is_file()
    assert [text for text in converted if text.strip()] == []  # only the empty string of each page


def test_the_table_of_contents_comes_with_the_page(tmp_path):
    site = build(tmp_path)
    page = (site / "activities" / "yj-anquan" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="_1">药监局在金桂苑开展安全用药宣传</h1>' in page
    assert 'href="#_1"' in page  # Material's table of contents links to the page's own heading


def test_a_build_leaves_nothing_set_in_the_process(tmp_path):
    before = dict(os.environ)
    build(tmp_path)
    assert dict(os.environ) == before
    assert "SOURCE_DATE_EPOCH" not in os.environ


def test_the_options_are_validated_by_mkdocs(tmp_path):
    with pytest.raises(SystemExit) as err:
        build(tmp_path, as_of="2010-13-01")
    assert "column: as_of: expected a date YYYY-MM-DD, got '2010-13-01'" in str(err.value)
    assert not (tmp_path / "site").exists()


def test_as_of_applies_when_site_yml_sets_none(tmp_path):
    site_yml = trees.SITE.replace("as_of: 2010-12-15\n", "")
    site = build(tmp_path, {"site.yml": site_yml}, as_of="2011-03-01")
    assert "<lastmod>2011-03-01</lastmod>" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_a_failed_index_is_reported_with_what_the_guard_found(tmp_path, monkeypatch):
    """The search index and the PII guard run side by side: when both fail, the editor hears of both."""
    monkeypatch.setattr(search, "Indexing", functools.partial(search.Indexing, binary=Path(shutil.which("false"))))
    story = trees.story("稿件", "2010-06-12", "咨询电话13812345678。")
    with pytest.raises(Abort) as err:
        build(tmp_path, {"stories/2010/s.md": story})
    assert str(err.value) == (
        "内容检查发现 1 个问题，网站未生成（已发布的网站保持不变）：\n"
        "stories/2010/s.md:5: 手机号码 138****5678 会出现在网站上（生成的文件：stories/s/index.html），网站未发布。\n"
        "    修改方法：删去这个号码；如果它是可以公开的办公电话或热线，把它加进 site.yml 的 pii_allow 列表。\n"
        "站内搜索索引生成失败：Pagefind 退出码 1。"
    )
    assert not (tmp_path / "site").exists()


def test_an_unpublished_name_that_reaches_the_site_another_way_stops_the_build(tmp_path):
    """consent.check reads the content; a template (or any other source) is checked on the output."""
    overrides = tmp_path / "overrides"
    shutil.copytree(ROOT / "overrides", overrides)
    footer = overrides / "partials" / "copyright.html"
    footer.write_text(footer.read_text(encoding="utf-8").replace("主办：", "值班联系人：李四 主办："), encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        (ROOT / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("custom_dir: overrides", f"custom_dir: {overrides}")
        .replace("  - scripts/column\n", f"  - {ROOT / 'scripts/column'}\n")
        .replace("  - overrides\n", f"  - {overrides}\n"),
        encoding="utf-8",
    )
    content = write_tree(tmp_path / "content", trees.tree({"volunteers/li-si.md": trees.volunteer("李四")}))
    site = tmp_path / "out" / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("已发布的网站", encoding="utf-8")
    done = run_cli("build", "--config", str(config), "--site-dir", str(site), content=content)
    assert done.returncode == 1
    pages = len([p for p in (tmp_path / "out").rglob("*")])  # nothing was left behind to count
    assert pages == 2
    assert re.search(
        r"^404\.html: 未同意公开姓名的志愿者“李四”的名字出现在生成的网站文件里（404\.html、"
        r"activities/yj-anquan/index\.html、[a-z/0-9-]+/index\.html 等 \d+ 个文件），网站未发布。$",
        done.stderr,
        re.M,
    )
    assert (
        "修改方法：内容里发布的文字没有写这个名字，它来自别处（模板、网站设置等）：删去它；"
        "若本人已同意公开，在 volunteers/li-si.md 中写 publish: true。"
    ) in done.stderr
    assert [p.name for p in site.iterdir()] == ["index.html"]  # the published site is untouched
