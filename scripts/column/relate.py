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

from . import model, urls
from .issues import Issue
from .records import Obj, Record


@dataclass
class Catalog:
    """Every record, resolved and indexed. Plain data; figures and pages are derived from it.

    The catalog alone decides what is published: each kind's public rule (``model.Kind.public``)
    is applied once, when the catalog is indexed, as Pelican sorts articles from drafts. Pages,
    figures, feeds, downloads, search and the preview ask :meth:`published` / :meth:`is_public`.
    """

    site: Record
    as_of: dt.date
    by_kind: dict[str, dict[str, Record]]  # every record, published or not
    public: dict[str, dict[str, Record]] = field(default_factory=dict)  # the published ones
    # reverse indexes: (kind, id) → activities / published stories naming it
    activities_of: dict = field(default_factory=lambda: defaultdict(list))
    stories_of: dict = field(default_factory=lambda: defaultdict(list))
    children: dict = field(default_factory=lambda: defaultdict(list))
    newest_stories: list = field(default_factory=list)  # published, newest first
    _public_ids: set = field(default_factory=set, repr=False)  # id() of every published record (is_public)

    def all(self, kind: str) -> list[Record]:
        """Every record of a kind, published or not (figures count them all)."""
        return list(self.by_kind.get(kind, {}).values())

    def get(self, kind: str, ident: str) -> Record | None:
        return self.by_kind.get(kind, {}).get(ident)

    def published(self, kind: str) -> list[Record]:
        """The records of a kind that are published, in id order."""
        return list(self.public.get(kind, {}).values())

    def is_public(self, rec) -> bool:
        """Whether a record is published: its name, text, photo and page may appear."""
        return id(rec) in self._public_ids

    @staticmethod
    def publishes(rec) -> bool:
        """Whether a record, once in the catalog, would be published (the live preview asks this
        of an edited record before it takes the place of the old one)."""
        return model.is_public(rec)

    @property
    def activities(self) -> list[Record]:
        return self.all("activity")


class _Index:
    """Name → records of one kind."""

    def __init__(self, records):
        self.keys: dict[str, set] = defaultdict(set)
        for rec in records:
            self.add(rec)

    def add(self, rec):
        for key in _names(rec):
            self.keys[key].add(rec)

    def find(self, text: str):
        found = self.keys.get(text.strip())
        if found and len(found) == 1:
            return next(iter(found)), None
        if found:
            names = "、".join(
                f"{r.get('name') or r.get('title')}（{r['id']}）" for r in sorted(found, key=lambda r: r["id"])
            )
            return None, ("ambiguous", names)
        text = text.strip()
        close = difflib.get_close_matches(text, list(self.keys), n=3, cutoff=0.5)
        # A shortened name ("星期六" for "星期六机关党员义工服务日") scores low on similarity.
        partial = sorted(
            (k for k in self.keys if len(text) >= 2 and text in k and k not in close), key=lambda k: (len(k), k)
        )
        return None, ("unknown", "、".join((close + partial)[:3]))


def _names(rec: Record):
    yield rec["id"]
    for key in ("name", "title", "short"):
        if rec.get(key):
            yield rec[key]
    yield from rec.get("aliases") or []


def relate(records: list[Record], build_date: dt.date) -> tuple[Catalog | None, list[Issue]]:
    issues: list[Issue] = []
    by_kind: dict[str, dict[str, Record]] = {k.name: {} for k in model.KINDS.values() if k is not model.SITE}
    site = None
    for rec in records:
        if rec["kind"] == model.SITE.name:
            site = rec
            continue
        same = by_kind[rec["kind"]]
        kind = model.KINDS[rec["kind"]]
        per_file = kind.files is not None and kind.files.named_by_file
        reserved = urls.reserved_id(kind, rec["id"])
        if reserved:
            issues.append(
                Issue(rec["path"], None if per_file else rec["line"], "文件名" if per_file else "id", *reserved)
            )
            continue
        if rec["id"] in same:
            first = same[rec["id"]]
            if rec["path"] != first["path"] and per_file:
                # per-file kinds: the file name is the id (same stem in two year folders)
                issues.append(
                    Issue(
                        rec["path"],
                        None,
                        "文件名",
                        f"编号“{rec['id']}”重复：{first['path']} 也用了这个文件名。",
                        "文件名就是编号，同类内容不能重名：把其中一个文件改名。",
                    )
                )
            else:
                issues.append(
                    Issue(
                        rec["path"],
                        rec["line"],
                        "id",
                        f"编号“{rec['id']}”重复（{first['path']} 第 {first['line']} 行已用）。",
                        "同类内容的编号不能相同，请改成另一个编号。",
                    )
                )
            continue
        same[rec["id"]] = rec
    if site is None:
        return None, issues
    for kind in by_kind:
        by_kind[kind] = dict(sorted(by_kind[kind].items()))
    indexes = name_indexes(by_kind)
    for recs in by_kind.values():
        for rec in recs.values():
            issues.extend(resolve(rec, indexes))
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
                obj[f.name] = _lookup(
                    indexes[f.ref], f.ref, value, path, obj.lines.get(f.name), prefix + f.name, issues, f.token
                )


