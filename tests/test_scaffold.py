"""``python -m column new``: a file in the right place, named from the title's pinyin, never
clashing, commented from the model, pointing at its schema, and valid as it is."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

import trees
from column import figures, model, pipeline, scaffold, schema
from column.__main__ import main
from conftest import CONTENT, build_site, run_cli, write_tree
from editor_yaml import editor_data, schema_errors

KINDS = ["story", "activity", "volunteer", "campaign"]
DAY = dt.date(2011, 3, 5)


@pytest.fixture
def content(tmp_path):
    return shutil.copytree(CONTENT, tmp_path / "content")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("上虞市药监局开展安全用药宣传", "shangyushi-yaojianju-anquan"),
        ("星期六机关党员义工服务日", "xingqiliu-jiguan-dangyuan-yigong"),
        ("庆七一、迎世合：越城区12456名党员上街服务", "qing-qiyi-yingshihe-yuechengqu"),
        ("关于2010年度先进集体的通报", "2010-niandu-xianjinjiti-tongbao"),
        ("Hello 世界", "hello-shijie"),
    ],
)
def test_title_id_is_short_hyphenated_pinyin(title, expected):
    ident = scaffold.title_id(title)
    assert ident == expected
    assert model.ID_RULE.match(ident) and len(ident) <= scaffold.MAX_ID_LENGTH


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("陈立群", "chen-liqun"),
        ("欧阳娜娜", "ouyang-nana"),
        ("曾华", "zeng-hua"),
        ("单雄", "shan-xiong"),
    ],
)
def test_person_id_is_surname_then_given_name(name, expected):
    assert scaffold.person_id(name) == expected


def test_ids_never_clash_within_a_kind_across_years(content):
    (content / "stories/2009").mkdir()
    (content / "stories/2009/yaojianju-anquan.md").write_text("", encoding="utf-8")
    first = scaffold.create(content, "story", "药监局安全", DAY)
    second = scaffold.create(content, "story", "药监局安全", DAY)
    assert first.relative_to(content).as_posix() == "stories/2011/yaojianju-anquan-2.md"
    assert second.relative_to(content).as_posix() == "stories/2011/yaojianju-anquan-3.md"
    # another kind may use the same id
    activity = scaffold.create(content, "activity", "药监局安全", DAY)
    assert activity.relative_to(content).as_posix() == "activities/2011/yaojianju-anquan.yml"
    # a demo volunteer's id is taken
    assert scaffold.create(content, "volunteer", "陈立群", DAY).name == "chen-liqun-2.md"


@pytest.mark.parametrize(
    ("kind", "title", "where", "dated"),
    [
        ("story", "安全用药", "stories/2011/anquan-yongyao.md", ("date", "2011-03-05")),
        ("activity", "安全用药", "activities/2011/anquan-yongyao.yml", ("date", "2011-03-05")),
        ("volunteer", "王晓燕", "volunteers/wang-xiaoyan.md", ("since", "2011-03")),
        ("campaign", "安全用药", "campaigns/anquan-yongyao.yml", ("start", "2011-03-05")),
    ],
)
def test_new_file_is_valid_as_it_is(content, kind, title, where, dated):
    path = scaffold.create(content, kind, title, DAY)
    assert path.relative_to(content).as_posix() == where
    result = pipeline.run(content)  # raises ContentError with every problem otherwise
    rec = result.catalog.get(kind, path.stem)
    assert rec is not None
    assert (rec.get("title") or rec.get("name")) == title
    assert rec[dated[0]].iso == dated[1]
    assert schema_errors(kind, editor_data(path)) == []
    if kind == "volunteer":
        assert rec["publish"] is False  # consent is never assumed


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_is_explained_with_the_models_words(content, kind):
    text = scaffold.create(content, kind, "安全用药", DAY).read_text(encoding="utf-8")
    lines = text.splitlines()
    for f in model.KINDS[kind].fields:
        at = [i for i, ln in enumerate(lines) if re.match(rf"^(# )?{f.name}:", ln)]
        assert at, f"{kind}: field {f.name} missing from the template"
        above = [ln for ln in lines[: at[0]] if ln.startswith("# ")]
        assert any(ln.startswith(f"# {schema.describe(f)}") for ln in above[-3:]), (kind, f.name)
        for sub in f.fields:  # nested fields carry their meaning on their own line
            assert any(
                (sub.name + ":" in ln and schema.describe(sub) in ln) or ln.strip() == f"# {schema.describe(sub)}"
                for ln in lines
            ), (kind, f"{f.name}.{sub.name}")


@pytest.mark.parametrize("kind", KINDS)
def test_schema_line_points_at_the_kinds_schema(content, kind, monkeypatch):
    outside = scaffold.create(content, kind, "临时测试文件", DAY)
    assert f"# yaml-language-server: $schema={schema.schema_path(kind)}\n" in outside.read_text(encoding="utf-8")
    monkeypatch.setattr(schema, "REPO", content.parent)  # as if the content were in the repository
    inside = scaffold.create(content, kind, "临时测试文件", DAY)
    first = inside.read_text(encoding="utf-8").splitlines()[:2]
    ref = next(ln for ln in first if ln.startswith("# yaml-language-server: $schema=")).split("=", 1)[1]
    assert not ref.startswith("/")  # relative: it still works in another clone
    assert (inside.parent / ref).resolve() == schema.schema_path(kind)


def test_placeholders_are_the_first_registry_entries_and_marked(content):
    text = scaffold.create(content, "activity", "安全用药", DAY).read_text(encoding="utf-8")
    assert "units: [越城区委]" in text and "places: [绍兴市]" in text
    assert "themes: [城市提质]" in text and "mode: 集中服务" in text
    assert text.count("示例值") >= 4


def test_awkward_titles_read_back_exactly(content):
    title = "“安全用药”进社区: #1 [试点] {二} 50%"
    path = scaffold.create(content, "story", title, DAY)
    assert pipeline.run(content).catalog.get("story", path.stem)["title"] == title


def test_cli_new_uses_today_and_prints_next_steps(content, capsys):
    before = dt.date.today()
    assert main(["--content", str(content), "new", "activity", "药监局安全用药宣传"]) == 0
    after = dt.date.today()
    out = capsys.readouterr().out
    created = [p for p in content.glob("activities/*/yaojianju-anquan-yongyao*.yml")]
    assert len(created) == 1
    day = pipeline.run(content).catalog.get("activity", created[0].stem)["date"].start
    assert day.iso in (before.isoformat(), after.isoformat())
    assert created[0].parent.name == str(day.year)
    assert f"已新建：{created[0]}" in out
    assert "make check" in out
    assert "http://127.0.0.1:8000/activities/yaojianju-anquan-yongyao/" in out


def test_cli_new_refuses_bad_requests(content, capsys):
    assert main(["--content", str(content), "new", "story", "   "]) == 1
    assert capsys.readouterr().err.strip() == "标题（或姓名）不能为空。"
    assert main(["--content", str(content / "stories"), "new", "story", "标题"]) == 1
    assert capsys.readouterr().err.strip() == f"{content / 'stories'} 不是内容文件夹（里面没有 site.yml）。"
    with pytest.raises(SystemExit) as exit_info:
        main(["--content", str(content), "new", "story", "标题", "--date", "2011/3/5"])
    assert exit_info.value.code == 2
    assert "日期应写成 年-月-日，如 2010-06-26，而不是“2011/3/5”" in capsys.readouterr().err
    assert main(["--content", str(content), "new", "report", "标题"]) == 1
    assert capsys.readouterr().err.strip() == "不能新建“report”：只能新建 volunteer、campaign、duty、activity、story。"
    assert not list(content.glob("stories/*/biaoti*"))


ROSTER = "campaigns/yc-shihe-zhishou/duty/yc-caizheng.yml"


def test_a_new_roster_has_every_day_of_the_period_and_is_valid_as_it_is(content, capsys):
    (content / ROSTER).unlink()
    assert main(["--content", str(content), "new", "duty", "--campaign", "yc-shihe-zhishou", "--unit", "区财政局"]) == 0
    out = capsys.readouterr().out
    assert f"已新建：{content / ROSTER}" in out and "campaigns/yc-shihe-zhishou/" in out
    text = (content / ROSTER).read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema={schema.schema_path('duty')}\n")
    for sub in model.DUTY.field("days").fields:  # each field of a day explained in the model's words
        assert schema.describe(sub) in text, sub.name
    cat = pipeline.run(content).catalog  # valid as written: make check passes
    roster = cat.get("duty", "yc-shihe-zhishou/yc-caizheng")
    assert [d["date"].iso for d in roster["days"]] == [f"2010-07-{n}" for n in range(15, 27)]
    assert {(d["place"]["id"], len(d["who"])) for d in roster["days"]} == {("yc-changle", 0)}  # first paired place
    mine = figures.duty_coverage(cat.get("campaign", "yc-shihe-zhishou"), cat).of(cat.get("unit", "yc-caizheng"))
    assert (mine.covered, len(mine.gaps)) == (0, 12)  # nobody named yet: every day so far a gap
    assert schema_errors("duty", editor_data(content / ROSTER)) == []
    with pytest.raises(scaffold.ScaffoldError, match="已经有了，不会覆盖"):
        scaffold.create(content, "duty", campaign="yc-shihe-zhishou", unit="yc-caizheng")
    assert (content / ROSTER).read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    ("campaign", "unit", "message"),
    [
        ("", "区财政局", "新建值守排班要写专项活动和单位：make new KIND=duty CAMPAIGN=专项活动编号 UNIT=单位编号。"),
        ("世合赛", "区财政局", "找不到专项活动“世合赛”。最接近的有：“世合赛”期间区级部门干部到结对社区值守。"),
        ("yc-shihe-zhishou", "区财政厅", "找不到单位“区财政厅”。最接近的有：区财政局、区民政局。"),
        (
            "sy-xingqiliu-yigongri",
            "药监局",
            "专项活动“星期六机关党员义工服务日”没有值守安排（duty 的 start 和 end，写到日），不能新建值守排班。"
            "先在 campaigns/sy-xingqiliu-yigongri.yml 中写上 duty。",
        ),
        (
            "yc-shihe-zhishou",
            "药监局",
            "单位“上虞市食品药品监督管理局”不是专项活动““世合赛”期间区级部门干部到结对社区值守”的参加单位"
            "（现有：区民政局、区司法局、区城管局、区卫生局、区财政局）。"
            "要加上它，先在 campaigns/yc-shihe-zhishou.yml 的 units 中写上。",
        ),
    ],
)
def test_a_new_roster_is_refused_with_a_chinese_message(content, campaign, unit, message, capsys):
    before = sorted(p.name for p in content.rglob("*.yml"))
    assert main(["--content", str(content), "new", "duty", "--campaign", campaign, "--unit", unit]) == 1
    assert capsys.readouterr().err.strip() == message
    assert sorted(p.name for p in content.rglob("*.yml")) == before


def test_a_new_roster_needs_the_units_paired_place(content):
    units = content / "units.yml"
    units.write_text(
        units.read_text(encoding="utf-8").replace("paired_places: [yc-changle]", "paired_places: []"),
        encoding="utf-8",
    )
    (content / ROSTER).unlink()
    with pytest.raises(scaffold.ScaffoldError) as err:
        scaffold.create(content, "duty", campaign="yc-shihe-zhishou", unit="yc-caizheng")
    assert (
        str(err.value)
        == "单位“越城区财政局（示例）”没有登记结对社区，值守地点无从填写。先在 units.yml 中给它写上 paired_places。"
    )
    assert not (content / ROSTER).exists()


@pytest.mark.slow
def test_make_new_and_build_as_it_is(content, tmp_path):
    """Through the real command line (as `make new` calls it), then the real build."""
    for kind in KINDS:
        title = "王晓燕" if kind == "volunteer" else "上虞市“星期六”义工服务日"
        done = run_cli("new", kind, title, content=content)
        assert done.returncode == 0, done.stderr
    built = build_site(content, tmp_path / "site")
    assert built.returncode == 0, built.stdout + built.stderr
    pages = [p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("index.html")]
    assert "stories/shangyushi-xingqiliu-yigong-fuwu/index.html" in pages
    assert "activities/shangyushi-xingqiliu-yigong-fuwu/index.html" in pages


def test_empty_registries_give_placeholders_that_check_explains(tmp_path, capsys):
    (tmp_path / "site.yml").write_text("title: 测试专栏\norganisation: 测试机关党工委\n", encoding="utf-8")
    path = scaffold.create(tmp_path, "activity", "测试活动", DAY)
    text = path.read_text(encoding="utf-8")
    assert "units: [请填写单位]" in text and "mode: 请填写服务方式" in text
    assert main(["--content", str(tmp_path), "check"]) == 1
    err = capsys.readouterr().err
    assert "activities/2011/ceshi-huodong.yml:16: [units] 找不到单位“请填写单位”。" in err
    assert "[mode] 找不到服务方式“请填写服务方式”。" in err


def test_new_never_writes_through_a_linked_folder(tmp_path):
    content = write_tree(tmp_path / "content", trees.tree())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (content / "stories").mkdir()
    (content / "stories" / "2011").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(scaffold.ScaffoldError) as err:
        scaffold.create(content, "story", "新稿", dt.date(2011, 3, 1))
    assert (
        str(err.value)
        == "stories/2011 是一个符号链接（快捷方式），不能在里面新建文件。请删除这个链接，改成普通文件夹。"
    )
    assert list(elsewhere.iterdir()) == []
