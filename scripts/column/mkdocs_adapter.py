"""The only module that knows MkDocs: the ``column`` plugin (MkDocs 1.6 or ProperDocs) and an
atomic build for the CLI.

``mkdocs.yml`` names the plugin under ``plugins:`` with its options (declared and validated by
:class:`ColumnConfig`). The pipeline runs in ``on_config``; its pages and files enter MkDocs as
generated files in ``on_files``, so nothing is ever written into ``content/`` (``mkdocs
serve`` would loop) and no raw content file reaches the site. The pages are finished HTML with
their table of contents: MkDocs converts no Markdown of ours (``on_page_markdown`` hands it
nothing to convert, ``on_page_content`` gives it the page), it only lays the theme around them.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import shutil
import tempfile
from pathlib import Path

import mkdocs.commands.build
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from . import compat, consent, pii, pipeline, preview, sanitize, search
from .issues import ContentError, format_issues

log = get_plugin_logger("column")


class _Day(c.Type):
    """A date written ``YYYY-MM-DD``."""

    def __init__(self):
        super().__init__(str)

    def run_validation(self, value):
        value = super().run_validation(str(value))
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise c.ValidationError(f"expected a date YYYY-MM-DD, got {value!r}") from None


class ColumnConfig(base.Config):
    # The content folder (relative to mkdocs.yml). mkdocs.yml lets COLUMN_CONTENT override it.
    content = c.Dir(exists=True, default="content")
    # The published address, when the host decides it (GitHub Pages: COLUMN_SITE_URL in pages.yml);
    # else site.yml's site_url.
    site_url = c.Optional(c.URL())
    # The day figures are judged against when site.yml sets no as_of (default: the build's day).
    as_of = c.Optional(_Day())
    # make edit: the local decap-server's API (http://127.0.0.1:8081/api/v1); /admin/ then edits
    # the working copy through it (cms.py), whatever site.yml's editor says.
    local_editor = c.Optional(c.URL())
    # ... with branches and their merge (decap-server in git mode): the editorial workflow, locally.
    local_editor_workflow = c.Type(bool, default=False)


class _Generated(File):
    """A generated page or file; under ``mkdocs serve --dirty`` only the plan's modified ones are written."""

    modified = True

    def is_modified(self) -> bool:
        return self.modified


