"""The web editor (Decap CMS): its configuration generated from the content model, and ``/admin/``.

Every kind with files (model.py) becomes a Decap collection, every field a widget: labels, help
text and examples come from the model, so a field added to model.py appears in the editor with
no edit here (``widget_of`` raises for a field type it does not know). The configuration is
generated at each build, never committed: it depends on site.yml's ``editor`` (which host) and
on the build (``make edit`` serves it against the local decap-server).

The browser side is ours too (``admin/``): the file formats that write files as the contract
does (root lists in units.yml/places.yml and in a file that lists one record's items, front matter
split as the loader splits it, numbers kept as written), widgets for dates/months/spans and 人员构成
(groups), the parts of a path a record is named by (a roster's campaign and unit), and the ids
of new files.
Decap's bundle is copied from node_modules (npm ci, package-lock.json) with its licence.

``/admin/`` is published only when site.yml has ``editor`` (or for ``make edit``): files, not
pages, so it is in no navigation, sitemap or search index, and no reader page loads it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from . import model
from .issues import Issue
from .output import Output

HERE = Path(__file__).resolve().parent
ADMIN_SOURCES = HERE / "admin"  # our browser code: index.html, admin.js
REPO = HERE.parents[1]
NODE_MODULES = REPO / "node_modules"
BUNDLE = NODE_MODULES / "decap-cms" / "dist"
YAML_LIB = NODE_MODULES / "yaml"
OUT = "admin"  # the folder of the site that holds the editor
CONTENT = "content"  # the content folder, relative to the repository root (Decap's paths)
LOCAL = "local"  # the ``kind`` make edit gives: the local decap-server (pipeline.run(editor=...))

# Editor-side forms of the value types (values.py is the authority; tests/test_cms.py checks these
# accept what it accepts).
QUANTITY = r"^[0-9]+(多|余)?$"
HOURS = r"^[0-9]+(\.[0-9]+)?$"

# The list key under which a file that is a YAML list is edited: units.yml and places.yml (a record
# each item), and a file of one record that lists its ``items`` (a roster's days). Decap edits maps,
# so the formats in admin.js wrap the file's list in it and unwrap it when writing.
RECORDS = "records"
SETTINGS = "settings"  # the files collection: site.yml and the registries
FORMAT_YAML, FORMAT_FRONT = "column-yaml", "column-frontmatter"
# A file that is one record's list of items (Files.items): written as that list and nothing else.
# Its reading marks the data with LISTED, which the collection's filter asks for: a file of
# another kind in the same folder (a campaign's own campaigns/<id>.yml, a mapping) is not listed.
FORMAT_LIST, LISTED = "column-yaml-list", "__list"
DATE_WIDGET, GROUPS_WIDGET, BOOLEAN_WIDGET = "column-date", "column-groups", "column-boolean"
RELATION_WIDGET = "column-relation"  # Decap's relation widget, reading names as the contract allows
# A field taken from the file's path (Field.token): chosen for a new file (it places the file),
# shown but not editable for a file that exists (its place decides it).
TOKEN_WIDGET = "column-path-part"

# Host kinds → Decap backends. Gitea 1.20+ speaks the API of Decap's forgejo backend (Forgejo is
# a fork of Gitea): Decap's own gitea backend has no editorial workflow.
BACKENDS = {"gitea": "forgejo", "forgejo": "forgejo", "gitlab": "gitlab", "github": "github"}
_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~/-]*)?$")
_REPO = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$")
_TOKEN = re.compile(r"^[A-Za-z0-9_.-]+$")
_BRANCH = re.compile(r"^[A-Za-z0-9_.][A-Za-z0-9_./-]*$")


class NotConfigured(Exception):
    pass


# ---- fields → widgets -------------------------------------------------------------------------


def _label_and_note(f: model.Field) -> tuple[str, str]:
    """``ICP 备案号（显示在页脚…）`` → the label and the note in brackets (the hint)."""
    m = re.match(r"^([^（]+)（([^（）]*)）$", f.label)
    return (m.group(1), m.group(2)) if m else (f.label, "")


def hint(f: model.Field) -> str:
    _, note = _label_and_note(f)
    parts = [note] if note else []
    if f.type == "ref":
        parts.append(f"输入{model.KINDS[f.ref].ref_label}的名称、简称或别名搜索，从列表中选")
    if f.type == "quantity":
        parts.append("写整数，或约数如 800多、40余")
    if f.type in ("date", "when"):
        parts.append("只知道月份的选“只知道月份”")
    if f.type == "markdown":
        parts.append("可用 Markdown：## 小标题、**粗体**、- 列表")
    if f.token:
        parts.append("新建时选择，它决定文件放在哪里；建好以后不能在这里修改")
    if f.widget == "image":
        parts.append("上传照片或从已有照片中选；照片发布时会自动去掉拍摄地点等信息")
    if f.example:
        parts.append(f"例如：{f.example.rstrip('。')}")
    return "；".join(parts) + ("。" if parts else "")


def _ref(f: model.Field) -> dict:
    """A relation widget: choose records of the referenced kind, searching their names."""
    target = model.KINDS[f.ref]
    out: dict = {"widget": RELATION_WIDGET, "multiple": f.many, "options_length": 50}
    if target.files is None:  # themes and modes: lists in site.yml
        key = target.name + "s"  # site.yml's themes: and modes:
        if model.KINDS["site"].field(key) is None:
            raise NotConfigured(f"site.yml has no list {key} for references to {target.name}")
        out.update(
            collection=SETTINGS,
            file="site",
            value_field=f"{key}.*.id",
            search_fields=[f"{key}.*.name", f"{key}.*.id"],
            display_fields=[f"{key}.*.name"],
        )
    elif target.files.many:
        names = [g.name for g in target.fields if g.name in ("name", "short", "aliases")]
        out.update(
            collection=SETTINGS,
            file=_file_name(target),
            value_field=f"{RECORDS}.*.id",
            search_fields=[f"{RECORDS}.*.{n}" + (".*" if target.field(n).many else "") for n in names]
            + [f"{RECORDS}.*.id"],
            display_fields=[f"{RECORDS}.*.name"],
        )
    else:
        title = _identifier(target)
        out.update(
            collection=target.name,
            value_field="{{filename}}",
            search_fields=[title],
            display_fields=[title],
        )
    return out


def widget_of(f: model.Field, kind: model.Kind | None = None) -> dict:
    """The Decap field of one model field (a list of them when ``many``); ``kind`` for its
    top-level fields (a new record's defaults)."""
    label, _ = _label_and_note(f)
    base = {"name": f.name, "label": label, "required": f.required}
    text = hint(f)
    if text:
        base["hint"] = text
    one = _one(f)
    if f.type == "map" and f.many:
        item = _label_and_note(f)[0]
        return {
            **base,
            "widget": "list",
            "label_singular": item,
            "collapsed": False,
            "fields": [widget_of(g) for g in f.fields],
            **({"min": 1} if f.required else {}),
        }
    if f.many and f.type != "ref":
        return {**base, "widget": "list", "collapsed": False, "field": {"name": f.name, "label": label, **one}}
    out = {**base, **one}
    if f.token and kind is not None:  # not in the file: its path's part (required: it places a new file)
        out.update(widget=TOKEN_WIDGET, required=True, path_part=_path_part(kind, f.token))
    if kind is not None and kind.gate is not None and f.name == kind.gate.field:
        out["default"] = kind.gate.hidden == "true"  # a new record is not published until someone says so
    if kind is not None and kind.dated and f.name == "date":
        out["today"] = True  # a new record is dated today until the editor says otherwise
    return out


def _one(f: model.Field) -> dict:
    t = f.type
    if t == "text":
        if f.widget == "image":
            return {"widget": "image", "choose_url": False}
        return {"widget": "text" if f.widget == "multiline" else "string"}
    if t == "markdown":  # raw Markdown in a text box: no rich-text editor rewrites what editors wrote
        return {"widget": "text"}
    if t == "bool":
        return {"widget": BOOLEAN_WIDGET}
    if t == "id":
        return {
            "widget": "string",
            "pattern": [model.ID_RULE.pattern, "只能用小写英文字母、数字和连字符，如 shunshui-xincun"],
        }
    if t in ("date", "when"):
        return {"widget": DATE_WIDGET, "span": t == "when"}
    if t == "quantity":
        return {"widget": "string", "pattern": [QUANTITY, "写整数，或约数如 800多、40余"]}
    if t == "hours":
        return {"widget": "string", "pattern": [HOURS, "写小时数，如 4 或 2.5"]}
    if t == "int":
        return {"widget": "number", "value_type": "int"}
    if t == "choice":
        labels = f.choice_labels or f.choices
        return {
            "widget": "select",
            "options": [{"label": lb, "value": v} for v, lb in zip(f.choices, labels, strict=True)],
        }
    if t == "ref":
        return _ref(f)
    if t == "groups":
        return {"widget": GROUPS_WIDGET}
    if t == "map":
        fields = [widget_of(g) for g in f.fields]
        if not f.required:  # Decap checks an object's fields even when it is left out: required only once written
            label = _label_and_note(f)[0]
            for g in fields:
                if g["required"]:
                    g["required"] = False
                    g["hint"] = f"写了{label}就必填；" + g.get("hint", "")
        return {"widget": "object", "collapsed": False, "fields": fields}
    raise NotConfigured(f"no web-editor widget for field type {t!r} ({f.name})")


# ---- kinds → collections ----------------------------------------------------------------------


def _identifier(kind: model.Kind) -> str:
    """The field that names a record (Decap's identifier_field): its first required text; for a
    kind named by its path (a roster: no title), the field its file name gives (``<编号>``)."""
    for f in kind.fields:
        if f.required and f.type == "text":
            return f.name
    for f in kind.fields:
        if f.token == model.ID_TOKEN:
            return f.name
    return kind.fields[0].name


def _split(kind: model.Kind) -> tuple[list[str], list[str]]:
    """A pattern's fixed folders (the collection's folder) and the parts below them, the last
    without its extension: ``campaigns/<专项活动>/duty/<编号>.yml`` → ``[campaigns]``,
    ``[<专项活动>, duty, <编号>]``."""
    parts = kind.files.pattern.split("/")
    parts[-1] = parts[-1][: -len(kind.files.ext)]
    first = next((i for i, p in enumerate(parts[:-1]) if p.startswith("<")), len(parts) - 1)
    return parts[:first], parts[first:]


def _path_part(kind: model.Kind, token: str) -> int:
    """Where a token is in a file's path below the collection's folder (admin.js reads it there)."""
    return _split(kind)[1].index(token)


def _token_field(kind: model.Kind, token: str) -> model.Field | None:
    return next((f for f in kind.fields if f.token == token), None)


def _file_name(kind: model.Kind) -> str:
    return kind.files.top[: -len(kind.files.ext)]


def _fields(kind: model.Kind) -> list[dict]:
    out = [widget_of(f, kind) for f in kind.fields]
    if kind.files is not None and kind.files.items:  # the file is this list: edited under RECORDS
        out[[f.name for f in kind.fields].index(kind.files.items)]["name"] = RECORDS
    if kind.title_heading:  # a hand-written page may take its title from its first "# " heading
        out[[f.name for f in kind.fields].index("title")]["required"] = False
    if kind.body:
        out.append(
            {
                "name": "body",
                "label": kind.body_label,
                "widget": "text",
                "required": False,
                "hint": "可用 Markdown：## 小标题、**粗体**、- 列表、[链接](网址)；"
                "图片写成 ![说明](media/年份/文件名.jpg)。",
            }
        )
    return out


def _uses_images(kind: model.Kind) -> bool:
    def walk(fields):
        return any(f.widget == "image" or walk(f.fields) for f in fields)

    return walk(kind.fields)


def folder_collection(kind: model.Kind) -> dict:
    """A kind with a file per record: ``activities/<年份>/<编号>.yml`` → folder content/activities,
    path ``{{__year}}/{{slug}}``. New files are named by admin.js (``__id``, ``__year``,
    set before saving and never written): ids match the contract for Chinese titles too.

    A part of the path that a field takes (``campaigns/<专项活动>/duty/<编号>.yml``: the campaign
    and the unit of a roster) is that field's value in the path (``{{campaign}}/duty/{{slug}}``,
    the slug the unit): a new file is placed by what the editor chose. A file that lists its
    record's ``items`` has the list format, and a filter on the mark that format sets."""
    folders, below = _split(kind)
    stem = below[-1]
    year = "{{__year}}"  # no "fields." in a path: Decap turns dots in paths into dashes

    def template(part: str) -> str:
        if part == model.YEAR_TOKEN:
            return year
        if part == model.ID_TOKEN:
            return "{{slug}}"
        field = _token_field(kind, part)
        if field is not None:
            return "{{" + field.name + "}}"
        if part.startswith("<"):
            raise NotConfigured(f"no field of {kind.name} takes {part} of {kind.files.pattern}")
        return part

    named = _token_field(kind, model.ID_TOKEN)
    if stem == model.YEAR_TOKEN:
        slug = "{{fields.__year}}"
    elif named is not None:
        slug = "{{fields." + named.name + "}}"
    else:
        slug = "{{fields.__id}}"
    out = {
        "name": kind.name,
        "label": kind.label,
        "label_singular": kind.label,
        "folder": "/".join([CONTENT, *folders]),
        "extension": kind.files.ext[1:],
        "format": FORMAT_LIST if kind.files.items else FORMAT_FRONT if kind.body else FORMAT_YAML,
        "create": True,
        "editor": {"preview": False},  # the preview is the site itself: make edit's live preview
        "identifier_field": _identifier(kind),
        "slug": slug,
        "fields": _fields(kind),
    }
    if len(below) > 1:
        out["path"] = "/".join(template(p) for p in below)
    if kind.files.items:
        out["filter"] = {"field": LISTED, "value": True}
    if any(f.token for f in kind.fields):  # named by its path: its place, in the list
        out["summary"] = "{{filename}}（{{dirname}}）"
    if kind.dated:
        out["sortable_fields"] = ["date", out["identifier_field"]]
    if _uses_images(kind):
        sub = "{{dirname}}" if model.YEAR_TOKEN in below[:-1] else "/".join(folders)
        out["media_folder"] = f"/{CONTENT}/media/{sub}"
        out["public_folder"] = f"media/{sub}"
    return out


def settings_collection(kinds: list[model.Kind]) -> dict:
    """site.yml and the registries (units.yml, places.yml): one file each."""
    files = []
    for kind in kinds:
        entry = {"name": _file_name(kind), "label": kind.label, "file": f"{CONTENT}/{kind.files.pattern}"}
        if kind.files.many:
            entry["fields"] = [
                {
                    "name": RECORDS,
                    "label": kind.label,
                    "label_singular": kind.label,
                    "widget": "list",
                    "collapsed": True,
                    "summary": "{{fields.name}}（{{fields.id}}）",
                    "fields": _fields(kind),
                }
            ]
        else:
            entry["fields"] = _fields(kind)
        files.append(entry)
    return {
        "name": SETTINGS,
        "label": "栏目设置和登记表",
        "format": FORMAT_YAML,
        "extension": "yml",
        "editor": {"preview": False},
        "files": files,
    }


def collections() -> list[dict]:
    kinds = model.kinds_with("files")
    single = [k for k in kinds if not k.files.named_by_file]
    return [settings_collection(single)] + [folder_collection(k) for k in kinds if k.files.named_by_file]


# ---- the whole configuration ------------------------------------------------------------------


def backend(editor) -> dict:
    """Decap's ``backend`` for site.yml's ``editor`` (or make edit's local server)."""
    if editor.get("kind") == LOCAL:
        return {"name": "proxy", "proxy_url": editor["url"], "branch": editor.get("branch") or "main"}
    kind = editor["kind"]
    server = editor["server"].rstrip("/")
    out = {"name": BACKENDS[kind], "repo": editor["repository"], "branch": editor.get("branch") or "main"}
    if kind in ("gitea", "forgejo"):
        out.update(api_root=f"{server}/api/v1", base_url=server, auth_endpoint="login/oauth/authorize")
    elif kind == "gitlab":
        out.update(api_root=f"{server}/api/v4", base_url=server, auth_type="pkce", auth_endpoint="oauth/authorize")
    else:  # github: an OAuth helper of your own at ``server`` (GitHub gives browsers no token by itself)
        out.update(base_url=server, auth_endpoint="auth")
    if editor.get("app_id"):
        out["app_id"] = editor["app_id"]
    out["commit_messages"] = {
        "create": "新建{{collection}}“{{slug}}”",
        "update": "修改{{collection}}“{{slug}}”",
        "delete": "删除{{collection}}“{{slug}}”",
        "uploadMedia": "上传照片“{{path}}”",
        "deleteMedia": "删除照片“{{path}}”",
    }
    return out


def config(editor, site_url: str | None = None) -> dict:
    """The whole Decap configuration (config.yml). ``editor``: site.yml's editor settings, or
    ``{"kind": "local", "url": …}`` for make edit."""
    out = {
        "locale": "zh_Hans",
        "backend": backend(editor),
        "media_folder": f"{CONTENT}/media",
        "public_folder": "media",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "show_preview_links": False,
    }
    if editor.get("kind") == LOCAL:
        if editor.get("workflow"):  # decap-server in git mode: branches and their merge, locally
            out["publish_mode"] = "editorial_workflow"
    else:  # every change is a branch and a merge request, reviewed before it is merged
        out["publish_mode"] = "editorial_workflow"
    if site_url and editor.get("kind") != LOCAL:  # make edit: the live preview is the site
        out["site_url"] = out["display_url"] = site_url
    out["collections"] = collections()
    return out


def dumps(data: dict) -> str:
    head = "# 网页编辑器（Decap CMS）的配置：由 scripts/column/cms.py 按 model.py 和 site.yml 生成，请勿手改。\n"
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def check_editor(site) -> list[Issue]:
    """site.yml's ``editor``: what Decap needs, in a form that cannot break the configuration."""
    editor = site.get("editor")
    if not editor or editor.get("kind") == LOCAL:
        return []
    lines = getattr(editor, "lines", {}) or {}
    issues = []
    checks = [
        ("repository", _REPO, "仓库应写成“所有者/仓库名”，如 jgdgw/yigong-zhuanlan。"),
        ("server", _URL, "托管平台的地址应写成以 https:// 开头的完整地址，如 https://git.example.gov.cn。"),
        ("app_id", _TOKEN, "OAuth 应用的客户端 ID 只含字母、数字、点、横线和下划线，照托管平台显示的复制。"),
        ("branch", _BRANCH, "分支名只含字母、数字、点、斜线、横线和下划线，如 main。"),
    ]
    for name, rule, fix in checks:
        value = editor.get(name)
        if value and not rule.match(str(value)):
            issues.append(
                Issue(
                    site["path"], lines.get(name), f"editor.{name}", f"网页编辑器设置“{name}”写得不对：“{value}”。", fix
                )
            )
    if editor.get("kind") in ("gitea", "forgejo", "gitlab") and not editor.get("app_id"):
        issues.append(
            Issue(
                site["path"],
                getattr(editor, "line", None) or lines.get("kind"),
                "editor.app_id",
                "网页编辑器缺少 OAuth 应用的客户端 ID（app_id），编辑人员无法登录。",
                "按 README“网页编辑”一节在托管平台上创建 OAuth 应用，把它的客户端 ID 写进 editor 的 app_id。",
            )
        )
    return issues


# ---- /admin/ ----------------------------------------------------------------------------------


def bundle_files() -> dict[str, Path]:
    """Output path → file: Decap's bundle (its lazily loaded chunks and WebAssembly too) and
    licence, and the yaml library's browser build, from node_modules (npm ci)."""
    if not (BUNDLE / "decap-cms.js").is_file() or not (YAML_LIB / "browser" / "dist").is_dir():
        raise NotConfigured
    out = {}
    for path in sorted(BUNDLE.iterdir()):
        name = path.name
        if name.endswith(".map") or name.startswith("cms.") or ".cms." in name:
            continue  # source maps; the second copy of the bundle under another name
        out[f"{OUT}/decap/{name}"] = path
    for path in sorted((YAML_LIB / "browser" / "dist").glob("*.js")):
        out[f"{OUT}/yaml/{path.name}"] = path
    out[f"{OUT}/yaml/LICENSE"] = YAML_LIB / "LICENSE"
    return out


def licence_text() -> str:
    version = json.loads((BUNDLE.parent / "package.json").read_text(encoding="utf-8"))["version"]
    return (
        f"Decap CMS {version} (decap-cms on npm, https://github.com/decaporg/decap-cms), MIT License.\n\n"
        "Copyright (c) 2016 Netlify <decap@p-m.si>\n\n"
        "Permission is hereby granted, free of charge, to any person obtaining a copy of this software and\n"
        'associated documentation files (the "Software"), to deal in the Software without restriction,\n'
        "including without limitation the rights to use, copy, modify, merge, publish, distribute,\n"
        "sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is\n"
        "furnished to do so, subject to the following conditions:\n\n"
        "The above copyright notice and this permission notice shall be included in all copies or\n"
        "substantial portions of the Software.\n\n"
        'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT\n'
        "NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND\n"
        "NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,\n"
        "DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT\n"
        "OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.\n\n"
        "The licences of the libraries inside the bundle are in decap/decap-cms.js.LICENSE.txt.\n"
    )


def admin(r, cat, ctx) -> Output:
    """Page generator (site_pages.GENERATORS): ``/admin/`` when site.yml has ``editor`` (or for
    make edit), nothing otherwise."""
    editor = cat.site.get("editor")
    if not editor:
        return Output()
    issues = check_editor(cat.site)
    if issues:
        return Output(issues=issues)
    try:
        assets = bundle_files()
    except NotConfigured:
        return Output(
            issues=[
                Issue(
                    cat.site["path"],
                    getattr(editor, "line", None),
                    "editor",
                    "缺少网页编辑器的程序文件（node_modules/decap-cms）。",
                    "运行 make site（它会先运行 npm ci，按 package-lock.json 安装）；"
                    "或删去 site.yml 的 editor，不发布 /admin/。",
                )
            ]
        )
    files = {
        f"{OUT}/index.html": (ADMIN_SOURCES / "index.html").read_text(encoding="utf-8"),
        f"{OUT}/admin.js": (ADMIN_SOURCES / "admin.js").read_text(encoding="utf-8"),
        f"{OUT}/favicon.svg": (ADMIN_SOURCES / "favicon.svg").read_text(encoding="utf-8"),
        f"{OUT}/config.yml": dumps(config(editor, cat.site.get("site_url"))),
        f"{OUT}/LICENSE.txt": licence_text(),
    }
    return Output(files=files, assets=assets)
