"""The only module that knows MkDocs: MkDocs 1.6 hooks plus an atomic build for the CLI.

mkdocs.yml loads this file with ``hooks:``. The pipeline runs in ``on_config``; its pages
and photos enter MkDocs as generated files in ``on_files``, so nothing is ever written into
``content/`` (``mkdocs serve`` would loop) and no raw content file reaches the site.
"""
from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # mkdocs loads hooks by path

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import Abort  # noqa: E402
from mkdocs.plugins import get_plugin_logger  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402

from column import parallel, pii, pipeline, preview, sanitize, search  # noqa: E402
from column.issues import ContentError, format_issues  # noqa: E402

log = get_plugin_logger("column")
CONTENT_ENV = "COLUMN_CONTENT"
SITE_URL_ENV = "COLUMN_SITE_URL"  # the published address when the host decides it (pages.yml)
_state: dict = {}


def content_root(config: MkDocsConfig) -> Path:
    configured = os.environ.get(CONTENT_ENV)
    return Path(configured).resolve() if configured else Path(config.docs_dir).resolve()


def on_startup(command: str, dirty: bool) -> None:
    if command == "serve" and dirty:  # make serve: the live preview (preview.py)
        preview.start()
        _quiet_dirty_warning()


def _quiet_dirty_warning() -> None:
    """MkDocs warns that a "dirty" build may leave stale pages; ours decide exactly which pages
    are written (preview.py, or a fresh staging folder), so the warning does not apply — and it
    would stop every build under strict: true."""
    build_log = logging.getLogger("mkdocs.commands.build")
    if not any(getattr(f, "column", False) for f in build_log.filters):
        quiet = logging.Filter()
        quiet.filter = lambda record: "'dirty' build" not in record.getMessage()
        quiet.column = True
        build_log.addFilter(quiet)


def on_serve(server, config: MkDocsConfig, builder):
    """Content edits reach the preview at once through inotify, instead of MkDocs polling every
    content file (~30,000 at ten years) each half second."""
    root = str(_state["root"])
    if preview.session() is not None and root in config.watch and _watch(server, root):
        config.watch.remove(root)
    return server


def _watch(server, root: str) -> bool:
    from watchdog import events
    from watchdog.observers import Observer

    if not hasattr(server, "_rebuild_cond") or Observer.__name__ == "PollingObserver":
        return False  # not MkDocs 1.6's LiveReloadServer, or no native file events here

    def changed(event):
        with server._rebuild_cond:  # what LiveReloadServer.watch's own callback does
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    handler = events.FileSystemEventHandler()
    handler.on_any_event = changed
    observer = Observer()
    observer.daemon = True
    try:  # writes, creations, deletions and renames — not the reads of every build
        observer.schedule(handler, root, recursive=True, event_filter=[
            events.FileModifiedEvent, events.FileClosedEvent, events.FileCreatedEvent, events.FileDeletedEvent,
            events.FileMovedEvent, events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent])
        observer.start()
    except OSError:  # e.g. out of inotify watches: MkDocs polls instead
        return False
    return True


def on_config(config: MkDocsConfig):
    root = content_root(config)
    # MkDocs never needs to list the content folder (every page is generated): an empty docs_dir
    # spares it a walk over every content file per build; serve watches the content instead.
    config.docs_dir = preview.empty_dir()
    code = [p for p in [config.config_file_path, *config.watch] if p]  # templates, code, mkdocs.yml
    config.watch.append(str(root))
    session = preview.session()
    try:
        if session is not None:
            config.watch.append(str(session.trigger))
            plan = session.plan(root, os.environ.get(SITE_URL_ENV), code)
        else:
            plan = preview.Plan.of(pipeline.run(root, site_url=os.environ.get(SITE_URL_ENV)))
            # One build per process: the catalog and pages live until it ends, so the cycle
            # collector need not rescan them each time MkDocs' own objects trigger it.
            gc.freeze()
    except ContentError as err:
        raise Abort(str(err)) from None
    result = plan.result
    site = result.catalog.site
    # Material prints these unescaped in some places and with "| e" in others: escaped Markup is right in both.
    config.site_name = sanitize.theme_text(site["title"])
    config.site_description = sanitize.theme_text(site.get("description") or config.site_description)
    if site.get("site_url"):
        config.site_url = site["site_url"]
    config.extra["column"] = {"title": site["title"], "organisation": site["organisation"], "icp": site.get("icp"),
                              "search_filters": list(search.FILTERS)}
    config.nav = [{title: src} for title, src in result.nav]
    # MkDocs stamps sitemap dates with the build time unless SOURCE_DATE_EPOCH is set:
    # pin it to as_of so the same content gives the same bytes.
    as_of = result.catalog.as_of
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.timezone.utc).timestamp()))
    _state.update(result=result, plan=plan, root=root, written=[])
    return config


class _Generated(File):
    """A generated page or file; under ``mkdocs serve --dirty`` only the plan's modified ones are written."""

    modified = True

    def is_modified(self) -> bool:
        return self.modified


def _generated(config, src: str, content, modified: bool) -> File:
    file = _Generated.generated(config, src, content=content)
    file.modified = modified
    return file


