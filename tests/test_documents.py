"""The office's Word documents on the demo content: every number read back from the .docx is
figures.py's; unknown periods, campaigns and volunteers get Chinese errors and nothing is
written; the same content gives the same bytes; the templates keep the official layout."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest

from column import documents, docx_templates, figures, pipeline
from column.values import Date, format_hours
from conftest import CONTENT, ROOT, run_cli
from office_samples import read_docx, section

CAMPAIGN = "sy-xingqiliu-yigongri"


@pytest.fixture(scope="module")
def demo():
    return pipeline.checked_catalog(CONTENT)


def make(tmp_path, *args):
    """Run a document command on the demo content into tmp_path; the path it printed last."""
    result = run_cli(*args, "--out", str(tmp_path), content=CONTENT)
    assert result.returncode == 0, result.stderr
    path = tmp_path / result.stdout.splitlines()[-1].rsplit("/", 1)[-1]
    assert result.stdout.splitlines()[-1] == str(path) and path.is_file()
    return path, result.stdout


# ---- 工作简报 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, first, last, issue, file",
    [
        ("2010", dt.date(2010, 1, 1), dt.date(2010, 12, 31), "2010年第1期（年报）", "briefing-2010.docx"),
        ("2010-Q2", dt.date(2010, 4, 1), dt.date(2010, 6, 30), "2010年第2期（季报）", "briefing-2010-q2.docx"),
        ("2010-06", dt.date(2010, 6, 1), dt.date(2010, 6, 30), "2010年第6期（月报）", "briefing-2010-06.docx"),
    ],
)
def test_briefing_figures_are_the_sites(tmp_path, demo, code, first, last, issue, file):
    path, _ = make(tmp_path, "briefing", "--period", code)
    assert path.name == file
    paragraphs, tables = read_docx(path)
    as_of = min(last, demo.as_of)  # the year 2010 is judged as of the site's as_of (12-15)
    acts = figures.in_period(figures.counted(demo, as_of), first, last)  # a duty campaign once (世合赛)
    t = figures.totals(acts)
    assert ("期号", issue) in paragraphs
    assert paragraphs[2][1].endswith(f"\t{Date.of(as_of).zh}")
    assert tables[0] == [
        ["活动次数", "参加人次", "服务时长（小时）", "服务群众（人次）"],
        [str(t.activities), str(t.participants), format_hours(t.person_hours), str(t.served)],
    ]
    assert (
        f"共开展党员义工服务活动{t.activities}次，参加{t.participants}人次，服务时长{format_hours(t.person_hours)}小时，"
        f"服务群众{t.served}人次。统计截至{Date.of(as_of).zh}。"
    ) in paragraphs[5][1]

    titles = [text for style, text in paragraphs if style == "Heading 2"]
    suffix = ["（值守）" if isinstance(a, figures.DutyService) else "" for a in acts]  # a duty campaign
    assert titles == [f"{n}. {a['title']}{s}" for n, (a, s) in enumerate(zip(acts, suffix, strict=True), start=1)]
    lines = [x for x in section(paragraphs, "二、") if not any(x == title for title in titles)]
    assert len(lines) == len(acts)
    for a, line in zip(acts, lines, strict=True):
        hours, served = figures.person_hours(a), figures.served(a)
        assert line.startswith(f"{a['date'].zh}，")
        assert f"参加{figures.participants(a)}人次" in line
        assert (f"，服务时长{format_hours(hours)}小时" in line) == bool(hours)
        assert (f"，服务群众{served}人次。" in line) == bool(a.get("served"))

    statuses = [
        s for s in figures.campaign_status(demo.get("campaign", CAMPAIGN), demo, as_of) if first <= s.date.first <= last
    ]
    counts, done, timely = figures.status_counts(statuses), figures.completion(statuses), figures.timeliness(statuses)
    assert tables[1][1] == [
        "星期六机关党员义工服务日",
        str(len(statuses)),
        str(done.hits),
        str(counts["late"]),
        str(counts["overdue"]),
        str(done),
        str(timely.flag),
        str(timely.report),
    ]

    open_items, _ = figures.follow_ups(demo, as_of)
    follow = section(paragraphs, "五、")
    assert [x for x in follow if x[:1].isdigit()] == [
        f"{n}. {f.problem}（{f.activity['title']}；责任人：{f.owner}；{f.opened.zh}登记，已跟踪{f.days}天）"
        for n, f in enumerate(open_items, start=1)
    ]


def test_briefing_of_the_year_in_numbers(tmp_path, demo):
    """The same read-back, with the numbers written out (as `make stats YEAR=2010` prints them):
    2010 as of 2010-12-15."""
    paragraphs, tables = read_docx(make(tmp_path, "briefing", "--period", "2010")[0])
    assert tables[0][1] == ["18", "24524多", "1672", "2000多"]  # the 世合赛 duty: one activity, 73多 人次, 584 h
    assert tables[1][1] == ["星期六机关党员义工服务日", "13", "10", "2", "1", "91%", "80%", "70%"]
    assert section(paragraphs, "五、")[1:-2] == [
        "1. 社区老年活动室照明线路老化，需要协调产权单位改造（国税局第四季度党员义工服务活动日；责任人：杨国庆；"
        "2010年10月3日登记，已跟踪73天）"
    ]
    stories = section(paragraphs, "三、")
    assert len(stories) == len(documents.published_stories(demo)) == len(demo.all("story")) - 1 == 5
    draft = next(s for s in demo.all("story") if s not in documents.published_stories(demo))
    assert not any(draft["title"] in text for _, text in paragraphs)  # a draft is in no document


def test_briefing_of_a_past_quarter_is_judged_at_its_end(tmp_path, demo):
    paragraphs, tables = read_docx(make(tmp_path, "briefing", "--period", "2010-Q3")[0])
    # 人社局 (08-28) was due back 09-05 and came back 09-08: late; 教育局 (09-11) overdue; 环保局 (09-25) done
    # on 09-26, due back by 10-03: not judged yet on 09-30, so not counted in the on-time rates.
    assert tables[1][1] == ["星期六机关党员义工服务日", "5", "4", "2", "1", "80%", "60%", "40%"]
    assert any("截至2010年9月30日" in text for _, text in paragraphs)


# ---- 督查通报 --------------------------------------------------------------------------------


def test_notice_as_of_the_sites_date(tmp_path, demo):
    path, stdout = make(tmp_path, "notice", "--campaign", CAMPAIGN)
    assert path.name == f"notice-{CAMPAIGN}-2010-12-15.docx"
    assert "已生成督查通报：星期六机关党员义工服务日，截至2010年12月15日。" in stdout
    paragraphs, _ = read_docx(path)
    assert paragraphs[-4:] == [
        (
            "Normal",
            "请逾期未开展和迟交的单位抓紧落实，按时交回服务旗帜、上报活动小结和照片；"
            "各单位严格按计划安排开展活动。活动情况纳入年终机关党建工作考核。",
        ),
        ("Normal", ""),
        ("落款", demo.site["organisation"]),
        ("落款", "2010年12月15日"),
    ]
    paragraphs = paragraphs[:-4]
    statuses = figures.campaign_status(demo.get("campaign", CAMPAIGN), demo)
    counts, done, timely = figures.status_counts(statuses), figures.completion(statuses), figures.timeliness(statuses)
    assert paragraphs[0] == ("Title", "关于“星期六机关党员义工服务日”开展情况的督查通报")
    assert paragraphs[2][1] == (
        f"截至2010年12月15日，该活动共有计划安排{len(statuses)}次，已到期{done.due}次，其中已开展{done.hits}次"
        f"（迟交{counts['late']}次），逾期未开展{counts['overdue']}次，完成率{done}；服务旗帜按时归还率{timely.flag}，"
        f"活动小结和照片按时上报率{timely.report}。以后待开展{counts['upcoming']}次。"
    )
    name = {s.unit["id"]: s.unit["name"] for s in statuses}

    def units(heading):
        return [line.split("：")[0].split("（计划")[0] for line in section(paragraphs, heading)]

    assert units("一、按时完成") == [name[s.unit["id"]] for s in statuses if s.status == "done" and s.settled]
    assert units("二、已完成但迟交") == [name[s.unit["id"]] for s in statuses if s.status == "late"]
    assert units("三、逾期未开展") == [name[s.unit["id"]] for s in statuses if s.status == "overdue"]
    assert units("四、已开展") == [name[s.unit["id"]] for s in statuses if s.status == "done" and not s.settled]
    [holder] = figures.flag_holders(demo)
    assert section(paragraphs, "五、当前持旗单位") == [
        f"{holder.units[0]['name']}：{holder.received.zh}领取服务旗帜，已持旗{holder.days}天。"
    ]
    assert units("六、下一步安排") == [name[s.unit["id"]] for s in figures.next_scheduled(statuses)]
    late = section(paragraphs, "二、已完成但迟交")
    assert late[1] == (
        "上虞市人力资源和社会保障局（示例）（计划2010年8月28日）：服务旗帜2010年9月8日交回，晚于2010年9月5日；"
        "活动小结和照片2010年9月8日交回，晚于2010年9月5日。"
    )


def test_notice_as_of_an_earlier_date_knows_only_what_was_known_then(tmp_path, demo):
    path, _ = make(tmp_path, "notice", "--campaign", "星期六机关党员义工服务日", "--date", "2010-09-07")
    assert path.name == f"notice-{CAMPAIGN}-2010-09-07.docx"
    paragraphs, _ = read_docx(path)
    as_of = dt.date(2010, 9, 7)
    statuses = figures.campaign_status(demo.get("campaign", CAMPAIGN), demo, as_of)
    done = figures.completion(statuses)
    assert f"已到期{done.due}次，其中已开展{done.hits}次" in paragraphs[2][1]
    assert section(paragraphs, "二、已完成但迟交")[1] == (
        "上虞市人力资源和社会保障局（示例）（计划2010年8月28日）：服务旗帜至2010年9月5日仍未交回；活动小结和照片至2010年9月5日仍未交回。"
    )
    [holder] = figures.flag_holders(demo, as_of)
    assert section(paragraphs, "五、当前持旗单位") == [
        f"{holder.units[0]['name']}：2010年8月23日领取服务旗帜，已持旗{holder.days}天。"
    ]
    assert holder.days == 15
    assert section(paragraphs, "六、下一步安排")[0].startswith("上虞市教育局（示例）：2010年9月11日")
    assert paragraphs[-1] == ("落款", "2010年9月7日")


DUTY = "yc-shihe-zhishou"


@pytest.mark.parametrize("day", ["2010-12-15", "2010-07-20"])
def test_the_notice_of_a_duty_campaign_lists_the_units_with_gaps_and_their_days(tmp_path, demo, day):
    """Every number is figures.py's: the coverage, the gaps per unit and their days, 人次 and hours."""
    args = ("--date", day) if day != "2010-12-15" else ()
    path, _ = make(tmp_path, "notice", "--campaign", DUTY, *args)
    assert path.name == f"notice-{DUTY}-{day}.docx"
    as_of = dt.date.fromisoformat(day)
    cov = figures.duty_coverage(demo.get("campaign", DUTY), demo, as_of)
    paragraphs, _ = read_docx(path)
    # a title with quotes of its own is quoted once, its quotes turned single
    assert paragraphs[0] == ("Title", "关于“‘世合赛’期间区级部门干部到结对社区值守”开展情况的督查通报")
    assert paragraphs[2][1].startswith(
        f"截至{Date.of(as_of).zh}，该活动共有值守单位{len(cov.units)}个，值守期间2010年7月15日至26日共{cov.days}天，"
        f"每个单位每天至少{cov.per_day}人到结对社区；已到{cov.so_far}天，应值守{len(cov.units) * cov.so_far}天次，"
        f"已值守{cov.covered}天次，缺岗{len(cov.gaps)}天次，覆盖率{cov.coverage}；"
        f"到岗值守{cov.person_days}人次，{format_hours(cov.person_hours)}小时。"
    )
    assert section(paragraphs, "一、有缺岗的单位") == [
        f"{u.unit['name']}：缺岗{len(u.gaps)}天（{'、'.join(f'{d.date.month}月{d.date.day}日' for d in u.gaps)}），"
        f"覆盖率{u.coverage}。"
        for u in cov.with_gaps
    ]
    full = [u for u in cov.units if not u.gaps]
    assert [line.split("：")[0] for line in section(paragraphs, "二、每天按要求值守的单位")] == [
        u.unit["name"] for u in full
    ]
    assert paragraphs[-4][1].startswith("请有缺岗的单位说明原因、补齐值守人员")
    if day == "2010-12-15":
        assert (str(cov.coverage), len(cov.gaps), str(cov.person_days)) == ("97%", 2, "73多")
        assert section(paragraphs, "一、有缺岗的单位") == [
            "越城区城市管理局（示例）：缺岗1天（7月20日），覆盖率92%。",
            "越城区卫生局（示例）：缺岗1天（7月23日），覆盖率92%。",
        ]
        assert section(paragraphs[:-4], "三、下一步安排") == ["值守期间已经结束。"]
    else:  # the 20th: six days so far, the 城管局 gap is known, the 卫生局 one is still to come
        assert (cov.so_far, [u.unit["id"] for u in cov.with_gaps]) == (6, ["yc-chengguan"])
        assert section(paragraphs[:-4], "三、下一步安排") == [
            "2010年7月21日至2010年7月26日还有6天，各单位按排班到结对社区值守，每天至少1人。",
            "越城区卫生局（示例）：7月23日尚未排班。",
        ]


