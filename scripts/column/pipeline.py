"""The whole pipeline as one function: content folder → pages and assets, or every problem."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import posixpath
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from . import consent, figures, media, model, parallel, sanitize, site_pages, sitemap, urls
from .issues import ContentError, Issue
from .load import load_tree
from .output import Output
from .relate import Catalog, relate
from .render import Page, Renderer
from .validate import validate_doc
from .values import Date


@dataclass
class Result:
    catalog: Catalog
    pages: list[Page]
    assets: dict[str, Path]  # output path → source file
    nav: list[tuple[str, str]]
    files: dict[str, str | bytes] = field(default_factory=dict)  # output path → generated content (feeds, data)
    timings: dict[str, float] = field(default_factory=dict)  # seconds: load (load+validate+relate+checks), generate
    warnings: list[Issue] = field(default_factory=list)  # reported as 警告, never a failure (see warnings())


@dataclass
class Context:
    """What a page generator may ask of the pipeline beyond the catalog: photos and safe
    Markdown. One per generator run; what it meets on the way is in ``found``, which
    :func:`generate` adds to the generator's output."""

    root: Path
    catalog: Catalog | None = None
    cache: Path | None = None  # processed photos (default: .cache/media beside the content folder)
    # photos processed in this process, shared by its generators: rel → (Image, files, problem or None)
    images: dict[str, tuple] = field(default_factory=dict)
    found: Output = field(default_factory=Output)
    _paths: dict | None = field(default=None, repr=False)

    def image(self, file, rec=None, name: str = "", line=None) -> media.Image | None:
        """A photo referenced by a published page: cleaned, capped, with srcset copies."""
        if not file:
            return None
        rel = media.normalise(file)
        if rel is None or not (self.root / "media" / rel).is_file() or media.ext_of(rel) not in media.FORMATS:
            return None  # reported by check_media
        if rel not in self.images:
            cache = self.cache or default_cache(self.root)
            try:
                self.images[rel] = (*media.publish(self.root, rel, cache), None)
            except media.MediaProblem as problem:
                self.images[rel] = None, {}, problem
        image, files, problem = self.images[rel]
        if problem is not None:
            if rec is None:  # reported against the photo itself
                self.found.issues.append(Issue(f"media/{rel}", None, "", problem.message, problem.hint))
            else:
                line = line if line is not None else rec.lines.get(name)
                self.found.issues.append(
                    Issue(rec["path"], line, name, f"content/media/{rel}：{problem.message}", problem.hint)
                )
        self.found.assets.update(files)
        return image

    def markdown(self, rec, name: str, src: str | None = None) -> Markup:
        """An editor's Markdown field, sanitised, for the page ``src`` (default: the record's own)."""
        text = rec.get(name) or ""
        page = src or urls.detail_path(rec["kind"], rec["id"])
        label = consent.field_label(name)

        def line_of(needle):
            return consent.field_line(rec, name, text, max(text.find(needle), 0))

        def image_url(ref, alt):
            line = line_of(ref)
            if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", ref):
                found = [
                    Issue(
                        rec["path"],
                        line,
                        label,
                        f"图片“{ref}”在外部网站上，网站只能显示 content/media/ 里的图片。",
                        "把图片下载下来放进 content/media/，再写成 ![说明](media/文件名.jpg)。",
                    )
                ]
            else:
                found = media.check_reference(self.root, ref, rec["path"], line, label)[1]
            if not alt.strip():
                found.append(
                    Issue(
                        rec["path"],
                        line,
                        label,
                        f"图片“{ref}”缺少替代文字。",
                        "写成 ![图片内容的简要描述](media/文件名.jpg)，供视障读者的读屏软件朗读。",
                    )
                )
            if found:
                self.found.issues.extend(found)
                return None
            image = self.image(ref, rec, label, line)
            return urls.published_relative(page, image.src) if image else None

        def link_url(href):
            target = _content_link(rec["path"], href)
            if target is None:
                return href
            doc, fragment = target
            found = self._by_path().get(doc)
            dest = urls.detail_path(found["kind"], found["id"]) if found else ""
            self.found.links.append((rec["path"], line_of(href), label, dest))
            return urls.published_relative(page, dest) + fragment if found else None

        body, _ = sanitize.render(text, image_url, link_url)
        return body

    def _by_path(self) -> dict:
        if self._paths is None:
            kinds = self.catalog.public.values() if self.catalog else []
            self._paths = {r["path"]: r for recs in kinds for r in recs.values()}
        return self._paths


