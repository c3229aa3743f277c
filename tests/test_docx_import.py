"""``make import DOCX=报道.docx``: a Word report becomes a story draft, its photos media files;
warnings name the draft's lines; bad files get exact Chinese messages and nothing is written;
photos lose their GPS position on import; the draft, once published, goes through the whole
build (PII guard)."""

from __future__ import annotations

import datetime as dt
import os

import pytest

import office_samples as samples
import trees
from column import docx_import
from column.issues import ContentError
from conftest import build_site, run_cli, write_tree
from test_cli import snapshot

TODAY = dt.date(2024, 5, 6)
HIDDEN = trees.volunteer("赵磊", unit="药监局")  # no publish: true


def content(tmp_path, files=None):
    return write_tree(tmp_path / "content", trees.tree({"volunteers/zhao-lei.md": HIDDEN, **(files or {})}))


def imported(tmp_path, data: bytes, name="报道.docx", **kwargs):
    root = content(tmp_path)
    source = tmp_path / name
    source.write_bytes(data)
    return root, docx_import.import_docx(root, source, today=TODAY, **kwargs)


def front_and_body(path):
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 3)
    return text[:end], text[end + len("\n---\n") :]


def test_a_report_becomes_a_draft_with_its_photo(tmp_path):
    root, done = imported(tmp_path, samples.report())
    assert done.path == root / "stories" / "2011" / f"{samples.REPORT_ID}.md"
    front, body = front_and_body(done.path)
    assert body == samples.REPORT_BODY.format(id=samples.REPORT_ID)
    assert "\ntitle: 上虞市药监局开展学雷锋志愿服务\n" in front
    assert "\ndate: 2011-03-12\n" in front  # the date line under the title, taken out of the body
    assert "\ndraft: true\n" in front
    assert front.splitlines()[1].startswith("# yaml-language-server: $schema=")
    assert "由 Word 文档“报道.docx”导入的草稿" in front
    [photo] = done.media
    assert photo == root / "media" / "2011" / f"{samples.REPORT_ID}-1.jpg"
    assert not samples.has_gps(photo.read_bytes())  # gone before the repository sees it
    assert [str(w.format()) for w in done.warnings] == [
        f"stories/2011/{samples.REPORT_ID}.md:41: 手机号码 138****5678：网站上不能出现手机号码，发布前必须删去。\n"
        "    修改方法：删去这个号码；如果它是可以公开的办公电话或热线，把它加进 site.yml 的 pii_allow 列表。"
    ]
    assert done.path.read_text(encoding="utf-8").splitlines()[40].endswith(f"咨询电话{samples.PHONE}。")


def test_the_draft_is_a_valid_story_and_a_draft_is_not_published(tmp_path):
    root, done = imported(tmp_path, samples.report())
    result = trees.run(
        tmp_path / "again",
        {
            "volunteers/zhao-lei.md": HIDDEN,
            done.path.relative_to(root).as_posix(): done.path.read_text(encoding="utf-8"),
            f"media/2011/{samples.REPORT_ID}-1.jpg": done.media[0].read_bytes(),
        },
    )
    story = result.catalog.get("story", samples.REPORT_ID)
    assert story["title"] == "上虞市药监局开展学雷锋志愿服务"
    assert not any(samples.REPORT_ID in p.src for p in result.pages)


def test_a_second_import_of_the_same_report_never_clashes(tmp_path):
    root, first = imported(tmp_path, samples.report())
    second = docx_import.import_docx(root, tmp_path / "报道.docx", today=TODAY)
    assert second.path.name == f"{samples.REPORT_ID}-2.md"
    assert second.media == [root / "media" / "2011" / f"{samples.REPORT_ID}-2-1.jpg"]
    assert f"](media/2011/{samples.REPORT_ID}-2-1.jpg)" in second.path.read_text(encoding="utf-8")
    assert first.path.read_text(encoding="utf-8") != second.path.read_text(encoding="utf-8")


def test_volunteers_without_consent_and_id_numbers_are_warned_about_by_line(tmp_path):
    _, done = imported(
        tmp_path, samples.report(phone="", extra="带队的赵磊说，身份证号11010519491231002X的老人已登记。")
    )
    rel = f"stories/2011/{samples.REPORT_ID}.md"
    assert [w.format() for w in done.warnings] == [
        f"{rel}:41: 居民身份证号码 110105********002X："
        "身份证号码不能公开，发布前必须删去。\n    修改方法：删去这个号码。",
        f"{rel}:41: 提到了未同意公开姓名的志愿者“赵磊”（原文：……药*宣传。带队的赵磊说，身份证号**……），"
        "网站上不能出现这个名字。\n"
        "    修改方法：删去姓名或改称“一名志愿者”；若本人已同意公开，在 volunteers/zhao-lei.md 中写 publish: true；"
        "若这里的“赵磊”不是指这个人，只是一个词的一部分，把原文里的这个词加进 site.yml 的 names_allow"
        "（每个词一项，如 names_allow: [文明城市, 精神文明]）。",
    ]


