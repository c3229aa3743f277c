"""relate: references by id, name, short name or alias; unknown and ambiguous ones; cross-field rules."""

import datetime as dt

import pytest

import trees
from column.issues import Issue
from column.load import load_tree
from column.relate import relate
from column.validate import validate
from conftest import write_tree

A = "activities/2010/yj-anquan.yml"
ADD = "先在相应的登记文件里添加这个{}，或检查拼写。"


def run(tmp_path, files, build_date=dt.date(2011, 1, 1)):
    docs, issues = load_tree(write_tree(tmp_path, trees.tree(files)))
    records, found = validate(docs)
    assert issues + found == [], issues + found  # these tests are about relate only
    return relate(records, build_date)


def activity(**replace) -> dict:
    text = trees.ACTIVITY
    for old, new in replace.items():
        text = text.replace(old, new)
    return {A: text}


def test_base_tree_resolves(tmp_path):
    cat, issues = run(tmp_path, {})
    assert issues == []
    a = cat.get("activity", "yj-anquan")
    assert a["units"] == [cat.get("unit", "sy-yaojian")]
    assert a["places"] == [cat.get("place", "jingui")]
    assert a["mode"] is cat.get("mode", "jizhong")
    assert a["themes"] == [cat.get("theme", "hexie-shehui")]


@pytest.mark.parametrize("written", ["sy-yaojian", "上虞市食品药品监督管理局", "药监局", "市药监局", " 药监局 "])
def test_reference_by_id_name_short_or_alias(tmp_path, written):
    cat, issues = run(tmp_path, {A: trees.ACTIVITY.replace("[药监局]", f"['{written}']")})
    assert issues == []
    assert cat.get("activity", "yj-anquan")["units"] == [cat.get("unit", "sy-yaojian")]


def test_same_record_named_twice_counts_once(tmp_path):
    cat, _ = run(tmp_path, {A: trees.ACTIVITY.replace("[药监局]", "[药监局, sy-yaojian]")})
    assert cat.get("activity", "yj-anquan")["units"] == [cat.get("unit", "sy-yaojian")]


def test_unknown_reference_lists_the_closest_names(tmp_path):
    _, issues = run(tmp_path, {A: trees.ACTIVITY.replace("[药监局]", "[市农业据]")})
    assert issues == [Issue(A, 3, "units", "找不到单位“市农业据”。", "最接近的有：市农业局、上虞市农业局。")]


def test_unknown_reference_suggests_市农业局_when_it_is_the_name(tmp_path):
    units = "- id: sy-nongye\n  name: 市农业局\n- id: sy-yaojian\n  name: 药监局\n"
    _, issues = run(tmp_path, {"units.yml": units, A: trees.ACTIVITY.replace("[药监局]", "[市农业据]")})
    assert issues == [Issue(A, 3, "units", "找不到单位“市农业据”。", "最接近的有：市农业局。")]


def test_shortened_name_suggests_the_full_one(tmp_path):
    _, issues = run(
        tmp_path,
        {"campaigns/sy-xingqiliu.yml": "title: 星期六机关党员义工服务日\n", A: trees.ACTIVITY + "campaign: 星期六\n"},
    )
    assert issues == [Issue(A, 7, "campaign", "找不到专项活动“星期六”。", "最接近的有：星期六机关党员义工服务日。")]


def test_unknown_reference_with_nothing_close(tmp_path):
    _, issues = run(
        tmp_path, {A: trees.ACTIVITY + "volunteers:\n  - who: 张三\n", "volunteers/li-si.md": trees.volunteer("李四")}
    )
    assert issues == [Issue(A, 8, "volunteers[1].who", "找不到志愿者“张三”。", ADD.format("志愿者"))]


def test_ambiguous_reference_lists_every_match(tmp_path):
    units = trees.UNITS + "- id: sy-nongye-2\n  name: 上虞市农业局驻村工作组\n  short: 市农业局\n"
    _, issues = run(tmp_path, {"units.yml": units, A: trees.ACTIVITY.replace("[药监局]", "[市农业局]")})
    assert issues == [
        Issue(
            A,
            3,
            "units",
            "“市农业局”同时对应多个单位：上虞市农业局（sy-nongye）、上虞市农业局驻村工作组（sy-nongye-2）。",
            "改写成其中一个的编号或全称。",
        )
    ]


