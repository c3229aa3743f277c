"""Checks on the build infrastructure itself: CI workflows, .ci/run, pins, Makefile."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def _actionlint() -> str:
    """The actionlint binary from the venv (installed by requirements.txt)."""
    here = Path(sys.executable).parent / "actionlint"
    if here.is_file() and os.access(here, os.X_OK):
        return str(here)
    found = shutil.which("actionlint")
    if found is None:
        pytest.fail("actionlint not found: run `make venv` (it comes from requirements.txt)")
    return found


def test_workflows_exist():
    names = {p.name for p in WORKFLOWS}
    assert {"ci.yml", "pages.yml"} <= names


def test_actionlint_clean():
    proc = subprocess.run(
        [_actionlint(), "-no-color", "-oneline", *map(str, WORKFLOWS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = (proc.stdout + proc.stderr).strip()
    assert proc.returncode == 0 and output == "", output


def test_pages_workflow_deploys_site():
    text = (ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    assert "make site" in text
    assert re.search(r"actions/upload-pages-artifact@\S+", text)
    assert re.search(r"^\s+path:\s*site\s*$", text, re.M)
    assert "actions/deploy-pages@" in text
    assert re.search(r"pages:\s*write", text) and re.search(r"id-token:\s*write", text)
    assert re.search(r"group:\s*pages\b", text)


def test_ci_workflow_runs_make_test():
    text = (ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s+- run: make test\s*$", text, re.M)
    assert "cache-dependency-path: requirements.txt" in text
    assert 'python-version: "3.11"' in text


def test_ci_run_calls_exactly_make_test():
    path = ROOT / ".ci" / "run"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] in ("#!/usr/bin/env bash", "#!/bin/bash")
    commands = [ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith("#")]
    assert "set -euo pipefail" in commands
    rest = [c for c in commands if c != "set -euo pipefail" and not c.startswith("cd ")]
    assert [shlex.split(c) for c in rest] == [["make", "test"]], rest


_PIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9,._-]+\])?==[A-Za-z0-9.+!_-]+$")


def _requirement_lines(name: str) -> list[str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_requirements_txt_is_fully_pinned():
    lines = _requirement_lines("requirements.txt")
    assert lines, "requirements.txt is empty"
    bad = [ln for ln in lines if not _PIN.match(ln)]
    assert not bad, f"not an exact == pin: {bad}"
    names = [_norm(ln.split("==")[0].split("[")[0]) for ln in lines]
    dupes = sorted({n for n in names if names.count(n) > 1})
    assert not dupes, f"pinned twice: {dupes}"


def test_requirements_in_matches_txt():
    """Every direct dependency is pinned in requirements.txt at the same version."""
    pinned = {_norm(ln.split("==")[0]): ln.split("==")[1] for ln in _requirement_lines("requirements.txt")}
    for ln in _requirement_lines("requirements.in"):
        assert _PIN.match(ln), f"requirements.in: not an exact == pin: {ln}"
        name, version = ln.split("==")
        name = _norm(name.split("[")[0])
        assert pinned.get(name) == version, (
            f"{name}=={version} in requirements.in but {pinned.get(name)} in requirements.txt: run `make lock`"
        )


@pytest.mark.parametrize(
    "target",
    ["site", "serve", "check", "test", "bench", "clean", "venv", "npm-setup", "help"],
)
def test_make_targets_exist(target):
    """`make -n` parses the Makefile and knows each documented target."""
    proc = subprocess.run(
        ["make", "-n", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr


def test_make_new_passes_kind_and_title():
    title = '上虞市"星期六" $HOME 服务日'
    proc = subprocess.run(
        ["make", "-n", "new", "KIND=story", f"TITLE={title}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert '-m column new "$KIND" "$TITLE"' in proc.stdout


def test_setup_system_script_is_noninteractive():
    text = (ROOT / "scripts/setup-system.sh").read_text(encoding="utf-8")
    assert "set -euo pipefail" in text
    assert "DEBIAN_FRONTEND=noninteractive" in text
    assert "--no-install-recommends" in text
    for pkg in ("chromium", "chromium-driver", "fonts-noto-cjk"):
        assert pkg in text
    assert "playwright install" not in text
    proc = subprocess.run(["bash", "-n", str(ROOT / "scripts/setup-system.sh")], capture_output=True)
    assert proc.returncode == 0, proc.stderr


def test_pyyaml_has_libyaml():
    yaml = pytest.importorskip("yaml")
    assert yaml.__with_libyaml__
    assert hasattr(yaml, "CSafeLoader")


def test_pages_workflow_builds_for_the_pages_address():
    """Canonical links, sitemap, feeds and the 404 page use the address GitHub Pages serves."""
    text = (ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    assert re.search(r"id: pages\n\s+uses: actions/configure-pages@v\d+", text)
    assert "COLUMN_SITE_URL: ${{ steps.pages.outputs.base_url }}" in text
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_url: !ENV [COLUMN_SITE_URL, null]" in config  # the column plugin's option
