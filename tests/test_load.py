"""load: which file is which kind of record, what happens to files that mean nothing, and nothing
is read through a link."""

import os

import pytest

import trees
from column.issues import ContentError, Issue
from column.load import NotRegular, content_files, load_tree, read_bytes
from conftest import write_tree

HOME = (
    "内容文件只能放在 site.yml、places.yml、units.yml、volunteers/、campaigns/、activities/、"
    "stories/、honours/、pages/ 和 media/ 中；不需要的文件请删除。"
)


def load(tmp_path, files):
    return load_tree(write_tree(tmp_path, {"site.yml": "title: x\n", **files}))


def test_each_place_in_the_tree_is_a_kind(tmp_path):
    docs, issues = load(
        tmp_path,
        {
            "places.yml": "- id: a\n",
            "units.yml": "- id: b\n",
            "volunteers/zhou-hong.md": "---\nname: 周虹\n---\n简介\n",
            "campaigns/sy-xingqiliu.yml": "title: x\n",
            "activities/2010/yc-0626.yml": "title: x\n",
            "stories/2010/s1.md": "---\ntitle: 标题\ndate: 2010-01-01\n---\n正文\n",
            "honours/2010.yml": "title: x\n",
            "pages/about.md": "---\ntitle: 关于\n---\n正文\n",
        },
    )
    assert issues == []
    assert sorted((d.kind, d.id, d.folder_year) for d in docs) == [
        ("activity", "yc-0626", 2010),
        ("campaign", "sy-xingqiliu", None),
        ("honours", "2010", 2010),
        ("page", "about", None),
        ("place", None, None),
        ("site", None, None),
        ("story", "s1", 2010),
        ("unit", None, None),
        ("volunteer", "zhou-hong", None),
    ]


def test_markdown_body_and_its_first_line(tmp_path):
    docs, _ = load(tmp_path, {"stories/2010/s1.md": "---\ntitle: 标题\ndate: 2010-01-01\n---\n正文第一段\n"})
    story = next(d for d in docs if d.kind == "story")
    assert story.data == {"title": "标题", "date": "2010-01-01"}
    assert story.data.line_of("date") == 3  # line in the file, fence included
    assert (story.body, story.body_line) == ("正文第一段\n", 5)


def test_media_and_hidden_files_are_not_content(tmp_path):
    write_tree(
        tmp_path,
        {
            "site.yml": "x: 1\n",
            "media/a.jpg": b"\xff",
            "media/notes.yml": "x",
            ".git/config": "x",
            "activities/2010/.draft.yml": "x",
            "volunteers/photos/media/x.md": "x",
        },
    )
    assert content_files(tmp_path) == ["site.yml", "volunteers/photos/media/x.md"]


def test_files_in_the_wrong_place_are_reported_not_ignored(tmp_path):
    docs, issues = load(
        tmp_path,
        {
            "notes.txt": "x",
            "activities/a.yml": "title: x\n",
            "activities/2010/a.yaml": "title: x\n",
            "stories/2010/s.yml": "title: x\n",
            "honours/abc.yml": "title: x\n",
        },
    )
    assert [d.kind for d in docs] == ["site"]
    assert issues == [
        Issue("activities/2010/a.yaml", None, "", "扩展名应为 .yml。", "把文件扩展名 .yaml 改成 .yml。"),
        Issue(
            "activities/a.yml",
            None,
            "",
            "文件放错了位置或扩展名不对，不会被发布。",
            "这类文件应放在 content/activities/<年份>/<编号>.yml。",
        ),
        Issue(
            "honours/abc.yml",
            None,
            "",
            "文件放错了位置或扩展名不对，不会被发布。",
            "这类文件应放在 content/honours/<年份>.yml。",
        ),
        Issue("notes.txt", None, "", "不认识这个文件，它不会被发布。", HOME),
        Issue(
            "stories/2010/s.yml",
            None,
            "",
            "文件放错了位置或扩展名不对，不会被发布。",
            "这类文件应放在 content/stories/<年份>/<编号>.md。",
        ),
    ]


def test_missing_site_settings(tmp_path):
    _, issues = load_tree(write_tree(tmp_path, {"places.yml": "[]\n"}))
    assert issues == [
        Issue(
            "site.yml",
            None,
            "",
            "缺少栏目设置文件 site.yml。",
            "在 content/ 下新建 site.yml，至少写 title 和 organisation。",
        )
    ]


def test_markdown_without_front_matter(tmp_path):
    _, issues = load(tmp_path, {"volunteers/v.md": "周虹，女，科长。\n"})
    assert issues == [
        Issue(
            "volunteers/v.md",
            1,
            "",
            "文件开头缺少用 --- 包起来的信息区（front matter）。",
            "第一行写 ---，接着写 title: 等字段，再写一行 --- ，下面才是正文。",
        )
    ]


def test_front_matter_never_closed(tmp_path):
    docs, issues = load(tmp_path, {"volunteers/v.md": "---\nname: 周虹\n周虹，女，科长。\n"})
    assert [d.kind for d in docs] == ["site"]
    assert issues == [
        Issue(
            "volunteers/v.md",
            1,
            "",
            "信息区（front matter）没有结束：缺少第二个 --- 行。",
            "在最后一个字段的下一行单独写一行 --- ，下面才是正文。",
        )
    ]


