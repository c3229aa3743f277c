"""Consent: a volunteer who is not published (no ``publish: true``) is never named in published text.

References to such a volunteer are rendered as a count by the templates (``link`` never
prints the name); this module catches the other way a name gets out — typed into a story,
a summary, a caption or any other text that is published. Every text value of every
published record is searched, in one pass per value, for the names of unpublished
volunteers. A name shared with a published volunteer is not searched: it cannot tell the two
apart, and naming the published one is allowed.
"""

from __future__ import annotations

import re

from .issues import Issue
from .records import Obj, Record

_META = {"kind", "id", "path", "line", "body_line"}
_NOT_SHOWN = {"names_allow"}  # site.yml: words the check lets through, never printed on the site
_NOT_LETTERS = re.compile(r"[\W_]+")
_SPACES = re.compile(r"\s+")
_NOT_A_WORD = re.compile(r"[，、；,;“”‘’\"']")  # names_allow: a list typed with Chinese commas, or quoted
QUOTED = 8  # characters quoted on each side of a name in a problem
_LONG_NUMBER = re.compile(r"\d{5,}")  # never quoted: part of a phone or ID number, printed in a CI log


def split_volunteers(catalog, volunteers) -> tuple[list, int]:
    """Volunteers to list by name, and how many more to show only as a number."""
    public = [v for v in volunteers if v is not None and catalog.is_public(v)]
    return public, sum(1 for v in volunteers if v is not None and not catalog.is_public(v))


def hidden_names(catalog) -> dict[str, str]:
    """Names of volunteers who are not published (a name a published volunteer shares aside),
    each with the volunteer's file."""
    shown = {v["name"] for v in catalog.published("volunteer")}
    return {
        v["name"]: v["path"]
        for v in sorted(catalog.all("volunteer"), key=lambda v: v["path"])
        if not catalog.is_public(v)
        and len(v["name"] or "") >= 2  # no name: reported by validate
        and v["name"] not in shown
    }


def names_pattern(names) -> re.Pattern | None:
    """One regex for all names, as a trie of their characters: one branch per first character,
    so a scan skips quickly over text where no name starts, and the longest name wins (欧阳明
    over 欧阳)."""
    if not names:
        return None

    def trie(words) -> str:
        groups: dict[str, list[str]] = {}
        ends = False
        for word in words:
            if word:
                groups.setdefault(word[0], []).append(word[1:])
            else:
                ends = True
        if not groups:
            return ""
        body = "|".join(re.escape(head) + trie(rest) for head, rest in sorted(groups.items()))
        return f"(?:{body}){'?' if ends else ''}"

    return re.compile(trie(sorted(names)))


class Hidden:
    """The names that may not be published (:func:`hidden_names`: name → the volunteer's file)
    and how to find them in a text (:meth:`find`). A name is also found inside longer words —
    a name of two characters can be an ordinary word too (文明 in 文明城市) —, except inside the
    words site.yml lists in ``names_allow``: there the editor has said it is not the person."""

    def __init__(self, catalog):
        self.names = hidden_names(catalog)
        self._pattern = names_pattern(self.names)
        words = sorted({str(word) for word in catalog.site.get("names_allow") or [] if word})
        # the name itself (with or without punctuation and spaces) is never allowed
        self.refused = [word for word in words if _NOT_LETTERS.sub("", word) in self.names]
        self._allow = [re.compile(re.escape(word)) for word in words if word not in self.refused]

    def __bool__(self) -> bool:
        return self._pattern is not None

    def find(self, text: str):
        """The matches of hidden names in ``text``, but those inside a word of ``names_allow``."""
        if self._pattern is None:
            return
        allowed = None
        match = self._pattern.search(text)
        while match is not None:
            if allowed is None:  # worked out only for a text that holds a name
                allowed = [m.span() for word in self._allow for m in word.finditer(text)]
            if any(start <= match.start() and match.end() <= end for start, end in allowed):
                # let through: another name may start inside it (明华 in 精神文明华)
                match = self._pattern.search(text, match.start() + 1)
            else:
                yield match
                match = self._pattern.search(text, match.end())

    def issue(self, path: str, line, field: str, text: str, match: re.Match) -> Issue:
        """The problem of a mention ``match`` of a name in ``text``: the words around it quoted, so
        the editor sees which word it is, and how to fix it."""
        name, start, end = match.group(), match.start(), match.end()
        first = max(text.rfind("\n", 0, start) + 1, start - QUOTED)  # on its own line
        last = min(len(text) if text.find("\n", end) < 0 else text.find("\n", end), end + QUOTED)
        masked = _LONG_NUMBER.sub(lambda m: "*" * len(m.group()), text)  # the same length: same places
        around = _SPACES.sub(" ", masked[first:last]).strip()
        quoted = ("……" if first > 0 and text[first - 1] != "\n" else "") + around
        quoted += "……" if last < len(text) and text[last] != "\n" else ""
        return Issue(
            path,
            line,
            field,
            f"提到了未同意公开姓名的志愿者“{name}”（原文：{quoted}），网站上不能出现这个名字。",
            f"删去姓名或改称“一名志愿者”；若本人已同意公开，在 {self.names[name]} 中写 publish: true；"
            f"若这里的“{name}”不是指这个人，只是一个词的一部分，把原文里的这个词加进 site.yml 的 names_allow"
            f"（每个词一项，如 names_allow: [文明城市, 精神文明]）。",
        )