class ColumnPlugin(BasePlugin[ColumnConfig]):
    """The column's pipeline inside MkDocs. One instance lives for one build, or for the whole
    ``mkdocs serve`` (it has ``on_startup``), holding the live preview's session."""

    def __init__(self):
        self.session: preview.Session | None = None
        self.plan: preview.Plan | None = None
        self.root: Path | None = None
        self.written: list[str] = []
        self.pages: dict = {}  # source path → pipeline Page, for on_page_content
        self.warnings: list = []  # pipeline.warnings of the last run (issues.Issue)
        self.indexing: search.Indexing | None = None  # a build's search index, made while MkDocs writes
        self._docs_dir: str | None = None

    # -- start, configuration ----------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        if command == "serve" and dirty:  # make serve: the live preview (preview.py)
            self.session = preview.Session()
        _quiet_dirty_warning()

    def on_shutdown(self) -> None:
        self._stop_indexing()
        if self.session is not None:
            self.session.close()
        if self._docs_dir:
            shutil.rmtree(self._docs_dir, ignore_errors=True)

    def on_config(self, config: MkDocsConfig):
        root = Path(self.config.content).resolve()
        self.root = root
        # MkDocs never needs to list the content folder (every page is generated): an empty
        # docs_dir spares it a walk over every content file; serve watches the content instead.
        if self._docs_dir is None:
            self._docs_dir = tempfile.mkdtemp(prefix="column-docs-")
        config.docs_dir = self._docs_dir
        code = [p for p in [config.config_file_path, *config.watch] if p]  # templates, code, mkdocs.yml
        config.watch.append(str(root))
        options = dict(build_date=self.config.as_of, site_url=self.config.site_url)
        if self.config.local_editor:
            options["editor"] = {
                "kind": "local",
                "url": self.config.local_editor,
                "workflow": self.config.local_editor_workflow,
            }
        try:
            if self.session is not None:
                config.watch.append(str(self.session.trigger))
                plan = self.session.plan(root, code, **options)
            else:
                plan = preview.Plan.of(pipeline.run(root, **options))
                # One build per process: the catalog and pages live until it ends, so the cycle
                # collector need not rescan them each time MkDocs' own objects trigger it.
                gc.freeze()
        except ContentError as err:
            raise Abort(str(err)) from None
        self.plan = plan
        # Warnings never fail a build: logged as INFO (under strict: true a WARNING would), and
        # handed back by build() for `python -m column build` to print as 警告.
        self.warnings = list(plan.result.warnings)
        for found in self.warnings:
            log.info(pipeline.format_warnings([found]))
        site = plan.result.catalog.site
        # Material prints these unescaped in some places and with "| e" in others: escaped Markup is right in both.
        config.site_name = sanitize.theme_text(site["title"])
        config.site_description = sanitize.theme_text(site.get("description") or config.site_description)
        if site.get("site_url"):
            config.site_url = site["site_url"]
        config.extra["column"] = {
            "title": site["title"],
            "organisation": site["organisation"],
            "icp": site.get("icp"),
            "search_filters": list(search.FILTERS),
        }
        config.nav = [{title: src} for title, src in plan.result.nav]
        # The pipeline writes sitemap.xml itself (every page, dated as_of), so the output does not
        # depend on the clock and a fast preview keeps the full sitemap.
        config.theme.static_templates.discard("sitemap.xml")
        return config

    def on_serve(self, server, /, *, config: MkDocsConfig, builder):
        """Content edits reach the preview at once through inotify, instead of MkDocs polling every
        content file (~30,000 at ten years) each half second."""
        root = str(self.root)
        if self.session is not None and root in config.watch and _watch(server, root):
            config.watch.remove(root)
        return server

    # -- files and pages -----------------------------------------------------------------------

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        plan = self.plan
        docs_dir = os.path.abspath(config.docs_dir)
        ours = plan.pages.keys() | plan.assets.keys() | plan.files.keys()
        # The theme's own files stay, but for those the pipeline writes (sitemap.xml: the theme's
        # template is a plain file once it is no longer a static template, see on_config).
        kept = Files(
            [
                f
                for f in files
                if f.src_uri not in ours
                and not (f.abs_src_path and os.path.abspath(f.abs_src_path).startswith(docs_dir + os.sep))
            ]
        )
        # A page's file is empty: MkDocs has nothing to read or parse (its front matter would cost
        # a pure-Python YAML parse a page); on_page_markdown gives it the page's meta.
        self.pages = dict(plan.pages)
        for src in plan.pages:
            kept.append(self._generated(config, src, "", src in plan.modified))
        for out, source in plan.assets.items():
            kept.append(File.generated(config, out, abs_src_path=str(source)))
        for out, content in plan.files.items():
            kept.append(self._generated(config, out, content, out in plan.modified))
        self.written = [out for out in plan.files if out in plan.modified]  # pages add theirs in on_post_page
        if self.session is None:  # the search index needs only the pipeline's pages: on the other core from now
            self.indexing = search.Indexing(Path(config.site_dir), plan.shards)
        return kept

    @staticmethod
    def _generated(config, src: str, content, modified: bool) -> File:
        file = _Generated.generated(config, src, content=content)
        file.modified = modified
        return file

    def on_page_markdown(self, markdown: str, /, *, page, config: MkDocsConfig, files: Files) -> str:
        made = self._made(page)
        page.meta = {"title": made.title, **({"template": made.template} if made.template else {}), **made.meta}
        for key in ("title", "description"):  # printed unescaped by theme templates (see on_config)
            if isinstance(page.meta.get(key), str):
                page.meta[key] = sanitize.theme_text(page.meta[key])
        # The lightbox (mkdocs-glightbox, ~70 KB of script and style) only on pages with a photo.
        if "<img" not in made.body:
            page.meta["glightbox"] = False
        return ""  # the page is finished HTML (on_page_content): nothing for Markdown to convert

    def on_page_content(self, html: str, /, *, page, config: MkDocsConfig, files: Files) -> str:
        made = self._made(page)
        page.toc = get_toc(made.toc)
        return made.body

    def _made(self, page):
        """The pipeline's page for a MkDocs page."""
        made = self.pages.get(page.file.src_uri)
        if made is None:
            raise PluginError(f"no generated page for {page.file.src_uri}")
        return made

    def on_post_page(self, output: str, /, *, page, config: MkDocsConfig) -> str:
        self.written.append(page.file.dest_uri)
        return output

    # -- after the build -----------------------------------------------------------------------

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        plan, site_dir, session = self.plan, Path(config.site_dir), self.session
        catalog = plan.result.catalog
        if session is None:
            found = self._index_and_check(site_dir, catalog)
        else:  # live preview: only what this build wrote; the search index catches up in the background
            found = _checks(site_dir, self.root, catalog, sorted(set(self.written)))
            session.remove(site_dir, [_dest(config, gone) for gone in plan.removed])
            if plan.kind != "fast":
                session.background(search.index_site, site_dir, plan.shards)
        if found:
            raise Abort(format_issues(found))
        if session is not None:
            session.done()

    def _index_and_check(self, site_dir: Path, catalog) -> list:
        """Every file MkDocs wrote is checked for mobile and ID numbers and unpublished names while
        the search index (started in on_files) finishes; then its bundle is checked too."""
        written = pii.site_files(site_dir, skip=(search.WORK_SUBDIR, search.OUTPUT_SUBDIR))
        found = _checks(site_dir, self.root, catalog, written)
        try:
            self.indexing.wait()  # interrupted (Ctrl-C), on_shutdown still stops it
        except search.IndexFailed as err:  # with what the guard found: the editor fixes both at once
            raise Abort("\n".join([format_issues(found), str(err)] if found else [str(err)])) from None
        self.indexing = None
        bundle = [f"{search.OUTPUT_SUBDIR}/{path}" for path in pii.site_files(site_dir / search.OUTPUT_SUBDIR)]
        return found + _checks(site_dir, self.root, catalog, bundle)

    def _stop_indexing(self) -> None:
        """A build that failed, or ended, before its search index was awaited: the index stops."""
        indexing, self.indexing = self.indexing, None
        if indexing is not None:
            indexing.stop()

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_indexing()
        if self.session is not None:
            self.session.failed()