def test_yaml_error_in_front_matter_has_the_file_line(tmp_path):
    docs, issues = load(tmp_path, {"stories/2010/s.md": "---\ntitle: 标题\ndate: [2010\n---\n正文\n"})
    assert [d.kind for d in docs] == ["site"]  # unreadable: not validated as an empty record
    assert [(i.path, i.line) for i in issues] == [("stories/2010/s.md", 4)]


def test_every_file_is_read_and_every_problem_kept(tmp_path):
    _, issues = load(
        tmp_path,
        {
            "activities/2010/a.yml": "title: x\ntitle: y\n",
            "activities/2010/b.yml": "title: [x\n",
            "volunteers/c.md": "name: x\n",
            "units.yml": "- id: a\n  id: b\n",
        },
    )
    assert [(i.path, i.line) for i in issues] == [
        ("activities/2010/a.yml", 2),
        ("activities/2010/b.yml", 2),
        ("units.yml", 2),
        ("volunteers/c.md", 1),
    ]


def test_non_utf8_file_is_reported_with_its_line(tmp_path):
    _, issues = load(tmp_path, {"activities/2010/a.yml": "title: x\n标题: 测试\n".encode("gbk")})
    assert [(i.path, i.line) for i in issues] == [("activities/2010/a.yml", 2)]
    assert issues[0].message.startswith("文件不是 UTF-8 编码")


# ---- nothing from outside the content folder -------------------------------------------------

LINK = "这是一个符号链接（快捷方式），网站不读取链接：它可能指向内容文件夹以外的文件，把它们发布出去。"
SPECIAL = "这不是普通文件（设备文件或管道），网站不读取它。"


def test_links_fifos_and_linked_folders_are_refused_at_any_depth(tmp_path):
    outside = tmp_path / "elsewhere"
    write_tree(
        outside, {"secret.md": "---\ntitle: 机密\n---\n机器上的文件\n", "2011/a.yml": "title: x\n", "p.jpg": b"\xff"}
    )
    root = write_tree(tmp_path / "content", {"site.yml": "title: x\n"})
    (root / "pages").mkdir()
    (root / "pages" / "leak.md").symlink_to(outside / "secret.md")
    (root / "activities").mkdir()
    (root / "activities" / "2011").symlink_to(outside / "2011", target_is_directory=True)
    (root / "media" / "2010").mkdir(parents=True)
    (root / "media" / "2010" / "p.jpg").symlink_to(outside / "p.jpg")
    os.mkfifo(root / "pages" / "pipe.md")
    docs, issues = load_tree(root)
    assert [d.path for d in docs] == ["site.yml"]  # nothing read through a link or from the FIFO
    hint = "删除这个链接，把需要的文件本身复制到这里。"
    assert issues == [
        Issue("activities/2011", None, "", LINK, hint),
        Issue("media/2010/p.jpg", None, "", LINK, hint),
        Issue("pages/leak.md", None, "", LINK, hint),
        Issue("pages/pipe.md", None, "", SPECIAL, "删除它；内容文件只能是普通的文字或图片文件。"),
    ]


def test_the_reader_refuses_a_link_even_when_asked_for_it(tmp_path):
    outside = write_tree(tmp_path / "elsewhere", {"secret.md": "机密\n"})
    root = write_tree(tmp_path / "content", {"site.yml": "title: x\n"})
    (root / "pages").mkdir()
    (root / "pages" / "leak.md").symlink_to(outside / "secret.md")
    with pytest.raises(NotRegular):
        read_bytes(root, "pages/leak.md")
    (root / "linked").symlink_to(outside, target_is_directory=True)
    with pytest.raises(NotRegular):
        read_bytes(root, "linked/secret.md")


# ---- pages without front matter --------------------------------------------------------------


def test_a_page_without_front_matter_takes_its_first_heading_as_title(tmp_path):
    result = trees.run(tmp_path, {"pages/about.md": "# 关于本栏目\n\n本栏目由**党工委**主办。\n"})
    page = next(p for p in result.pages if p.src == "about.md")
    assert page.title == "关于本栏目"
    assert trees.visible_text(page.text) == "关于本栏目 本栏目由 党工委 主办。"  # the title once, as the page's h1


def test_a_page_with_front_matter_but_no_title_takes_its_heading(tmp_path):
    result = trees.run(tmp_path, {"pages/guide.md": "---\ndescription: 怎样投稿\n---\n\n# 投稿指南\n\n欢迎投稿。\n"})
    assert next(p for p in result.pages if p.src == "guide.md").title == "投稿指南"


def test_a_page_with_neither_title_nor_heading_is_an_error(tmp_path):
    with pytest.raises(ContentError) as err:
        trees.run(tmp_path, {"pages/about.md": "\n本栏目由党工委主办。\n\n# 后面的标题不算\n"})
    assert err.value.issues == [
        Issue(
            "pages/about.md",
            1,
            "title",
            "页面没有标题：信息区里没有 title，正文也不是以“# 标题”开头。",
            "在第一行写“# 页面标题”（井号、空格、标题），或在信息区写 title: 页面标题。",
        )
    ]


def test_other_markdown_kinds_still_need_front_matter(tmp_path):
    _, issues = load(tmp_path, {"stories/2010/s.md": "# 标题\n\n正文\n"})
    assert issues == [
        Issue(
            "stories/2010/s.md",
            1,
            "",
            "文件开头缺少用 --- 包起来的信息区（front matter）。",
            "第一行写 ---，接着写 title: 等字段，再写一行 --- ，下面才是正文。",
        )
    ]
