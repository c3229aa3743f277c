"""The column's heartbeat: 更新于 on the home page and every list page (the newest published
item's date, computed once in figures.py), and a 警告 from ``check`` and ``build`` — never a
failure — when the newest story is more than site.yml's ``update_every`` days before the build
date (``as_of``)."""

from __future__ import annotations

import re

import pytest

import trees
from column import figures, pipeline, site_pages, urls
from column.values import Date
from conftest import run_cli, write_tree

OLD_STORY = {"stories/2010/old.md": trees.story("九月的报道", "2010-09-10")}
WARNING = (
    "警告：site.yml:{line}: [update_every] 最新一篇新闻稿的日期是2010年9月10日，到2010年12月15日已有96天，"
    "超过了设定的更新周期14天。\n"
    "    修改方法：请尽快发布新的新闻稿：栏目长期不更新，读者和检查都会认为它已停办。"
    "更新周期不合适时，改 site.yml 的 update_every。\n"
)


def with_update_every(days: str, files: dict | None = None) -> dict:
    return {"site.yml": trees.SITE + f"update_every: {days}\n", **(files or {})}


def test_updated_is_the_newest_published_item(tmp_path):
    files = {
        **OLD_STORY,
        "stories/2010/draft.md": trees.story("草稿", "2010-12-01", draft="true"),  # not published: not counted
        "activities/2010/span.yml": trees.ACTIVITY.replace("2010-06-12", "{start: 2010-10-01, end: 2010-10-03}"),
    }
    beat = figures.heartbeat(trees.run(tmp_path, files).catalog)
    assert beat.updated == Date(2010, 10, 3)  # a span counts by its last day
    assert beat.newest_story == Date(2010, 9, 10) and beat.story_age == 96
    assert beat.update_every is None and not beat.late


def test_a_month_precise_story_is_judged_by_the_end_of_its_month(tmp_path):
    files = with_update_every("14", {"stories/2010/m.md": trees.story("十二月的报道", "2010-12")})
    beat = figures.heartbeat(trees.run(tmp_path, files).catalog)
    assert beat.updated == Date(2010, 12) and beat.story_age == 0 and not beat.late


def test_home_and_every_list_page_say_when_the_column_was_updated(tmp_path):
    pages = trees.pages(tmp_path, OLD_STORY)
    line = re.compile(r'<p class="column-updated">更新于 <time class="column-date" datetime="2010-09-10">')
    listed = [src for _, src in site_pages.NAV] + [urls.listing_path("stories", 1)]
    for src in listed:
        assert line.search(pages[src]), src
    # detail pages do not: their own date is what counts there
    assert not line.search(pages["stories/old.md"]) and not line.search(pages["activities/yj-anquan.md"])


def test_no_warning_without_update_every_or_while_the_news_is_fresh(tmp_path):
    assert trees.run(tmp_path / "a", OLD_STORY).warnings == []
    assert trees.run(tmp_path / "b", with_update_every("100", OLD_STORY)).warnings == []


def test_late_news_is_a_warning_with_the_file_line_and_the_fix(tmp_path):
    [found] = trees.run(tmp_path, with_update_every("14", OLD_STORY)).warnings
    line = trees.SITE.count("\n") + 1
    assert pipeline.format_warnings([found]) + "\n" == WARNING.format(line=line)


def test_a_column_without_stories_is_late(tmp_path):
    [found] = trees.run(tmp_path, with_update_every("14")).warnings
    assert found.message == "栏目还没有发布任何新闻稿（截至2010年12月15日），设定的更新周期是14天。"


@pytest.mark.parametrize("value", ["两周", "0", "-3", "14天", "1.5"])
def test_update_every_is_a_whole_number_of_days(tmp_path, value):
    with pytest.raises(Exception) as err:
        trees.run(tmp_path, with_update_every(value))
    assert "[update_every]" in str(err.value) and ("整数" in str(err.value)), str(err.value)


@pytest.mark.slow
def test_check_and_build_print_the_warning_and_succeed(tmp_path):
    content = write_tree(tmp_path / "content", trees.tree(with_update_every("14", OLD_STORY)))
    line = trees.SITE.count("\n") + 1
    checked = run_cli("check", content=content)
    assert checked.returncode == 0 and checked.stdout.startswith("内容检查通过")
    assert checked.stdout.endswith("个页面。另有 1 个警告，见下。\n")
    assert checked.stderr == WARNING.format(line=line)
    built = run_cli("build", "--site-dir", str(tmp_path / "site"), content=content)
    assert built.returncode == 0, built.stderr
    assert built.stdout.endswith(f"网站已生成：{tmp_path / 'site'}\n")
    assert built.stderr == WARNING.format(line=line)
    # the warning is a message, not output: the site holds no trace of it
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "警告" not in home and "更新于" in home
