"""pipeline.run on small trees, in-process: the pages the foundation generates and what they show.

Pages are read as a reader sees them (``trees.visible_text``, Markdown rendered, whitespace
removed by ``seen``), so spacing and escaping details of the templates do not matter here.
"""

import io
import math
import re
import shutil
import zipfile

import pytest

import trees
from column import site_pages, urls
from column.issues import ContentError
from conftest import CONTENT

A = trees.ACTIVITY
PHOTO = next(iter(sorted((CONTENT / "media").rglob("*.jpg"))))


def seen(text: str) -> str:
    return "".join(trees.visible_text(text).split())


def links(text: str) -> list[str]:
    """Link targets (href) of a page, in order."""
    return re.findall(r'<a href="([^"]*)"', text)


def readable(data: str | bytes) -> str:
    """Generated file content as text; a zip (XLSX) is read member by member."""
    if isinstance(data, str):
        return data
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return data.decode("utf-8", "replace")


def activity(date: str, extra: str = "", title: str | None = None) -> str:
    text = A.replace("date: 2010-06-12", f"date: {date}")
    if title:
        text = text.replace("药监局在金桂苑开展安全用药宣传", title)
    return text + extra


# ---- stories: pagination ----------------------------------------------------------------


def test_45_stories_make_3_listing_pages_each_linked(tmp_path):
    stories = {
        f"stories/2010/s{i:02d}.md": trees.story(f"第{i}篇", f"2010-{1 + i // 4:02d}-{1 + i % 4:02d}")
        for i in range(45)
    }
    pages = trees.pages(tmp_path, stories)
    per = site_pages.STORIES_PER_PAGE
    listing = [urls.listing_path("stories", n) for n in range(1, math.ceil(45 / per) + 1)]
    assert listing == ["stories/index.md", "stories/page/2.md", "stories/page/3.md"]
    assert [p for p in pages if p.startswith("stories/") and not p.startswith("stories/s")] == listing
    titles_on = []
    for n, src in enumerate(listing, start=1):
        text = pages[src]
        assert f"第{n}/3页" in seen(text)
        targets = {urls.published_relative(src, t) for t in listing}
        pager = [t for t in links(text) if t in targets]
        neighbours = ([listing[n - 2]] if n > 1 else []) + ([listing[n]] if n < len(listing) else [])
        assert pager == [urls.published_relative(src, t) for t in neighbours]
        titles_on.append([t for t in links(text) if re.search(r"(^|/)s\d\d/$", t) and t not in targets])
    assert [len(t) for t in titles_on] == [per, per, 45 - 2 * per]
    every = [t.rstrip("/").rsplit("/", 1)[-1] for chunk in titles_on for t in chunk]
    assert every == [f"s{i:02d}" for i in reversed(range(45))]  # newest first, each exactly once
    assert all(f"stories/s{i:02d}.md" in pages for i in range(45))


def test_one_listing_page_has_no_pager(tmp_path):
    pages = trees.pages(tmp_path, {"stories/2010/s.md": trees.story("唯一", "2010-06-13")})
    assert "stories/page/2.md" not in pages
    assert "页" not in seen(pages["stories/index.md"]).replace("唯一", "")


def test_drafts_are_not_published(tmp_path):
    pages = trees.pages(tmp_path, {"stories/2010/draft.md": trees.story("未审核的稿件", "2010-06-13", draft="true")})
    assert "stories/draft.md" not in pages
    assert not [src for src, text in pages.items() if "未审核的稿件" in text]


def test_story_page_shows_related_records(tmp_path):
    pages = trees.pages(
        tmp_path,
        {
            "volunteers/zhang-san.md": trees.volunteer("张三", publish=True),
            "stories/2010/s.md": trees.story(
                "药监局安全用药宣传",
                "2010-06-13",
                body="正文第一段。",
                source="上虞日报",
                activities="[yj-anquan]",
                volunteers="[张三]",
                units="[药监局]",
                places="[金桂苑]",
                themes="[和谐社会建设]",
            ),
        },
    )
    text = pages["stories/s.md"]
    for part in (
        "药监局安全用药宣传",
        "2010年6月13日",
        "来源：上虞日报",
        "正文第一段。",
        "相关活动：药监局在金桂苑开展安全用药宣传",
        "相关志愿者：张三",
        "相关单位：上虞市食品药品监督管理局",
        "相关地点：金桂苑",
        "服务主题：和谐社会建设",
    ):
        assert part in seen(text), part
    assert "../../activities/yj-anquan/" in links(text) and "../../volunteers/zhang-san/" in links(text)


# ---- chronicle --------------------------------------------------------------------------

