"""``python -m column new KIND 标题``: a new content file from a template, ready to fill.

The file lands in the folder the content contract gives its kind, dated today (the wall
clock is fine here: this writes a source file, not build output), with an id made from the
title's pinyin that no file of the same kind uses yet. Every field carries a Chinese comment
taken from the model (``schema.describe``), and the first line points VS Code at the kind's
JSON Schema. The new file passes ``check`` as it is: required references are filled with the
first entries of the registries, marked as examples to replace.

A kind whose files belong to a campaign (a duty roster, ``campaigns/<专项活动>/duty/<编号>.yml``)
is named by its campaign and unit instead of a title: ``new duty --campaign … --unit …`` writes
every day of the campaign's duty period at the unit's first paired place, nobody named yet.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
from pathlib import Path

import jinja2
from pypinyin import lazy_pinyin

from . import load, model, relate, schema, urls
from .validate import validate

TEMPLATES = Path(__file__).resolve().parent / "templates" / "new"
MAX_ID_LENGTH = 32
MAX_WORDS = 4


def template_name(kind: model.Kind) -> str:
    """A kind's template for new files: ``templates/new/<kind><ext>.j2``."""
    return f"{kind.name}{kind.files.ext}.j2"


def kinds() -> dict[str, model.Kind]:
    """The kinds ``make new`` can write: a file per record, and a template for new ones."""
    return {
        k.name: k
        for k in model.kinds_with("files")
        if k.files.named_by_file and (TEMPLATES / template_name(k)).is_file()
    }


# Words that carry no meaning in an id (function words and all-purpose verbs).
_FILLER = {
    "的",
    "地",
    "得",
    "了",
    "着",
    "和",
    "与",
    "及",
    "跟",
    "同",
    "在",
    "对",
    "为",
    "等",
    "之",
    "把",
    "被",
    "将",
    "从",
    "向",
    "于",
    "关于",
    "开展",
    "举行",
    "举办",
    "进行",
    "组织",
    "深入",
    "积极",
}
_COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "长孙",
    "宇文",
    "司徒",
    "夏侯",
    "令狐",
    "端木",
    "南宫",
    "西门",
    "万俟",
    "澹台",
    "呼延",
)
# Surnames read differently from the everyday reading pypinyin would choose.
_SURNAME_READINGS = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "查": "zha",
    "朴": "piao",
    "盖": "ge",
    "覃": "qin",
    "乐": "yue",
    "缪": "miao",
    "翟": "zhai",
    "尉迟": "yuchi",
    "万俟": "moqi",
    "长孙": "zhangsun",
    "重": "chong",
    "种": "chong",
    "柏": "bai",
    "秘": "bi",
}


class ScaffoldError(ValueError):
    """The request cannot be carried out; the message is Chinese, for editors."""


