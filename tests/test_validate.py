"""validate: the content model checked field by field, values converted, problems in Chinese."""

from decimal import Decimal

import pytest

import trees
from column.issues import Issue
from column.load import load_tree
from column.validate import validate
from column.values import Date, Quantity, When
from conftest import write_tree

A = "activities/2010/yj-anquan.yml"
ID_HINT = "编号只能用小写英文字母、数字和连字符“-”，并以字母或数字开头，如 sy-jianshe 或 2010-06-26-qingqiyi。"
BOOL_HINT = "写 true（是）或 false（否）。"


def check(tmp_path, files):
    """Load and validate the base tree with ``files``; returns (records by (kind, id), issues)."""
    docs, issues = load_tree(write_tree(tmp_path, trees.tree(files)))
    records, found = validate(docs)
    return {r.key: r for r in records}, issues + found


def activity(extra: str) -> dict:
    return {"activities/2010/yj-anquan.yml": trees.ACTIVITY + extra}


def test_base_tree_is_valid(tmp_path):
    records, issues = check(tmp_path, {})
    assert issues == []
    a = records["activity", "yj-anquan"]
    assert a["date"] == When(Date(2010, 6, 12), Date(2010, 6, 12))
    assert (a["units"], a["mode"]) == (["药监局"], "集中服务")  # references stay text until relate


def test_implicit_typing_never_changes_meaning(tmp_path):
    records, issues = check(
        tmp_path,
        {
            "activities/2010/yj-anquan.yml": trees.ACTIVITY.replace(
                "title: 药监局在金桂苑开展安全用药宣传", "title: 2010"
            ),
            "places.yml": trees.PLACES.replace("id: jingui", "id: on"),
            "volunteers/no.md": trees.volunteer("2010", since="2010-06"),
            "volunteers/yes.md": trees.volunteer("张三", since="'2010-06'"),
        },
    )
    assert issues == []
    assert records["activity", "yj-anquan"]["title"] == "2010"
    assert ("place", "on") in records
    assert records["volunteer", "no"]["name"] == "2010"
    assert records["volunteer", "no"]["since"] == records["volunteer", "yes"]["since"] == Date(2010, 6)


@pytest.mark.parametrize(
    "written, meaning",
    [
        ("true", True),
        ("True", True),
        ("yes", True),
        ("是", True),
        ("false", False),
        ("no", False),
        ("NO", False),
        ("否", False),
    ],
)
def test_accepted_booleans(tmp_path, written, meaning):
    """Decision: true/false, yes/no (any case) and 是/否 are booleans; anything else is an error."""
    records, issues = check(tmp_path, {"volunteers/zhang-san.md": f"---\nname: 张三\npublish: {written}\n---\n"})
    assert issues == []
    assert records["volunteer", "zhang-san"]["publish"] is meaning


@pytest.mark.parametrize("written", ["on", "1", "同意", "maybe"])
def test_other_boolean_words_are_errors(tmp_path, written):
    records, issues = check(tmp_path, {"volunteers/zhang-san.md": f"---\nname: 张三\npublish: {written}\n---\n"})
    assert issues == [
        Issue(
            "volunteers/zhang-san.md",
            3,
            "publish",
            f"“本人同意公开姓名（不写即不公开，只计入统计）”只能写 true 或 false，现在是“{written}”。",
            BOOL_HINT,
        )
    ]
    assert not records["volunteer", "zhang-san"]["publish"]  # unreadable consent is no consent


def test_publish_defaults_to_false(tmp_path):
    records, _ = check(tmp_path, {"volunteers/zhang-san.md": trees.volunteer("张三")})
    assert records["volunteer", "zhang-san"]["publish"] is False


def test_missing_required_fields_each_reported(tmp_path):
    _, issues = check(tmp_path, {"activities/2010/yj-anquan.yml": "title: x\nunits: [药监局]\n"})
    assert issues == [
        Issue(
            "activities/2010/yj-anquan.yml",
            1,
            "date",
            "缺少必填字段“date”（日期（年-月-日；只知道月份写 年-月；时间段写 {start: …, end: …}））。",
            "加一行 date: …，例如 date: 2010-10-23",
        ),
        Issue(
            "activities/2010/yj-anquan.yml",
            1,
            "places",
            "缺少必填字段“places”（服务地点）。",
            "加一行 places: …，例如 places: 金桂苑",
        ),
        Issue(
            "activities/2010/yj-anquan.yml",
            1,
            "themes",
            "缺少必填字段“themes”（服务主题）。",
            "加一行 themes: …，例如 themes: 和谐社会建设",
        ),
        Issue(
            "activities/2010/yj-anquan.yml",
            1,
            "mode",
            "缺少必填字段“mode”（服务方式）。",
            "加一行 mode: …，例如 mode: 集中服务",
        ),
    ]


