"""figures.py on small content trees: sums that keep 多, month-precise dates, spans, multi-unit
and multi-place activities, unnamed participants, star thresholds, follow-up ages, honours."""

from __future__ import annotations

from decimal import Decimal

import pytest

import trees
from column import figures
from column.values import Quantity

PLACES = """\
- id: shangyu
  name: 上虞市
  kind: 县市区
- id: baiguan
  name: 百官街道
  kind: 镇街
  parent: shangyu
- id: jingui
  name: 金桂苑
  kind: 社区
  parent: baiguan
- id: yinxing
  name: 银杏社区
  kind: 社区
  parent: baiguan
- id: lianghu
  name: 梁湖镇
  kind: 镇街
  parent: shangyu
"""


def activity(title="活动", date="2010-06-12", units="[药监局]", places="[金桂苑]", **fields) -> str:
    lines = [
        f"title: {title}",
        f"date: {date}",
        f"units: {units}",
        f"places: {places}",
        "themes: [和谐社会建设]",
        "mode: 集中服务",
    ]
    for key, value in fields.items():
        lines.append(f"{key}:{value}" if value.startswith("\n") else f"{key}: {value}")
    return "\n".join(lines) + "\n"


def catalog(tmp_path, files: dict):
    return trees.run(tmp_path, {"places.yml": PLACES, "activities/2010/yj-anquan.yml": None, **files}).catalog


def test_sums_keep_more_than_when_any_part_is_approximate(tmp_path):
    cat = catalog(
        tmp_path,
        {
            "activities/2010/a.yml": activity("甲", served="120", participants="\n  total: 10"),
            "activities/2010/b.yml": activity("乙", served="200多", participants="\n  total: 40余"),
            "activities/2010/c.yml": activity("丙", served="30"),
        },
    )
    t = figures.totals(cat.activities)
    assert str(t.served) == "350多" and t.served == Quantity(350, True, "多")
    assert str(t.participants) == "50多"  # 余 is written back as 多
    exact = figures.totals([cat.get("activity", "a"), cat.get("activity", "c")])
    assert str(exact.served) == "150" and not exact.served.approx


def test_the_issue_example_120_plus_200_more(tmp_path):
    cat = catalog(
        tmp_path,
        {
            "activities/2010/a.yml": activity("甲", served="120"),
            "activities/2010/b.yml": activity("乙", served="200多"),
        },
    )
    assert str(figures.totals(cat.activities).served) == "320多"


def test_month_precise_date_counts_in_its_month_and_year(tmp_path):
    cat = catalog(
        tmp_path,
        {
            "activities/2010/m.yml": activity("只知道月份", date='"2010-06"', participants="\n  total: 7"),
            "activities/2010/d.yml": activity("有日期", date="2010-06-30", participants="\n  total: 3"),
        },
    )
    by_month = figures.breakdown(cat.activities, "month")
    assert list(by_month) == [(2010, 6)]
    assert by_month[(2010, 6)].activities == 2 and str(by_month[(2010, 6)].participants) == "10"
    assert figures.years(cat.activities) == [2010]
    # oldest first; a month-precise date sorts before the days of its month
    assert [a["id"] for a in figures.chronological(cat.activities)] == ["m", "d"]


def test_span_counts_once_in_the_month_and_year_it_starts(tmp_path):
    cat = catalog(
        tmp_path,
        {
            "activities/2010/s.yml": activity("跨月", date="{start: 2010-07-29, end: 2010-08-02}"),
            "activities/2010/y.yml": activity("跨年", date="{start: 2010-12-30, end: 2011-01-02}"),
        },
    )
    by_month = figures.breakdown(cat.activities, "month")
    assert sorted(by_month) == [(2010, 7), (2010, 12)]
    assert all(t.activities == 1 for t in by_month.values())
    assert figures.years(cat.activities) == [2010]
    assert figures.in_year(cat.activities, 2011) == []