def _ascii(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", "".join(lazy_pinyin(text)).lower())


def _words(title: str) -> list[str]:
    import jieba  # loaded only here: it takes a moment

    jieba.setLogLevel(logging.WARNING)
    return [w for w in jieba.lcut(title) if w.strip() and w not in _FILLER]


def title_id(title: str) -> str:
    """An id from a title's pinyin, one hyphen between words, kept short.

    ``上虞市药监局开展安全用药宣传`` → ``shangyushi-yaojianju-anquan``.
    """
    parts = [p for p in (_ascii(w) for w in _words(title)) if p]
    out: list[str] = []
    for part in parts[:MAX_WORDS]:
        if out and len("-".join([*out, part])) > MAX_ID_LENGTH:
            break
        out.append(part)
    return "-".join(out)[:MAX_ID_LENGTH].strip("-")


def person_id(name: str) -> str:
    """A person's id: surname, hyphen, given name (``陈立群`` → ``chen-liqun``)."""
    name = re.sub(r"\s+", "", name)
    surname = next((s for s in _COMPOUND_SURNAMES if name.startswith(s)), name[:1])
    head = _SURNAME_READINGS.get(surname) or _ascii(surname)
    tail = _ascii(name[len(surname) :])
    if not head:  # not a Chinese name: fall back to the words of it
        return title_id(name)
    return (f"{head}-{tail}" if tail else head)[:MAX_ID_LENGTH]


def unique_id(root: Path, kind: model.Kind, base: str) -> str:
    """``base``, or ``base-2``, ``base-3`` … : the first that no file of this kind uses.

    Ids are unique within a kind across all years, so every year folder is looked at.
    """
    taken = {p.stem for p in root.glob(kind.files.glob())}
    ident, n = base, 1
    while ident in taken:
        n += 1
        ident = f"{base}-{n}"
    return ident


def _yaml(value: str) -> str:
    """A YAML scalar that reads back as exactly ``value`` (plain when that is safe)."""
    text = str(value)
    if re.fullmatch(r"[\w\u3000-\u303f\u4e00-\u9fff\uff00-\uffef·—-]+", text) and not re.match(r"[\d-]", text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _first_names(root: Path) -> dict[str, str]:
    """The first place, unit, theme, mode and campaign named in the content, for placeholders."""
    docs, _ = load.load_tree(root)
    records, _ = validate(docs)
    first: dict[str, str | None] = {k.name: None for k in model.kinds_with("ref_label")}
    for rec in records:
        kind = rec["kind"]
        if kind in first and first[kind] is None:
            first[kind] = rec.get("short") or rec.get("name") or rec.get("title") or rec["id"]
    # An empty registry: a placeholder that `check` reports with a hint, rather than a made-up name.
    return {kind: name or f"请填写{model.KINDS[kind].ref_label}" for kind, name in first.items()}


def _field(kind: str, path: str) -> model.Field:
    fields, found = model.KINDS[kind].fields, None
    for name in path.split("."):
        found = next(f for f in fields if f.name == name)
        fields = found.fields
    return found


def _environment() -> jinja2.Environment:
    """The new-file templates' environment: YAML, not HTML (no escaping); ``y`` quotes a value."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["y"] = _yaml
    return env


def render(kind: str, title: str, day: dt.date, root: Path, target: Path) -> str:
    env = _environment()
    schema_ref = _schema_ref(kind, target)
    return env.get_template(template_name(model.KINDS[kind])).render(
        title=title,
        today=day.isoformat(),
        month=day.strftime("%Y-%m"),
        schema=schema_ref,
        first=_first_names(root),
        about=lambda path: schema.describe(_field(kind, path)),
        label=model.KINDS[kind].label,
    )


def create(
    root: Path, kind: str, title: str = "", day: dt.date | None = None, campaign: str = "", unit: str = ""
) -> Path:
    """Write the new file and return its path. Raises ScaffoldError with a Chinese message.
    A roster (a kind owned by a campaign) takes ``campaign`` and ``unit`` instead of ``title``."""
    if kind not in kinds():
        raise ScaffoldError(f"不能新建“{kind}”：只能新建 " + "、".join(kinds()) + "。")
    if model.KINDS[kind].files.owned:
        return create_roster(root, kind, campaign, unit)
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError("标题（或姓名）不能为空。")
    root = Path(root)
    if not (root / "site.yml").is_file():
        raise ScaffoldError(f"{root} 不是内容文件夹（里面没有 site.yml）。")
    day = day or dt.date.today()
    spec = model.KINDS[kind]
    base = person_id(title) if kind == "volunteer" else title_id(title)
    if not base or not model.ID_RULE.match(base):
        base = f"{kind}-{day:%Y%m%d}"
    ident = unique_id(root, spec, base)
    target = root / spec.files.path(ident, day.year)
    _refuse_links(root, target.parent)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = render(kind, title, day, root, target)
    with open(target, "x", encoding="utf-8", newline="\n") as out:  # "x": never overwrite
        out.write(text)
    return target


def _refuse_links(root: Path, folder: Path) -> None:
    """A new file is never written through a link: any folder from ``root`` down to ``folder``
    (a year folder leading elsewhere) that is a symbolic link stops it."""
    path = root
    for part in folder.relative_to(root).parts:
        path = path / part
        if path.is_symlink():
            raise ScaffoldError(
                f"{path.relative_to(root)} 是一个符号链接（快捷方式），不能在里面新建文件。"
                "请删除这个链接，改成普通文件夹。"
            )


def create_roster(root: Path, kind: str, campaign: str, unit: str) -> Path:
    """A duty roster for ``unit`` in ``campaign`` (each an id, name, short name or alias): every
    day of the duty period at the unit's first paired place, ``who`` empty. Never overwrites."""
    spec = model.KINDS[kind]
    root = Path(root)
    if not (root / "site.yml").is_file():
        raise ScaffoldError(f"{root} 不是内容文件夹（里面没有 site.yml）。")
    if not campaign.strip() or not unit.strip():
        raise ScaffoldError(
            f"新建{spec.label}要写专项活动和单位：make new KIND={kind} CAMPAIGN=专项活动编号 UNIT=单位编号。"
        )
    docs, _ = load.load_tree(root)
    records, _ = validate(docs)
    catalog, _ = relate.relate(records, dt.date.today())  # problems elsewhere are make check's business
    if catalog is None:
        raise ScaffoldError(f"{root}/site.yml 读不出来，先运行 make check 改正。")
    indexes = relate.name_indexes(catalog.by_kind)
    c, u = _find(indexes, "campaign", campaign), _find(indexes, "unit", unit)
    plan = c.get("duty") or {}
    start, end = plan.get("start"), plan.get("end")
    if start is None or end is None or start.day is None or end.day is None or end.first < start.first:
        raise ScaffoldError(
            f"专项活动“{c['title']}”没有值守安排（duty 的 start 和 end，写到日），不能新建{spec.label}。"
            f"先在 {c['path']} 中写上 duty。"
        )
    if u not in (c.get("units") or []):
        names = "、".join(x.get("short") or x["name"] for x in c.get("units") or []) or "（还没有）"
        raise ScaffoldError(
            f"单位“{u['name']}”不是专项活动“{c['title']}”的参加单位（现有：{names}）。"
            f"要加上它，先在 {c['path']} 的 units 中写上。"
        )
    paired = u.get("paired_places") or []
    if not paired:
        raise ScaffoldError(
            f"单位“{u['name']}”没有登记结对社区，值守地点无从填写。先在 units.yml 中给它写上 paired_places。"
        )
    ident = f"{c['id']}/{u['id']}"
    target = root / spec.files.path(ident)
    if target.exists():
        raise ScaffoldError(f"{spec.files.path(ident)} 已经有了，不会覆盖：直接打开它填写。")
    days = [start.first + dt.timedelta(days=n) for n in range((end.first - start.first).days + 1)]
    env = _environment()
    text = env.get_template(template_name(spec)).render(
        schema=_schema_ref(kind, target),
        label=spec.label,
        campaign=c,
        unit=u,
        place=paired[0].get("short") or paired[0]["name"],
        days=[d.isoformat() for d in days],
        per_day=plan.get("per_day") or model.DEFAULT_DUTY_PER_DAY,
        hours=plan.get("hours") if plan.get("hours") is not None else model.DEFAULT_DUTY_HOURS,
        about=lambda path: schema.describe(_field(kind, path)),
    )
    _refuse_links(root, target.parent)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as out:  # "x": never overwrite
        out.write(text)
    return target


def _find(indexes: dict, kind: str, text: str):
    """A record by id, name, short name or alias, else a Chinese error with the closest ones."""
    found, problem = indexes[kind].find(text)
    if found is not None:
        return found
    label = model.KINDS[kind].ref_label
    how, names = problem
    if how == "ambiguous":
        raise ScaffoldError(f"“{text}”同时对应多个{label}：{names}。请改写成其中一个的编号。")
    raise ScaffoldError(f"找不到{label}“{text}”。" + (f"最接近的有：{names}。" if names else "请检查拼写。"))


def _schema_ref(kind: str, target: Path) -> str:
    """The ``$schema`` of a new file: relative inside the repository (it moves with a clone),
    absolute for content kept elsewhere."""
    schema_file = schema.schema_path(kind)
    inside = target.resolve().is_relative_to(schema.REPO)
    ref = os.path.relpath(schema_file, target.parent.resolve()) if inside else str(schema_file)
    return ref.replace(os.sep, "/")


def preview_path(kind: str, target: Path) -> str:
    """Where the new record's page appears in the preview (``make serve``)."""
    return urls.public_url(urls.detail_path(kind, target.stem))