def test_empty_values_count_as_missing(tmp_path):
    _, issues = check(
        tmp_path,
        {
            "activities/2010/yj-anquan.yml": trees.ACTIVITY.replace("units: [药监局]", "units: []").replace(
                "mode: 集中服务", "mode: null"
            )
        },
    )
    assert [i.field for i in issues] == ["units", "mode"]


def test_unknown_field_suggests_the_closest(tmp_path):
    _, issues = check(tmp_path, activity("tittle: x\nparticipants:\n  totl: 5\n"))
    assert issues == [
        Issue("activities/2010/yj-anquan.yml", 7, "tittle", "不认识的字段“tittle”。", "是不是想写“title”？"),
        Issue("activities/2010/yj-anquan.yml", 9, "participants.totl", "不认识的字段“totl”。", "是不是想写“total”？"),
    ]


def test_unknown_field_without_a_close_one_lists_the_fields(tmp_path):
    _, issues = check(tmp_path, {"units.yml": trees.UNITS + "- id: z\n  name: z\n  电话: 123\n"})
    assert issues == [
        Issue(
            "units.yml",
            12,
            "电话",
            "不认识的字段“电话”。",
            "可用的字段：id、name、short、aliases、region、paired_places。",
        )
    ]


def test_impossible_date_and_malformed_quantity(tmp_path):
    _, issues = check(
        tmp_path,
        {"activities/2010/yj-anquan.yml": trees.ACTIVITY.replace("2010-06-12", "2010-02-30") + "served: 800多人\n"},
    )
    assert issues == [
        Issue(
            "activities/2010/yj-anquan.yml", 2, "date", "日期不存在：“2010-02-30”。", "检查月份（1–12）和这个月的天数。"
        ),
        Issue(
            "activities/2010/yj-anquan.yml",
            7,
            "served",
            "数量格式不对：“800多人”。",
            "写整数（如 800）；“800多”“40余”这样的约数也可以；不要带“人”“家”等单位。",
        ),
    ]


def test_quantities_and_groups_converted(tmp_path):
    records, issues = check(
        tmp_path,
        activity(
            "participants:\n  total: 12456\n  groups:\n    科级领导: 217\n    机关党员干部: 519\n"
            "served: 800多\nhours: 2.5\noutcomes:\n  - item: 回收过期失效药品\n    value: 200多\n    unit: 盒(瓶)\n"
        ),
    )
    assert issues == []
    a = records["activity", "yj-anquan"]
    assert a["participants"]["total"] == Quantity(12456)
    assert dict(a["participants"]["groups"]) == {"科级领导": Quantity(217), "机关党员干部": Quantity(519)}
    assert (a["served"], a["hours"]) == (Quantity(800, True, "多"), Decimal("2.5"))
    assert dict(a["outcomes"][0]) == {"item": "回收过期失效药品", "value": Quantity(200, True, "多"), "unit": "盒(瓶)"}


def test_bad_group_count_names_the_group(tmp_path):
    _, issues = check(tmp_path, activity("participants:\n  total: 10\n  groups:\n    科级领导: 很多\n"))
    assert [(i.line, i.field, i.message) for i in issues] == [
        (10, "participants.groups.科级领导", "数量格式不对：“很多”。")
    ]


def test_one_value_is_accepted_as_a_list_of_one(tmp_path):
    records, issues = check(tmp_path, {"activities/2010/yj-anquan.yml": trees.ACTIVITY.replace("[药监局]", "药监局")})
    assert issues == []
    assert records["activity", "yj-anquan"]["units"] == ["药监局"]


def test_map_expected(tmp_path):
    _, issues = check(tmp_path, activity("participants: 12\n"))
    assert issues == [
        Issue(
            "activities/2010/yj-anquan.yml",
            7,
            "participants",
            "“参加人数”应写成若干“字段: 值”。",
            "在下一行缩进两个空格，逐项写：total、groups。",
        )
    ]


def test_list_where_one_value_expected(tmp_path):
    _, issues = check(tmp_path, activity("served: [1, 2]\n"))
    assert issues == [
        Issue(
            "activities/2010/yj-anquan.yml",
            7,
            "served",
            "“服务群众人数”应是一个值，不能是列表或多行结构。",
            "只写一个值。",
        )
    ]


def test_choice(tmp_path):
    _, issues = check(tmp_path, {"volunteers/zhang-san.md": "---\nname: 张三\nparty_status: 党员\n---\n"})
    assert issues == [
        Issue(
            "volunteers/zhang-san.md",
            3,
            "party_status",
            "“政治面貌”不能是“党员”。",
            "只能写以下之一：在职党员、在册党员、入党积极分子、群众。",
        )
    ]