def test_notice_sections_are_chosen_by_the_campaigns_kind(demo):
    assert documents.notice_kind(demo.get("campaign", DUTY)) == "duty"
    c = demo.get("campaign", CAMPAIGN)
    assert documents.notice_kind(c) == "schedule" and documents.NOTICE_KINDS["schedule"]
    summary, sections = documents.NOTICE_KINDS["schedule"](demo, c, demo.as_of)
    assert summary.startswith("截至2010年12月15日，该活动共有计划安排13次")
    assert [heading for heading, _, _ in sections] == [
        "按时完成的单位",
        "已完成但迟交的单位",
        "逾期未开展的单位",
        "已开展、尚在交回期限内的单位",
        "当前持旗单位",
        "下一步安排",
    ]


# ---- 志愿服务证明 ----------------------------------------------------------------------------


@pytest.mark.parametrize("who, ident", [("周虹", "zhou-hong"), ("zhao-lei", "zhao-lei")])  # zhao-lei: no consent
def test_certificate_hours_and_stars_are_the_sites(tmp_path, demo, who, ident):
    path, stdout = make(tmp_path, "certificate", "--volunteer", who)
    assert path.name == f"certificate-{ident}-2010-12-15.docx"
    v = demo.get("volunteer", ident)
    record = figures.service_record(v, demo)
    hours = figures.volunteer_hours(v, demo)
    stars = figures.star_level(hours, figures.star_levels(demo.site))
    paragraphs, tables = read_docx(path)
    body = paragraphs[3][1]
    assert body.startswith(f"兹证明{v['name']}同志（{v['unit']['name']}）于")
    assert f"参加党员义工服务{len(record)}次，累计服务时长{format_hours(hours)}小时，" in body
    assert body.endswith(
        f"达到{documents.cn_number(stars)}星级志愿者标准。"
        if stars
        else "尚未达到星级志愿者标准（累计满100小时为一星级）。"
    )
    assert tables[0][1:] == [
        [
            str(n),
            e.activity["date"].zh,
            e.activity["title"],
            "、".join(u.get("short") or u["name"] for u in e.activity["units"]),
            format_hours(e.hours),
        ]
        for n, e in enumerate(record, start=1)
    ]
    serial = paragraphs[0][1].removeprefix("编号：")
    assert serial.startswith("ZYFW-20101215-") and len(serial) == len("ZYFW-20101215-") + 6
    assert f"编号{serial}" in stdout and "只交本人，不在网站发布" in stdout
    assert paragraphs[-2:] == [("落款", f"{demo.site['organisation']}（盖章）"), ("落款", "2010年12月15日")]