def _lookup(index: _Index, kind: str, text, path, line, name, issues, token: str = ""):
    target, problem = index.find(text)
    if target is not None:
        return target
    label = model.KINDS[kind].ref_label
    how, names = problem
    if token:  # a part of the file's path (a roster's campaign folder or unit file name)
        where = model.TOKEN_PLACES[token]
        hint = f"最接近的有：{names}。" if names else f"先登记这个{label}，或检查拼写。"
        issues.append(
            Issue(path, line, where, f"{where}“{text}”不是已有{label}的编号。", f"{where}要写{label}的编号；{hint}")
        )
        return None
    if how == "ambiguous":
        issues.append(
            Issue(path, line, name, f"“{text}”同时对应多个{label}：{names}。", "改写成其中一个的编号或全称。")
        )
    else:
        hint = f"最接近的有：{names}。" if names else f"先在相应的登记文件里添加这个{label}，或检查拼写。"
        issues.append(Issue(path, line, name, f"找不到{label}“{text}”。", hint))
    return None


def _check_place_cycles(places: dict) -> list[Issue]:
    issues = []
    for place in places.values():
        seen, node = set(), place
        while node is not None and node.get("parent") is not None:
            if node["id"] in seen:
                issues.append(
                    Issue(
                        place["path"],
                        place.lines.get("parent"),
                        "parent",
                        f"地点“{place['name']}”的上级关系绕成了一个圈。",
                        "检查 parent：上级地点不能是它自己或它的下级。",
                    )
                )
                break
            seen.add(node["id"])
            node = node["parent"]
    return issues


def _index(cat: Catalog):
    cat.public.clear()
    for kind, recs in cat.by_kind.items():
        cat.public[kind] = {ident: rec for ident, rec in recs.items() if model.is_public(rec)}
    cat._public_ids = {id(rec) for recs in cat.public.values() for rec in recs.values()}
    # A record whose date failed validation is already an error; skip it so every other
    # problem still gets reported.
    activity = model.KINDS["activity"].fields
    for a in sorted((a for a in cat.activities if a.get("date")), key=lambda r: (r["date"].sort_key, r["id"])):
        for key in dict.fromkeys(_refs(a, activity)):
            cat.activities_of[key].append(a)
    cat.newest_stories[:] = sorted(
        (s for s in cat.published("story") if s.get("date")), key=lambda r: (r["date"].first, r["id"]), reverse=True
    )
    story = model.KINDS["story"].fields
    for s in cat.newest_stories:
        for key in dict.fromkeys(_refs(s, story)):
            cat.stories_of[key].append(s)
    for p in cat.all("place"):
        if p.get("parent"):
            cat.children[p["parent"]["id"]].append(p)


def _refs(obj: Obj, fields):
    """(kind, id) of every record a record names, in its maps too (an activity's volunteers)."""
    for f in _with_refs(fields):
        value = obj.get(f.name)
        for item in (value if f.many else [value]) if value is not None else []:
            if f.type == "map":
                yield from _refs(item, f.fields)
            elif item is not None:
                yield (f.ref, item["id"])


# ---- for the live preview (preview.py): one edited record against a related catalog ----------


def name_indexes(by_kind: dict) -> dict:
    """Name → records, per kind that references may name (as ``relate`` builds them)."""
    return {kind.name: _Index(by_kind.get(kind.name, {}).values()) for kind in model.kinds_with("ref_label")}


def names(rec: Record) -> set[str]:
    """Every text a reference may use for this record."""
    return set(_names(rec))


def resolve(rec: Record, indexes: dict) -> list[Issue]:
    """Resolve one record's references and check its cross-field rules, as ``relate`` does."""
    issues: list[Issue] = []
    kind = model.KINDS[rec["kind"]]
    _resolve(rec, kind.fields, rec["path"], "", indexes, issues)
    return issues + (list(kind.check(rec)) if kind.check else [])


def reindex(cat: Catalog) -> None:
    """Rebuild the reverse indexes after records changed in place."""
    for f in dataclasses.fields(cat):
        value = getattr(cat, f.name)
        if isinstance(value, defaultdict):
            value.clear()
    _index(cat)
