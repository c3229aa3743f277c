"""The web editor's configuration (cms.py): generated from the model, every field a widget and
every widget a field; /admin/ published only with site.yml's editor; settings checked."""

from __future__ import annotations

import re

import pytest
import yaml

import trees
from column import cms, model, values
from column.issues import ContentError
from conftest import CONTENT, write_tree
from test_model import notice_kind

EDITOR = """\
editor:
  kind: forgejo
  repository: jgdgw/yigong-zhuanlan
  server: https://git.example.gov.cn
  app_id: 3f1c0a2e-7b4d-4e51-9a8c-2d6b5e0f1a93
"""
LOCAL = {"kind": cms.LOCAL, "url": "http://127.0.0.1:8081/api/v1"}


def collections_by_kind(config) -> dict[str, list[dict]]:
    """kind name → the fields of its records as the configuration edits them."""
    out = {}
    for coll in config["collections"]:
        if "files" in coll:
            for entry in coll["files"]:
                kind = model.kind_of_file(entry["file"].removeprefix(cms.CONTENT + "/"))[0]
                fields = entry["fields"]
                if kind.files.many:
                    assert [f["name"] for f in fields] == [cms.RECORDS]
                    fields = fields[0]["fields"]
                out[kind.name] = fields
        else:
            kind = model.KINDS[coll["name"]]
            fields = coll["fields"]
            if kind.files.items:  # the file is the list of this field's items, edited under RECORDS
                assert [f["name"] for f in fields].count(cms.RECORDS) == 1
                fields = [{**f, "name": kind.files.items} if f["name"] == cms.RECORDS else f for f in fields]
            out[coll["name"]] = fields
    return out


def names_mismatch(kind: model.Kind, fields: list[dict]) -> list[str]:
    """Model fields without a widget and widgets without a model field, at every depth."""
    problems = []

    def walk(where, model_fields, widgets):
        want = [f.name for f in model_fields]
        got = [w["name"] for w in widgets]
        problems.extend(f"{where}{n}: no widget" for n in want if n not in got)
        problems.extend(f"{where}{n}: not in the model" for n in got if n not in want)
        for f in model_fields:
            widget = next((w for w in widgets if w["name"] == f.name), None)
            if f.fields and widget is not None:
                walk(f"{where}{f.name}.", f.fields, widget.get("fields", []))

    widgets = [w for w in fields if not (kind.body and w["name"] == "body")]
    walk(f"{kind.name}.", kind.fields, widgets)
    if kind.body and not any(w["name"] == "body" for w in fields):
        problems.append(f"{kind.name}: no widget for the body")
    return problems


def test_every_model_field_has_a_widget_and_every_widget_a_model_field():
    config = cms.config(LOCAL)
    by_kind = collections_by_kind(config)
    assert set(by_kind) == {k.name for k in model.kinds_with("files")}
    problems = [
        p for kind in model.kinds_with("files") for p in names_mismatch(model.KINDS[kind.name], by_kind[kind.name])
    ]
    assert problems == []


def test_the_check_finds_a_widget_without_a_field_and_a_field_without_a_widget():
    by_kind = collections_by_kind(cms.config(LOCAL))
    story = [w for w in by_kind["story"] if w["name"] != "summary"] + [{"name": "subtitle"}]
    assert names_mismatch(model.STORY, story) == ["story.summary: no widget", "story.subtitle: not in the model"]
    activity = by_kind["activity"]
    outcomes = next(w for w in activity if w["name"] == "outcomes")
    broken = [w for w in activity if w is not outcomes] + [{**outcomes, "fields": outcomes["fields"][:2]}]
    assert names_mismatch(model.ACTIVITY, broken) == ["activity.outcomes.unit: no widget"]


def test_a_field_type_without_a_widget_fails_loudly():
    with pytest.raises(cms.NotConfigured, match="colour"):
        cms.widget_of(model.Field("tint", "colour", "颜色"))


