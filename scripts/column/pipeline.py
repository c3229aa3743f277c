"""The whole pipeline as one function: content folder → pages and assets, or every problem."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from . import media, site_pages
from .issues import ContentError, Issue
from .load import load_tree
from .relate import Catalog, relate
from .render import Page, Renderer
from .validate import validate


@dataclass
class Result:
    catalog: Catalog
    pages: list[Page]
    assets: dict[str, Path]  # output path → source file
    nav: list[tuple[str, str]]
    files: dict[str, str | bytes] = field(default_factory=dict)  # output path → generated content (feeds, data)


@dataclass
class Context:
    """What page generators may ask of the pipeline beyond the catalog: media and safe Markdown."""

    root: Path
    issues: list[Issue] = field(default_factory=list)
    assets: dict[str, Path] = field(default_factory=dict)
    files: dict[str, str | bytes] = field(default_factory=dict)  # non-Markdown output: path → content

    def media_src(self, file, rec=None, line=None, name="") -> str | None:
        if not file:
            return None
        rel = media.normalise(file)
        if rel is None or not (self.root / "media" / rel).is_file():
            return None  # reported by check_media
        out = f"media/{rel}"
        self.assets[out] = self.root / "media" / rel
        return out

    def markdown(self, rec, name: str) -> Markup:
        text = rec.get(name) or ""
        return Markup(text.strip())


def check_media(catalog: Catalog, root: Path) -> list[Issue]:
    issues = []

    def check(rec, file, line, name):
        if file:
            issues.extend(media.check_reference(root, file, rec["path"], line, name)[1])

    for v in catalog.all("volunteer"):
        check(v, v.get("photo"), v.lines.get("photo"), "photo")
        if v.get("photo") and not v.get("photo_alt"):
            issues.append(Issue(v["path"], v.lines.get("photo"), "photo_alt", "有照片但缺少照片说明（photo_alt）。",
                                "加一行 photo_alt: 简要描述照片内容，供视障读者的读屏软件朗读。"))
    for s in catalog.stories:
        check(s, s.get("cover"), s.lines.get("cover"), "cover")
    for a in catalog.activities:
        for i, p in enumerate(a.get("photos") or []):
            check(a, p.get("file"), p.lines.get("file"), f"photos[{i + 1}].file")
    return issues


def run(root: Path, build_date: dt.date | None = None) -> Result:
    """Load → validate → relate → render. Raises ContentError with every problem found."""
    root = Path(root)
    docs, issues = load_tree(root)
    records, found = validate(docs)
    issues += found
    catalog, found = relate(records, build_date or dt.date.today())
    issues += found
    if catalog is None:
        raise ContentError(issues)
    issues += check_media(catalog, root)
    if issues:
        raise ContentError(issues)
    ctx = Context(root)
    renderer = Renderer(catalog, site_pages.LINKED_KINDS)
    pages = [page for generate in site_pages.GENERATORS for page in generate(renderer, catalog, ctx)]
    if ctx.issues:
        raise ContentError(ctx.issues)
    return Result(catalog, pages, dict(sorted(ctx.assets.items())), site_pages.nav(pages), dict(sorted(ctx.files.items())))