CACHE_ENV = "COLUMN_CACHE"  # documented override: where processed photos are kept (tests, CI caches)


def default_cache(root: Path) -> Path:
    """Processed photos: $COLUMN_CACHE/media, else .cache/media beside the content folder."""
    return Path(os.environ.get(CACHE_ENV) or Path(root).parent / ".cache") / "media"


def check_links(links, pages: set[str]) -> list[Issue]:
    """Links between content files whose target has no published page."""
    return [
        Issue(
            path,
            line,
            name,
            "链接指向的内容文件不存在，或它不公开（草稿、未同意公开的志愿者）。",
            "检查链接里的文件路径（相对于本文件，如 ../../pages/about.md），或删去这个链接。",
        )
        for path, line, name, dest in links
        if dest not in pages
    ]


def _content_link(from_path: str, href: str) -> tuple[str, str] | None:
    """A relative link to another content file (as an editor's Markdown preview resolves it)."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^[/#?]", href):
        return None
    path, _, fragment = href.partition("#")
    path = urllib.parse.unquote(path.split("?")[0])
    if not path.endswith((".md", ".yml")):
        return None
    doc = posixpath.normpath(posixpath.join(posixpath.dirname(from_path), path))
    return doc, ("#" + fragment if fragment else "")


def check_media(catalog: Catalog, root: Path) -> list[Issue]:
    issues = []

    def check(rec, file, line, name):
        if file:
            issues.extend(media.check_reference(root, file, rec["path"], line, name)[1])

    for v in catalog.all("volunteer"):
        check(v, v.get("photo"), v.lines.get("photo"), "photo")
        if v.get("photo") and not v.get("photo_alt"):
            issues.append(
                Issue(
                    v["path"],
                    v.lines.get("photo"),
                    "photo_alt",
                    "有照片但缺少照片说明（photo_alt）。",
                    "加一行 photo_alt: 简要描述照片内容，供视障读者的读屏软件朗读。",
                )
            )
    for s in catalog.all("story"):
        check(s, s.get("cover"), s.lines.get("cover"), "cover")
    for a in catalog.all("activity"):
        for i, p in enumerate(a.get("photos") or []):
            check(a, p.get("file"), p.lines.get("file"), f"photos[{i + 1}].file")
    return issues


def checked_catalog(root: Path, build_date: dt.date | None = None) -> Catalog:
    """Load → validate → relate, and the checks that need no page (for ``stats``, and ``run``).
    Raises ContentError with every problem found."""
    root = Path(root)
    records, issues = load_tree(root, then=validate_doc)
    catalog, found = relate(records, build_date or dt.date.today())
    issues += found
    if catalog is None:
        raise ContentError(issues)
    issues += check_media(catalog, root)
    issues += consent.check(catalog)
    if issues:
        raise ContentError(issues)
    return catalog


@contextlib.contextmanager
def _without_cycle_collector():
    """CPython's cycle collector off while the pipeline runs, on again afterwards.

    The pipeline builds millions of small objects that live until the end (records, their
    line maps, pages); each collection of the oldest generation walks all of them again: at ten
    years that was about half of reading the content and most of unpickling what the forked
    processes send back. What the pipeline throws away is freed by reference counting (peak
    memory is unchanged); cycles, if any, are collected afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run(
    root: Path,
    build_date: dt.date | None = None,
    site_url: str | None = None,
    cache: Path | None = None,
    editor: dict | None = None,
) -> Result:
    """Load → validate → relate → render. Raises ContentError with every problem found.

    ``build_date``: the day figures are judged against when site.yml sets no ``as_of`` (default
    today); ``site_url`` replaces site.yml's when the host decides the address (GitHub Pages);
    ``cache``: processed photos (default: .cache/media beside the content folder); ``editor``
    replaces site.yml's web-editor settings (make edit: the local decap-server, cms.py)."""
    with _without_cycle_collector():
        return _run(Path(root), build_date, site_url, cache, editor)