def test_a_new_kind_gets_its_collection(tmp_path):
    kind = notice_kind(tmp_path)  # the toy kind the model's own test adds
    with model.register(kind):
        coll = next(c for c in cms.config(LOCAL)["collections"] if c["name"] == "notice")
    assert coll["folder"] == "content/notices" and coll["path"] == "{{__year}}/{{slug}}"
    assert [f["name"] for f in coll["fields"]] == ["title", "date", "units"]
    assert coll["fields"][2]["widget"] == cms.RELATION_WIDGET


def field(config, kind, *path):
    fields = collections_by_kind(config)[kind]
    for name in path:
        found = next(f for f in fields if f["name"] == name)
        fields = found.get("fields", [])
    return found


def test_widgets_labels_hints_and_examples_come_from_the_model():
    config = cms.config(LOCAL)
    assert config["locale"] == "zh_Hans"
    icp = field(config, "site", "icp")
    assert (icp["label"], icp["widget"], icp["required"]) == ("ICP 备案号", "string", False)
    assert icp["hint"] == "显示在页脚，链接到工信部网站；例如：浙ICP备00000000号-1。"
    title = field(config, "activity", "title")
    assert title["required"] is True and "例如：药监局在金桂苑开展过期药品回收" in title["hint"]
    # a new story: a title and a body are enough (draft and today's date by default)
    assert field(config, "story", "draft")["default"] is True
    assert field(config, "volunteer", "publish")["default"] is False
    assert field(config, "story", "date")["today"] is True
    assert [f["name"] for f in collections_by_kind(config)["story"] if f.get("required")] == ["title", "date"]
    assert field(config, "story", "body")["widget"] == "text"  # raw Markdown, no rich-text rewriting
    # dates: a day, a month, or (activities) a span
    assert field(config, "activity", "date")["span"] is True
    assert field(config, "campaign", "start") | {"hint": ""} == {
        "name": "start",
        "label": "开始日期",
        "required": False,
        "hint": "",
        "widget": cms.DATE_WIDGET,
        "span": False,
    }
    # quantities accept 800多 / 40余
    served = field(config, "activity", "served")
    assert served["widget"] == "string" and re.match(served["pattern"][0], "800多")
    # lists of objects
    vols = field(config, "activity", "volunteers")
    assert vols["widget"] == "list" and [f["name"] for f in vols["fields"]] == ["who", "hours", "role"]
    photos = field(config, "activity", "photos")
    assert [f["widget"] for f in photos["fields"]] == ["image", "string", "string"]
    status = field(config, "activity", "follow_ups", "status")
    assert status["options"] == [{"label": "跟踪中", "value": "open"}, {"label": "已解决", "value": "resolved"}]
    assert field(config, "activity", "participants", "groups")["widget"] == cms.GROUPS_WIDGET


def test_references_are_chosen_from_lists_that_search_names_short_names_and_aliases():
    config = cms.config(LOCAL)
    units = field(config, "activity", "units")
    assert units | {"hint": ""} == {
        "name": "units",
        "label": "组织单位",
        "required": True,
        "hint": "",
        "widget": cms.RELATION_WIDGET,
        "multiple": True,
        "options_length": 50,
        "collection": cms.SETTINGS,
        "file": "units",
        "value_field": "records.*.id",
        "search_fields": ["records.*.name", "records.*.short", "records.*.aliases.*", "records.*.id"],
        "display_fields": ["records.*.name"],
    }
    places = field(config, "activity", "places")
    assert places["search_fields"] == ["records.*.name", "records.*.aliases.*", "records.*.id"]
    themes = field(config, "activity", "themes")
    assert (themes["file"], themes["value_field"]) == ("site", "themes.*.id")
    mode = field(config, "activity", "mode")
    assert (mode["value_field"], mode["multiple"]) == ("modes.*.id", False)
    who = field(config, "activity", "volunteers", "who")
    assert (who["collection"], who["value_field"], who["search_fields"]) == ("volunteer", "{{filename}}", ["name"])
    assert field(config, "story", "campaign")["collection"] == "campaign"