def test_every_bad_reference_in_a_list_has_its_own_line(tmp_path):
    _, issues = run(
        tmp_path, {A: trees.ACTIVITY.replace("units: [药监局]", "units:\n  - 药监局\n  - 药鉴局\n  - 农业据")}
    )
    assert [(i.line, i.message) for i in issues] == [(5, "找不到单位“药鉴局”。"), (6, "找不到单位“农业据”。")]


def test_duplicate_ids_within_a_kind(tmp_path):
    units = trees.UNITS + "- id: sy-nongye\n  name: 上虞市农林局\n"
    _, issues = run(tmp_path, {"units.yml": units})
    assert issues == [
        Issue(
            "units.yml",
            10,
            "id",
            "编号“sy-nongye”重复（units.yml 第 1 行已用）。",
            "同类内容的编号不能相同，请改成另一个编号。",
        )
    ]


def test_same_id_in_different_kinds_is_fine(tmp_path):
    _, issues = run(tmp_path, {"units.yml": trees.UNITS + "- id: jingui\n  name: 金桂苑物业\n"})
    assert issues == []


def test_reserved_page_names(tmp_path):
    _, issues = run(tmp_path, {"pages/stories.md": "---\ntitle: 新闻\n---\n"})
    assert issues == [
        Issue(
            "pages/stories.md",
            None,
            "文件名",
            "页面名“stories”与网站自动生成的栏目重名。",
            "换一个文件名，如 about.md、guide.md。",
        )
    ]


def test_groups_exceeding_the_total(tmp_path):
    _, issues = run(
        tmp_path,
        {A: trees.ACTIVITY + "participants:\n  total: 700\n  groups:\n    科级领导: 217\n    机关党员干部: 519\n"},
    )
    assert issues == [
        Issue(
            A,
            9,
            "participants.groups",
            "各类人员合计 736 人，超过了总人数 700 人。",
            "核对分组人数和 total（总人数）。",
        )
    ]


def test_groups_within_the_total(tmp_path):
    _, issues = run(
        tmp_path,
        {A: trees.ACTIVITY + "participants:\n  total: 736\n  groups:\n    科级领导: 217\n    机关党员干部: 519\n"},
    )
    assert issues == []


def test_named_volunteers_exceeding_the_total(tmp_path):
    _, issues = run(
        tmp_path,
        {
            A: trees.ACTIVITY + "participants:\n  total: 1\nvolunteers:\n  - who: 张三\n  - who: 李四\n",
            "volunteers/zhang-san.md": trees.volunteer("张三"),
            "volunteers/li-si.md": trees.volunteer("李四"),
        },
    )
    assert issues == [Issue(A, 9, "volunteers", "具名志愿者有 2 人，超过了总人数 1 人。", "核对 participants.total。")]


def test_follow_up_rules(tmp_path):
    follow_ups = (
        "follow_ups:\n"
        "  - {problem: 路灯不亮, owner: 王明, status: resolved}\n"
        "  - {problem: 井盖松动, owner: 王明, status: open, resolved: 2010-06-20}\n"
        "  - {problem: 积水, owner: 王明, status: resolved, resolved: 2010-06-01}\n"
        "  - {problem: 噪音, owner: 王明, opened: 2010-06-15, status: resolved, resolved: 2010-06-14}\n"
        "  - {problem: 停车, owner: 王明, status: resolved, resolved: 2010-06-12}\n"
    )
    _, issues = run(tmp_path, {A: trees.ACTIVITY + follow_ups})
    assert issues == [
        Issue(A, 8, "follow_ups[1].resolved", "已解决的事项缺少解决日期。", "加一行 resolved: 年-月-日。"),
        Issue(
            A,
            9,
            "follow_ups[2].status",
            "写了解决日期，但状态仍是 open。",
            "已解决请把 status 改成 resolved；未解决请删掉 resolved。",
        ),
        Issue(A, 10, "follow_ups[3].resolved", "解决日期早于登记日期。", "改正日期。"),
        Issue(A, 11, "follow_ups[4].resolved", "解决日期早于登记日期。", "改正日期。"),
    ]


def test_flag_returned_before_received(tmp_path):
    _, issues = run(tmp_path, {A: trees.ACTIVITY + "flag:\n  received: 2010-06-07\n  returned: 2010-06-01\n"})
    assert issues == [Issue(A, 9, "flag.returned", "归还旗帜的日期早于领取日期。", "改正日期。")]