CHRONICLE = {
    "activities/2010/yj-anquan.yml": activity("2010-06-12", title="六月十二日的活动"),
    "activities/2010/month-only.yml": activity("2010-06", title="只知月份的活动"),
    "activities/2010/span.yml": activity("{start: 2010-07-15, end: 2010-07-26}", title="世合赛每日值守"),
    "activities/2010/march.yml": activity("2010-03-06", title="三月的活动"),
    "activities/2010/dec.yml": activity("2010-12-11", title="十二月的活动"),
    "activities/2009/old.yml": activity("2009-10-01", title="上一年的活动"),
}


def test_chronicle_per_year_grouped_by_month(tmp_path):
    pages = trees.pages(tmp_path, CHRONICLE)
    # the months and days in order, after the page's 更新于 line (the newest item's date)
    year = seen(re.sub(r'<p class="column-updated">.*?</p>', "", pages["chronicle/2010.md"]))
    order = [
        "3月",
        "3月6日·三月的活动",
        "6月",
        "6月（日期不详）·只知月份的活动",
        "6月12日·六月十二日的活动",
        "7月",
        "2010年7月15日至26日·世合赛每日值守",
        "12月",
        "12月11日·十二月的活动",
    ]
    positions = [year.index(part) for part in order]
    assert positions == sorted(positions)
    html = trees.page_html(pages["chronicle/2010.md"])
    assert re.findall(r"<h2 [^>]*>(.*?)</h2>", html) == ["3月", "6月", "7月", "12月"]  # one section per month
    assert len(re.findall(r"<li>", html)) == 5
    assert "上一年的活动" not in year and "上一年的活动" in seen(pages["chronicle/2009.md"])


def test_month_precise_record_has_no_day(tmp_path):
    pages = trees.pages(tmp_path, CHRONICLE)
    year = seen(pages["chronicle/2010.md"])
    assert "6月（日期不详）·只知月份的活动" in year
    assert "6月1日·只知月份的活动" not in year


def test_chronicle_index_and_year_links(tmp_path):
    pages = trees.pages(tmp_path, CHRONICLE)
    index = pages["chronicle/index.md"]
    assert "2010年5" in seen(index) and "2009年1" in seen(index)  # years newest first, with counts
    assert seen(index).index("2010年") < seen(index).index("2009年")
    assert links(index) == ["2010/", "2009/"]
    assert '<a href="../2009/">« 2009年</a>' in trees.page_html(pages["chronicle/2010.md"])
    assert '<a href="../2010/">2010年 »</a>' in trees.page_html(pages["chronicle/2009.md"])
    assert "../../activities/span/" in links(pages["chronicle/2010.md"])


# ---- activity page: everything in the record --------------------------------------------

FULL = (
    A
    + """\
campaign: 星期六机关党员义工服务日
participants:
  total: 12456
  groups:
    科级领导: 217
    机关党员干部: 519
hours: 4
volunteers:
  - who: 张三
    hours: 6
    role: 带队
  - who: 隐名者
services:
  - 安全用药宣传
  - 回收过期药品
served: 800多
outcomes:
  - item: 回收过期失效药品
    value: 200多
    unit: 盒(瓶)
  - item: 走访企业
    value: 40余
    unit: 家
summary: |
  当天**回收**药品两百多盒。
photos:
  - file: 2010/yaojian.jpg
    caption: 党员义工讲解安全用药常识
follow_ups:
  - problem: 小区路灯损坏
    owner: 王明
    status: open
  - problem: 楼道堆物
    owner: 李华
    opened: 2010-06-13
    status: resolved
    resolved: 2010-06-20
    result: 已清理
flag:
  received: 2010-06-07
  returned: 2010-06-14
report:
  submitted: 2010-06-15
"""
)


@pytest.fixture
def full_activity(tmp_path):
    files = {
        "activities/2010/yj-anquan.yml": FULL,
        "campaigns/sy-xingqiliu.yml": "title: 星期六机关党员义工服务日\nflag_relay: true\n",
        "volunteers/zhang-san.md": trees.volunteer("张三", publish=True),
        "volunteers/yin-ming.md": trees.volunteer("隐名者"),
    }
    (tmp_path / "media" / "2010").mkdir(parents=True)
    shutil.copy(PHOTO, tmp_path / "media" / "2010" / "yaojian.jpg")
    result = trees.run(tmp_path, files)
    return {p.src: p.text for p in result.pages}, result


