"""YAML reading that never guesses types and keeps line numbers.

PyYAML's C composer builds the node tree (fast); we turn nodes into plain data ourselves so
that every scalar stays the string the editor wrote (``id: on`` is "on", ``title: 2010`` is
"2010"). Mappings and sequences remember the line of each key and item.
"""

from __future__ import annotations

import yaml

from .issues import Issue

MAX_BYTES = 1_000_000
MAX_DEPTH = 12
_NULLS = {"", "~", "null", "Null", "NULL"}

try:  # the C composer is ~7x faster; fall back to pure Python where libyaml is missing
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Base = yaml.SafeLoader

_TAGS = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


class _Loader(_Base):
    """Composes nodes without guessing types: every scalar keeps the text written, so PyYAML's
    implicit resolvers (run in Python for each scalar, ~15 % of reading a tree) are skipped."""

    def resolve(self, kind, value, implicit):
        return _TAGS[kind]


class YMap(dict):
    """A mapping with the 1-based line of itself and of each key."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class YList(list):
    """A sequence with the 1-based line of itself and of each item."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _Bad(Exception):
    def __init__(self, line, message, hint=""):
        self.line, self.message, self.hint = line, message, hint


def decode(raw: bytes, path: str) -> tuple[str | None, list[Issue]]:
    """Bytes of a content file → text, or a Chinese explanation of why not."""
    if len(raw) > MAX_BYTES:
        return None, [
            Issue(
                path,
                None,
                "",
                f"文件太大（{len(raw) // 1024} KB），单个内容文件不能超过 1 MB。",
                "把长文拆成几篇，或把图片等大文件放进 content/media/ 再引用。",
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [
            Issue(
                path,
                line,
                "",
                "文件不是 UTF-8 编码（多半是 Windows 记事本或 WPS 按 GBK/ANSI 编码保存的）。",
                "用 VS Code 打开此文件，点右下角的编码名称 →“通过编码重新打开”选 GBK，"
                "再点一次 →“通过编码保存”选 UTF-8，然后重新提交。",
            )
        ]


def load(text: str, path: str, line_offset: int = 0):
    """Parse one YAML document. Returns (data, issues); data is None when unusable."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 + line_offset if mark else None
        problem = (err.problem or err.context or "").strip()
        return None, [
            Issue(
                path,
                line,
                "",
                f"YAML 格式错误：{_explain(problem)}",
                "检查这一行及上一行：冒号后要有空格，同级字段缩进要对齐，含冒号或 # 的文字要加引号。",
            )
        ]
    except yaml.YAMLError as err:
        return None, [Issue(path, None, "", f"YAML 格式错误：{err}", "检查文件格式。")]
    except RecursionError:
        return None, [Issue(path, None, "", "YAML 嵌套层数太深。", f"内容嵌套不要超过 {MAX_DEPTH} 层。")]
    if node is None:
        return None, []
    issues: list[Issue] = []
    seen: set[int] = set()
    try:
        data = _convert(node, path, line_offset, issues, seen, 0)
    except _Bad as bad:
        line = bad.line if bad.line is not _ALIAS else _first_alias_line(text) + line_offset
        return None, [Issue(path, line, "", bad.message, bad.hint)]
    return data, issues


_ALIAS = object()  # _Bad.line of a refused alias: found again from the event stream


def _first_alias_line(text: str) -> int:
    """The line of the first ``*alias`` (the composer keeps only the anchor's position)."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + 1
    return 1  # pragma: no cover (only called after an alias was met)


def _explain(problem: str) -> str:
    known = {
        "mapping values are not allowed": "这里不能出现“键: 值”（常见原因：文字里有英文冒号却没加引号，或缩进不对）",
        "could not find expected ':'": "缺少英文冒号“:”",
        "that cannot start any token": (
            "有不能出现在这里的字符（常见原因：用了 Tab 缩进，YAML 只能用空格缩进；或文字以 @ ` 等符号开头却没加引号）"
        ),
        "found undefined alias": "引用了未定义的锚点（*）",
        "did not find expected key": "缩进不一致，找不到应有的字段",
        "did not find expected '-' indicator": "列表缩进不一致，找不到应有的“- ”",
        "found unexpected end of stream": "文件意外结束（引号或括号没有闭合）",
        "did not find expected ',' or ']'": "方括号列表 [ ] 没有闭合，或各项之间缺少英文逗号",
        "did not find expected ',' or '}'": "花括号 { } 没有闭合，或各项之间缺少英文逗号",
        "found a tab character": "用了 Tab 缩进（YAML 只能用空格缩进）",
        "found unknown escape character": "双引号里的反斜杠“\\”不能这样用（改用单引号，或写成两个反斜杠）",
        "but found another document": "文件里出现了第二个“---”（一个文件只能写一条记录）",
    }
    for english, chinese in known.items():
        if english in problem:
            return chinese
    return problem


def _convert(node, path, offset, issues, seen, depth):
    line = node.start_mark.line + 1 + offset
    if depth > MAX_DEPTH:
        raise _Bad(line, "YAML 嵌套层数太深。", f"内容嵌套不要超过 {MAX_DEPTH} 层。")
    if id(node) in seen:
        # The composer shares the node of an anchor among its aliases: refusing aliases
        # outright also refuses "billion laughs" expansion.
        raise _Bad(_ALIAS, "不支持 YAML 锚点和别名（& 和 *）。", "把要重复的内容直接写出来。")
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        if not node.style and node.value in _NULLS:  # plain style: None (pure) or "" (C composer)
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        out = YList()
        out.line, out.item_lines = line, []
        for item in node.value:
            out.append(_convert(item, path, offset, issues, seen, depth + 1))
            out.item_lines.append(item.start_mark.line + 1 + offset)
        return out
    out = YMap()
    out.line, out.key_lines = line, {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1 + offset
        if not isinstance(key_node, yaml.ScalarNode):
            raise _Bad(key_line, "字段名必须是简单文字。", "检查这一行的写法。")
        key = key_node.value
        if key in out:
            issues.append(
                Issue(
                    path,
                    key_line,
                    key,
                    f"字段“{key}”重复出现（第 {out.key_lines[key]} 行已有）。",
                    "删除重复的一处，只保留正确的值。",
                )
            )
            continue
        out[key] = _convert(value_node, path, offset, issues, seen, depth + 1)
        out.key_lines[key] = key_line
    return out


def split_front_matter(text: str):
    """Markdown with a leading ``---`` YAML block → (yaml_text or None, body, body_first_line).

    The body is None when the block is never closed by a second ``---``."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return "\n".join(lines[1:]), None, len(lines) + 1