def check(catalog) -> list[Issue]:
    hidden = Hidden(catalog)
    issues = [
        Issue(
            catalog.site["path"],
            catalog.site.lines.get("names_allow"),
            field_label("names_allow"),
            f"names_allow 里的“{word}”正是未同意公开姓名的志愿者的名字，不能放行。",
            f"names_allow 里只写包含这个名字、但说的不是这个人的词（如“文明城市”）；"
            f"若本人已同意公开，在 {hidden.names[_NOT_LETTERS.sub('', word)]} 中写 publish: true。",
        )
        for word in hidden.refused
    ]
    issues += [
        Issue(
            catalog.site["path"],
            catalog.site.lines.get("names_allow"),
            field_label("names_allow"),
            f"names_allow 里的“{word}”含有逗号、顿号或引号，不会和任何原文相符。",
            "每个词单独一项，用英文逗号分开，词的两边不加引号：names_allow: [文明城市, 精神文明]。",
        )
        for word in sorted({str(w) for w in catalog.site.get("names_allow") or []})
        if _NOT_A_WORD.search(word) and word not in hidden.refused
    ]
    if not hidden:
        return issues
    records = [catalog.site] + [r for kind in catalog.public.values() for r in kind.values()]
    for rec in records:
        for obj, name, text in texts(rec):
            for match in hidden.find(text):
                line = field_line(obj, name, text, match.start())
                issues.append(hidden.issue(rec["path"], line, field_label(name), text, match))
    return issues


def texts(rec: Record):
    """Every published text value of a record: (object holding it, field name, text).

    References were resolved into records by relate; those are other records, checked on their
    own, so only strings are yielded.
    """

    def walk(obj: Obj, skip=()):
        for key, value in obj.items():
            if key in skip or isinstance(value, Record):
                continue
            if isinstance(value, str):
                yield obj, key, value
            elif isinstance(value, Obj):
                yield from walk(value)
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, str):
                        yield obj, f"{key}[{i}]", item
                    elif isinstance(item, Obj) and not isinstance(item, Record):
                        yield from walk(item)

    yield from walk(rec, _META | _NOT_SHOWN)


def field_line(obj: Obj, name: str, text: str, offset: int = 0) -> int | None:
    """The line in the content file of character ``offset`` of field ``name``'s text."""
    before = text[:offset].count("\n")
    if name == "body":
        return obj["body_line"] + before
    line = obj.lines.get(name, obj.lines.get(name.split("[")[0]))
    if line is None:
        return None
    return line + 1 + before if "\n" in text.rstrip("\n") else line


def field_label(name: str) -> str:
    """As editors count: the first item of a list is [1]."""
    if name == "body":
        return "正文"
    return re.sub(r"\[(\d+)\]$", lambda m: f"[{int(m.group(1)) + 1}]", name)