def test_files_and_folders_follow_the_contract():
    colls = {c["name"]: c for c in cms.config(LOCAL)["collections"]}
    assert [f["file"] for f in colls[cms.SETTINGS]["files"]] == [
        "content/site.yml",
        "content/places.yml",
        "content/units.yml",
    ]
    act, story, hon = colls["activity"], colls["story"], colls["honours"]
    assert (act["folder"], act["path"], act["extension"], act["format"]) == (
        "content/activities",
        "{{__year}}/{{slug}}",
        "yml",
        cms.FORMAT_YAML,
    )
    assert (story["folder"], story["format"], story["slug"]) == ("content/stories", cms.FORMAT_FRONT, "{{fields.__id}}")
    assert (hon["slug"], "path" in hon) == ("{{fields.__year}}", False)
    # photos upload into content/media/<year>/ (the folder of the record's year), volunteers' into media/volunteers/
    assert (act["media_folder"], act["public_folder"]) == ("/content/media/{{dirname}}", "media/{{dirname}}")
    assert colls["volunteer"]["public_folder"] == "media/volunteers"
    assert "media_folder" not in colls["campaign"]


def test_a_duty_roster_is_a_folder_entry_placed_by_its_campaign_and_unit():
    """campaigns/<专项活动>/duty/<编号>.yml: listed from content/campaigns three folders deep, only
    the files read as lists (the campaigns' own files there are mappings); a new one placed by
    the campaign and unit chosen; written as the list of days alone."""
    colls = {c["name"]: c for c in cms.config(LOCAL)["collections"]}
    duty, campaign = colls["duty"], colls["campaign"]
    assert (duty["folder"], duty["path"], duty["slug"], duty["extension"], duty["format"]) == (
        "content/campaigns",
        "{{campaign}}/duty/{{slug}}",
        "{{fields.unit}}",
        "yml",
        cms.FORMAT_LIST,
    )
    assert duty["filter"] == {"field": cms.LISTED, "value": True}
    assert duty["identifier_field"] == "unit" and duty["create"] is True
    assert duty["summary"] == "{{filename}}（{{dirname}}）"
    assert "media_folder" not in duty and "sortable_fields" not in duty
    # campaigns' own files: the same folder, one level only (no path: Decap lists depth 1), no filter
    assert (campaign["folder"], "path" in campaign, "filter" in campaign) == ("content/campaigns", False, False)
    assert campaign["format"] == cms.FORMAT_YAML
    # the campaign and the unit: from the path (its folder, its file name), chosen for a new file
    fields = {f["name"]: f for f in duty["fields"]}
    assert list(fields) == ["campaign", "unit", cms.RECORDS]
    for name, part, target in (("campaign", 0, "campaign"), ("unit", 2, cms.SETTINGS)):
        f = fields[name]
        assert (f["widget"], f["required"], f["path_part"], f["collection"], f["multiple"]) == (
            cms.TOKEN_WIDGET,
            True,
            part,
            target,
            False,
        )
        assert "不能在这里修改" in f["hint"]
    assert (fields["campaign"]["value_field"], fields["unit"]["value_field"]) == ("{{filename}}", "records.*.id")
    assert fields["unit"]["file"] == "units"
    # the days: the file's list
    days = fields[cms.RECORDS]
    assert (days["label"], days["widget"], days["label_singular"]) == ("值守日", "list", "值守日")
    assert [f["name"] for f in days["fields"]] == ["date", "people", "who", "place", "hours", "note"]
    day = {f["name"]: f for f in days["fields"]}
    assert (day["date"]["widget"], day["date"]["required"], day["date"]["span"]) == (cms.DATE_WIDGET, True, False)
    assert (day["who"]["collection"], day["who"]["multiple"]) == ("volunteer", True)
    assert (day["place"]["file"], day["place"]["multiple"]) == ("places", False)
    assert re.match(day["people"]["pattern"][0], "3多") and re.match(day["hours"]["pattern"][0], "2.5")


