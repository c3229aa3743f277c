"""The engine under the site: MkDocs (default) or ProperDocs write the same site, and the private
attributes the adapter still uses (compat.PRIVATE) exist in both."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from column import compat
from conftest import CONTENT, ROOT, run_cli

pytestmark = pytest.mark.slow  # every test here starts an engine or builds a site

# Each engine, in a process of its own (compat.use is for the whole process): the private
# attributes on a real LiveReloadServer of that engine.
PROBE = """
import importlib, sys
sys.path.insert(0, {scripts!r})
from column import compat
compat.use({engine!r})
assert compat.engine() == {engine!r}, compat.engine()
missing = []
for path, names in compat.PRIVATE:
    module, cls = path.rsplit(".", 1)
    server_class = getattr(importlib.import_module("mkdocs." + module), cls)
    server = server_class(builder=lambda: None, host="127.0.0.1", port=0, root=".")
    try:
        missing += [f"{{path}}.{{name}}" for name in names if not hasattr(server, name)]
    finally:
        server.server_close()
print(",".join(missing) or "ok")
"""


@pytest.mark.parametrize("engine", compat.ENGINES)
def test_the_private_attributes_we_use_exist(engine):
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(scripts=str(ROOT / "scripts"), engine=engine)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_an_unknown_engine_is_refused_in_chinese(tmp_path):
    done = run_cli("build", "--engine", "zensical", "--site-dir", str(tmp_path / "site"))
    assert done.returncode == 2
    assert done.stderr == "不认识的生成引擎“zensical”：只能是 mkdocs、properdocs。\n"
    assert not (tmp_path / "site").exists()


def tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


@pytest.mark.slow
def test_properdocs_writes_the_same_site_as_mkdocs(tmp_path):
    """Byte for byte, apart from the generator tag of each HTML page."""
    sites = {}
    for engine in compat.ENGINES:
        site = tmp_path / engine
        done = run_cli("build", "--engine", engine, "--site-dir", str(site), content=CONTENT)
        assert done.returncode == 0, done.stdout + done.stderr
        sites[engine] = tree(site)
    mkdocs, properdocs = sites["mkdocs"], sites["properdocs"]
    assert mkdocs.keys() == properdocs.keys()
    # Material writes the engine's version: mkdocs-1.6.1 (MkDocs) and mkdocs-1.6.7 (ProperDocs)
    assert GENERATOR.search(mkdocs["index.html"]).group() != GENERATOR.search(properdocs["index.html"]).group()
    differing = sorted(
        path for path in mkdocs if GENERATOR.sub(b"", mkdocs[path]) != GENERATOR.sub(b"", properdocs[path])
    )
    assert differing == []
