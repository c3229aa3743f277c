"""The kind is the unit of change: one model entry (and one template) is a new kind of record
with its files, pages, references, schema and search metadata; and no module reaches into
another module's private names."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import trees
from column import model, relate, schema, search
from column.issues import ContentError, Issue
from conftest import write_tree

PACKAGE = Path(model.__file__).resolve().parent

NOTICE_TEMPLATE = """# {{ title }}

<p class="notice-date">{{ rec.date }}</p>

发布单位：{% for u in rec.units %}{{ link(u) }}{% endfor %}
"""


def notice_kind(template_dir: Path) -> model.Kind:
    F = model.Field
    return model.Kind(
        "notice",
        "通知公告",
        (
            F("title", "text", "标题", True),
            F("date", "date", "日期", True),
            F("units", "ref", "发布单位", many=True, ref="unit"),
        ),
        files=model.Files("notices/<年份>/<编号>.yml"),
        folder="notices",
        template="notice.html.j2",
        template_dir=template_dir,
        dated=True,
        ref_label="通知",
        search_type="通知公告",
    )


NOTICE = "title: 关于开展夏季安全用药宣传的通知\ndate: 2010-06-01\nunits: [药监局]\n"


@pytest.fixture
def notice(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "notice.html.j2").write_text(NOTICE_TEMPLATE, encoding="utf-8")
    with model.register(notice_kind(templates)) as kind:
        yield kind


def test_a_new_kind_gets_its_pages(tmp_path, notice):
    result = trees.run(tmp_path / "c", {"notices/2010/anquan.yml": NOTICE})
    page = next(p for p in result.pages if p.src == "notices/anquan.md")
    assert page.title == "关于开展夏季安全用药宣传的通知"
    assert "2010年 6月1日" in trees.visible_text(page.text)  # a date breaks only after 年
    assert '<a href="../../units/sy-yaojian/">上虞市食品药品监督管理局</a>' in page.text
    assert result.catalog.published("notice") == [result.catalog.get("notice", "anquan")]


def test_a_new_kind_gets_its_references_and_their_errors(tmp_path, notice):
    result = trees.run(tmp_path / "c", {"notices/2010/anquan.yml": NOTICE})
    rec = result.catalog.get("notice", "anquan")
    assert rec["units"] == [result.catalog.get("unit", "sy-yaojian")]
    indexes = relate.name_indexes(result.catalog.by_kind)
    assert indexes["notice"].find("关于开展夏季安全用药宣传的通知") == (rec, None)
    with pytest.raises(ContentError) as err:
        trees.run(tmp_path / "d", {"notices/2010/anquan.yml": NOTICE.replace("药监局", "药检局")})
    assert [i for i in err.value.issues if i.path.startswith("notices/")] == [
        Issue("notices/2010/anquan.yml", 3, "units", "找不到单位“药检局”。", "最接近的有：药监局、市药监局。")
    ]


def test_a_new_kind_is_refused_in_the_wrong_folder(tmp_path, notice):
    with pytest.raises(ContentError) as err:
        trees.run(tmp_path / "c", {"notices/anquan.yml": NOTICE})
    assert err.value.issues == [
        Issue(
            "notices/anquan.yml",
            None,
            "",
            "文件放错了位置或扩展名不对，不会被发布。",
            "这类文件应放在 content/notices/<年份>/<编号>.yml。",
        )
    ]


def test_a_new_kind_gets_its_schema(notice):
    schemas = schema.schemas()
    data = schemas["notice.schema.json"]
    assert data["title"] == "通知公告"
    assert data["required"] == ["title", "date"]
    assert "可写单位的编号、全称、简称或别名" in data["properties"]["units"]["description"]
    assert schema.vscode_mapping()["./scripts/column/schemas/notice.schema.json"] == ["content/notices/*/*.yml"]


def test_a_new_kind_gets_its_search_metadata(tmp_path, notice):
    result = trees.run(tmp_path / "c", {"notices/2010/anquan.yml": NOTICE})
    page = next(p for p in result.pages if p.src == "notices/anquan.md")
    assert page.meta["search"] == {
        "type": "通知公告",
        "date": "2010年6月1日",
        "filters": {"年份": ["2010"], "单位": ["上虞市食品药品监督管理局"], "类型": ["通知公告"]},
    }
    (main,) = search.shard_plan(result.pages)
    assert "notices/anquan/index.html" in main.pages and main.dated == (2010,)


def test_a_kind_without_pages_has_none_and_is_named_as_text(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    quiet = notice_kind(templates)
    quiet = model.Kind(quiet.name, quiet.label, quiet.fields, files=quiet.files, ref_label="通知")
    with model.register(quiet):
        result = trees.run(tmp_path / "c", {"notices/2010/anquan.yml": NOTICE})
    assert not [p for p in result.pages if p.src.startswith("notices/")]


def test_no_module_imports_another_modules_private_names():
    """``from .load import _layout`` or ``load._layout``: a private name used from outside is a
    fact that should be asked of its owner (or of the model) instead."""
    found = []
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[-1] in modules:
                found += [
                    f"{path.name}: from {node.module} import {a.name}" for a in node.names if a.name.startswith("_")
                ]
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name)
                and node.value.id in modules
                and node.value.id != path.stem
            ):
                found.append(f"{path.name}:{node.lineno}: {node.value.id}.{node.attr}")
    assert found == []


def test_only_the_model_and_the_catalog_decide_what_is_published():
    """``publish`` and ``draft`` are read where the model declares the public rule of a kind;
    everything else asks the catalog (``published``, ``is_public``)."""
    readers = []
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in ("publish", "draft"):
                readers.append(path.name)
    assert sorted(set(readers)) == ["model.py"]


def test_every_kind_of_file_is_described_once(tmp_path):
    """Each content path belongs to at most one kind."""
    write_tree(tmp_path, trees.tree())
    patterns = [k.files.pattern for k in model.KINDS.values() if k.files]
    assert len(patterns) == len(set(patterns))
    assert model.kind_of_file("activities/2010/a.yml")[0] is model.ACTIVITY
    assert model.kind_of_file("honours/2010.yml")[1:] == ("2010", 2010)
    assert model.kind_of_file("activities/2010/sub/a.yml") is None


def test_a_roster_is_named_by_its_campaign_folder_and_unit_file():
    """``campaigns/<专项活动>/duty/<编号>.yml``: one record per campaign and unit, whose campaign and
    unit come from the path (fields with a ``token``), not from the file."""
    rel = "campaigns/shihe/duty/sy-yaojian.yml"
    kind, ident, year = model.kind_of_file(rel)
    assert (kind, ident, year) == (model.DUTY, "shihe/sy-yaojian", None)
    assert kind.files.path(ident) == rel and kind.files.glob() == "campaigns/*/duty/*.yml"
    assert kind.files.tokens(ident) == {model.CAMPAIGN_TOKEN: "shihe", model.ID_TOKEN: "sy-yaojian"}
    assert model.kind_of_file("campaigns/shihe.yml")[0] is model.CAMPAIGN
    assert model.kind_of_file("campaigns/shihe/duty/.hidden.yml") is None
    assert [f.name for f in kind.fields if f.token] == ["campaign", "unit"]
    assert "campaign" not in schema.kind_schema(kind)["anyOf"][0]["items"]["properties"]
