"""Live preview for ``make serve`` (``mkdocs serve --dirty``): an edited page shows within a
second or two at any archive size, and the preview always settles on exactly what a full
build gives. No MkDocs import: ``mkdocs_adapter`` turns a :class:`Plan` into MkDocs files.

Each rebuild (``Session.plan``) compares the content tree with the state the preview holds
(every file's modification time and size) and takes one of three paths:

*fast*
    Only stories, activities, volunteers or hand-written pages were edited or added, none of
    them renamed (so no reference elsewhere changes meaning), no consent or draft flag
    flipped. Only those files are read and checked; their records are patched into the
    catalog kept from the last run (the same objects, so every reference to them stays right)
    and the reverse indexes rebuilt; then only their own pages are rendered, by the same
    functions a full build uses (``site_pages.detail_page``). MkDocs gets those pages and the
    navigation and writes only the edited pages; sitemap.xml and the rest are left as they are.
*exact*
    Right after a fast rebuild a full pipeline run starts in a separate process (on the other
    core). When it finishes on unchanged content it asks for a rebuild, and MkDocs rewrites
    every page whose text differs from what the preview shows (listings, totals, related
    pages) and removes pages that are gone. The preview is then what a full build renders.
*full*
    Anything else — registries, site.yml, media, a deleted file, a rename, templates or code —
    runs the whole pipeline here, as a full build does; MkDocs still rewrites only the pages
    whose text changed.

The worker (``python -m column.preview ROOT OUT``) writes its result as a pickle to OUT.
"""

from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import json
import logging
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from . import consent, load, model, pipeline, relate, search, site_pages, urls
from .issues import ContentError, Issue
from .render import Renderer
from .validate import validate

log = logging.getLogger("mkdocs.plugins.column")


def fast(kind: model.Kind) -> bool:
    """Whether an edit of a record of this kind may take the fast path: a file of its own and a
    page rendered by itself (site_pages.detail_page)."""
    return kind.files is not None and kind.files.named_by_file and site_pages.renders_alone(kind)


def _referenced(fields):
    for f in fields:
        if f.type == "ref":
            yield f.ref
        yield from _referenced(f.fields)


