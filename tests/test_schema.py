"""The editors' JSON Schemas: generated from model.py, committed, wired into VS Code, and they
agree with the loader — they accept the demo content and reject what the loader rejects."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml

from column import load, model, schema
from column.validate import validate
from conftest import CONTENT, ROOT
from editor_yaml import Core12Loader, editor_data, schema_errors

DEMO_FILES = load.content_files(CONTENT)


def kind_of(rel: str) -> str:
    return model.kind_of_file(rel)[0].name


def test_committed_schemas_are_up_to_date():
    stale = [
        str(p.relative_to(ROOT))
        for p, text in schema.expected_files().items()
        if not p.exists() or p.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"run `python -m column schemas` (PYTHONPATH=scripts): out of date: {stale}"


def test_every_kind_has_a_valid_draft7_schema():
    assert set(schema.schemas()) == {schema.file_name(k) for k in model.KINDS.values() if k.files}
    for kind in (k.name for k in model.KINDS.values() if k.files):
        data = json.loads(schema.schema_path(kind).read_text(encoding="utf-8"))
        jsonschema.Draft7Validator.check_schema(data)
        assert data["title"] == model.KINDS[kind].label


def test_schema_fields_and_descriptions_come_from_the_model():
    activity = json.loads(schema.schema_path("activity").read_text(encoding="utf-8"))
    props = activity["properties"]
    assert list(props) == [f.name for f in model.ACTIVITY.fields]
    assert activity["required"] == ["title", "date", "units", "places", "themes", "mode"]
    assert props["title"]["description"] == "活动名称。必填。"
    assert props["units"]["description"].startswith("组织单位（可写单位的编号、全称、简称或别名）")
    follow = next(o for o in props["follow_ups"]["anyOf"] if o.get("type") == "array")["items"]
    assert follow["properties"]["status"]["enum"] == ["open", "resolved"]
    places = json.loads(schema.schema_path("place").read_text(encoding="utf-8"))
    assert places["type"] == "array"
    assert places["items"]["properties"]["kind"]["enum"] == list(model.PLACE_KINDS)


@pytest.mark.parametrize("rel", DEMO_FILES)
def test_schemas_accept_the_demo_content(rel):
    assert schema_errors(kind_of(rel), editor_data(CONTENT / rel)) == []


def test_vscode_settings_map_every_yaml_content_file_to_its_schema():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert settings["yaml.schemaStore.enable"] is False  # no schema downloads from the internet
    for schema_file in mapping:
        assert (ROOT / schema_file).is_file(), schema_file
    for rel in DEMO_FILES:
        if not rel.endswith(".yml"):
            continue
        matched = [s for s, globs in mapping.items() if any(_glob(f"content/{rel}", g) for g in globs)]
        assert matched == [f"./{schema.schema_path(kind_of(rel)).relative_to(ROOT).as_posix()}"], rel
    recommended = json.loads((ROOT / ".vscode/extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in recommended["recommendations"]


def _glob(path: str, pattern: str) -> bool:
    """A workspace glob as VS Code reads it: ``*`` stays within a folder (campaigns/*.yml is not
    campaigns/<id>/duty/<unit>.yml), unlike fnmatch's."""
    return re.fullmatch("[^/]*".join(re.escape(piece) for piece in pattern.split("*")), path) is not None


def test_editor_yaml_types_follow_yaml_1_2():
    data = yaml.load("a: 2010-06-26\nb: yes\nc: true\nd: 12\ne: 800多\nf:\n", Loader=Core12Loader)
    assert data == {"a": "2010-06-26", "b": "yes", "c": True, "d": 12, "e": "800多", "f": None}


# Small invalid files: (kind, path in the content tree, text, field the loader blames).
# The loader must reject each, and so must the schema, while the editor is typing.
ACTIVITY = "title: 活动\ndate: 2010-06-12\nunits: [药监局]\nplaces: [金桂苑]\nthemes: [城市提质]\nmode: 集中服务\n"
INVALID = [
    ("activity", "activities/2010/a.yml", ACTIVITY.replace("mode: 集中服务\n", ""), "mode"),
    ("activity", "activities/2010/a.yml", ACTIVITY + "titel: 错字\n", "titel"),
    ("activity", "activities/2010/a.yml", ACTIVITY.replace("2010-06-12", "2010-13-01"), "date"),
    ("activity", "activities/2010/a.yml", ACTIVITY.replace("2010-06-12", "2010/06/12"), "date"),
    ("activity", "activities/2010/a.yml", ACTIVITY.replace("2010-06-12", "{start: 2010-06-12}"), "date"),
    ("activity", "activities/2010/a.yml", ACTIVITY + "served: 很多\n", "served"),
    ("activity", "activities/2010/a.yml", ACTIVITY + "hours: 四小时\n", "hours"),
    ("activity", "activities/2010/a.yml", ACTIVITY + "hours: -2\n", "hours"),
    (
        "activity",
        "activities/2010/a.yml",
        ACTIVITY + "participants: {total: 20, groups: {党员: 若干}}\n",
        "participants.groups.党员",
    ),
    ("activity", "activities/2010/a.yml", ACTIVITY + "participants: {totl: 20}\n", "participants.totl"),
    (
        "activity",
        "activities/2010/a.yml",
        ACTIVITY + "follow_ups:\n  - {problem: 路灯, owner: 张, status: done}\n",
        "follow_ups[1].status",
    ),
    ("activity", "activities/2010/a.yml", ACTIVITY + "outcomes:\n  - {item: 回收药品}\n", "outcomes[1].value"),
    ("activity", "activities/2010/a.yml", ACTIVITY + "photos: [{file: a.jpg}]\n", "photos[1].caption"),
    ("volunteer", "volunteers/v.md", "---\nname: 张三\npublish: maybe\n---\n", "publish"),
    ("volunteer", "volunteers/v.md", "---\nname: 张三\nparty_status: 党员\n---\n", "party_status"),
    ("volunteer", "volunteers/v.md", "---\nunit: 药监局\n---\n", "name"),
    ("story", "stories/2010/s.md", "---\ntitle: 稿件\ndate: 2010年6月\n---\n正文\n", "date"),
    ("story", "stories/2010/s.md", "---\ntitle: 稿件\ndate: 2010-06-12\ndraft: 否认\n---\n正文\n", "draft"),
    ("page", "pages/p.md", "---\ndescription: 没有标题\n---\n", "title"),
    ("campaign", "campaigns/c.yml", "title: 服务日\nschedule:\n  - {date: 2010-06-12}\n", "schedule[1].unit"),
    ("honours", "honours/2010.yml", "title: 表彰\ndate: 2010\n", "date"),
    ("place", "places.yml", "- id: Shang_Yu\n  name: 上虞\n  kind: 县市区\n", "id"),
    ("place", "places.yml", "- id: shangyu\n  name: 上虞\n  kind: 省\n", "kind"),
    ("unit", "units.yml", "- id: a\n  short: 甲\n", "name"),
    ("site", "site.yml", "title: 专栏\n", "organisation"),
    ("site", "site.yml", "title: 专栏\norganisation: 党工委\nthemes:\n  - {id: a}\n", "themes[1].name"),
    ("site", "site.yml", "title: 专栏\norganisation: 党工委\nstar_levels: [100, 三百]\n", "star_levels[2]"),
]


@pytest.mark.parametrize(("kind", "rel", "text", "blamed"), INVALID, ids=[f"{k}-{b}" for k, _, _, b in INVALID])
def test_schema_rejects_what_the_loader_rejects(tmp_path, kind, rel, text, blamed):
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    doc, issues = load.load_file(tmp_path, rel, *model.kind_of_file(rel))
    assert not issues
    _, issues = validate([doc])
    assert blamed in [i.field for i in issues], issues
    assert schema_errors(kind, editor_data(path)), f"the schema accepts {text!r}"


# What JSON Schema cannot say: calendar facts (30 February) and the order of two dates.
# make check catches these; the editor's schema only checks the form.
SCHEMA_GAPS = ("日期不存在", "早于")
FIXTURES = ROOT / "tests" / "fixtures" / "invalid"


def fixture_files() -> list[str]:
    """Content files of the shared invalid fixtures (tests/fixtures/invalid/<case>/...) that a
    schema applies to and that parse: a misplaced file has no schema, and unreadable YAML or
    duplicate keys are flagged by the editor's YAML support itself, not by a schema."""
    if not FIXTURES.is_dir():
        return []
    out = []
    for p in sorted(FIXTURES.rglob("*")):
        if p.suffix not in (".yml", ".md") or p.parent == FIXTURES or p.name == "README.md":
            continue
        rel = p.relative_to(FIXTURES).as_posix().split("/", 1)[1]
        layout = model.kind_of_file(rel)
        if layout is None:
            continue
        doc, issues = load.load_file(p.parents[len(rel.split("/")) - 1], rel, layout[0], _valid_id(layout), None)
        if doc is not None and not issues:
            out.append(p.relative_to(FIXTURES).as_posix())
    return out


def _valid_id(layout) -> str | None:
    """An id that passes the id rule, for a file whose id is its name (a roster's: campaign/unit)."""
    if layout[1] is None:
        return None
    return "x/x" if layout[0].files.owned else "x"


def test_the_fixture_selection_is_not_empty():
    assert len(fixture_files()) >= 5


@pytest.mark.parametrize("fixture", fixture_files())
def test_schema_rejects_the_invalid_fixtures(fixture):
    """Every fixture file that fails field checks (not references, which need the whole tree)
    is flagged by its schema too."""
    _case, rel = fixture.split("/", 1)
    path = FIXTURES / fixture
    kind = model.kind_of_file(rel)  # a valid id and no year folder: only the fields are checked
    doc, _ = load.load_file(path.parents[len(rel.split("/")) - 1], rel, kind[0], _valid_id(kind), None)
    _, issues = validate([doc])
    field_issues = [i for i in issues if not any(gap in i.message for gap in SCHEMA_GAPS)]
    errors = schema_errors(kind[0].name, editor_data(path))
    if field_issues:
        assert errors, f"{fixture}: make check finds {field_issues}, the schema finds nothing"
    elif not issues:
        assert errors == [], f"{fixture}: only cross-file problems, yet the schema complains: {errors}"
