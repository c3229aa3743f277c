"""Editors' JSON Schemas, generated from the content model (model.py).

VS Code's YAML extension reads them — through ``.vscode/settings.json`` and the
``# yaml-language-server: $schema=`` line of scaffolded files — to complete field names,
show each field's Chinese meaning and flag mistakes while typing. The extension reads YAML
with YAML 1.2 types, so a value the loader keeps as text may arrive as a number or a
boolean: each schema accepts what the loader accepts, in either form.

``python -m column schemas`` rewrites the committed files; a test fails when they are
out of date with model.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import model

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
REPO = SCHEMA_DIR.parents[2]
VSCODE_SETTINGS = REPO / ".vscode" / "settings.json"
DRAFT = "http://json-schema.org/draft-07/schema#"


def file_name(kind: model.Kind) -> str:
    """The schema file of a kind, under SCHEMA_DIR: named for its file when one file holds its
    records (units.yml → units.schema.json), else for the kind (activity.schema.json)."""
    stem = kind.files.top[: -len(kind.files.ext)] if "/" not in kind.files.pattern else kind.name
    return f"{stem}.schema.json"


# YAML 1.2 may read an editor's text as a number or boolean; the loader takes it as written.
_SCALAR = ["string", "number", "boolean"]
# Editor-side forms of the value types (values.py is the authority; these mirror it).
_DATE = r"^\d{4}-(0?[1-9]|1[0-2])(-(0?[1-9]|[12][0-9]|3[01]))?$"
_QUANTITY = r"^\d[\d,]*(多|余)?$"
_HOURS = r"^\d+(\.\d+)?$"
_BOOL_TEXT = r"^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Yy][Ee][Ss]|[Nn][Oo]|是|否)$"


def _date() -> dict:
    return {"type": "string", "pattern": _DATE}


def _quantity() -> dict:
    return {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": _QUANTITY}]}


def _value(f: model.Field) -> dict:
    """The schema of one value of a field (one item when the field is a list)."""
    t = f.type
    if t in ("text", "markdown", "ref"):
        return {"type": _SCALAR, **({"minLength": 1} if f.required else {})}
    if t == "id":
        return {"type": ["string", "integer"], "pattern": model.ID_RULE.pattern, "minimum": 0}
    if t == "bool":
        return {"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": _BOOL_TEXT}]}
    if t == "date":
        return _date()
    if t == "when":
        span = {
            "type": "object",
            "properties": {"start": _date(), "end": _date()},
            "required": ["start", "end"],
            "additionalProperties": False,
        }
        return {"anyOf": [_date(), span]}
    if t == "quantity":
        return _quantity()
    if t == "hours":
        return {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": _HOURS}]}
    if t == "int":
        return {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "string", "pattern": "^[1-9][0-9]*$"}]}
    if t == "choice":
        return {"enum": list(f.choices)}
    if t == "groups":
        return {"type": "object", "additionalProperties": _quantity()}
    if t == "map":
        return _object(f.fields)
    raise AssertionError(f"no schema for field type {t}")  # pragma: no cover


def describe(f: model.Field) -> str:
    """A field's meaning as editors read it (hover text in VS Code, comments in templates)."""
    text = f.label
    if f.type == "ref":
        text += f"（可写{model.KINDS[f.ref].ref_label}的编号、全称、简称或别名）"
    if f.type == "choice" and not all(c in f.label for c in f.choices):
        text += "（可写：" + "、".join(f.choices) + "）"
    if f.many and f.type != "map":
        text += "；可写一个，或写成列表 [甲, 乙]"
    return text + ("。必填。" if f.required else "。")


def _field(f: model.Field) -> dict:
    one = _value(f)
    options = [one]
    if f.many:
        options.append({"type": "array", "items": one, **({"minItems": 1} if f.required else {})})
    if not f.required:
        options.append({"type": "null"})
    schema = options[0] if len(options) == 1 else {"anyOf": options}
    return {"description": describe(f), **schema}


def _object(fields) -> dict:
    fields = [f for f in fields if not f.token]  # taken from the file's path, not written in it
    out = {"type": "object", "properties": {f.name: _field(f) for f in fields}}
    required = [f.name for f in fields if f.required]
    if required:
        out["required"] = required
    out["additionalProperties"] = False
    return out


def kind_schema(kind: model.Kind) -> dict:
    record = _object(kind.fields)
    where = "Markdown 文件开头 --- 之间的信息区" if kind.body else "文件"
    head = {
        "$schema": DRAFT,
        "title": kind.label,
        "description": f"{kind.label}（{where}）。由 scripts/column/model.py 生成，请勿手改。",
    }
    if kind.files.many:
        return {**head, "type": "array", "items": {"title": kind.label, **record}}
    if kind.files.items:  # the file lists one field's items (a roster's days); empty: none yet
        listed = kind.field(kind.files.items)
        items = {"title": listed.label, **_object(listed.fields)}
        return {**head, "anyOf": [{"type": "array", "items": items}, {"type": "null"}]}
    return {**head, **record}


def schemas() -> dict[str, dict]:
    """File name → schema, for every kind of content file."""
    return {file_name(kind): kind_schema(kind) for kind in model.kinds_with("files")}


def dumps(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def content_globs() -> dict[str, list[str]]:
    """Kind → workspace globs of its YAML files (each kind's ``files``)."""
    return {
        kind.name: ["content/" + kind.files.glob()] for kind in model.kinds_with("files") if kind.files.ext == ".yml"
    }


def vscode_mapping() -> dict[str, list[str]]:
    """``yaml.schemas`` for .vscode/settings.json: schema file → the content files it checks."""
    rel_dir = SCHEMA_DIR.relative_to(REPO).as_posix()
    return {f"./{rel_dir}/{file_name(model.KINDS[kind])}": globs for kind, globs in content_globs().items()}


def settings_text(current: str | None) -> str:
    settings = json.loads(current) if current else {}
    settings["yaml.schemas"] = vscode_mapping()
    return json.dumps(settings, ensure_ascii=False, indent=2) + "\n"


def expected_files() -> dict[Path, str]:
    """Every file ``write()`` produces, with its text."""
    out = {SCHEMA_DIR / name: dumps(schema) for name, schema in schemas().items()}
    current = VSCODE_SETTINGS.read_text(encoding="utf-8") if VSCODE_SETTINGS.exists() else None
    out[VSCODE_SETTINGS] = settings_text(current)
    return out


def write() -> list[Path]:
    """Rewrite the schema files and the yaml.schemas mapping; returns the files that changed."""
    changed = []
    for path, text in expected_files().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def schema_path(kind: str) -> Path:
    return SCHEMA_DIR / file_name(model.KINDS[kind])