def test_activity_page_shows_every_field(full_activity):
    pages, _ = full_activity
    text = seen(pages["activities/yj-anquan.md"])
    expected = [
        "日期：2010年6月12日",
        "组织单位：上虞市食品药品监督管理局",
        "服务地点：金桂苑",
        "服务主题：和谐社会建设",
        "服务方式：集中服务",
        "专项活动：星期六机关党员义工服务日",
        "参加人数：12456人次",
        "每人服务时长：4小时",
        "服务群众：800多人",
        "科级领导217名",
        "机关党员干部519名",  # participants and groups
        "安全用药宣传",
        "回收过期药品",  # services
        "回收过期失效药品200多盒(瓶)",
        "走访企业40余家",  # outcomes keep 多/余
        "张三（带队）：6小时",
        "另有1名志愿者未公开姓名",
        "当天回收药品两百多盒。",  # summary, Markdown rendered
        "党员义工讲解安全用药常识",  # photo caption
        "小区路灯损坏王明2010年6月12日跟踪中",
        "楼道堆物李华2010年6月13日已解决（2010年6月20日）已清理",
        "领取旗帜：2010年6月7日",
        "归还旗帜：2010年6月14日",
        "小结和照片上报：2010年6月15日",
    ]
    for part in expected:
        assert part in text, part
    assert "<strong>回收</strong>" in trees.page_html(pages["activities/yj-anquan.md"])


def test_activity_page_shows_the_photo_with_alt_text(full_activity):
    pages, result = full_activity
    html = trees.page_html(pages["activities/yj-anquan.md"])
    assert 'alt="党员义工讲解安全用药常识"' in html  # alt defaults to the caption
    photo = re.findall(r'(?:src="|\]\()([^")\s]*media/[^")\s]+)', pages["activities/yj-anquan.md"])
    assert len(photo) == 1 and photo[0].endswith("media/2010/yaojian.jpg")
    assert "media/2010/yaojian.jpg" in result.assets  # the photo itself is published


def test_activity_person_hours(full_activity):
    pages, _ = full_activity
    # 张三 6 h + 隐名者 4 h (the activity's) + (12456 − 2) unnamed × 4 h
    assert f"服务时长合计：{6 + 4 + (12456 - 2) * 4}小时" in seen(pages["activities/yj-anquan.md"])


def test_flag_not_returned_and_no_report_yet(tmp_path):
    pages = trees.pages(tmp_path, {"activities/2010/yj-anquan.yml": A + "flag:\n  received: 2010-06-07\nreport: {}\n"})
    text = seen(pages["activities/yj-anquan.md"])
    assert "领取旗帜：2010年6月7日" in text and "归还旗帜：未归还" in text


# ---- volunteers: hours, stars, privacy --------------------------------------------------

HOURS = {
    "h-099": "99",
    "h-100": "100",
    "h-299": "299.5",
    "h-300": "300",
    "h-600": "600",
    "h-999": "999",
    "h-1000": "1000",
    "h-1499": "1499",
    "h-1500": "1500",
    "h-2000": "2000",
}
STARS = {
    "h-099": 0,
    "h-100": 1,
    "h-299": 1,
    "h-300": 2,
    "h-600": 3,
    "h-999": 3,
    "h-1000": 4,
    "h-1499": 4,
    "h-1500": 5,
    "h-2000": 5,
}


def hours_tree(split: bool = True) -> dict:
    """One volunteer per threshold case; each one's hours come from two activities."""
    files = {}
    first = "volunteers:\n" + "".join(f"  - who: {v}\n    hours: 50\n" for v in HOURS)
    second = "volunteers:\n" + "".join(f"  - who: {v}\n    hours: {float(h) - 50:g}\n" for v, h in HOURS.items())
    files["activities/2010/yj-anquan.yml"] = A + first
    files["activities/2010/later.yml"] = activity("2010-09-04", second, title="后来的活动")
    files.update({f"volunteers/{v}.md": trees.volunteer(f"志愿者{v[2:]}", publish=True) for v in HOURS})
    return files


def test_volunteer_hours_and_star_level_thresholds_inclusive(tmp_path):
    pages = trees.pages(tmp_path, hours_tree())
    for ident, hours in HOURS.items():
        text = seen(pages[f"volunteers/{ident}.md"])
        shown = hours.removesuffix(".0")
        assert f"累计服务时长：{shown}小时" in text, ident
        stars = STARS[ident]
        if stars:
            assert f"星级：{'★' * stars}{stars}星级志愿者" in text, ident
        else:
            assert "星级：未达一星（满100小时为一星）" in text, ident


def test_volunteer_service_record_lists_each_activity(tmp_path):
    pages = trees.pages(tmp_path, hours_tree())
    text = seen(pages["volunteers/h-300.md"])
    assert "2010年6月12日药监局在金桂苑开展安全用药宣传50小时" in text
    assert "2010年9月4日后来的活动250小时" in text
    assert text.index("药监局在金桂苑") < text.index("后来的活动")  # oldest first


