"""The pre-commit hook: local only (nothing fetched), runs the content check when content
changes, blocks a commit with broken content and prints the Chinese messages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import CONTENT, ROOT

CONFIG = ROOT / ".pre-commit-config.yaml"


def test_hooks_are_local_and_check_content():
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    assert [r["repo"] for r in config["repos"]] == ["local"]  # no hook repository to download
    hooks = {h["id"]: h for r in config["repos"] for h in r["hooks"]}
    check = hooks["content-check"]
    assert check["files"] == "^content/" and check["pass_filenames"] is False
    assert check["entry"].endswith("-m column check")


@pytest.fixture
def repo(tmp_path) -> Path:
    """A throw-away clone-like repository: the hook config, the code, the demo content."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copy(CONFIG, root / CONFIG.name)
    shutil.copytree(
        ROOT / "scripts" / "column", root / "scripts" / "column", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(CONTENT, root / "content")
    (root / ".venv").symlink_to(Path(sys.executable).parent.parent)
    (root / "README.md").write_text("readme\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", ".")
    return root


def git(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    return subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)


def pre_commit(root: Path, *files: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(root.parent / "pre-commit-home")}
    env.pop("PYTHONPATH", None)  # the hook sets its own
    return subprocess.run(
        [
            str(root / ".venv" / "bin" / "pre-commit"),
            "run",
            "--hook-stage",
            "pre-commit",
            "content-check",
            "--files",
            *files,
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_hook_passes_good_content_and_blocks_bad_content(repo):
    passed = pre_commit(repo, "content/site.yml")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "内容检查（make check）" in passed.stdout and "Passed" in passed.stdout

    broken = repo / "content" / "activities" / "2010" / "sy-keji-zhuanxing.yml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("mode: 个性服务", "mode: 上门服务"), encoding="utf-8")
    failed = pre_commit(repo, "content/activities/2010/sy-keji-zhuanxing.yml")
    assert failed.returncode == 1
    assert "Failed" in failed.stdout
    assert "activities/2010/sy-keji-zhuanxing.yml" in failed.stdout
    assert "找不到服务方式“上门服务”。" in failed.stdout

    # a commit touching no content file skips the check
    skipped = pre_commit(repo, "README.md")
    assert skipped.returncode == 0 and "Skipped" in skipped.stdout