def test_zhou_hong_reaches_one_star(tmp_path):
    paragraphs, _ = read_docx(make(tmp_path, "certificate", "--volunteer", "zhou-hong")[0])
    assert "累计服务时长100小时，达到一星级志愿者标准。" in paragraphs[3][1]


def test_documents_are_the_same_bytes_every_time(tmp_path):
    for args in (
        ("briefing", "--period", "2010-Q2"),
        ("notice", "--campaign", CAMPAIGN),
        ("certificate", "--volunteer", "chen-liqun"),
    ):
        first, _ = make(tmp_path / "a", *args)
        second, _ = make(tmp_path / "b", *args)
        assert first.read_bytes() == second.read_bytes(), args
        with zipfile.ZipFile(first) as package:
            assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


# ---- errors: Chinese, with suggestions; nothing written --------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ("briefing", "--period", "2010-Q5"),
            "没有生成文件：期间“2010-Q5”的写法不对。\n"
            "    修改方法：写成 2010（全年）、2010-Q2（第二季度）"
            "或 2010-06（6月），如 make briefing PERIOD=2010-Q2。\n",
        ),
        (
            ("briefing", "--period", "2010-13"),
            "没有生成文件：期间“2010-13”的写法不对。\n"
            "    修改方法：写成 2010（全年）、2010-Q2（第二季度）"
            "或 2010-06（6月），如 make briefing PERIOD=2010-Q2。\n",
        ),
        (
            ("briefing", "--period", "2009"),
            "没有生成文件：2009年没有活动记录、新闻稿和专项活动安排。\n"
            "    修改方法：有记录的期间中最接近的是：2010。\n",
        ),
        (
            ("briefing", "--period", "2010-01"),
            "没有生成文件：2010年1月没有活动记录、新闻稿和专项活动安排。\n"
            "    修改方法：有记录的期间中最接近的是：2010-03、2010-04、2010-05。\n",
        ),
        (
            ("briefing", "--period", "2011-Q1"),
            "没有生成文件：2011年第一季度还没有开始：统计截止日是2010年12月15日。\n"
            "    修改方法：选一个已经开始的期间；统计截止日见 site.yml 的 as_of。\n",
        ),
        (
            ("notice", "--campaign", "星期六义工日"),
            "没有生成文件：找不到专项活动“星期六义工日”。\n    修改方法：最接近的有：星期六机关党员义工服务日。\n",
        ),
        (
            ("notice", "--campaign", "xingqiliu"),
            "没有生成文件：找不到专项活动“xingqiliu”。\n    修改方法：最接近的有：sy-xingqiliu-yigongri。\n",
        ),
        (
            ("certificate", "--volunteer", "陈立"),
            "没有生成文件：找不到志愿者“陈立”。\n    修改方法：最接近的有：陈立群。\n",
        ),
        (
            ("certificate", "--volunteer", "chen-liqin"),
            "没有生成文件：找不到志愿者“chen-liqin”。\n    修改方法：最接近的有：chen-liqun。\n",
        ),
    ],
)
def test_unknown_period_campaign_or_volunteer(tmp_path, args, message):
    out = tmp_path / "documents"
    result = run_cli(*args, "--out", str(out), content=CONTENT)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", message)
    assert not out.exists()


