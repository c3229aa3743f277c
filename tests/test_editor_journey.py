"""A new editor's first contribution, end to end, as the README's editor guide describes it:
make new → fill in the file → make check → build → the pages and the feed show it.

Runs the real command line in a copy of the demo content (through subprocesses, as `make`
does), and edits the new files the way an editor does in VS Code: replacing the example
values and typing after the colons.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import CONTENT, build_site, run_cli

ATOM = "{http://www.w3.org/2005/Atom}"


def created(result) -> str:
    """The path `new` reports (已新建：<path>)."""
    assert result.returncode == 0, result.stderr
    return re.search(r"已新建：(\S+)", result.stdout).group(1)


def edit(path, *replacements):
    text = Path(path).read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    Path(path).write_text(text, encoding="utf-8")


@pytest.mark.slow
def test_new_editor_scaffolds_fills_checks_builds_and_publishes(tmp_path):
    content = shutil.copytree(CONTENT, tmp_path / "content")

    # 1. make new KIND=activity TITLE=…  /  make new KIND=story TITLE=…
    activity = created(run_cli("new", "activity", "药监局在金桂苑开展过期药品回收", content=content))
    story = created(run_cli("new", "story", "过期药品有了“回收站”", content=content))
    activity_id = activity.rsplit("/", 1)[1].removesuffix(".yml")
    story_id = story.rsplit("/", 1)[1].removesuffix(".md")
    assert activity_id == "yaojianju-jinguiyuan-guoqi"
    assert story_id == "guoqi-yaopin-you-huishouzhan"

    # 2. fill them in, as the comments in the files say
    edit(
        activity,
        ("units: [越城区委]", "units: [药监局]"),
        ("places: [绍兴市]", "places: [金桂苑]"),
        ("themes: [城市提质]", "themes: [和谐社会建设]"),
        ("  total:\n", "  total: 12\n"),
        ("hours:\n", "hours: 3\n"),
        ("served:\n", "served: 300多\n"),
        ("summary: |\n", "summary: |\n  药监局党员义工在金桂苑社区设点回收过期药品，\n  讲解家庭小药箱管理知识。\n"),
        (
            "# outcomes:\n#   - item: 回收过期药品       # 事项。"
            "必填。\n#     value: 200多             # 数量。必填。\n"
            "#     unit: 盒                 # 计量单位。",
            "outcomes:\n  - item: 回收过期药品\n    value: 200多\n    unit: 盒(瓶)",
        ),
    )
    edit(
        story,
        ("source:\n", "source: 上虞市药监局\n"),
        ("summary:\n", "summary: 金桂苑社区居民家中的过期药品有了去处。\n"),
        ("activities:\n", f"activities: [{activity_id}]\n"),
        ("units:\n", "units: [药监局]\n"),
        (
            "在这里写正文。每段之间空一行；小标题以“## ”开头。",
            "药监局党员义工在金桂苑社区摆开了“过期药品回收站”。\n\n## 一上午回收两百多盒\n\n居民们拎着药袋排起了队。",
        ),
    )

    # 3. make check
    checked = run_cli("check", content=content)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("内容检查通过")

    # 4. make site (the build CI runs on merge)
    site = tmp_path / "site"
    built = build_site(content, site)
    assert built.returncode == 0, built.stdout + built.stderr

    # 5. both pages are there, linked to each other, with what the editor typed
    activity_page = (site / "activities" / activity_id / "index.html").read_text(encoding="utf-8")
    story_page = (site / "stories" / story_id / "index.html").read_text(encoding="utf-8")
    assert "药监局在金桂苑开展过期药品回收" in activity_page
    assert "回收过期药品" in activity_page and "200多" in activity_page
    assert f'href="../../stories/{story_id}/"' in activity_page
    assert "过期药品有了“回收站”" in story_page
    assert "一上午回收两百多盒" in story_page
    assert f'href="../../activities/{activity_id}/"' in story_page
    assert "来源：上虞市药监局" in story_page

    # 6. the story leads the feeds (it is the newest), with its absolute address
    rss = ET.parse(site / "rss.xml").getroot()
    first = rss.find("channel/item")
    assert first.findtext("title") == "过期药品有了“回收站”"
    assert first.findtext("link") == f"https://example.gov.cn/yigong/stories/{story_id}/"
    assert first.findtext("description") == "金桂苑社区居民家中的过期药品有了去处。"
    atom = ET.parse(site / "atom.xml").getroot()
    assert atom.find(f"{ATOM}entry/{ATOM}title").text == "过期药品有了“回收站”"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"/stories/{story_id}/" in sitemap and f"/activities/{activity_id}/" in sitemap
