"""The accountability pages generated from small content trees: units, places, themes and modes,
campaigns, 长效服务, 表彰, 数据 and the home page additions; pagination; links; privacy."""

from __future__ import annotations

import re

import pytest

import trees
from column import accountability_pages, urls
from test_figures import PLACES, activity

UNITS = trees.UNITS.replace(
    "  region: shangyu\n- id: sy-yaojian", "  region: shangyu\n  paired_places: [银杏社区]\n- id: sy-yaojian"
)

CAMPAIGN = """\
title: 星期六义工服务日
flag_relay: true
description: 每周六由一个单位承办。
schedule:
  - {unit: 药监局, date: 2010-06-12, places: [金桂苑]}
  - {unit: 市农业局, date: 2010-09-11, places: [银杏社区]}
  - {unit: 药监局, date: 2010-12-11, places: [金桂苑]}
  - {unit: 市农业局, date: 2010-12-18, places: [梁湖镇]}
"""


def files(**extra) -> dict:
    return {
        "places.yml": PLACES,
        "units.yml": UNITS,
        "volunteers/chen-liqun.md": trees.volunteer("陈立群", publish=True, unit="药监局"),
        "volunteers/sun-meifang.md": trees.volunteer("孙美芳"),
        "campaigns/yigongri.yml": CAMPAIGN,
        "activities/2010/yj-anquan.yml": activity(
            "安全用药宣传",
            campaign="星期六义工服务日",
            participants="\n  total: 12",
            served="150多",
            flag="\n  received: 2010-06-07\n  returned: 2010-06-14",
            report="\n  submitted: 2010-06-14",
        ),
        "activities/2010/joint.yml": activity(
            "联合服务",
            date="2010-07-03",
            units="[药监局, 市农业局]",
            places="[金桂苑, 银杏社区]",
            participants="\n  total: 20",
        ),
        "activities/2010/yj-winter.yml": activity(
            "冬季用药宣传", date="2010-12-11", campaign="星期六义工服务日", flag="\n  received: 2010-12-06"
        ),
        **extra,
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return trees.run(
        tmp_path_factory.mktemp("acc"),
        files(
            **{
                "honours/2010.yml": "title: 2010年度表彰\nunits: [药监局]\nvolunteers: [陈立群, 孙美芳]\n",
            }
        ),
    )


@pytest.fixture(scope="module")
def pages(site):
    return {p.src: p.text for p in site.pages}


def text(pages, src):
    """What a reader sees, words separated by single spaces (tags become spaces)."""
    return trees.visible_text(pages[src])


def flat(pages, src):
    """What a reader sees without any spaces, for checking Chinese phrases across tags."""
    return "".join(text(pages, src).split())


def test_navigation_lists_the_accountability_sections_in_order(site):
    titles = [t for t, _ in site.nav]
    wanted = ["服务单位", "服务阵地", "服务主题", "专项活动", "长效服务", "表彰", "数据"]
    assert [t for t in titles if t in wanted] == wanted
    assert dict(site.nav)["长效服务"] == "follow-ups.md"


def test_units_index_and_unit_page(pages):
    index = text(pages, "units/index.md")
    assert re.search(r"上虞市食品药品监督管理局 3 32 0 150多 100% 100%", index)
    assert re.search(r"上虞市农业局 1 20 0 0 0% 0%", index)  # 09-11 overdue, deadline long past
    unit = pages["units/sy-nongye.md"]
    assert '<a href="../../activities/joint/">联合服务</a>' in unit  # the joint activity counts for each unit
    assert '<a href="../../places/yinxing/">银杏社区</a>' in unit  # paired community
    shown = text(pages, "units/sy-nongye.md")
    assert "逾期未开展" in shown and "待开展" in shown


def test_unit_page_shows_honours_and_flag_relay_record(pages):
    unit = flat(pages, "units/sy-yaojian.md")
    assert "荣誉：2010年度先进集体" in unit
    assert "旗帜按时交回：100%（1/1）" in unit and "小结和照片按时上报：100%（1/1）" in unit
    assert "已完成，旗帜或小结待交回" in unit  # 12-11: the flag is still out on 12-15


def test_records_are_linked_wherever_they_are_named(pages):
    a = pages["activities/joint.md"]
    for target in (
        "units/sy-yaojian.md",
        "units/sy-nongye.md",
        "places/jingui.md",
        "themes/hexie-shehui.md",
        "modes/jizhong.md",
    ):
        assert f'href="../../{urls.public_url(target)}"' in a, target
    assert 'href="../../campaigns/yigongri/"' in pages["activities/yj-anquan.md"]


def test_place_hierarchy_rolls_up_and_counts_a_two_community_activity_once(pages):
    index = pages["places/index.md"]
    assert re.search(r'^<li><a href="shangyu/">上虞市</a>（县市区）', index, re.M)
    # a town is a list item inside its region's item
    assert re.search(
        r'^<li><a href="shangyu/">上虞市</a>.*<ul>\n<li><a href="baiguan/">百官街道</a>（镇街）：'
        r".*>3</span>次活动.*；下辖2个社区或村</li>$",
        index,
        re.M,
    )
    assert "银杏社区" not in index  # communities are listed on their town's page
    baiguan = text(pages, "places/baiguan.md")
    assert "3 次服务活动" in baiguan and "32 人次参加" in baiguan  # joint (20) once + 12 + 0
    assert "金桂苑 （社区） 3 32" in baiguan and "银杏社区 （社区） 1 20" in baiguan
    assert "直接登记在百官街道的活动0次" in flat(pages, "places/baiguan.md")
    assert "上级地点：上虞市" in flat(pages, "places/baiguan.md")
    assert "结对单位：上虞市农业局" in flat(pages, "places/yinxing.md")


def test_themes_and_modes(pages):
    index = text(pages, "themes/index.md")
    assert "服务主题" in index and "服务方式" in index and "和谐社会建设 3 32" in index
    assert "集中服务 服务方式 3 次服务活动 32 人次参加" in text(pages, "modes/jizhong.md")


def test_campaign_page_schedule_inspection_list_and_flag_holder(pages):
    page = text(pages, "campaigns/yigongri.md")
    assert "4 次计划安排 2 已完成 0 已完成但迟交 1 逾期未开展 1 待开展" in page
    assert "当前持旗单位上虞市食品药品监督管理局：2010年12月6日领取旗帜，已持旗9天" in flat(
        pages, "campaigns/yigongri.md"
    )
    inspection = page.split("督查通报", 1)[1]
    assert "上虞市农业局（计划2010年9月11日）：逾期未开展。计划当周（2010年9月6日至12日）没有活动记录" in "".join(
        inspection.split()
    )
    assert "上虞市食品药品监督管理局" not in inspection.split("活动统计")[0]
    assert "每周六由一个单位承办。" in page
    index = text(pages, "campaigns/index.md")
    assert "星期六义工服务日 2010年6月12日" not in index  # no start: no period printed
    assert re.search(r"星期六义工服务日 +4 2 0 1 1", index)


def test_home_shows_the_flag_holder_and_the_next_scheduled_unit(pages):
    home = flat(pages, "index.md")
    # the flag relay as the home page draws it: who gave the flag back, who holds it, who is next
    relay = home.split("服务旗帜接传", 1)[1]
    assert "持旗中上虞市食品药品监督管理局2010年12月6日领旗，已持旗9天" in relay
    assert "查看更多数据»" in home and '<a href="stats/">' in trees.page_html(pages["index.md"])
    assert "下一棒上虞市农业局2010年12月18日到梁湖镇" in relay
    assert relay.index("已交旗") < relay.index("持旗中") < relay.index("下一棒")


def test_follow_up_board(tmp_path):
    extra = (
        activity("走访", date="2010-10-03")
        + """\
follow_ups:
  - {problem: 照明线路老化, owner: 李主任, status: open}
  - {problem: 屋顶漏雨, owner: 王书记, opened: 2010-10-04, status: resolved, resolved: 2010-10-20, result: 已修好}
"""
    )
    pages = {p.src: p.text for p in trees.run(tmp_path, files(**{"activities/2010/zf.yml": extra})).pages}
    board = text(pages, "follow-ups.md")
    assert "1 项跟踪中 1 项已解决" in board
    assert re.search(r"照明线路老化 李主任 2010年 ?10月3日 73 走访", board)
    assert re.search(r"屋顶漏雨 王书记 2010年 ?10月4日 2010年 ?10月20日 16 已修好 走访", board)


def test_follow_up_board_paginates_long_lists(tmp_path, monkeypatch):
    monkeypatch.setattr(accountability_pages, "FOLLOW_UPS_SHOWN", 2)
    monkeypatch.setattr(accountability_pages, "FOLLOW_UPS_PER_PAGE", 2)
    items = "".join(
        f"  - {{problem: 问题{i}, owner: 李主任, opened: 2010-10-0{i}, status: open}}\n" for i in range(1, 6)
    )
    extra = activity("走访", date="2010-10-01") + "follow_ups:\n" + items
    pages = {p.src: p.text for p in trees.run(tmp_path, files(**{"activities/2010/zf.yml": extra})).pages}
    board = text(pages, "follow-ups.md")
    assert "问题1" in board and "问题2" in board and "问题3" not in board  # longest open first
    assert f'href="{urls.published_relative("follow-ups.md", "follow-ups/open/index.md")}"' in pages["follow-ups.md"]
    listed = [text(pages, urls.follow_ups_path("open", n)) for n in (1, 2, 3)]
    assert all(sum(f"问题{i} " in page for page in listed) == 1 for i in range(1, 6))
    assert urls.follow_ups_path("open", 4) not in pages and "follow-ups/resolved/index.md" not in pages


def test_record_pages_show_the_latest_activities_and_paginate_the_rest(tmp_path, monkeypatch):
    monkeypatch.setattr(accountability_pages, "LATEST", 2)
    monkeypatch.setattr(accountability_pages, "ACTIVITIES_PER_PAGE", 2)
    extra = {
        f"activities/2010/n{i}.yml": activity(f"第{i}次", date=f"2010-0{i}-01", units="[市农业局]") for i in range(1, 6)
    }
    pages = {p.src: p.text for p in trees.run(tmp_path, files(**extra)).pages}
    unit = text(pages, "units/sy-nongye.md")
    assert "联合服务" in unit and "第5次" in unit and "第4次" not in unit  # newest first
    assert "以上为最近2次，共6次。查看全部服务活动»" in flat(pages, "units/sy-nongye.md")
    lists = [urls.record_activities_path("unit", "sy-nongye", n) for n in (1, 2, 3)]
    assert all(src in pages for src in lists) and urls.record_activities_path("unit", "sy-nongye", 4) not in pages
    shown = " ".join(text(pages, src) for src in lists)
    assert all(shown.count(f"第{i}次") == 1 for i in range(1, 6)) and shown.count("联合服务") == 1
    assert "第 2 / 3 页" in text(pages, lists[1])
    # a record with few activities has no list pages
    assert not any(src.startswith("places/lianghu/") for src in pages)


def test_honours_name_only_published_volunteers(pages):
    year = flat(pages, "honours/2010.md")
    assert "先进集体（1个）上虞市食品药品监督管理局" in year
    assert "先进个人（2名）陈立群（上虞市食品药品监督管理局）另有1名先进个人未同意公开姓名，只计人数。" in year
    assert re.search(r"2010年 2010年度表彰 1 2", text(pages, "honours/index.md"))
    assert not any("孙美芳" in page for page in pages.values())


def test_stats_pages_have_charts_tables_and_download_links(site, pages):
    html = trees.page_html(pages["stats/index.md"])
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == 3  # year, theme, mode
    assert '<title id="chart-theme-title">服务主题参加人次</title>' in html
    downloads = ("activities.csv", "activities.json", "units.csv", "units.json", "assessment-2010.xlsx")
    for src in ("stats/index.md", "stats/units.md"):
        links = re.findall(r'href="((?:\.\./)?downloads/[^"]+)"', trees.page_html(pages[src]))
        assert sorted(link.split("/")[-1] for link in links) == sorted(downloads), src
        assert all(urls.download_path(link.split("/")[-1]) in site.files for link in links)
    year = text(pages, "stats/2010.md")
    assert "按月份" in year and "6月 1 12" in year and "7月 1 20" in year and "12月 1 0" in year
    assert "统计口径" in year and "120 + 200多 = 320多" in year
    # the figures per unit and per region are on a page of their own, linked from each 数据 page
    for main, part in (("stats/index.md", "stats/units.md"), ("stats/2010.md", "stats/2010/units.md")):
        assert f'href="{urls.published_relative(main, part)}"' in pages[main] and "按服务单位" not in text(pages, main)
        detail = trees.page_html(pages[part])
        assert detail.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == 2  # unit, place
        assert "联合开展的活动计入每个参与单位" in text(pages, part) and "按地区" in text(pages, part)
        assert f'href="{urls.published_relative(part, main)}"' in pages[part]


def test_a_long_campaign_schedule_and_the_units_index_are_paginated(tmp_path, monkeypatch):
    monkeypatch.setattr(accountability_pages, "SCHEDULE_SHOWN", 3)
    monkeypatch.setattr(accountability_pages, "SCHEDULE_PER_PAGE", 3)
    monkeypatch.setattr(accountability_pages, "UNITS_PER_PAGE", 1)
    pages = {p.src: p.text for p in trees.run(tmp_path, files()).pages}
    board = text(pages, "campaigns/yigongri.md")
    assert "共4次计划安排" in board and "计划日期" not in board  # the table moved to its pages
    srcs = [urls.campaign_schedule_path("yigongri", n) for n in (1, 2)]
    assert all(
        f'href="{urls.published_relative("campaigns/yigongri.md", src)}"' in pages["campaigns/yigongri.md"]
        for src in srcs
    )
    assert urls.campaign_schedule_path("yigongri", 3) not in pages
    first, second = (text(pages, src) for src in srcs)
    assert "第1—3次计划安排" in board and "第4次计划安排" in board
    assert first.count("2010年") >= 3 and "梁湖镇" not in first and "梁湖镇" in second  # schedule order, each once
    assert "4 次计划安排" in first and "第 2 / 2 页" in second  # the figures on top, a pager below
    units = [urls.listing_path("units", n) for n in (1, 2)]
    assert all(src in pages for src in units) and urls.listing_path("units", 3) not in pages
    assert "上虞市农业局" in text(pages, units[0]) and "上虞市食品药品监督管理局" not in text(pages, units[0])
    assert "上虞市食品药品监督管理局" in text(pages, units[1]) and "第 2 / 2 页" in text(pages, units[1])
    assert 'data-fig="all/activities"' in pages[units[0]] and 'data-fig="all/activities"' not in pages[units[1]]


def test_a_long_service_record_shows_the_latest_and_paginates_the_rest(tmp_path, monkeypatch):
    from column import site_pages

    monkeypatch.setattr(site_pages, "RECORD_SHOWN", 2)
    monkeypatch.setattr(site_pages, "RECORD_PER_PAGE", 2)
    extra = {
        f"activities/2010/n{i}.yml": activity(f"第{i}次", date=f"2010-0{i}-01") + "volunteers:\n  - who: 陈立群\n"
        for i in range(1, 6)
    }
    pages = {p.src: p.text for p in trees.run(tmp_path, files(**extra)).pages}
    page = text(pages, "volunteers/chen-liqun.md")
    assert "第5次" in page and "第4次" in page and "第3次" not in page
    assert "以上为最近2次，共5次。查看全部服务记录»" in flat(pages, "volunteers/chen-liqun.md")
    lists = [urls.record_activities_path("volunteer", "chen-liqun", n) for n in (1, 2, 3)]
    assert all(src in pages for src in lists) and urls.record_activities_path("volunteer", "chen-liqun", 4) not in pages
    shown = " ".join(text(pages, src) for src in lists)
    assert all(shown.count(f"第{i}次") == 1 for i in range(1, 6))
    assert shown.index("第1次") < shown.index("第5次")  # oldest first, as on the volunteer's page
    assert not any(src.startswith("volunteers/sun-meifang") for src in pages)