def test_campaign_ending_before_it_starts(tmp_path):
    _, issues = run(tmp_path, {"campaigns/c.yml": "title: 星期六义工服务日\nstart: 2010-12-01\nend: 2010-03-01\n"})
    assert issues == [Issue("campaigns/c.yml", 3, "end", "结束日期早于开始日期。", "改正日期。")]


def test_place_hierarchy_loop(tmp_path):
    places = (
        trees.PLACES
        + "- id: a\n  name: 甲\n  kind: 社区\n  parent: b\n- id: b\n  name: 乙\n  kind: 社区\n  parent: 甲\n"
    )
    _, issues = run(tmp_path, {"places.yml": places})
    assert [(i.line, i.field, i.message) for i in issues] == [
        (12, "parent", "地点“甲”的上级关系绕成了一个圈。"),
        (16, "parent", "地点“乙”的上级关系绕成了一个圈。"),
    ]


def test_as_of_from_site_else_the_build_date(tmp_path):
    cat, _ = run(tmp_path, {})
    assert cat.as_of == dt.date(2010, 12, 15)
    cat, _ = run(tmp_path, {"site.yml": trees.SITE.replace("as_of: 2010-12-15\n", "")}, build_date=dt.date(2011, 3, 4))
    assert cat.as_of == dt.date(2011, 3, 4)


def test_month_precise_as_of_is_its_first_day(tmp_path):
    cat, _ = run(tmp_path, {"site.yml": trees.SITE.replace("as_of: 2010-12-15", "as_of: 2010-12")})
    assert cat.as_of == dt.date(2010, 12, 1)


def test_reverse_indexes(tmp_path):
    cat, issues = run(
        tmp_path,
        {
            "activities/2010/yj-later.yml": trees.ACTIVITY.replace("2010-06-12", "2010-09-01")
            + "volunteers:\n  - who: 张三\n",
            "activities/2010/yj-earlier.yml": trees.ACTIVITY.replace("2010-06-12", "2010-03"),
            "volunteers/zhang-san.md": trees.volunteer("张三", publish=True),
            "stories/2010/new.md": trees.story("新", "2010-09-02", units="[药监局]", activities="[yj-later]"),
            "stories/2010/old.md": trees.story("旧", "2010-06-13", units="[药监局]"),
            "stories/2010/draft.md": trees.story("草稿", "2010-09-03", units="[药监局]", draft="true"),
        },
    )
    assert issues == []
    ids = lambda recs: [r["id"] for r in recs]  # noqa: E731
    assert ids(cat.activities_of["unit", "sy-yaojian"]) == ["yj-earlier", "yj-anquan", "yj-later"]  # oldest first
    assert ids(cat.activities_of["volunteer", "zhang-san"]) == ["yj-later"]
    assert ids(cat.activities_of["mode", "jizhong"]) == ["yj-earlier", "yj-anquan", "yj-later"]
    assert ids(cat.stories_of["unit", "sy-yaojian"]) == ["new", "old"]  # newest first, no drafts
    assert ids(cat.stories_of["activity", "yj-later"]) == ["new"]
    assert ids(cat.children["shangyu"]) == ["jingui"]


def test_records_sorted_by_id_within_kind(tmp_path):
    cat, _ = run(
        tmp_path, {"activities/2010/a-first.yml": trees.ACTIVITY, "activities/2010/z-last.yml": trees.ACTIVITY}
    )
    assert [a["id"] for a in cat.activities] == ["a-first", "yj-anquan", "z-last"]


def test_id_index_is_kept_for_the_listings(tmp_path):
    _, issues = run(
        tmp_path,
        {
            "stories/2010/index.md": trees.story("稿件", "2010-06-13"),
            "units.yml": trees.UNITS + "- id: index\n  name: 索引局\n",
        },
    )
    assert issues == [
        Issue(
            "stories/2010/index.md",
            None,
            "文件名",
            "编号“index”留给栏目的列表页使用，不能用作新闻稿的编号。",
            "换一个文件名（文件名就是编号）。",
        ),
        Issue("units.yml", 10, "id", "编号“index”留给栏目的列表页使用，不能用作单位的编号。", "换一个编号。"),
    ]