def test_a_volunteer_without_service_and_a_campaign_without_schedule(tmp_path, demo):
    import trees
    from conftest import write_tree

    files = trees.tree(
        {"volunteers/wang-fang.md": trees.volunteer("王芳", publish=True), "campaigns/shihe.yml": "title: 迎世合\n"}
    )
    content = write_tree(tmp_path / "content", files)
    out = tmp_path / "documents"
    result = run_cli("certificate", "--volunteer", "王芳", "--out", str(out), content=content)
    assert (result.returncode, result.stderr) == (
        1,
        "没有生成文件：志愿者“王芳”还没有服务记录，无法出具志愿服务证明。\n"
        "    修改方法：在活动记录的 volunteers 里写上这名志愿者参加的活动，再生成证明。\n",
    )
    result = run_cli("notice", "--campaign", "迎世合", "--out", str(out), content=content)
    assert (result.returncode, result.stderr) == (
        1,
        "没有生成文件：专项活动“迎世合”没有计划安排，无法生成督查通报。\n"
        "    修改方法：在 campaigns/shihe.yml 的 schedule 里写上各单位的计划安排。\n",
    )
    assert not out.exists()


def test_git_ignores_the_documents_folder():
    """Documents (certificates name people who may not have consented) never reach the repository."""
    assert "documents/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    for command in ("briefing", "notice", "certificate"):
        assert "默认 documents/" in run_cli(command, "--help").stdout