def named(kind: model.Kind) -> bool:
    """Whether other records may name records of this kind: renaming one changes what
    references elsewhere resolve to."""
    return any(kind.name in _referenced(k.fields) for k in model.KINDS.values())


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under a folder (hidden ones aside): relative path → (mtime ns, size)."""
    out: dict[str, tuple[int, int]] = {}
    if not root.is_dir():
        st = root.stat() if root.exists() else None
        return {"": (st.st_mtime_ns, st.st_size)} if st else {}

    def walk(folder: str, prefix: str):
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, prefix + entry.name + "/")
                else:
                    st = entry.stat()
                    out[prefix + entry.name] = (st.st_mtime_ns, st.st_size)

    walk(str(root), "")
    return out


def digest(content: str | bytes) -> bytes:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.blake2b(data, digest_size=16).digest()


@dataclass
class Plan:
    """What one MkDocs build gets: every page and data file the site has, with its text where
    it must be (re)written; ``modified`` lists those (page sources and data outputs)."""

    kind: str  # "full" | "fast" | "exact"
    result: pipeline.Result  # catalog, nav, assets for the adapter's configuration
    pages: dict[str, object]  # source path → pipeline Page (None when not rewritten)
    files: dict[str, str | bytes]  # output path → content ("" when not rewritten)
    assets: dict[str, Path]
    modified: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)  # pages and data outputs gone since the last build
    shards: list = field(default_factory=list)  # the search index's bundles (search.shard_plan)

    @classmethod
    def of(cls, result: pipeline.Result, kind: str = "full") -> Plan:
        """A whole build: every page and file written."""
        pages = {p.src: p for p in result.pages}
        return cls(
            kind,
            result,
            pages,
            dict(result.files),
            dict(result.assets),
            set(pages) | set(result.files),
            shards=search.shard_plan(result.pages),
        )


class Session:
    """The state ``mkdocs serve`` keeps between rebuilds."""

    def __init__(self):
        self.root: Path | None = None
        self.options: dict = {}  # build_date, site_url and editor of the pipeline runs
        self.code_state: dict = {}
        self.state: dict[str, tuple[int, int]] = {}  # content tree the catalog reflects
        self.result: pipeline.Result | None = None
        self.renderer: Renderer | None = None
        self.indexes: dict = {}
        self.by_path: dict[str, object] = {}
        self.written: dict[str, bytes] = {}  # page source / data output → digest of what the preview holds
        self.srcs: set[str] = set()
        self.assets: dict[str, Path] = {}
        self.file_outs: set[str] = set()
        self.ok = False  # the last build succeeded
        self.tmp = Path(tempfile.mkdtemp(prefix="column-preview-"))
        self.trigger = self.tmp / "trigger"
        self.trigger.mkdir()
        self._lock = threading.Lock()
        self._job_lock = threading.Lock()
        self._generation = 0
        self._worker: subprocess.Popen | None = None
        self._exact: dict | None = None
        atexit.register(self.close)

    # -- the three paths -----------------------------------------------------------------------

    def plan(self, root: Path, code=(), **options) -> Plan:
        """This rebuild's plan. ``code``: the other watched paths (templates, code, mkdocs.yml);
        ``options``: pipeline.run's build_date and site_url."""
        root = Path(root).resolve()
        now = snapshot(root)
        code_now = {str(path): snapshot(Path(path)) for path in code}
        code_changed, self.code_state = code_now != self.code_state, code_now
        with self._lock:
            exact, self._exact = self._exact, None
        if not self.ok or (root, options) != (self.root, self.options) or code_changed:
            return self._full(root, options, now)
        changed = {rel for rel in now.keys() | self.state.keys() if now.get(rel) != self.state.get(rel)}
        if not changed:
            if exact is None or exact["snapshot"] != now:
                return self._fast_plan([])  # nothing new (the watcher saw the trigger twice)
            if exact.get("issues"):
                raise ContentError(exact["issues"])
            log.info("预览：后台完整生成完毕，更新有变化的页面")
            return self._take_exact(exact)
        plan = self._fast(changed, now)
        if plan is None:
            log.info("预览：%s 等 %d 个文件有变化，需要完整生成", sorted(changed)[0], len(changed))
            return self._full(root, options, now)
        log.info("预览：已更新 %s；其余页面在后台完整生成后更新", "、".join(sorted(plan.modified)) or "（无页面）")
        self._start_worker()
        return plan

    def _full(self, root: Path, options: dict, now) -> Plan:
        self._stop_worker()
        self.ok = False  # until MkDocs has written this plan (done)
        self.root, self.options, self.state = root, dict(options), now
        result = pipeline.run(root, **options)
        self.result = result
        self.renderer = Renderer(result.catalog)
        self.indexes = relate.name_indexes(result.catalog.by_kind)
        self.by_path = {
            r["path"]: r for kind in model.KINDS.values() if fast(kind) for r in result.catalog.all(kind.name)
        }
        plan = Plan("full", result, {}, {}, {}, shards=search.shard_plan(result.pages))
        self._settle(plan, {p.src: p for p in result.pages}, result.files, result.assets)
        return plan

    def _take_exact(self, exact: dict) -> Plan:
        plan = Plan(
            "exact", self.result, {}, {}, {k: Path(v) for k, v in exact["assets"].items()}, shards=exact["shards"]
        )
        plan.result.nav = exact["nav"]
        self._settle(plan, exact["pages"], exact["files"], plan.assets)
        return plan

    def _settle(self, plan: Plan, pages: dict, files: dict, assets: dict) -> None:
        """Fill ``plan`` with everything, marking as modified what differs from the preview."""
        plan.pages = {}
        plan.files = {}
        plan.modified = set()
        for src, page in pages.items():
            if self._changed(src, page.text):
                plan.modified.add(src)
            plan.pages[src] = page if src in plan.modified else None
        for out, content in files.items():
            if self._changed(out, content):
                plan.modified.add(out)
            plan.files[out] = content if out in plan.modified else type(content)()
        plan.removed = (self.srcs | self.file_outs) - set(pages) - set(files)
        for gone in plan.removed:
            self.written.pop(gone, None)
        self.srcs, self.file_outs, self.assets = set(pages), set(files), dict(assets)
        plan.assets = dict(assets)

    def _fast(self, changed: set[str], now) -> Plan | None:
        """The edited records' own pages, or None when the edit needs a full run."""
        cat = self.result.catalog
        docs, issues = [], []
        for rel in sorted(changed):
            where = model.kind_of_file(rel)
            if rel not in now or where is None or not fast(where[0]):
                return None
            doc, found = load.load_file(self.root, rel, *where)
            issues += found
            if doc is not None:
                docs.append(doc)
        records, found = validate(docs)
        issues += found
        if issues:
            raise ContentError(issues)
        for rec in records:
            old = self.by_path.get(rec["path"])
            kind = model.of(rec)
            if old is None:  # a new file
                if (
                    kind.folder == ""
                    or rec["id"] in cat.by_kind[rec["kind"]]
                    or urls.reserved_id(kind, rec["id"]) is not None
                ):
                    return None  # a new hand-written page changes the navigation; a clash is reported by a full run
                if named(kind) and relate.names(rec) & self.indexes[rec["kind"]].keys.keys():
                    return None
            elif (
                old["id"] != rec["id"]
                or (named(kind) and relate.names(old) != relate.names(rec))
                or cat.is_public(old) != cat.publishes(rec)
            ):
                return None
        for rec in records:
            issues += relate.resolve(rec, self.indexes)
        issues += _checks(cat, records, self.root)
        if issues:
            raise ContentError(issues)
        patched = []
        for rec in records:
            old = self.by_path.get(rec["path"])
            if old is None:
                cat.by_kind[rec["kind"]][rec["id"]] = rec
                cat.by_kind[rec["kind"]] = dict(sorted(cat.by_kind[rec["kind"]].items()))
                if rec["kind"] in self.indexes:
                    self.indexes[rec["kind"]].add(rec)
                self.by_path[rec["path"]] = old = rec
            else:
                lines = rec.lines
                old.clear()
                old.update(rec)
                old.lines = lines
            patched.append(old)
        relate.reindex(cat)
        ctx = pipeline.Context(self.root, catalog=cat)
        pages = [p for rec in patched if (p := site_pages.detail_page(self.renderer, cat, ctx, rec)) is not None]
        srcs = self.srcs | {p.src for p in pages}
        issues = ctx.found.issues + pipeline.check_links(ctx.found.links, srcs)
        if issues:
            raise ContentError(issues)
        self.state = now
        self.srcs = srcs
        self.assets.update(ctx.found.assets)
        return self._fast_plan(pages, ctx.found.assets)

    def _changed(self, name: str, content) -> bool:
        """Whether ``content`` differs from what the preview holds for ``name`` (and now holds it)."""
        d = digest(content)
        if self.written.get(name) == d:
            return False
        self.written[name] = d
        return True

    def _fast_plan(self, pages, assets=None) -> Plan:
        """MkDocs writes ``pages``; it also gets the navigation (the other pages are already in
        the served folder, and MkDocs does not look at our links)."""
        plan = Plan("fast", self.result, {}, {}, dict(assets or {}))
        for page in pages:
            plan.pages[page.src] = page
            plan.modified.add(page.src)
            self.written[page.src] = digest(page.text)
        for _, src in self.result.nav:
            plan.pages.setdefault(src, None)
        return plan

    # -- the background full run ---------------------------------------------------------------

    def _start_worker(self) -> None:
        self._stop_worker()
        with self._lock:
            self._generation += 1
            generation = self._generation
        out = self.tmp / f"exact-{generation}.pickle"
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")]),
        }
        build_date, site_url = self.options.get("build_date"), self.options.get("site_url")
        editor = self.options.get("editor")
        self._worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "column.preview",
                str(self.root),
                str(out),
                site_url or "",
                build_date.isoformat() if build_date else "",
                json.dumps(editor) if editor else "",
            ],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        threading.Thread(target=self._await, args=(self._worker, generation, out), daemon=True).start()

    def _await(self, proc: subprocess.Popen, generation: int, out: Path) -> None:
        _, errors = proc.communicate()
        try:
            if proc.returncode != 0:
                if generation == self._generation and proc.returncode > 0:
                    log.warning("预览：后台完整生成失败：%s", errors.decode("utf-8", "replace")[-2000:])
                return
            with out.open("rb") as f:
                exact = pickle.load(f)
            with self._lock:
                if generation != self._generation:
                    return
                self._exact = exact
            ready = self.tmp / "ready"
            ready.write_text(str(generation))
            os.replace(ready, self.trigger / "ready")  # one change in a watched folder: mkdocs serve rebuilds
        finally:
            out.unlink(missing_ok=True)

    def _stop_worker(self) -> None:
        with self._lock:
            self._generation += 1
            self._exact = None
        if self._worker is not None and self._worker.poll() is None:
            self._worker.kill()
        self._worker = None

    # -- after MkDocs ---------------------------------------------------------------------------

    def done(self) -> None:
        """MkDocs wrote the last plan: the preview holds what ``written`` says."""
        self.ok = True

    def failed(self) -> None:
        """The build stopped part way: the next rebuild starts from a full run."""
        self.ok = False
        self.written.clear()
        self.srcs, self.file_outs = set(), set()
        self._stop_worker()

    @staticmethod
    def remove(site_dir: Path, outputs) -> None:
        """Delete the outputs of pages and files the site no longer has (and empty folders)."""
        for rel in outputs:
            path = Path(site_dir) / rel
            path.unlink(missing_ok=True)
            folder = path.parent
            while folder != Path(site_dir) and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent

    def background(self, job, *args) -> None:
        """Run ``job(*args)`` in a thread, one at a time (the search index after a rebuild)."""

        def run():
            with self._job_lock:
                try:
                    job(*args)
                except Exception as err:  # the preview keeps serving; the next rebuild tries again
                    log.warning("预览：%s", err)

        threading.Thread(target=run, daemon=True).start()

    def close(self) -> None:
        self._stop_worker()
        shutil.rmtree(self.tmp, ignore_errors=True)


