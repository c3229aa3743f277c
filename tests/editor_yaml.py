"""YAML read the way VS Code's YAML extension reads it (YAML 1.2 core schema).

The editors' JSON Schemas are checked against what the editor sees while typing: ``true`` is
a boolean and ``12`` a number, but ``2010-06-26`` stays text (YAML 1.2 has no timestamps)
and ``yes`` is text too (it was a boolean only in YAML 1.1, which PyYAML follows).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import yaml

from column import schema, yamlsafe


class Core12Loader(yaml.SafeLoader):
    pass


Core12Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$",
        list("-+0123456789."),
    ),
):
    Core12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), _first)


def editor_data(path: Path):
    """A content file's YAML (the front matter of a Markdown file) as the editor reads it."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = yamlsafe.split_front_matter(text)[0]
    return yaml.load(text, Loader=Core12Loader)


def validator(kind: str) -> jsonschema.Draft7Validator:
    """The committed schema of a kind of file (what VS Code loads)."""
    return jsonschema.Draft7Validator(json.loads(schema.schema_path(kind).read_text(encoding="utf-8")))


def schema_errors(kind: str, data) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(kind).iter_errors(data)]
