"""Stage 3: resolve references between records and index who did what, where.

A reference may be a record's id, name, short name or alias. Unknown and ambiguous ones are
errors listing the closest candidates.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from collections import defaultdict
from dataclasses import dataclass, field

from . import model
from .issues import Issue
from .records import Obj, Record

# Generated pages own these top-level names; a hand-written page may not take them.
RESERVED_PAGES = {"index", "stories", "chronicle", "activities", "volunteers", "units", "places", "themes",
                  "modes", "campaigns", "follow-ups", "honours", "stats", "search", "media", "assets", "404"}

# A record page with this id would take the place of its section's listing (stories/index.md).
RESERVED_ID = "index"

KIND_ORDER = ("place", "unit", "theme", "mode", "volunteer", "campaign", "activity", "story", "honours", "page")


@dataclass
class Catalog:
    """Every record, resolved and indexed. Plain data; figures and pages are derived from it."""

    site: Record
    as_of: dt.date
    by_kind: dict[str, dict[str, Record]]
    # reverse indexes: (kind, id) → activities / stories naming it
    activities_of: dict = field(default_factory=lambda: defaultdict(list))
    stories_of: dict = field(default_factory=lambda: defaultdict(list))
    children: dict = field(default_factory=lambda: defaultdict(list))

    def all(self, kind: str) -> list[Record]:
        return list(self.by_kind.get(kind, {}).values())

    def get(self, kind: str, ident: str) -> Record | None:
        return self.by_kind.get(kind, {}).get(ident)

    @property
    def activities(self) -> list[Record]:
        return self.all("activity")

    @property
    def stories(self) -> list[Record]:
        return self.all("story")


class _Index:
    """Name → records of one kind."""

    def __init__(self, records):
        self.keys: dict[str, set] = defaultdict(set)
        for rec in records:
            for key in _names(rec):
                self.keys[key].add(rec)

    def find(self, text: str):
        found = self.keys.get(text.strip())
        if found and len(found) == 1:
            return next(iter(found)), None
        if found:
            names = "、".join(f"{r.get('name') or r.get('title')}（{r['id']}）" for r in sorted(found, key=lambda r: r["id"]))
            return None, ("ambiguous", names)
        text = text.strip()
        close = difflib.get_close_matches(text, list(self.keys), n=3, cutoff=0.5)
        # A shortened name ("星期六" for "星期六机关党员义工服务日") scores low on similarity.
        partial = sorted((k for k in self.keys if len(text) >= 2 and text in k and k not in close), key=lambda k: (len(k), k))
        return None, ("unknown", "、".join((close + partial)[:3]))


def _names(rec: Record):
    yield rec["id"]
    for key in ("name", "title", "short"):
        if rec.get(key):
            yield rec[key]
    yield from rec.get("aliases") or []


def relate(records: list[Record], build_date: dt.date) -> tuple[Catalog | None, list[Issue]]:
    issues: list[Issue] = []
    by_kind: dict[str, dict[str, Record]] = {k: {} for k in KIND_ORDER}
    site = None
    for rec in records:
        if rec["kind"] == "site":
            site = rec
            continue
        same = by_kind[rec["kind"]]
        if rec["id"] == RESERVED_ID and rec["kind"] != "page":  # pages/index.md: reported with RESERVED_PAGES
            per_file = rec["kind"] not in ("place", "unit", "theme", "mode")
            issues.append(Issue(rec["path"], None if per_file else rec["line"], "文件名" if per_file else "id",
                                f"编号“{RESERVED_ID}”留给栏目的列表页使用，不能用作{model.REF_LABELS.get(rec['kind'], '内容')}的编号。",
                                "换一个文件名（文件名就是编号）。" if per_file else "换一个编号。"))
            continue
        if rec["id"] in same:
            first = same[rec["id"]]
            if rec["path"] != first["path"] and rec["kind"] not in ("place", "unit", "theme", "mode"):
                # per-file kinds: the file name is the id (same stem in two year folders)
                issues.append(Issue(rec["path"], None, "文件名", f"编号“{rec['id']}”重复：{first['path']} 也用了这个文件名。",
                                    "文件名就是编号，同类内容不能重名：把其中一个文件改名。"))
            else:
                issues.append(Issue(rec["path"], rec["line"], "id", f"编号“{rec['id']}”重复（{first['path']} 第 {first['line']} 行已用）。",
                                    "同类内容的编号不能相同，请改成另一个编号。"))
            continue
        same[rec["id"]] = rec
    if site is None:
        return None, issues
    for kind in by_kind:
        by_kind[kind] = dict(sorted(by_kind[kind].items()))
    indexes = {kind: _Index(by_kind[kind].values()) for kind in model.REF_LABELS}
    for kind, recs in by_kind.items():
        spec = model.KINDS.get(kind)
        fields = spec.fields if spec else ()
        for rec in recs.values():
            _resolve(rec, fields, rec["path"], "", indexes, issues)
            issues.extend(_check(rec))
    for page in by_kind["page"].values():
        if page["id"] in RESERVED_PAGES:
            issues.append(Issue(page["path"], None, "文件名", f"页面名“{page['id']}”与网站自动生成的栏目重名。",
                                "换一个文件名，如 about.md、guide.md。"))
    issues.extend(_check_place_cycles(by_kind["place"]))
    catalog = Catalog(site=site, as_of=site.get("as_of").first if site.get("as_of") else build_date, by_kind=by_kind)
    _index(catalog)
    return catalog, issues


def _with_refs(fields) -> tuple:
    """The fields that hold a reference, directly or in a map below (the only ones _resolve visits)."""
    known = _REF_FIELDS.get(id(fields))  # by id: hashing the model's field tuples is slow
    if known is None or known[0] is not fields:
        found = tuple(f for f in fields if f.type == "ref" or (f.type == "map" and _with_refs(f.fields)))
        known = _REF_FIELDS[id(fields)] = (fields, found)
    return known[1]


_REF_FIELDS: dict[int, tuple] = {}  # id(fields) → (fields, those holding references)


def _resolve(obj: Obj, fields, path, prefix, indexes, issues):
    for f in _with_refs(fields):
        value = obj.get(f.name)
        if value is None or value == []:
            continue
        if f.type == "map":
            for i, item in enumerate(value if f.many else [value]):
                _resolve(item, f.fields, path, f"{prefix}{f.name}{f'[{i + 1}]' if f.many else ''}.", indexes, issues)
        elif f.type == "ref":
            if f.many:
                resolved = []
                for i, text in enumerate(value):
                    line = obj.lines.get(f"{f.name}[{i}]", obj.lines.get(f.name))
                    target = _lookup(indexes[f.ref], f.ref, text, path, line, f"{prefix}{f.name}", issues)
                    if target is not None and target not in resolved:
                        resolved.append(target)
                obj[f.name] = resolved
            else:
                obj[f.name] = _lookup(indexes[f.ref], f.ref, value, path, obj.lines.get(f.name), prefix + f.name, issues)


def _lookup(index: _Index, kind: str, text, path, line, name, issues):
    target, problem = index.find(text)
    if target is not None:
        return target
    label = model.REF_LABELS[kind]
    how, names = problem
    if how == "ambiguous":
        issues.append(Issue(path, line, name, f"“{text}”同时对应多个{label}：{names}。", "改写成其中一个的编号或全称。"))
    else:
        hint = f"最接近的有：{names}。" if names else f"先在相应的登记文件里添加这个{label}，或检查拼写。"
        issues.append(Issue(path, line, name, f"找不到{label}“{text}”。", hint))
    return None


def _check(rec: Record) -> list[Issue]:
    """Rules that span several fields of one record."""
    if rec["kind"] == "activity":
        return list(_check_activity(rec))
    if rec["kind"] == "campaign":
        return list(_check_campaign(rec))
    return []


def _check_activity(a: Record):
    path = a["path"]
    p = a.get("participants")
    if p and p.get("groups") and p.get("total") is not None:
        total = p["total"]
        summed = sum(p["groups"].values())
        if summed.value > total.value and not total.approx:
            yield Issue(path, p.lines.get("groups"), "participants.groups",
                        f"各类人员合计 {summed} 人，超过了总人数 {total} 人。", "核对分组人数和 total（总人数）。")
    named = [v for v in a.get("volunteers") or [] if v.get("who") is not None]
    if p and p.get("total") is not None and len(named) > p["total"].value:
        yield Issue(path, a.lines.get("volunteers"), "volunteers",
                    f"具名志愿者有 {len(named)} 人，超过了总人数 {p['total']} 人。", "核对 participants.total。")
    for i, fu in enumerate(a.get("follow_ups") or []):
        name = f"follow_ups[{i + 1}]"
        if fu.get("status") == "resolved" and fu.get("resolved") is None:
            yield Issue(path, fu.lines.get(""), name + ".resolved", "已解决的事项缺少解决日期。", "加一行 resolved: 年-月-日。")
        if fu.get("status") == "open" and fu.get("resolved") is not None:
            yield Issue(path, fu.lines.get("resolved"), name + ".status", "写了解决日期，但状态仍是 open。",
                        "已解决请把 status 改成 resolved；未解决请删掉 resolved。")
        opened = fu.get("opened") or (a["date"].start if a.get("date") else None)
        if fu.get("resolved") is not None and opened is not None and fu["resolved"].last < opened.first:
            yield Issue(path, fu.lines.get("resolved"), name + ".resolved", "解决日期早于登记日期。", "改正日期。")
    flag = a.get("flag")
    if flag and flag.get("received") and flag.get("returned") and flag["returned"].last < flag["received"].first:
        yield Issue(path, flag.lines.get("returned"), "flag.returned", "归还旗帜的日期早于领取日期。", "改正日期。")


def _check_campaign(c: Record):
    if c.get("start") and c.get("end") and c["end"].last < c["start"].first:
        yield Issue(c["path"], c.lines.get("end"), "end", "结束日期早于开始日期。", "改正日期。")


def _check_place_cycles(places: dict) -> list[Issue]:
    issues = []
    for place in places.values():
        seen, node = set(), place
        while node is not None and node.get("parent") is not None:
            if node["id"] in seen:
                issues.append(Issue(place["path"], place.lines.get("parent"), "parent",
                                    f"地点“{place['name']}”的上级关系绕成了一个圈。", "检查 parent：上级地点不能是它自己或它的下级。"))
                break
            seen.add(node["id"])
            node = node["parent"]
    return issues


def _index(cat: Catalog):
    # A record whose date failed validation is already an error; skip it so every other
    # problem still gets reported.
    for a in sorted((a for a in cat.activities if a.get("date")), key=lambda r: (r["date"].sort_key, r["id"])):
        keys = [("unit", u["id"]) for u in a["units"]] + [("place", p["id"]) for p in a["places"]]
        keys += [("theme", t["id"]) for t in a["themes"]]
        keys += [("mode", a["mode"]["id"])] if a.get("mode") else []
        keys += [("campaign", a["campaign"]["id"])] if a.get("campaign") else []
        keys += [("volunteer", v["who"]["id"]) for v in a.get("volunteers") or [] if v.get("who")]
        for key in dict.fromkeys(keys):
            cat.activities_of[key].append(a)
    for s in sorted((s for s in cat.stories if s.get("date")), key=lambda r: (r["date"].first, r["id"]), reverse=True):
        if s.get("draft"):
            continue
        refs = [(k[:-1] if k != "activities" else "activity", x["id"]) for k in ("places", "units", "themes", "activities", "volunteers")
                for x in s.get(k) or []]
        refs += [("campaign", s["campaign"]["id"])] if s.get("campaign") else []
        for key in dict.fromkeys(refs):
            cat.stories_of[key].append(s)
    for p in cat.all("place"):
        if p.get("parent"):
            cat.children[p["parent"]["id"]].append(p)


# ---- for the live preview (preview.py): one edited record against a related catalog ----------


def name_indexes(by_kind: dict) -> dict:
    """Name → records, per kind that references may name (as ``relate`` builds them)."""
    return {kind: _Index(by_kind.get(kind, {}).values()) for kind in model.REF_LABELS}


def names(rec: Record) -> set[str]:
    """Every text a reference may use for this record."""
    return set(_names(rec))


def resolve(rec: Record, indexes: dict) -> list[Issue]:
    """Resolve one record's references and check its cross-field rules, as ``relate`` does."""
    issues: list[Issue] = []
    spec = model.KINDS.get(rec["kind"])
    _resolve(rec, spec.fields if spec else (), rec["path"], "", indexes, issues)
    return issues + _check(rec)


def reindex(cat: Catalog) -> None:
    """Rebuild the reverse indexes after records changed in place."""
    for f in dataclasses.fields(cat):
        value = getattr(cat, f.name)
        if isinstance(value, defaultdict):
            value.clear()
    _index(cat)