# ---- the templates -------------------------------------------------------------------------


def test_the_generator_is_reproducible_and_the_committed_templates_carry_its_fields(tmp_path):
    """An office may restyle a template in Word; its fields (the Jinja tags) must stay."""
    from docxtpl import DocxTemplate

    assert docx_templates.write(tmp_path) != [] and docx_templates.write(tmp_path) == []
    for name in docx_templates.NAMES:
        made = DocxTemplate(str(tmp_path / f"{name}.docx")).get_undeclared_template_variables()
        committed = DocxTemplate(str(docx_templates.FOLDER / f"{name}.docx")).get_undeclared_template_variables()
        assert made == committed, name


@pytest.mark.parametrize("name", docx_templates.NAMES)
def test_templates_follow_the_official_layout_with_fonts_named_not_embedded(name):
    from docx import Document
    from docx.shared import Mm, Pt

    path = docx_templates.FOLDER / f"{name}.docx"
    doc = Document(str(path))
    section_ = doc.sections[0]
    assert (round(section_.page_width / Mm(1)), round(section_.page_height / Mm(1))) == (210, 297)  # A4
    assert [
        round(m / Mm(1))
        for m in (section_.top_margin, section_.bottom_margin, section_.left_margin, section_.right_margin)
    ] == [37, 35, 28, 26]
    fonts = {
        style: doc.styles[style].element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        for style in ("Title", "Normal")
    }
    assert fonts == {"Title": "方正小标宋简体", "Normal": "仿宋_GB2312"}
    assert doc.styles["Title"].font.size == Pt(22) and doc.styles["Normal"].font.size == Pt(16)
    for footer in (section_.footer, section_.even_page_footer):
        assert "PAGE" in footer._element.xml and footer.paragraphs[0].text == "— 1 —"
    with zipfile.ZipFile(path) as package:
        assert not [n for n in package.namelist() if n.startswith("word/fonts/")]
        assert b"embedTrueTypeFonts" not in package.read("word/settings.xml")


def test_notice_of_a_campaign_without_the_flag_relay(tmp_path):
    import trees
    from conftest import write_tree
    from test_campaign_status import SATURDAY, activity, campaign

    files = trees.tree(
        {"campaigns/yigongri.yml": campaign(flag_relay=False), "activities/2010/yj-anquan.yml": activity(SATURDAY)}
    )
    content = write_tree(tmp_path / "content", files)
    result = run_cli("notice", "--campaign", "yigongri", "--out", str(tmp_path / "out"), content=content)
    assert result.returncode == 0, result.stderr
    paragraphs, _ = read_docx(result.stdout.splitlines()[-1])
    assert (
        paragraphs[2][1]
        == "截至2010年12月15日，该活动共有计划安排1次，已到期1次，其中已开展1次，逾期未开展0次，完成率100%。"
    )
    assert [text for style, text in paragraphs if style == "Heading 1"] == [
        "一、已完成的单位",
        "二、逾期未开展的单位",
        "三、本周待开展的单位",
        "四、下一步安排",
    ]
    assert section(paragraphs, "一、") == ["上虞市食品药品监督管理局：2010年6月12日在金桂苑开展服务。"]
    assert paragraphs[-4][1].startswith("请逾期未开展的单位抓紧落实")
