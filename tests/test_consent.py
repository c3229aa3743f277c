"""Consent: an unpublished volunteer's name in published text fails the build with file and
line; references to them show only as a count."""

import pytest

import trees
from column import consent, pii
from column.issues import ContentError

HIDDEN = trees.volunteer("赵磊")  # no publish: not public by default
SHOWN = trees.volunteer("王芳", publish=True)


def issues_of(tmp_path, files) -> list[tuple]:
    with pytest.raises(ContentError) as err:
        trees.run(tmp_path, {"volunteers/zhao-lei.md": HIDDEN, "volunteers/wang-fang.md": SHOWN, **files})
    return [(i.path, i.line, i.field, i.message, i.hint) for i in err.value.issues]


def message(name: str, quoted: str) -> str:
    return f"提到了未同意公开姓名的志愿者“{name}”（原文：{quoted}），网站上不能出现这个名字。"


def hint(name: str, file: str) -> str:
    return (
        f"删去姓名或改称“一名志愿者”；若本人已同意公开，在 {file} 中写 publish: true；"
        f"若这里的“{name}”不是指这个人，只是一个词的一部分，把原文里的这个词加进 site.yml 的 names_allow"
        "（每个词一项，如 names_allow: [文明城市, 精神文明]）。"
    )


HINT = hint("赵磊", "volunteers/zhao-lei.md")


def test_name_in_story_body_fails_with_file_and_line(tmp_path):
    story = trees.story("稿件", "2010-06-12", "第一段。\n\n第二段里，赵磊带队上街。")
    assert issues_of(tmp_path, {"stories/2010/s.md": story}) == [
        ("stories/2010/s.md", 7, "正文", message("赵磊", "第二段里，赵磊带队上街。"), HINT)
    ]


def test_name_in_story_title_and_summary(tmp_path):
    story = trees.story("赵磊的故事", "2010-06-12", summary="记赵磊")
    got = issues_of(tmp_path, {"stories/2010/s.md": story})
    assert [(p, line, f) for p, line, f, *_ in got] == [
        ("stories/2010/s.md", 2, "title"),
        ("stories/2010/s.md", 4, "summary"),
    ]


def test_name_in_activity_fields_nested_and_multiline(tmp_path):
    activity = trees.ACTIVITY + (
        "services: [清理药箱, 赵磊讲解]\n"
        "summary: |\n  第一行。\n  第二行赵磊。\n"
        "photos:\n  - file: media/a.jpg\n    caption: 赵磊在讲解\n"
    )
    got = issues_of(tmp_path, {"activities/2010/yj-anquan.yml": activity, "media/a.jpg": b""})
    assert [(line, f) for _, line, f, *_ in got] == [(7, "services[2]"), (10, "summary"), (13, "caption")]


def test_drafts_and_the_volunteer_own_file_are_not_checked(tmp_path):
    files = {
        "volunteers/zhao-lei.md": HIDDEN + "赵磊的简介。\n",
        "stories/2010/d.md": trees.story("赵磊", "2010-06-12", "赵磊", draft="true"),
    }
    trees.run(tmp_path, files)  # no error


def test_a_name_shared_with_a_published_volunteer_is_not_searched(tmp_path):
    files = {
        "volunteers/wang-fang.md": SHOWN,
        "volunteers/wang-fang-2.md": trees.volunteer("王芳"),
        "stories/2010/s.md": trees.story("王芳的故事", "2010-06-12"),
    }
    trees.run(tmp_path, files)


def test_story_lists_unpublished_volunteers_only_as_a_count(tmp_path):
    story = trees.story("稿件", "2010-06-12", volunteers="[赵磊, 王芳, zhou]")
    files = {
        "volunteers/zhao-lei.md": HIDDEN,
        "volunteers/wang-fang.md": SHOWN,
        "volunteers/zhou.md": trees.volunteer("周某某"),
        "stories/2010/s.md": story,
    }
    pages = {p.src: p.text for p in trees.run(tmp_path, files).pages}
    text = "".join(trees.visible_text(pages["stories/s.md"]).split())
    assert "相关志愿者：王芳" in text and "另有2名志愿者未公开姓名。" in text
    everything = "".join(pages.values())
    assert "赵磊" not in everything and "周某某" not in everything and "zhao-lei" not in everything


def test_longest_name_wins():
    pattern = consent.names_pattern({"欧阳", "欧阳明"})
    assert [m.group() for m in pattern.finditer("欧阳明和欧阳")] == ["欧阳明", "欧阳"]


WENMING = trees.volunteer("文明")  # a name that is also an ordinary word, not published


