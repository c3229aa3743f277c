"""Stage 1: read the content tree into raw documents (plain data with line numbers)."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from . import parallel, yamlsafe
from .issues import Issue

_YEAR = re.compile(r"^\d{4}$")


@dataclass
class RawDoc:
    kind: str
    id: str | None  # file stem for per-file kinds; None for registries and site.yml
    path: str  # relative to the content root, with forward slashes
    data: object  # YMap / YList / None
    body: str | None = None
    body_line: int = 1
    folder_year: int | None = None


def _layout(rel: str):
    """Content-relative path → (kind, id, folder_year) or None when the path has no meaning."""
    parts = rel.split("/")
    name = parts[-1]
    stem, ext = os.path.splitext(name)
    if len(parts) == 1:
        return {"site.yml": ("site", None, None), "places.yml": ("place", None, None),
                "units.yml": ("unit", None, None)}.get(name)
    top = parts[0]
    if top == "volunteers" and len(parts) == 2 and ext == ".md":
        return ("volunteer", stem, None)
    if top == "campaigns" and len(parts) == 2 and ext == ".yml":
        return ("campaign", stem, None)
    if top == "pages" and len(parts) == 2 and ext == ".md":
        return ("page", stem, None)
    if top == "honours" and len(parts) == 2 and ext == ".yml" and _YEAR.match(stem):
        return ("honours", stem, int(stem))
    if top in ("activities", "stories") and len(parts) == 3 and _YEAR.match(parts[1]):
        want = ".yml" if top == "activities" else ".md"
        if ext == want:
            return ("activity" if top == "activities" else "story", stem, int(parts[1]))
    return None


_WHERE = {
    "volunteers": "volunteers/<编号>.md", "campaigns": "campaigns/<编号>.yml", "pages": "pages/<编号>.md",
    "honours": "honours/<年份>.yml", "activities": "activities/<年份>/<编号>.yml",
    "stories": "stories/<年份>/<编号>.md",
}


def content_files(root: Path) -> list[str]:
    """Every file under the content root except media and hidden files, sorted."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (rel_dir == "." and d == "media"))
        for name in filenames:
            if not name.startswith("."):
                out.append(name if rel_dir == "." else f"{rel_dir}/{name}")
    return sorted(out)


def load_tree(root: Path, then=None) -> tuple[list, list[Issue]]:
    """Every content file read, in path order: (documents, problems).

    ``then(doc) → (items, problems)``, when given, runs on each document where it was read
    (half of them in the forked reader) and its items take the documents' place: the pipeline
    validates there, so both cores validate and records, not raw documents, cross the pipe."""
    out: list = []
    issues: list[Issue] = []
    placed = []
    for rel in content_files(root):
        where = _layout(rel)
        if where is None:
            issues.append(_misplaced(rel))
        else:
            placed.append((rel, where))
    for items, found in parallel.map_split(lambda item: _read(root, *item, then), placed):
        issues.extend(found)
        out.extend(items)
    for required in ("site.yml",):
        if not (root / required).is_file():
            issues.append(Issue(required, None, "", "缺少栏目设置文件 site.yml。", "在 content/ 下新建 site.yml，至少写 title 和 organisation。"))
    return out, issues


def _read(root: Path, rel: str, where: tuple, then) -> tuple[list, list[Issue]]:
    doc, issues = load_file(root / rel, rel, *where)
    if doc is None:
        return [], issues
    if then is None:
        return [doc], issues
    items, found = then(doc)
    return items, issues + found


def load_file(path: Path, rel: str, kind: str, ident, year) -> tuple[RawDoc | None, list[Issue]]:
    text, issues = yamlsafe.decode(path.read_bytes(), rel)
    if text is None:
        return None, issues
    if rel.endswith(".md"):
        front, body, body_line = yamlsafe.split_front_matter(text)
        if front is None:
            return None, [Issue(rel, 1, "", "文件开头缺少用 --- 包起来的信息区（front matter）。",
                                "第一行写 ---，接着写 title: 等字段，再写一行 --- ，下面才是正文。")]
        if body is None:
            return None, [Issue(rel, 1, "", "信息区（front matter）没有结束：缺少第二个 --- 行。",
                                "在最后一个字段的下一行单独写一行 --- ，下面才是正文。")]
        data, issues = yamlsafe.load(front, rel, line_offset=1)
        return _doc(RawDoc(kind, ident, rel, data, body, body_line, year), issues)
    data, issues = yamlsafe.load(text, rel)
    return _doc(RawDoc(kind, ident, rel, data, None, 1, year), issues)


def _doc(doc: RawDoc, issues: list[Issue]):
    # Unreadable YAML is reported once; validating it as an empty record would add a
    # "missing field" error for every required field.
    if doc.data is None and issues:
        return None, issues
    return doc, issues


def _misplaced(rel: str) -> Issue:
    top = rel.split("/")[0]
    if rel.endswith(".yaml"):
        return Issue(rel, None, "", "扩展名应为 .yml。", "把文件扩展名 .yaml 改成 .yml。")
    if top in _WHERE:
        return Issue(rel, None, "", "文件放错了位置或扩展名不对，不会被发布。", f"这类文件应放在 content/{_WHERE[top]}。")
    return Issue(rel, None, "", "不认识这个文件，它不会被发布。",
                 "内容文件只能放在 site.yml、places.yml、units.yml、volunteers/、campaigns/、activities/、"
                 "stories/、honours/、pages/ 和 media/ 中；不需要的文件请删除。")