def test_star_levels_from_site_settings(tmp_path):
    files = hours_tree()
    files["site.yml"] = trees.SITE + "star_levels: [10, 200]\n"
    pages = trees.pages(tmp_path, files)
    assert "2星级志愿者" in seen(pages["volunteers/h-300.md"])
    assert "1星级志愿者" in seen(pages["volunteers/h-100.md"])


def test_hours_default_to_the_activity_hours(tmp_path):
    pages = trees.pages(
        tmp_path,
        {
            "activities/2010/yj-anquan.yml": A + "hours: 3.5\nvolunteers:\n  - who: 张三\n",
            "volunteers/zhang-san.md": trees.volunteer("张三", publish=True),
        },
    )
    assert "累计服务时长：3.5小时" in seen(pages["volunteers/zhang-san.md"])


SECRET = "甄隐名"
PRIVATE = {
    "volunteers/zhen-yinming.md": "---\nname: 甄隐名\nunit: 药监局\ntitle: 科长\nspecialties: [独门绝技]\n"
    "featured: true\n---\n甄隐名的个人简介：秘密经历。\n",
    "volunteers/gong-kai.md": trees.volunteer("龚开", publish=True, featured="true"),
    "activities/2010/yj-anquan.yml": A + "volunteers:\n  - who: 甄隐名\n    hours: 120\n    role: 独家分工\n"
    "  - who: 龚开\n    hours: 2\n",
    "stories/2010/s.md": trees.story("表扬稿", "2010-06-13", volunteers="[甄隐名, 龚开]", activities="[yj-anquan]"),
    "honours/2010.yml": "title: 2010年度表彰\nvolunteers: [甄隐名, 龚开]\nunits: [药监局]\n",
}


def test_unpublished_volunteers_are_counted_never_named(tmp_path):
    result = trees.run(tmp_path, PRIVATE)
    outputs = {p.src: p.text for p in result.pages}
    outputs.update({path: readable(data) for path, data in result.files.items()})  # feeds, data downloads
    for needle in (SECRET, "zhen-yinming", "秘密经历", "独门绝技", "独家分工"):
        leaks = [src for src, text in outputs.items() if needle in text]
        assert leaks == [], f"{needle} appears in {leaks}"
    assert "volunteers/zhen-yinming.md" not in outputs
    assert "另有1名志愿者未公开姓名" in seen(outputs["activities/yj-anquan.md"])
    assert "共登记志愿者2名，其中1名未同意公开姓名" in seen(outputs["volunteers/index.md"])
    assert "龚开" in outputs["volunteers/index.md"] and "龚开" in outputs["stories/s.md"]


def test_unpublished_volunteer_still_counts_in_the_figures(tmp_path):
    pages = trees.pages(tmp_path, PRIVATE)
    assert "参加人数：2人次" in seen(pages["activities/yj-anquan.md"])
    assert "服务时长合计：122小时" in seen(pages["activities/yj-anquan.md"])


# ---- the whole run ----------------------------------------------------------------------


def test_same_content_gives_the_same_pages(tmp_path):
    first = trees.run(tmp_path / "a", CHRONICLE)
    second = trees.run(tmp_path / "b", dict(reversed(list(CHRONICLE.items()))))
    assert [(p.src, p.text) for p in first.pages] == [(p.src, p.text) for p in second.pages]


def test_every_problem_in_every_file_at_once(tmp_path):
    with pytest.raises(ContentError) as err:
        trees.run(
            tmp_path,
            {
                "activities/2010/a.yml": activity("2010-02-30"),
                "activities/2010/b.yml": activity("2010-06-12", "served: 800多人\n"),
                "stories/2010/s.md": trees.story("标题", "2010-06-13", units="[市农业据]"),
                "units.yml": trees.UNITS + "- id: Bad\n  name: 坏编号\n",
            },
        )
    assert [(i.path, i.line, i.field) for i in err.value.issues] == [
        ("activities/2010/a.yml", 2, "date"),
        ("activities/2010/b.yml", 7, "served"),
        ("stories/2010/s.md", 4, "units"),
        ("units.yml", 10, "id"),
    ]
    assert str(err.value).startswith("内容检查发现 4 个问题，网站未生成（已发布的网站保持不变）：\n")


def test_nav_is_small_and_lists_only_present_pages(tmp_path):
    result = trees.run(tmp_path, {f"activities/2010/a{i}.yml": A for i in range(30)})
    assert len(result.nav) <= 12
    srcs = {p.src for p in result.pages}
    assert all(src in srcs for _, src in result.nav)
    assert not [src for _, src in result.nav if src.startswith("activities/")]