def test_published_with_a_hidden_name_the_check_refuses_it_at_the_same_line(tmp_path):
    root, done = imported(tmp_path, samples.report(phone="", extra="带队的赵磊说。"))
    rel = done.path.relative_to(root).as_posix()
    text = done.path.read_text(encoding="utf-8").replace("draft: true", "draft: false")
    with pytest.raises(ContentError) as err:
        trees.run(
            tmp_path / "check",
            {
                "volunteers/zhao-lei.md": HIDDEN,
                rel: text,
                f"media/2011/{samples.REPORT_ID}-1.jpg": done.media[0].read_bytes(),
            },
        )
    assert [(i.path, i.line) for i in err.value.issues] == [(rel, 41)]
    assert "赵磊" in err.value.issues[0].message


def test_an_allowed_number_is_not_warned_about(tmp_path):
    site = trees.SITE + 'pii_allow: ["13812345678"]\n'
    root = content(tmp_path, {"site.yml": site})
    (tmp_path / "a.docx").write_bytes(samples.report())
    assert docx_import.import_docx(root, tmp_path / "a.docx", today=TODAY).warnings == []


def test_cli_prints_the_draft_path_last_and_warnings_on_stderr(tmp_path):
    root = content(tmp_path)
    (tmp_path / "报道.docx").write_bytes(samples.report())
    result = run_cli("import", str(tmp_path / "报道.docx"), content=root)
    assert result.returncode == 0, result.stderr
    path = root / "stories" / "2011" / f"{samples.REPORT_ID}.md"
    assert result.stdout.splitlines()[-1] == str(path)
    assert result.stdout.splitlines()[0] == (
        "已导入“报道.docx”：标题“上虞市药监局开展学雷锋志愿服务”，日期 2011-03-12，1 张照片（content/media/2011/）。"
    )
    assert result.stderr.startswith("草稿已保存，但有 1 处需要处理")
    assert f"{samples.REPORT_ID}.md:41: 手机号码 138****5678" in result.stderr
    assert path.is_file()