def _checks(cat, records, root: Path) -> list[Issue]:
    """The whole-catalog checks of ``pipeline.checked_catalog``, over the edited records only."""
    view = _View(cat, records)
    return pipeline.check_media(view, root) + consent.check(view)


class _View:
    """The catalog as the checks see it, with only ``records`` to check (all volunteers stay
    visible: consent needs every unpublished name)."""

    def __init__(self, cat, records):
        self.site, self.as_of, self._cat = cat.site, cat.as_of, cat
        self.by_kind: dict = {}
        self.public: dict = {}
        for rec in records:
            self.by_kind.setdefault(rec["kind"], {})[rec["id"]] = rec
            if cat.publishes(rec):  # an edited record, not in the catalog yet
                self.public.setdefault(rec["kind"], {})[rec["id"]] = rec

    def all(self, kind):
        if kind == "volunteer":
            return self._cat.all(kind)
        return list(self.by_kind.get(kind, {}).values())

    def published(self, kind):
        if kind == "volunteer":
            return self._cat.published(kind)
        return list(self.public.get(kind, {}).values())

    def is_public(self, rec):
        return self.public.get(rec["kind"], {}).get(rec["id"]) is rec or self._cat.is_public(rec)


def worker(root: Path, out: Path, site_url: str = "", build_date: str = "", editor: str = "") -> int:
    """The background full run: the same pipeline as a build, on the content as it is now."""
    before = snapshot(root)
    try:
        result = pipeline.run(
            root,
            site_url=site_url or None,
            build_date=dt.date.fromisoformat(build_date) if build_date else None,
            editor=json.loads(editor) if editor else None,
        )
        data = {
            "pages": {p.src: p for p in result.pages},
            "files": result.files,
            "assets": {k: str(v) for k, v in result.assets.items()},
            "nav": result.nav,
            "shards": search.shard_plan(result.pages),
        }
    except ContentError as err:  # reported by the rebuild that takes this result
        data = {"issues": err.issues}
    if snapshot(root) != before:
        return 3  # edited meanwhile: a newer run replaces this one
    data["snapshot"] = before
    tmp = out.with_suffix(".part")
    with tmp.open("wb") as f:
        pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.rename(out)
    return 0


if __name__ == "__main__":
    sys.exit(worker(Path(sys.argv[1]), Path(sys.argv[2]), *sys.argv[3:6]))