def test_a_word_in_names_allow_is_not_the_person_but_the_name_alone_still_is(tmp_path):
    story = trees.story("稿件", "2010-06-12", "争创文明城市。\n\n文明带队上街。")
    files = {"volunteers/wen-ming.md": WENMING, "stories/2010/s.md": story}
    assert [(p, line, m) for p, line, _, m, _ in issues_of(tmp_path / "a", files)] == [
        ("stories/2010/s.md", 5, message("文明", "争创文明城市。")),
        ("stories/2010/s.md", 7, message("文明", "文明带队上街。")),
    ]
    allowed = {**files, "site.yml": trees.SITE + "names_allow: [文明城市]\n"}
    assert [(p, line) for p, line, *_ in issues_of(tmp_path / "b", allowed)] == [("stories/2010/s.md", 7)]
    allowed["stories/2010/s.md"] = trees.story("稿件", "2010-06-12", "争创文明城市。")
    trees.run(tmp_path / "c", allowed)  # no error


def test_names_allow_cannot_let_the_name_itself_through(tmp_path):
    files = {
        "volunteers/wen-ming.md": WENMING,
        "site.yml": trees.SITE + "names_allow: [文明城市, 文明]\n",  # 文明 alone: refused
        "stories/2010/s.md": trees.story("稿件", "2010-06-12", "文明带队上街。"),
    }
    assert issues_of(tmp_path, files) == [
        (
            "site.yml",
            14,
            "names_allow",
            "names_allow 里的“文明”正是未同意公开姓名的志愿者的名字，不能放行。",
            "names_allow 里只写包含这个名字、但说的不是这个人的词（如“文明城市”）；"
            "若本人已同意公开，在 volunteers/wen-ming.md 中写 publish: true。",
        ),
        (
            "stories/2010/s.md",
            5,
            "正文",
            message("文明", "文明带队上街。"),
            hint("文明", "volunteers/wen-ming.md"),
        ),
    ]


def test_the_output_guard_honours_names_allow(tmp_path):
    files = {"volunteers/wen-ming.md": WENMING, "site.yml": trees.SITE + "names_allow: [文明城市]\n"}
    result = trees.run(tmp_path / "content", files)
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text("<p>争创文明城市</p>", encoding="utf-8")
    (site / "b.html").write_text("<p>文明城市，文明带队</p>", encoding="utf-8")
    found = pii.check_site(site, tmp_path / "content", [], names=consent.Hidden(result.catalog))
    assert [(i.path, i.message) for i in found] == [
        ("b.html", "未同意公开姓名的志愿者“文明”的名字出现在生成的网站文件里（b.html），网站未发布。")
    ]


def test_a_name_that_starts_inside_an_allowed_word_is_still_found(tmp_path):
    files = {
        "volunteers/wen-ming.md": WENMING,
        "volunteers/ming-hua.md": trees.volunteer("明华"),
        "site.yml": trees.SITE + "names_allow: [精神文明, 文明 ，]\n",  # the name with a comma: refused too
        "stories/2010/s.md": trees.story("稿件", "2010-06-12", "建设精神文明华丽篇章。"),
    }
    got = [(p, m) for p, _, _, m, _ in issues_of(tmp_path, files)]
    assert got == [
        ("site.yml", "names_allow 里的“文明 ，”正是未同意公开姓名的志愿者的名字，不能放行。"),
        ("stories/2010/s.md", message("明华", "建设精神文明华丽篇章。")),
    ]


def test_a_names_allow_typed_with_chinese_commas_or_quotes_is_pointed_out(tmp_path):
    files = {
        "volunteers/wen-ming.md": WENMING,
        "site.yml": trees.SITE + "names_allow: [文明城市，精神文明, “文明示范”]\n",
    }
    hint = "每个词单独一项，用英文逗号分开，词的两边不加引号：names_allow: [文明城市, 精神文明]。"
    assert issues_of(tmp_path, files) == [
        ("site.yml", 14, "names_allow", "names_allow 里的““文明示范””含有逗号、顿号或引号，不会和任何原文相符。", hint),
        (
            "site.yml",
            14,
            "names_allow",
            "names_allow 里的“文明城市，精神文明”含有逗号、顿号或引号，不会和任何原文相符。",
            hint,
        ),
    ]


def test_the_words_quoted_around_a_name_never_show_a_long_number(tmp_path):
    story = trees.story("稿件", "2010-06-12", "请联系赵磊13812345678。")
    [(_, _, _, said, _)] = issues_of(tmp_path, {"stories/2010/s.md": story})
    assert said == message("赵磊", "请联系赵磊********……")