def test_id_rule_for_file_names(tmp_path):
    records, issues = check(
        tmp_path,
        {
            "volunteers/Zhang_San.md": trees.volunteer("张三"),
            "activities/2010/yj-anquan.yml": None,
            "activities/2010/6月26日.yml": trees.ACTIVITY,
        },
    )
    assert issues == [
        Issue("activities/2010/6月26日.yml", 1, "文件名", "编号“6月26日”不符合规则。", ID_HINT),
        Issue("volunteers/Zhang_San.md", 1, "文件名", "编号“Zhang_San”不符合规则。", ID_HINT),
    ]
    assert not [k for k in records if k[0] in ("volunteer", "activity")]


@pytest.mark.parametrize("ident", ["sy_nongye", "Sy-nongye", "-sy", "农业局"])
def test_id_rule_in_registries(tmp_path, ident):
    _, issues = check(tmp_path, {"units.yml": trees.UNITS.replace("id: sy-nongye", f"id: {ident}")})
    assert issues == [Issue("units.yml", 1, "id", f"编号“{ident}”不符合规则。", ID_HINT)]


def test_id_rule_in_site_vocabularies(tmp_path):
    _, issues = check(tmp_path, {"site.yml": trees.SITE.replace("id: jizhong", "id: Jizhong")})
    assert issues == [Issue("site.yml", 10, "modes[1].id", "编号“Jizhong”不符合规则。", ID_HINT)]


def test_registry_entry_without_id(tmp_path):
    _, issues = check(tmp_path, {"units.yml": trees.UNITS + "- name: 上虞市教育局\n"})
    assert issues == [
        Issue(
            "units.yml",
            10,
            "id",
            "缺少必填字段“id”（编号（小写字母、数字、连字符））。",
            "加一行 id: …，例如 id: sy-yaojian",
        )
    ]


def test_registry_must_be_a_list(tmp_path):
    _, issues = check(tmp_path, {"places.yml": "id: shangyu\nname: 上虞市\n"})
    assert (
        Issue("places.yml", 1, "", "places.yml 应是一个列表，每一项以“- id: …”开头。", "参照示例，每个条目前加“- ”。")
        in issues
    )


def test_full_width_colon_gets_its_own_hint(tmp_path):
    _, issues = check(tmp_path, {"campaigns/c.yml": "title：星期六义工服务日\n"})
    assert issues == [
        Issue(
            "campaigns/c.yml",
            1,
            "",
            "这里应是“字段: 值”形式的专项活动信息。",
            "字段名后的冒号要用英文半角冒号加空格“: ”，不能用中文全角冒号“：”。",
        )
    ]


def test_date_must_match_the_year_folder(tmp_path):
    _, issues = check(
        tmp_path,
        {
            "activities/2011/yj-anquan.yml": trees.ACTIVITY,
            "activities/2010/yj-anquan.yml": None,
            "stories/2009/s.md": trees.story("标题", "2010-06-12"),
        },
    )
    assert issues == [
        Issue(
            "activities/2011/yj-anquan.yml",
            2,
            "date",
            "日期在 2010 年，但文件放在 2011 年的文件夹里。",
            "把文件移到 activities/2010/，或改正日期。",
        ),
        Issue(
            "stories/2009/s.md",
            3,
            "date",
            "日期在 2010 年，但文件放在 2009 年的文件夹里。",
            "把文件移到 stories/2010/，或改正日期。",
        ),
    ]


def test_span_date(tmp_path):
    records, issues = check(
        tmp_path,
        {
            "activities/2010/yj-anquan.yml": trees.ACTIVITY.replace(
                "date: 2010-06-12", "date: {start: 2010-07-15, end: '2010-07-26'}"
            )
        },
    )
    assert issues == []
    assert records["activity", "yj-anquan"]["date"].zh == "2010年7月15日至26日"


def test_body_kept_for_markdown_kinds(tmp_path):
    records, _ = check(tmp_path, {"stories/2010/s.md": trees.story("标题", "2010-06-12", body="第一段\n\n第二段")})
    s = records["story", "s"]
    assert (s["body"], s["body_line"]) == ("第一段\n\n第二段\n", 5)


def test_empty_list_items_and_group_counts(tmp_path):
    _, issues = check(
        tmp_path,
        {
            "activities/2010/yj-anquan.yml": trees.ACTIVITY.replace("units: [药监局]", "units:\n  - 药监局\n  -")
            + "participants:\n  groups:\n    科级领导:\n"
        },
    )
    assert issues == [
        Issue(A, 5, "units[2]", "“组织单位”列表里有一项是空的。", "填上内容，或删掉这一行的“- ”。"),
        Issue(A, 11, "participants.groups.科级领导", "“科级领导”的人数没有填。", "填上人数，或删掉这一行。"),
    ]
