"""The only module that knows MkDocs: MkDocs 1.6 hooks plus an atomic build for the CLI.

mkdocs.yml loads this file with ``hooks:``. The pipeline runs in ``on_config``; its pages
and photos enter MkDocs as generated files in ``on_files``, so nothing is ever written into
``content/`` (``mkdocs serve`` would loop) and no raw content file reaches the site.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # mkdocs loads hooks by path

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import Abort  # noqa: E402
from mkdocs.plugins import get_plugin_logger  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402

from column import pii, pipeline, sanitize, search  # noqa: E402
from column.issues import ContentError, format_issues  # noqa: E402

log = get_plugin_logger("column")
CONTENT_ENV = "COLUMN_CONTENT"
SITE_URL_ENV = "COLUMN_SITE_URL"  # the published address when the host decides it (pages.yml)
_state: dict = {}


def content_root(config: MkDocsConfig) -> Path:
    configured = os.environ.get(CONTENT_ENV)
    return Path(configured).resolve() if configured else Path(config.docs_dir).resolve()


def on_config(config: MkDocsConfig):
    root = content_root(config)
    config.docs_dir = str(root)
    try:
        result = pipeline.run(root, site_url=os.environ.get(SITE_URL_ENV))
    except ContentError as err:
        raise Abort(str(err)) from None
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
    _state["result"] = result
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    result = _state["result"]
    docs_dir = os.path.abspath(config.docs_dir)
    kept = Files([f for f in files if not (f.abs_src_path and os.path.abspath(f.abs_src_path).startswith(docs_dir + os.sep))])
    for page in result.pages:
        kept.append(File.generated(config, page.src, content=page.text))
    for out, source in result.assets.items():
        kept.append(File.generated(config, out, abs_src_path=str(source)))
    for out, content in result.files.items():
        kept.append(File.generated(config, out, content=content))
    return kept


def on_page_markdown(markdown: str, page, config: MkDocsConfig, files: Files) -> str:
    for key in ("title", "description"):  # printed unescaped by theme templates (see on_config)
        if isinstance(page.meta.get(key), str):
            page.meta[key] = sanitize.theme_text(page.meta[key])
    # The lightbox (mkdocs-glightbox, ~70 KB of script and style) only on pages with a photo.
    if "<img" not in markdown and "![" not in markdown:
        page.meta["glightbox"] = False
    return markdown


def on_post_build(config: MkDocsConfig) -> None:
    try:
        search.index_site(Path(config.site_dir))
    except search.IndexFailed as err:
        raise Abort(str(err)) from None
    # Last, over everything written: a mobile or ID number anywhere fails the build.
    found = pii.check_site(Path(config.site_dir), Path(config.docs_dir), _state["result"].catalog.site.get("pii_allow"))
    if found:
        raise Abort(format_issues(found))


def build(config_file: Path, content: Path | None, site_dir: Path) -> None:
    """Build into a fresh folder beside ``site_dir`` and swap it in only on success."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    if content is not None:
        os.environ[CONTENT_ENV] = str(Path(content).resolve())
    site_dir = Path(site_dir).resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=site_dir.parent))
    try:
        config = load_config(str(config_file), site_dir=str(staging), strict=True)
        mkdocs_build(config)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = site_dir.with_name(f".site-old-{os.getpid()}")
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