def test_multi_unit_activity_counts_for_each_unit_but_once_in_totals(tmp_path):
    cat = catalog(
        tmp_path,
        {
            "activities/2010/joint.yml": activity(
                "联合", units="[药监局, 市农业局]", participants="\n  total: 10", hours="2", served="100多"
            ),
            "activities/2010/solo.yml": activity("单独", participants="\n  total: 5", hours="2"),
        },
    )
    by_unit = figures.breakdown(cat.activities, "unit")
    assert by_unit["sy-yaojian"].activities == 2 and str(by_unit["sy-yaojian"].participants) == "15"
    assert by_unit["sy-nongye"].activities == 1 and str(by_unit["sy-nongye"].participants) == "10"
    assert by_unit["sy-nongye"].person_hours == Decimal(20) and str(by_unit["sy-nongye"].served) == "100多"
    total = figures.totals(cat.activities)
    assert total.activities == 2 and str(total.participants) == "15" and total.person_hours == Decimal(30)
    # the same activity listed twice is still one activity
    joint = cat.get("activity", "joint")
    assert figures.totals([joint, joint]).activities == 1
    rows = {uf.unit["id"]: uf.totals for uf in figures.unit_figures(cat)}
    assert rows["sy-nongye"] == by_unit["sy-nongye"] and rows["sy-yaojian"] == by_unit["sy-yaojian"]


def test_place_figures_roll_up_and_count_an_activity_once_per_place(tmp_path):
    cat = catalog(
        tmp_path,
        {
            "activities/2010/two.yml": activity("两个社区", places="[金桂苑, 银杏社区]", participants="\n  total: 10"),
            "activities/2010/town.yml": activity("镇上", places="[梁湖镇]", participants="\n  total: 4"),
            "activities/2010/both.yml": activity(
                "街道和社区", places="[百官街道, 金桂苑]", participants="\n  total: 1"
            ),
        },
    )
    by_place = figures.breakdown(cat.activities, "place")
    assert by_place["jingui"].activities == 2 and by_place["yinxing"].activities == 1
    assert by_place["baiguan"].activities == 2 and str(by_place["baiguan"].participants) == "11"
    assert by_place["shangyu"].activities == 3 and str(by_place["shangyu"].participants) == "15"
    assert by_place["lianghu"].activities == 1
    baiguan = cat.get("place", "baiguan")
    assert [a["id"] for a in figures.activities_for(baiguan, cat)] == ["both", "two"]
    assert [p["id"] for p in figures.ancestors(cat.get("place", "jingui"))] == ["jingui", "baiguan", "shangyu"]


@pytest.mark.parametrize(
    "extra, expected_people, expected_hours",
    [
        # 10 people, one named with own 6 h, the other 9 at the activity's 4 h
        ("participants:\n  total: 10\nhours: 4\nvolunteers:\n  - who: 陈立群\n    hours: 6\n", "10", Decimal(42)),
        # the named volunteer without own hours takes the activity's
        ("participants:\n  total: 10\nhours: 4\nvolunteers:\n  - who: 陈立群\n", "10", Decimal(40)),
        # no total: the named volunteers are the participants
        ("hours: 3\nvolunteers:\n  - who: 陈立群\n  - who: 孙美芳\n    hours: 1.5\n", "2", Decimal("4.5")),
        # groups without a total are summed; no hours: no person-hours for the unnamed
        (
            "participants:\n  groups:\n    科级领导: 3\n    机关党员:"
            " 40多\nvolunteers:\n  - who: 陈立群\n    hours: 2\n",
            "43多",
            Decimal(2),
        ),
    ],
)
def test_participants_and_person_hours_with_unnamed_participants(tmp_path, extra, expected_people, expected_hours):
    cat = catalog(
        tmp_path,
        {
            "volunteers/chen-liqun.md": trees.volunteer("陈立群", publish=True),
            "volunteers/sun-meifang.md": trees.volunteer("孙美芳"),
            "activities/2010/a.yml": activity() + extra,
        },
    )
    a = cat.get("activity", "a")
    assert str(figures.participants(a)) == expected_people
    assert figures.person_hours(a) == expected_hours