def _run(
    root: Path, build_date: dt.date | None, site_url: str | None, cache: Path | None, editor: dict | None = None
) -> Result:
    started = time.perf_counter()
    catalog = checked_catalog(root, build_date)
    loaded = time.perf_counter()
    if site_url:
        catalog.site["site_url"] = site_url
    if editor:
        catalog.site["editor"] = editor
    renderer = Renderer(catalog)
    images: dict = {}
    dated = sum(len(catalog.by_kind[k.name]) for k in model.kinds_with("dated"))
    out = Output.merged(
        parallel.generate(
            site_pages.GENERATORS, lambda gen: generate(gen, renderer, catalog, root, images, cache), dated
        )
    )
    srcs = {p.src for p in out.pages}
    out.issues += check_links(out.links, srcs) + _dangling(out, srcs)
    if out.issues:
        raise ContentError(out.issues)
    out.files.update(sitemap.files(out.pages, catalog.site.get("site_url"), catalog.as_of))
    return Result(
        catalog,
        out.pages,
        dict(sorted(out.assets.items())),
        site_pages.nav(out.pages),
        dict(sorted(out.files.items())),
        {"load": loaded - started, "generate": time.perf_counter() - loaded},
        warnings(catalog) + photo_warnings(root),
    )


def warnings(catalog: Catalog) -> list[Issue]:
    """What editors should hear of but that never stops a build (``check`` and ``build`` print
    it as 警告): news older than site.yml's ``update_every`` days before the build date, which
    is ``catalog.as_of`` — site.yml's ``as_of``, else the build's ``as_of`` option, else today —
    the day every other "overdue" is judged against too."""
    beat = figures.heartbeat(catalog)
    if not beat.late:
        return []
    site = catalog.site
    as_of = Date.of(catalog.as_of).zh
    if beat.newest_story is None:
        message = f"栏目还没有发布任何新闻稿（截至{as_of}），设定的更新周期是{beat.update_every}天。"
    else:
        message = (
            f"最新一篇新闻稿的日期是{beat.newest_story.zh}，到{as_of}已有{beat.story_age}天，"
            f"超过了设定的更新周期{beat.update_every}天。"
        )
    return [
        Issue(
            site["path"],
            site.lines.get("update_every"),
            "update_every",
            message,
            "请尽快发布新的新闻稿：栏目长期不更新，读者和检查都会认为它已停办。"
            "更新周期不合适时，改 site.yml 的 update_every。",
        )
    ]


def photo_warnings(root: Path) -> list[Issue]:
    """A photo in content/media that carries its GPS position or other hidden data: the site
    publishes it without (media.py), but the repository, which may be public, holds it."""
    return [
        Issue(
            f"media/{rel}",
            None,
            "",
            f"照片里有{'、'.join(hidden)}：网站上的照片不含这些信息，但内容仓库里的原图有，仓库公开时别人能看到。",
            "运行 make photos，去掉仓库里所有照片的这些信息（清晰度不变，竖拍的照片转正），再提交到内容仓库。",
        )
        for rel, hidden in media.private_photos(root)
    ]


def format_warnings(found: list[Issue]) -> str:
    """Warnings as ``check`` and ``build`` print them (one 警告 per problem)."""
    return "\n".join("警告：" + issue.format() for issue in found)


def _dangling(out: Output, srcs: set[str]) -> list[Issue]:
    """Links from generated pages to pages or files the site does not have: a mistake in a
    template or a generator (MkDocs never sees our links, so it cannot check them)."""
    targets = srcs | set(out.files) | set(out.assets)
    return [
        Issue(
            page.src,
            None,
            "",
            f"网站内部链接指向不存在的页面或文件 {target}。",
            "这是网站程序的错误，不是内容的错误：请把这条信息告诉维护网站的技术人员。",
        )
        for page in out.pages
        for target in sorted(page.links - targets)
    ]


def generate(
    generator, renderer: Renderer, catalog: Catalog, root: Path, images: dict | None = None, cache: Path | None = None
) -> Output:
    """One generator's output, with the photos, problems and links its context met."""
    ctx = Context(root, catalog=catalog, cache=cache, images={} if images is None else images)
    return generator(renderer, catalog, ctx).add(ctx.found)
