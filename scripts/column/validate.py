"""Stage 2: check raw documents against the content model and convert their values."""

from __future__ import annotations

import dataclasses
import difflib
import re

from . import model, values
from .issues import Issue
from .load import RawDoc
from .records import Obj, Record
from .yamlsafe import YList, YMap

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRUE = {"true": True, "yes": True, "是": True, "false": False, "no": False, "否": False}


def validate(docs: list[RawDoc]) -> tuple[list[Record], list[Issue]]:
    records: list[Record] = []
    issues: list[Issue] = []
    for doc in docs:
        records.extend(_document(doc, issues))
    return records, issues


def validate_doc(doc: RawDoc) -> tuple[list[Record], list[Issue]]:
    """The records of one document (a registry holds many) and its problems."""
    issues: list[Issue] = []
    return _document(doc, issues), issues


def _document(doc: RawDoc, issues) -> list[Record]:
    kind = model.KINDS[doc.kind]
    if kind.files.many:
        return _registry(doc, kind, issues)
    if kind.files.items:
        return _listed(doc, kind, issues)
    if kind is model.SITE:
        return _site(doc, issues)
    rec = _record(doc, doc.data, kind, doc.id, issues)
    return [] if rec is None else [rec]


def _site(doc: RawDoc, issues) -> list[Record]:
    site = _record(doc, doc.data, model.SITE, "site", issues)
    if site is None:
        return []
    out = [site]
    for name, kind in (("themes", model.THEME_KIND), ("modes", model.MODE_KIND)):
        for entry in site[name]:
            if entry.get("id") is None:  # missing or breaking the id rule: already reported
                continue
            rec = Record(entry, kind=kind.name, path=doc.path, line=entry.lines.get("", site.lines.get(name)))
            rec.lines = entry.lines
            out.append(rec)
    return out


def _registry(doc: RawDoc, kind: model.Kind, issues) -> list[Record]:
    data = doc.data
    if data is None:
        return []
    if not isinstance(data, YList):
        issues.append(
            Issue(
                doc.path,
                getattr(data, "line", 1),
                "",
                f"{doc.path} 应是一个列表，每一项以“- id: …”开头。",
                "参照示例，每个条目前加“- ”。",
            )
        )
        return []
    out = []
    for i, entry in enumerate(data):
        rec = _record(doc, entry, kind, None, issues, line=data.line_of(i))
        if rec is not None:
            out.append(rec)
    return out


def _listed(doc: RawDoc, kind: model.Kind, issues) -> list[Record]:
    """A file that lists the items of one field of one record (a duty roster: its days)."""
    field = kind.field(kind.files.items)
    data = doc.data
    if data is not None and not isinstance(data, YList):
        first = field.fields[0].name
        issues.append(
            Issue(
                doc.path,
                getattr(data, "line", 1),
                "",
                f"{kind.label}文件应是一个列表：{field.label}，每项以“- {first}: …”开头。",
                f"参照示例，每一项的第一行写“- {first}: …”，下面几行缩进两个空格。",
            )
        )
        return []
    listed = YMap()
    listed.line, listed.key_lines = 1, {}
    if data:  # an empty file, or an empty list: nothing listed yet
        listed[field.name] = data
        listed.key_lines[field.name] = data.line
    rec = _record(doc, listed, kind, doc.id, issues)
    return [] if rec is None else [rec]