def _checks(site_dir: Path, root: Path, catalog, outputs: list[str]) -> list:
    """The guards over built files: PII (mobile and ID numbers) and consent (unpublished names)."""
    return pii.check_site(site_dir, root, catalog.site.get("pii_allow"), only=outputs, names=consent.Hidden(catalog))


def _quiet_dirty_warning() -> None:
    """MkDocs warns that a "dirty" build may leave stale pages; the live preview decides exactly
    which pages are written (preview.py), so the warning does not apply — and under strict: true
    it would stop every rebuild."""
    build_log = logging.getLogger(mkdocs.commands.build.__name__)  # properdocs.commands.build under ProperDocs
    if not any(getattr(f, "column", False) for f in build_log.filters):
        quiet = logging.Filter()
        quiet.filter = lambda record: "'dirty' build" not in record.getMessage()
        quiet.column = True
        build_log.addFilter(quiet)


def _watch(server, root: str) -> bool:
    from watchdog import events
    from watchdog.observers import Observer

    if not compat.can_request_rebuild(server) or Observer.__name__ == "PollingObserver":
        return False  # not the LiveReloadServer compat knows, or no native file events here

    handler = events.FileSystemEventHandler()
    handler.on_any_event = lambda event: compat.request_rebuild(server)
    observer = Observer()
    observer.daemon = True
    try:  # writes, creations, deletions and renames — not the reads of every build
        observer.schedule(
            handler,
            root,
            recursive=True,
            event_filter=[
                events.FileModifiedEvent,
                events.FileClosedEvent,
                events.FileCreatedEvent,
                events.FileDeletedEvent,
                events.FileMovedEvent,
                events.DirCreatedEvent,
                events.DirDeletedEvent,
                events.DirMovedEvent,
            ],
        )
        observer.start()
    except OSError:  # e.g. out of inotify watches: MkDocs polls instead
        return False
    return True


def _dest(config, src: str) -> str:
    return File(src, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls).dest_uri


def build(config_file: Path, site_dir: Path, **options) -> list:
    """Build into a fresh folder beside ``site_dir`` and swap it in only on success; returns the
    pipeline's warnings (``issues.Issue``: the build succeeded, editors should still hear of them).

    ``options`` override the column plugin's options of the configuration (content, site_url,
    as_of), validated as mkdocs.yml's are."""
    from mkdocs.config import load_config

    site_dir = Path(site_dir).resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=site_dir.parent))
    try:
        config = load_config(str(config_file), site_dir=str(staging), strict=True)
        plugin = config.plugins["column"]
        given = {
            k: (str(v) if isinstance(v, Path) else v.isoformat() if isinstance(v, dt.date) else v)
            for k, v in options.items()
            if v is not None
        }
        errors, _ = plugin.load_config(
            {**{k: v for k, v in plugin.config.items() if v is not None}, **given}, config.config_file_path
        )
        if errors:
            raise Abort("\n".join(f"column: {name}: {err}" for name, err in errors))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs.commands.build.build(config, dirty=False)
        finally:
            config.plugins.on_shutdown()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = site_dir.with_name(f".site-old-{os.getpid()}")
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    return plugin.warnings