@pytest.mark.slow
def test_published_it_goes_through_the_build_the_phone_stops_it_and_photos_lose_gps(tmp_path):
    root = content(tmp_path)
    (tmp_path / "报道.docx").write_bytes(samples.report())
    result = run_cli("import", str(tmp_path / "报道.docx"), content=root)
    draft = root / result.stdout.splitlines()[-1].split("/content/", 1)[1]
    rel = draft.relative_to(root).as_posix()
    draft.write_text(draft.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")
    site = tmp_path / "site"

    refused = build_site(root, site)
    assert refused.returncode != 0
    assert (
        f"{rel}:41: 手机号码 138****5678 会出现在网站上（生成的文件：stories/{samples.REPORT_ID}/index.html），"
        "网站未发布。"
    ) in refused.stderr
    assert not site.exists()

    draft.write_text(draft.read_text(encoding="utf-8").replace(f"，咨询电话{samples.PHONE}", ""), encoding="utf-8")
    built = build_site(root, site)
    assert built.returncode == 0, built.stderr
    page = (site / "stories" / samples.REPORT_ID / "index.html").read_text(encoding="utf-8")
    for expected in (
        "<strong>市药监局党员志愿者</strong>",
        "<em>安全用药</em>",
        "<li>清理家庭小药箱</li>",
        "<th>项目</th>",
        "<td>200多盒</td>",
        'href="https://example.gov.cn/yaojian"',
        'alt="药监局党员在社区讲解安全用药常识"',
        "<em>药监局党员在社区讲解安全用药常识</em>",
    ):
        assert expected in page, expected
    photos = [p for p in (site / "media").rglob("*") if p.name.startswith(samples.REPORT_ID)]
    assert photos and all(not samples.has_gps(p.read_bytes()) for p in photos)


# ---- title and date, as reports write them ---------------------------------------------------


@pytest.mark.parametrize(
    "paragraphs, style, title, date, body",
    [
        # Title style; the date in the opening sentence, full
        (
            ("学雷锋日活动报道", "2011年3月5日上午，党员走进社区。"),
            "Title",
            "学雷锋日活动报道",
            "2011-03-05",
            "2011年3月5日上午，党员走进社区。\n",
        ),
        # the first short line is the title; month and day take the title's year
        (
            ("2011年学雷锋活动", "3月5日上午，党员走进社区。"),
            None,
            "2011年学雷锋活动",
            "2011-03-05",
            "3月5日上午，党员走进社区。\n",
        ),
        # ... or the year of a date elsewhere in the document; the date line at the end wins
        (
            ("学雷锋活动", "3月5日上午，党员走进社区。", "市药监局", "二〇一一年三月十二日"),
            None,
            "学雷锋活动",
            "2011-03-12",
            "3月5日上午，党员走进社区。\n\n市药监局\n\n二〇一一年三月十二日\n",
        ),
        # source, author and date under the title go to the front matter
        (
            ("学雷锋活动", "来源：上虞日报　作者：王芳", "日期：2011-03-12", "党员走进社区。"),
            "Heading 1",
            "学雷锋活动",
            "2011-03-12",
            "党员走进社区。\n",
        ),
        # a first paragraph that is a sentence is not a title: the first heading is
        (("党员走进社区，开展服务。", "活动报道"), None, None, None, None),
    ],
)
def test_title_and_date(tmp_path, paragraphs, style, title, date, body):
    data = samples.document(*paragraphs, title_style=style)
    if title is None:  # no heading at all: the file's name, with a warning
        draft = docx_import.convert(data, "药监局报道.docx", TODAY)
        assert draft.title == "药监局报道" and draft.date == TODAY
        assert [n[0] for n in draft.notes] == ["title", "date"]
        return
    draft = docx_import.convert(data, "a.docx", TODAY)
    assert (draft.title, draft.date.isoformat(), draft.body) == (title, date, body)
    assert draft.notes == []


def test_source_and_author_fill_the_front_matter(tmp_path):
    data = samples.document(
        "学雷锋活动", "来源：上虞日报　作者：王芳", "日期：2011-03-12", "党员走进社区。", title_style="Heading 1"
    )
    _, done = imported(tmp_path, data)
    front, _ = front_and_body(done.path)
    assert '\nsource: "上虞日报"\n' in front and '\nauthor: "王芳"\n' in front


def test_without_a_date_today_is_used_and_the_line_is_named(tmp_path):
    _, done = imported(tmp_path, samples.document("学雷锋活动", "党员走进社区。", title_style="Title"))
    assert done.path.parent.name == "2024"
    [warning] = done.warnings
    lines = done.path.read_text(encoding="utf-8").splitlines()
    assert lines[warning.line - 1] == "date: 2024-05-06"
    assert warning.message == "文档里找不到日期，暂用今天的日期。"


def test_a_month_and_day_without_any_year_take_this_year_with_a_warning():
    draft = docx_import.convert(samples.document("学雷锋活动", "3月5日上午，党员走进社区。"), "a.docx", TODAY)
    assert draft.date == dt.date(2024, 3, 5)
    assert draft.notes == [("date", "文档里的日期没有写年份，暂按今年（2024年）计。", "核对 date: 的年份。")]


def test_the_date_option_wins():
    draft = docx_import.convert(samples.report(), "a.docx", TODAY, day=dt.date(2011, 3, 20))
    assert draft.date == dt.date(2011, 3, 20)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2011年3月12日", "2011-03-12"),
        ("二〇一一年三月十二日", "2011-03-12"),
        ("２０１１年３月１２日", "2011-03-12"),
        ("（2011年12月31日）", "2011-12-31"),
        ("2011-3-12", "2011-03-12"),
        ("2011.03.12", "2011-03-12"),
        ("发布时间：2011/3/12", "2011-03-12"),
        ("2011年二月三十日", None),
        ("2011年3月12日上午", None),
    ],
)
def test_date_lines(text, expected):
    found = docx_import.date_line(text)
    assert (found.isoformat() if found else None) == expected


def test_markdown_characters_in_the_text_stay_text():
    data = samples.document("标题", "# 不是标题", "1. 不是列表", "价格*2 与 a_b 和 [注] | <b>x</b> &amp;")
    draft = docx_import.convert(data, "a.docx", TODAY)
    assert draft.body == "\\# 不是标题\n\n1\\. 不是列表\n\n价格\\*2 与 a\\_b 和 \\[注\\] \\| &lt;b>x&lt;/b> &amp;amp;\n"
    from column import sanitize

    assert sanitize.plain_text(draft.body) == "# 不是标题 1. 不是列表 价格*2 与 a_b 和 [注] | <b>x</b> &amp;"


