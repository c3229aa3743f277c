"""The command line as editors and CI run it (``make check`` runs ``python -m column check``)."""

import os

import pytest

import trees
from column.issues import ContentError
from conftest import build_site, run_cli, write_tree

BAD_UNIT = {"activities/2010/yj-anquan.yml": trees.ACTIVITY.replace("[药监局]", "[市农业据]")}


def snapshot(folder) -> dict:
    """Every file under ``folder`` with its bytes, and every directory."""
    out = {}
    for dirpath, _dirnames, filenames in os.walk(folder):
        rel = os.path.relpath(dirpath, folder)
        out[rel + "/"] = None
        for name in filenames:
            with open(os.path.join(dirpath, name), "rb") as fh:
                out[os.path.join(rel, name)] = fh.read()
    return out


def test_check_success_message(tmp_path):
    content = write_tree(tmp_path / "content", trees.tree({"stories/2010/s.md": trees.story("标题", "2010-06-13")}))
    pages = trees.run(tmp_path / "same", {"stories/2010/s.md": trees.story("标题", "2010-06-13")}).pages
    result = run_cli("check", content=content)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"内容检查通过：1 条活动记录，1 篇新闻稿，将生成 {len(pages)} 个页面。\n"
    assert result.stderr == ""


def test_check_failure_lists_every_problem_and_exits_non_zero(tmp_path):
    files = trees.tree({**BAD_UNIT, "activities/2010/b.yml": trees.ACTIVITY.replace("2010-06-12", "2010-02-30")})
    result = run_cli("check", content=write_tree(tmp_path, files))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "内容检查发现 2 个问题，网站未生成（已发布的网站保持不变）：\n"
        "activities/2010/b.yml:2: [date] 日期不存在：“2010-02-30”。\n"
        "    修改方法：检查月份（1–12）和这个月的天数。\n"
        "activities/2010/yj-anquan.yml:3: [units] 找不到单位“市农业据”。\n"
        "    修改方法：最接近的有：市农业局、上虞市农业局。\n"
    )


def test_check_message_is_the_content_error(tmp_path):
    """What ``check`` prints is exactly ContentError's text (the fixtures' expected.txt rely on it)."""
    content = write_tree(tmp_path / "content", trees.tree(BAD_UNIT))
    try:
        trees.run(tmp_path / "again", BAD_UNIT)
    except ContentError as err:
        expected = str(err) + "\n"
    else:
        raise AssertionError("the tree should not pass")
    assert run_cli("check", content=content).stderr == expected


@pytest.mark.slow
def test_failed_build_leaves_the_published_site_untouched(tmp_path):
    content = write_tree(tmp_path / "content", trees.tree())
    site = tmp_path / "out" / "site"
    good = build_site(content, site)
    assert good.returncode == 0, good.stderr
    assert good.stdout.endswith(f"网站已生成：{site}\n")
    assert (site / "index.html").is_file() and (site / "activities" / "yj-anquan" / "index.html").is_file()
    before = snapshot(site)

    write_tree(content, {**BAD_UNIT, "volunteers/zhang-san.md": "---\nname: 张三\npublish: 同意\n---\n"})
    bad = build_site(content, site)
    assert bad.returncode != 0
    assert "内容检查发现 2 个问题" in bad.stderr  # every problem of the tree, as make check lists them
    assert (
        "activities/2010/yj-anquan.yml:3: [units] 找不到单位“市农业据”。"
        "\n    修改方法：最接近的有：市农业局、上虞市农业局。" in bad.stderr
    )
    assert "volunteers/zhang-san.md:3: [publish]" in bad.stderr
    assert f"网站生成失败，已发布的 {site} 保持不变。" in bad.stderr
    assert "网站已生成" not in bad.stdout
    assert snapshot(site) == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]  # no staging folder left behind


@pytest.mark.slow
def test_failed_first_build_creates_no_site(tmp_path):
    content = write_tree(tmp_path / "content", trees.tree(BAD_UNIT))
    result = build_site(content, tmp_path / "out" / "site")
    assert result.returncode != 0
    assert list((tmp_path / "out").iterdir()) == []


def test_unknown_command_is_a_usage_error():
    result = run_cli("publish")
    assert result.returncode == 2
    assert "invalid choice: 'publish'" in result.stderr


@pytest.mark.slow
def test_a_linked_page_photo_or_folder_stops_the_build_and_publishes_nothing(tmp_path):
    """A hostile contributor's link to a file elsewhere on the build machine is never followed."""
    outside = write_tree(
        tmp_path / "machine",
        {
            "secret.md": "# 机器上的文件\n\nAPI_TOKEN=abc\n",
            "photo.jpg": b"\xff\xd8",
            "year/a.yml": trees.ACTIVITY.replace("2010-06-12", "2011-06-12"),
        },
    )
    content = write_tree(tmp_path / "content", trees.tree())
    site = tmp_path / "out" / "site"
    assert build_site(content, site).returncode == 0
    before = snapshot(site)
    (content / "pages").mkdir()
    (content / "pages" / "leak.md").symlink_to(outside / "secret.md")
    (content / "media").mkdir()
    (content / "media" / "p.jpg").symlink_to(outside / "photo.jpg")
    (content / "activities" / "2011").symlink_to(outside / "year", target_is_directory=True)
    bad = build_site(content, site)
    assert bad.returncode == 1
    link = "这是一个符号链接（快捷方式），网站不读取链接：它可能指向内容文件夹以外的文件，把它们发布出去。"
    for path in ("activities/2011", "media/p.jpg", "pages/leak.md"):
        assert f"{path}: {link}\n    修改方法：删除这个链接，把需要的文件本身复制到这里。" in bad.stderr
    assert "API_TOKEN" not in bad.stdout + bad.stderr
    assert snapshot(site) == before