@pytest.mark.parametrize(
    "hours, stars", [(("60", "40"), 1), (("60", "39.5"), 0), (("100",), 1), (("99.5",), 0), (("299.5", "0.5"), 2)]
)
def test_star_level_thresholds_are_inclusive(tmp_path, hours, stars):
    files = {"volunteers/zhou-hong.md": trees.volunteer("周虹", publish=True)}
    for i, h in enumerate(hours):
        files[f"activities/2010/a{i}.yml"] = (
            activity(f"活动{i}", date=f"2010-06-1{i}") + f"volunteers:\n  - who: 周虹\n    hours: {h}\n"
        )
    cat = catalog(tmp_path, files)
    total = figures.volunteer_hours(cat.get("volunteer", "zhou-hong"), cat)
    assert total == sum(Decimal(h) for h in hours)
    assert figures.star_level(total, figures.star_levels(cat.site)) == stars


def test_rates_round_half_up_and_show_a_dash_when_nothing_is_due():
    assert figures.Rate(2, 3).percent == 67 and str(figures.Rate(2, 3)) == "67%"
    assert figures.Rate(1, 8).percent == 13  # 12.5 rounds up
    assert figures.Rate(0, 0).percent is None and str(figures.Rate(0, 0)) == "—"
    assert str(figures.Rate(0, 2)) == "0%"


def test_follow_up_ages_count_to_as_of_or_to_the_resolution(tmp_path):
    cat = catalog(
        tmp_path,
        {
            "activities/2010/a.yml": activity(date="2010-12-01")
            + """\
follow_ups:
  - problem: 路灯不亮
    owner: 李主任
    status: open
  - problem: 楼道堆物
    owner: 王书记
    opened: 2010-06
    status: open
  - problem: 屋顶漏雨
    owner: 李主任
    opened: 2010-06-01
    status: resolved
    resolved: 2010-06-11
    result: 已修好
""",
        },
    )
    open_items, resolved = figures.follow_ups(cat)
    # as_of is 2010-12-15: 14 days since the activity; a month-precise date counts from the 1st
    assert [(f.problem, f.days) for f in open_items] == [("楼道堆物", 197), ("路灯不亮", 14)]
    assert [f.owner for f in open_items] == ["王书记", "李主任"]
    assert [(f.problem, f.days, f.result) for f in resolved] == [("屋顶漏雨", 10, "已修好")]


def test_honours_count_unpublished_volunteers_without_naming_them(tmp_path):
    cat = catalog(
        tmp_path,
        {
            "volunteers/chen-liqun.md": trees.volunteer("陈立群", publish=True),
            "volunteers/sun-meifang.md": trees.volunteer("孙美芳"),
            "honours/2010.yml": "title: 2010年度表彰\nunits: [药监局]\nvolunteers: [陈立群, 孙美芳]\n",
        },
    )
    [h] = figures.honours(cat)
    assert h.year == 2010 and [v["name"] for v in h.volunteers] == ["陈立群"]
    assert h.unpublished == 1 and h.volunteer_count == 2
    assert figures.honours_of(cat.get("unit", "sy-yaojian"), cat) == [h]
    assert figures.honours_of(cat.get("unit", "sy-nongye"), cat) == []


def test_totals_follow_a_record_edited_in_place(tmp_path):
    """Live preview patches records in place: cached per-activity figures must not go stale."""
    cat = catalog(tmp_path, {"activities/2010/a.yml": activity(participants="\n  total: 10", served="5")})
    a = cat.get("activity", "a")
    assert str(figures.totals([a]).participants) == "10"
    edited = catalog(
        tmp_path / "edited", {"activities/2010/a.yml": activity(participants="\n  total: 12多", served="5")}
    )
    a.clear()
    a.update(edited.get("activity", "a"))
    assert str(figures.totals([a]).participants) == "12多"