def on_files(files: Files, config: MkDocsConfig) -> Files:
    plan = _state["plan"]
    docs_dir = os.path.abspath(config.docs_dir)
    kept = Files([f for f in files if not (f.abs_src_path and os.path.abspath(f.abs_src_path).startswith(docs_dir + os.sep))])
    for src, text in plan.pages.items():
        kept.append(_generated(config, src, text, src in plan.modified))
    for out, source in plan.assets.items():
        kept.append(File.generated(config, out, abs_src_path=str(source)))
    for out, content in plan.files.items():
        kept.append(_generated(config, out, content, out in plan.modified))
    _state["written"] = [out for out in plan.files if out in plan.modified]  # pages add theirs in on_post_page
    return kept


def on_page_markdown(markdown: str, page, config: MkDocsConfig, files: Files) -> str:
    for key in ("title", "description"):  # printed unescaped by theme templates (see on_config)
        if isinstance(page.meta.get(key), str):
            page.meta[key] = sanitize.theme_text(page.meta[key])
    # The lightbox (mkdocs-glightbox, ~70 KB of script and style) only on pages with a photo.
    if "<img" not in markdown and "![" not in markdown:
        page.meta["glightbox"] = False
    return markdown


def on_nav(nav, config: MkDocsConfig, files: Files):
    """A big build (``column build``) writes its pages from two processes, one per core: each
    renders and writes its half; the parent also writes everything else, then indexes and checks."""
    plan = _state["plan"]
    if plan.kind != "full" or preview.session() is not None:
        return nav
    split = parallel.split({src: len(text) for src, text in plan.pages.items()})
    if split is not None:
        role, mine, _state["child"] = split
        _state["role"] = role
        for file in files:
            if isinstance(file, _Generated):
                file.modified = file.src_uri in mine if file.is_documentation_page() else role == "parent"
            elif role == "child":
                file.is_modified = _never  # theme files and photos: the parent copies them
    return nav


def _never() -> bool:
    return False


def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    _state["written"].append(page.file.dest_uri)
    return output


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    if template_name == "sitemap.xml" and _state["plan"].kind == "fast":
        return ""  # MkDocs skips an empty template: a fast preview keeps the full sitemap
    if _state.get("role") == "child":
        return ""  # sitemap.xml and 404.html: the parent writes them
    return output


def on_post_build(config: MkDocsConfig) -> None:
    plan, site_dir, session = _state["plan"], Path(config.site_dir), preview.session()
    allow = _state["result"].catalog.site.get("pii_allow")
    if _state.get("role") == "child":
        return  # the parent indexes and checks the whole site
    if session is None:
        if _state.get("child") and not parallel.join(_state.pop("child")):
            raise Abort("网站生成失败：另一半页面没有生成成功（原因见上方信息），已发布的网站保持不变。")
        found = _index_and_check(site_dir, allow)
    else:  # live preview: only what this build wrote; the search index catches up in the background
        found = pii.check_site(site_dir, _state["root"], allow, only=sorted(set(_state["written"])))
        session.remove(site_dir, [_dest(config, gone) for gone in plan.removed])
        if plan.kind != "fast":
            session.background(search.index_site, site_dir, plan.shards)
    if found:
        raise Abort(format_issues(found))
    if session is not None:
        session.done()


def _index_and_check(site_dir: Path, allow) -> list:
    """Pagefind indexes the site (on both cores) while every other file is checked for
    mobile and ID numbers; then its bundle is checked too. Any hit fails the build."""
    outputs = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file())
    failed: list = []

    def index():
        try:
            search.index_site(site_dir, _state["plan"].shards)
        except search.IndexFailed as err:
            failed.append(err)
        except Exception as err:  # a bug: still a failed build, never a site without search
            failed.append(search.IndexFailed(f"站内搜索索引生成失败：{type(err).__name__}: {err}"))

    indexing = threading.Thread(target=index)
    indexing.start()
    found = pii.check_site(site_dir, _state["root"], allow, only=outputs)
    indexing.join()
    if failed:
        raise Abort(str(failed[0]))
    bundle = site_dir / search.OUTPUT_SUBDIR
    return found + pii.check_site(site_dir, _state["root"], allow,
                                  only=sorted(p.relative_to(site_dir).as_posix() for p in bundle.rglob("*")))


def on_build_error(error: Exception) -> None:
    if preview.session() is not None:
        preview.session().failed()


def _dest(config, src: str) -> str:
    return File(src, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls).dest_uri



def build(config_file: Path, content: Path | None, site_dir: Path) -> None:
    """Build into a fresh folder beside ``site_dir`` and swap it in only on success."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    if content is not None:
        os.environ[CONTENT_ENV] = str(Path(content).resolve())
    site_dir = Path(site_dir).resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=site_dir.parent))
    me = os.getpid()
    os.environ[parallel.SPLIT_ENV] = str(me)  # on_nav may split the pages between two processes
    _quiet_dirty_warning()
    try:
        config = load_config(str(config_file), site_dir=str(staging), strict=True)
        # "dirty": MkDocs writes only the pages marked modified (all of them, or this process's
        # half); the staging folder starts empty, so nothing stale is kept.
        mkdocs_build(config, dirty=True)
    except BaseException:
        if os.getpid() != me:  # the other half of a split build: its messages are printed
            os._exit(1)
        parallel.reap()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if os.getpid() == me:
            os.environ.pop(parallel.SPLIT_ENV, None)
    if os.getpid() != me:
        os._exit(0)
    old = site_dir.with_name(f".site-old-{os.getpid()}")
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
