"""Photos referenced by published records: resolved inside content/media and collected."""
from __future__ import annotations

import posixpath
from pathlib import Path

from .issues import Issue
from .urls import media_path


def normalise(file: str) -> str | None:
    """An editor's media reference → path inside content/media, or None when it leaves it."""
    text = file.strip().replace("\\", "/")
    if text.startswith("media/"):
        text = text[len("media/"):]
    norm = posixpath.normpath(text)
    if norm.startswith("/") or norm == ".." or norm.startswith("../") or norm == ".":
        return None
    return norm


def check_reference(root: Path, file: str, path: str, line, field: str) -> tuple[str | None, list[Issue]]:
    rel = normalise(file)
    if rel is None:
        return None, [Issue(path, line, field, f"图片路径“{file}”超出了 content/media 文件夹。",
                            "把图片放进 content/media/，这里只写文件名，如 2010/yaojian.jpg。")]
    if not (root / "media" / rel).is_file():
        return None, [Issue(path, line, field, f"找不到图片文件 content/media/{rel}。",
                            "检查文件名（区分大小写）并确认图片已放进 content/media/。")]
    return media_path(rel), []