def test_a_photo_without_caption_is_warned_about_and_an_emf_drawing_left_out(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_heading("学雷锋活动", 1)
    doc.add_paragraph("2011年3月5日，党员走进社区。")
    doc.add_picture(__import__("io").BytesIO(samples.photo_with_gps()))
    doc.add_paragraph("活动持续了一个上午，参加的党员和群众都表示收获很大，希望以后多组织这样的活动。")
    _, done = imported(tmp_path, samples.save(doc))
    rel = f"stories/2011/{done.path.stem}.md"
    [warning] = done.warnings
    assert warning.format().startswith(
        f"{rel}:{warning.line}: 照片 media/2011/{done.path.stem}-1.jpg 下面没有图片说明。"
    )
    assert (
        done.path.read_text(encoding="utf-8").splitlines()[warning.line - 1]
        == f"![](media/2011/{done.path.stem}-1.jpg)"
    )

    emf = docx_import.Photo(1, b"\x01\x00\x00\x00", "image/x-emf")
    docx_import._check_photo(emf)
    assert emf.problem == "是 EMF 格式，网站只能发布 JPG 和 PNG"


# ---- bad input: an exact message, exit 1, nothing written ------------------------------------

FIX = "用 Word 或 WPS 打开它，选“另存为”，保存类型选“Word 文档（*.docx）”，再导入新文件。"


def _bad_cases():
    report = samples.report()
    from docx import Document

    return [
        ("报道.doc", samples.old_doc(), "“报道.doc”是旧版 Word 格式（.doc），不能直接导入。", FIX),
        (
            "报道.docx",
            samples.encrypted(report),
            "“报道.docx”设有打开密码（已加密），无法读取。",
            "请发稿单位去掉密码后重新发来；或用 Word 输入密码打开，"
            "在“文件 → 信息 → 保护文档 → 用密码进行加密”里清空密码并保存，再导入。",
        ),
        (
            "报道.docx",
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
            "“报道.docx”不是有效的 Word 文档（.docx）：文件可能改过扩展名，或已经损坏。",
            FIX,
        ),
        (
            "报道.docx",
            report[: len(report) // 2],
            "“报道.docx”不是有效的 Word 文档（.docx）：文件可能改过扩展名，或已经损坏。",
            FIX,
        ),
        (
            "报道.docx",
            samples.save(Document()),
            "“报道.docx”里没有文字，也没有图片，是一个空文档。",
            "确认发来的是正确的文件；在 Word 里打开看一看。",
        ),
        ("报道.docx", b"", "文件“报道.docx”是空的（0 字节）。", "重新从邮件或聊天记录里保存这个文件，再导入。"),
    ]


@pytest.mark.parametrize(
    "case", range(6), ids=["old-doc", "encrypted", "renamed", "damaged", "empty-document", "empty-file"]
)
def test_bad_files_get_a_clear_message_and_nothing_is_written(tmp_path, case):
    name, data, message, hint = _bad_cases()[case]
    root = content(tmp_path)
    (tmp_path / name).write_bytes(data)
    before = snapshot(root)
    result = run_cli("import", str(tmp_path / name), content=root)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"导入失败，没有写入任何文件：{message}\n    修改方法：{hint}\n"
    assert snapshot(root) == before


def test_a_missing_file_and_a_folder_that_is_not_content(tmp_path):
    root = content(tmp_path)
    result = run_cli("import", str(tmp_path / "没有.docx"), content=root)
    assert result.returncode == 1
    assert result.stderr.startswith(f"导入失败，没有写入任何文件：找不到文件“{tmp_path / '没有.docx'}”。")
    (tmp_path / "a.docx").write_bytes(samples.report())
    result = run_cli("import", str(tmp_path / "a.docx"), content=tmp_path / "empty")
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"导入失败，没有写入任何文件：{tmp_path / 'empty'} 不是内容文件夹（里面没有 site.yml）。"
    )


@pytest.mark.parametrize("linked", ["stories/2011", "media/2011", "stories"])
def test_an_output_folder_leading_out_of_the_content_folder_is_refused(tmp_path, linked):
    root = content(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / linked).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(elsewhere, root / linked)
    (tmp_path / "a.docx").write_bytes(samples.report())
    before = snapshot(root), snapshot(elsewhere)
    result = run_cli("import", str(tmp_path / "a.docx"), content=root)
    assert result.returncode == 1
    folder = root / ("media/2011" if linked.startswith("media") else "stories/2011")
    assert result.stderr == (
        f"导入失败，没有写入任何文件：要写入的位置 {folder} 在内容文件夹 {root} 之外，没有写入任何文件。\n"
        "    修改方法：content/stories/ 或 content/media/ 下的年份文件夹不能是指向别处的链接（快捷方式）；"
        "删掉这个链接，再导入。\n"
    )
    assert (snapshot(root), snapshot(elsewhere)) == before