def test_a_field_required_inside_an_optional_map_is_required_only_once_the_map_is_written():
    """Decap checks an object's fields even when the object is left out: a campaign without duty
    (or site.yml without editor) could not be saved if duty.start were required in the form."""
    config = cms.config(LOCAL)
    start = field(config, "campaign", "duty", "start")
    assert start["required"] is False and start["hint"].startswith("写了值守安排就必填；")
    assert field(config, "site", "editor", "kind")["required"] is False
    assert field(config, "campaign", "duty", "per_day")["required"] is False
    # in a list of maps an item is there once added: its required fields stay required
    assert field(config, "activity", "volunteers", "who")["required"] is True
    assert field(config, "campaign", "schedule", "unit")["required"] is True


def test_a_kind_without_a_required_text_field_is_named_by_its_file():
    assert cms._identifier(model.DUTY) == "unit"
    F = model.Field
    bare = model.Kind("tally", "统计", (F("count", "int", "数"),), files=model.Files("tallies/<编号>.yml"))
    assert cms._identifier(bare) == "count"
    with model.register(bare):
        coll = next(c for c in cms.config(LOCAL)["collections"] if c["name"] == "tally")
    assert (coll["slug"], "path" in coll, coll["format"]) == ("{{fields.__id}}", False, cms.FORMAT_YAML)


def test_a_path_token_no_field_takes_fails_loudly():
    F = model.Field
    kind = model.Kind(
        "shift",
        "轮班",
        (F("unit", "ref", "单位", ref="unit", token=model.ID_TOKEN),),
        files=model.Files("campaigns/<专项活动>/shifts/<编号>.yml"),
    )
    with model.register(kind), pytest.raises(cms.NotConfigured, match="<专项活动>"):
        cms.config(LOCAL)


@pytest.mark.parametrize(
    ("text", "ok"), [("800多", True), ("40余", True), ("12456", True), ("约800", False), ("800+", False), ("", False)]
)
def test_the_quantity_pattern_accepts_what_the_loader_accepts(text, ok):
    try:
        values.parse_quantity(text)
        loads = True
    except values.ValueProblem:
        loads = False
    assert bool(re.match(cms.QUANTITY, text)) is ok is loads


@pytest.mark.parametrize(("text", "ok"), [("4", True), ("2.5", True), ("96", True), ("4小时", False), ("-1", False)])
def test_the_hours_pattern_accepts_what_the_loader_accepts(text, ok):
    try:
        values.parse_hours(text)
        loads = True
    except values.ValueProblem:
        loads = False
    assert bool(re.match(cms.HOURS, text)) is ok is loads


@pytest.mark.parametrize(
    ("kind", "backend"),
    [
        (
            "forgejo",
            {
                "name": "forgejo",
                "api_root": "https://git.example.gov.cn/api/v1",
                "base_url": "https://git.example.gov.cn",
                "auth_endpoint": "login/oauth/authorize",
            },
        ),
        ("gitea", {"name": "forgejo", "api_root": "https://git.example.gov.cn/api/v1"}),
        (
            "gitlab",
            {"name": "gitlab", "api_root": "https://git.example.gov.cn/api/v4", "auth_type": "pkce"},
        ),
        ("github", {"name": "github", "base_url": "https://git.example.gov.cn"}),
    ],
)
def test_each_host_gets_its_backend_in_editorial_workflow_mode(kind, backend):
    editor = {"kind": kind, "repository": "jgdgw/yigong", "server": "https://git.example.gov.cn/", "app_id": "abc"}
    config = cms.config(editor, "https://example.gov.cn/yigong/")
    assert config["backend"].items() >= {**backend, "repo": "jgdgw/yigong", "branch": "main"}.items()
    assert config["publish_mode"] == "editorial_workflow"
    assert config["site_url"] == "https://example.gov.cn/yigong/"


def admin_files(result) -> list[str]:
    return sorted(p for p in [*result.files, *result.assets] if p.startswith(cms.OUT + "/"))


def test_without_editor_settings_no_admin_is_published(tmp_path):
    result = trees.run(tmp_path)
    assert admin_files(result) == []