def _record(doc: RawDoc, data, kind: model.Kind, ident, issues, line=1) -> Record | None:
    if data is None:
        data = YMap()
        data.line, data.key_lines = line, {}
    if kind.title_heading and doc.body is not None and isinstance(data, YMap) and not data.get("title"):
        data, doc = _title_from_heading(doc, data, issues)
        if data is None:
            return None
    if not isinstance(data, YMap):
        hint = "参照示例文件的写法。"
        if isinstance(data, str) and "：" in data:
            hint = "字段名后的冒号要用英文半角冒号加空格“: ”，不能用中文全角冒号“：”。"
        issues.append(Issue(doc.path, line, "", f"这里应是“字段: 值”形式的{kind.label}信息。", hint))
        return None
    checked = _fields(doc.path, data, kind.fields, "", issues)
    rec = Record(checked, kind=kind.name, path=doc.path, line=data.line)
    if "kind" in checked:  # a place's 类别 (field ``kind``) would be hidden by the record kind
        rec["category"] = checked["kind"]
    rec.lines = checked.lines
    if ident is None:
        ident = checked.get("id")
    elif kind.files is not None and kind.files.owned:
        ident = _owned(doc.path, kind, ident, rec, issues)
    elif not model.ID_RULE.match(ident):
        issues.append(_bad_id(doc.path, 1, "文件名", ident))
        ident = None
    if ident is None:
        return None
    rec["id"] = ident
    if kind.body:
        rec["body"] = doc.body or ""
        rec["body_line"] = doc.body_line
    if doc.folder_year is not None and kind.dated and kind.files.named_by_file and kind.field("date"):
        when = checked.get("date")
        if when is not None and when.year != doc.folder_year and ident != str(doc.folder_year):
            folder = kind.files.path("", when.year).rsplit("/", 1)[0]
            issues.append(
                Issue(
                    doc.path,
                    checked.lines.get("date"),
                    "date",
                    f"日期在 {when.year} 年，但文件放在 {doc.folder_year} 年的文件夹里。",
                    f"把文件移到 {folder}/，或改正日期。",
                )
            )
    return rec


def _owned(path: str, kind: model.Kind, ident: str, rec: Record, issues) -> str | None:
    """A file in a campaign's folder (``campaigns/<专项活动>/duty/<编号>.yml``): its id, with the
    fields its path fills (a roster's campaign and unit, resolved later as references)."""
    parts = kind.files.tokens(ident)
    bad = [(token, part) for token, part in parts.items() if not model.ID_RULE.match(part)]
    for token, part in bad:
        issues.append(_bad_id(path, None, model.TOKEN_PLACES[token], part))
    if bad:
        return None
    for f in kind.fields:
        if f.token:
            rec[f.name] = parts[f.token]
            rec.lines[f.name] = None
    return ident


_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$")


def _title_from_heading(doc: RawDoc, data: YMap, issues):
    """A page without a title in its front matter (or without front matter) takes its first
    ``# `` heading as its title, as MkDocs does; the heading then leaves the body (the page
    prints its title once). Neither: a problem, and no page."""
    lines = doc.body.split("\n")
    for i, text in enumerate(lines):
        match = _HEADING.match(text.strip())
        if match:
            titled = YMap(data)
            titled.line, titled.key_lines = data.line, {**data.key_lines, "title": doc.body_line + i}
            titled["title"] = match.group(1)
            body = "\n".join(lines[:i] + lines[i + 1 :])
            return titled, dataclasses.replace(doc, body=body)
        if text.strip():  # the title heading comes first
            break
    issues.append(
        Issue(
            doc.path,
            doc.body_line if doc.data is None else data.line,
            "title",
            "页面没有标题：信息区里没有 title，正文也不是以“# 标题”开头。",
            "在第一行写“# 页面标题”（井号、空格、标题），或在信息区写 title: 页面标题。",
        )
    )
    return None, doc


def _bad_id(path, line, field, value) -> Issue:
    return Issue(
        path,
        line,
        field,
        f"编号“{value}”不符合规则。",
        "编号只能用小写英文字母、数字和连字符“-”，并以字母或数字开头，如 sy-jianshe 或 2010-06-26-qingqiyi。",
    )