def test_with_editor_settings_admin_is_published_and_nowhere_linked(tmp_path):
    result = trees.run(tmp_path, {"site.yml": trees.SITE + EDITOR})
    files = admin_files(result)
    assert {"admin/index.html", "admin/config.yml", "admin/admin.js", "admin/favicon.svg", "admin/LICENSE.txt"} <= set(
        files
    )
    assert "admin/decap/decap-cms.js" in files and "admin/decap/decap-cms.js.LICENSE.txt" in files
    assert "admin/yaml/index.js" in files and "admin/yaml/LICENSE" in files
    assert not [f for f in files if f.endswith(".map")]
    config = yaml.safe_load(result.files["admin/config.yml"])
    assert config["backend"]["name"] == "forgejo" and config["publish_mode"] == "editorial_workflow"
    # files, not pages: in no navigation, sitemap or search index
    assert not [p.src for p in result.pages if p.src.startswith("admin")]
    assert b"admin" not in result.files["sitemap.xml"]
    assert not [src for _, src in result.nav if "admin" in src]
    # the page loads only its own files
    html = result.files["admin/index.html"]
    assert re.findall(r'src="([^"]+)"', html) == ["decap/decap-cms.js", "admin.js"]
    assert "http" not in re.sub(r"<!--.*?-->", "", html, flags=re.S)


def test_make_edit_publishes_admin_against_the_local_server(tmp_path):
    from column import pipeline

    root = write_tree(tmp_path, trees.tree())
    result = pipeline.run(root, trees.BUILD_DATE, editor={**LOCAL, "workflow": False})
    config = yaml.safe_load(result.files["admin/config.yml"])
    assert config["backend"] == {"name": "proxy", "proxy_url": LOCAL["url"], "branch": "main"}
    assert "publish_mode" not in config  # decap-server's file mode writes the working copy directly


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("  server: javascript:alert(1)", "网页编辑器设置“server”写得不对：“javascript:alert(1)”。"),
        ('  repository: "x\\" onload=\\"alert(1)"', "网页编辑器设置“repository”写得不对"),
        ("  app_id: a b", "网页编辑器设置“app_id”写得不对：“a b”。"),
        ("  branch: -x", "网页编辑器设置“branch”写得不对：“-x”。"),
    ],
)
def test_bad_editor_settings_stop_the_build_with_a_chinese_message(tmp_path, line, message):
    name = line.split(":")[0].strip()
    text = "\n".join(line if ln.startswith(f"  {name}:") else ln for ln in EDITOR.splitlines())
    if f"  {name}:" not in EDITOR:
        text += "\n" + line
    with pytest.raises(ContentError) as err:
        trees.run(tmp_path, {"site.yml": trees.SITE + text + "\n"})
    assert message in str(err.value)
    assert "site.yml" in str(err.value)


def test_an_editor_host_needs_its_oauth_application(tmp_path):
    text = "\n".join(ln for ln in EDITOR.splitlines() if "app_id" not in ln) + "\n"
    with pytest.raises(ContentError, match="缺少 OAuth 应用的客户端 ID"):
        trees.run(tmp_path, {"site.yml": trees.SITE + text})


def test_without_the_npm_packages_the_build_says_what_to_run(tmp_path, monkeypatch):
    monkeypatch.setattr(cms, "BUNDLE", tmp_path / "missing")
    with pytest.raises(ContentError, match="运行 make site"):
        trees.run(tmp_path / "c", {"site.yml": trees.SITE + EDITOR})


def test_the_demo_publishes_no_admin():
    assert "editor" not in yaml.safe_load((CONTENT / "site.yml").read_text(encoding="utf-8"))


def test_cms_config_command_prints_the_configuration(capsys):
    from column.__main__ import main

    assert main(["--content", str(CONTENT), "cms-config"]) == 0
    printed = yaml.safe_load(capsys.readouterr().out)
    assert printed["backend"]["name"] == "proxy" and len(printed["collections"]) == 8