def _fields(path: str, data: YMap, fields, prefix: str, issues) -> Obj:
    out = Obj()
    known = {f.name: f for f in fields}
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
            hint = f"是不是想写“{close[0]}”？" if close else "可用的字段：" + "、".join(known) + "。"
            issues.append(Issue(path, data.line_of(key), prefix + key, f"不认识的字段“{key}”。", hint))
    for f in fields:
        name = prefix + f.name
        line = data.line_of(f.name)
        out.lines[f.name] = line
        raw = data.get(f.name)
        if raw is None or raw == "" or (isinstance(raw, list) and not raw):
            if f.required:
                issues.append(
                    Issue(
                        path,
                        data.line,
                        name,
                        f"缺少必填字段“{f.name}”（{f.label}）。",
                        f"加一行 {f.name}: …" + (f"，例如 {f.name}: {f.example}" if f.example else ""),
                    )
                )
            out[f.name] = [] if f.many else (False if f.type == "bool" else None)
            continue
        if f.many:
            items = raw if isinstance(raw, YList) else _single(raw, line)
            converted = []
            for i, item in enumerate(items):
                if item is None or item == "":
                    issues.append(
                        Issue(
                            path,
                            items.line_of(i),
                            f"{name}[{i + 1}]",
                            f"“{f.label}”列表里有一项是空的。",
                            "填上内容，或删掉这一行的“- ”。",
                        )
                    )
                    continue
                value = _value(path, f, item, items.line_of(i), f"{name}[{i + 1}]", issues)
                if value is not None:
                    converted.append(value)
                    out.lines[f"{f.name}[{len(converted) - 1}]"] = items.line_of(i)
            out[f.name] = converted
        else:
            out[f.name] = _value(path, f, raw, line, name, issues)
    return out


def _single(raw, line) -> YList:
    items = YList([raw])
    items.line, items.item_lines = line, [line]
    return items


def _value(path, f: model.Field, raw, line, name, issues):
    try:
        if f.type == "map":
            if not isinstance(raw, YMap):
                raise values.ValueProblem(
                    f"“{f.label}”应写成若干“字段: 值”。",
                    "在下一行缩进两个空格，逐项写：" + "、".join(x.name for x in f.fields) + "。",
                )
            obj = _fields(path, raw, f.fields, name + ".", issues)
            obj.lines[""] = raw.line
            return obj
        if f.type == "groups":
            return _groups(path, raw, line, name, issues)
        if isinstance(raw, (YMap, YList)) and not (f.type == "when" and isinstance(raw, YMap)):
            raise values.ValueProblem(f"“{f.label}”应是一个值，不能是列表或多行结构。", "只写一个值。")
        return _scalar(f, raw)
    except values.ValueProblem as problem:
        issues.append(Issue(path, line, name, problem.message, problem.hint))
        return None


def _scalar(f: model.Field, raw):
    kind = f.type
    if kind in ("text", "markdown", "ref"):
        raw = _CONTROL.sub("", raw)  # invisible, and refused by XML and XLSX writers
        return raw.strip() if kind != "markdown" else raw
    if kind == "id":
        if not model.ID_RULE.match(raw):
            problem = _bad_id("", 0, "", raw)
            raise values.ValueProblem(problem.message, problem.hint)
        return raw
    if kind == "bool":
        if raw.strip().lower() not in _TRUE:
            raise values.ValueProblem(
                f"“{f.label}”只能写 true 或 false，现在是“{raw}”。", "写 true（是）或 false（否）。"
            )
        return _TRUE[raw.strip().lower()]
    if kind == "date":
        return values.parse_date(raw)
    if kind == "when":
        return values.parse_when(raw)
    if kind == "quantity":
        return values.parse_quantity(raw)
    if kind == "hours":
        return values.parse_hours(raw)
    if kind == "int":
        return values.parse_count(raw)
    if kind == "choice":
        if raw.strip() not in f.choices:
            raise values.ValueProblem(f"“{f.label}”不能是“{raw}”。", "只能写以下之一：" + "、".join(f.choices) + "。")
        return raw.strip()
    raise AssertionError(f"unknown field type {kind}")  # pragma: no cover


def _groups(path, raw, line, name, issues) -> Obj:
    if not isinstance(raw, YMap):
        raise values.ValueProblem("人员分组应写成“类别: 人数”，每类一行。", "例如在下一行缩进写 科级领导: 217。")
    out = Obj()
    for key, value in raw.items():
        if value is None or value == "":
            issues.append(
                Issue(path, raw.line_of(key), f"{name}.{key}", f"“{key}”的人数没有填。", "填上人数，或删掉这一行。")
            )
            continue
        try:
            out[key] = values.parse_quantity(value)
            out.lines[key] = raw.line_of(key)
        except values.ValueProblem as problem:
            issues.append(Issue(path, raw.line_of(key), f"{name}.{key}", problem.message, problem.hint))
    return out
