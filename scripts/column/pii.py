"""The guard over the built site: no mainland mobile number, no resident ID number, and no
name of a volunteer who has not consented to be named.

Runs over every file of the finished build (pages, feeds, sitemap, search index, CSV/JSON,
XLSX), after everything else has written its output: a gzip file (sitemap.xml.gz, Pagefind's
index) is scanned decompressed, a zip file (XLSX) member by member. Compiled regexes over
bytes, one read per file. A number listed in ``pii_allow`` (site.yml) is allowed.

A number is reported against the content file and line it came from (found by searching the
content for it), with the output file named, and the number masked so that the build log does
not repeat it. A name is reported against the output file: consent.check has already looked
at every published text of the content, so a name here came another way (a template, the
configuration) — this is the second lock on the same door.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import zipfile
from collections import defaultdict
from pathlib import Path

from .issues import Issue

MOBILE = re.compile(rb"1[3-9][0-9](?:[- ]?[0-9]{4}){2}")  # 13812345678, 138-1234-5678, 138 1234 5678
# The birth date and sequence of an 18-digit ID; the 6-digit region code before it is checked
# by hand. Two patterns, each starting with literals, scan several times faster than one.
ID_TAIL = re.compile(rb"(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]")
# A number may not touch a letter or digit: hashes in asset names and longer numbers are not hits.
_WORD = frozenset(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

# Decoded pixels and fonts carry no text; photos were re-encoded without metadata (media.py).
SKIP_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".ico", ".woff", ".woff2", ".ttf", ".eot", ".wasm"}
_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]


def id_check_ok(number: str) -> bool:
    """GB 11643 / ISO 7064 MOD 11-2 check digit of an 18-digit resident ID number."""
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == number[17].upper()


def digits(number: str) -> str:
    return re.sub(r"[^0-9Xx]", "", number).upper()


def find(data: bytes, allow: set[str]) -> list[tuple[str, str]]:
    """(kind, number) of every hit in ``data``, in order; kind is "mobile" or "id"."""
    hits = []
    for match in MOBILE.finditer(data):
        start, end = match.span()
        if _alone(data, start, end):
            hits.append((start, "mobile", match.group().decode("ascii")))
    for match in ID_TAIL.finditer(data):
        start, end = match.start() - 6, match.end()
        region = data[max(start, 0) : match.start()]
        if start >= 0 and region.isdigit() and region[:1] != b"0" and _alone(data, start, end):
            number = data[start:end].decode("ascii")
            if id_check_ok(number):
                hits.append((start, "id", number))
    return [(kind, number) for _, kind, number in sorted(hits) if digits(number) not in allow]


def _alone(data: bytes, start: int, end: int) -> bool:
    return (start == 0 or data[start - 1] not in _WORD) and (end == len(data) or data[end] not in _WORD)


def contents(path: Path):
    """The bytes to scan in one output file: itself, or what its gzip/zip wrapping holds."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            yield gzip.decompress(data)
            return
        except (OSError, EOFError):
            pass
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for name in sorted(archive.namelist()):
                    yield archive.read(name)
            return
        except (zipfile.BadZipFile, OSError):
            pass
    yield data


def scan_site(site_dir: Path, only=None, names=None) -> dict[str, list[tuple[str, str]]]:
    """{output file (relative, /-separated): hits} over the whole built site, or over the
    outputs listed in ``only`` (the live preview checks what each rebuild wrote). A hit is
    ("mobile" | "id", number), or ("name", name) for a name ``names`` (consent.Hidden) finds."""
    found = {}
    for path in (Path(site_dir) / rel for rel in (site_files(site_dir) if only is None else only)):
        if path.suffix.lower() in SKIP_SUFFIXES or not path.is_file():
            continue
        hits = []
        for data in contents(path):
            hits += find(data, set())
            if names:
                hits += [("name", m.group()) for m in names.find(data.decode("utf-8", "ignore"))]
        if hits:
            found[path.relative_to(site_dir).as_posix()] = hits
    return found


def site_files(folder: Path, skip=()) -> list[str]:
    """The files under a folder (paths relative to it, /-separated, sorted), but for its
    subfolders ``skip`` (the build skips the search index's while it is being made)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        if dirpath == str(folder):
            dirnames[:] = [name for name in dirnames if name not in skip]
        base = os.path.relpath(dirpath, folder).replace(os.sep, "/")
        found += [name if base == "." else f"{base}/{name}" for name in filenames]
    return sorted(found)


def check_site(site_dir: Path, content_root: Path, allow, only=None, names=None) -> list[Issue]:
    """Issues for every number in the built site (or its outputs ``only``) that ``allow`` does
    not list, and for every name ``names`` (consent.Hidden: the names not to publish) finds."""
    allowed = {digits(str(a)) for a in allow or []}
    by_number: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_name: dict[str, list[str]] = defaultdict(list)
    for out, hits in scan_site(Path(site_dir), only, names).items():
        for kind, value in hits:
            if kind == "name":
                if out not in by_name[value]:
                    by_name[value].append(out)
            elif digits(value) not in allowed and out not in by_number[(kind, digits(value))]:
                by_number[(kind, digits(value))].append(out)
    issues = []
    for name, outputs in sorted(by_name.items()):
        issues.append(
            Issue(
                sorted(outputs)[0],
                None,
                "",
                f"未同意公开姓名的志愿者“{name}”的名字出现在生成的网站文件里（{_shown(outputs)}），网站未发布。",
                f"内容里发布的文字没有写这个名字，它来自别处（模板、网站设置等）：删去它；"
                f"若本人已同意公开，在 {names.names[name]} 中写 publish: true。",
            )
        )
    for (kind, number), outputs in sorted(by_number.items()):
        shown = _shown(outputs)
        what = "居民身份证号码" if kind == "id" else "手机号码"
        hint = (
            "身份证号码不能公开，请删去。"
            if kind == "id"
            else "删去这个号码；如果它是可以公开的办公电话或热线，把它加进 site.yml 的 pii_allow 列表。"
        )
        sources = locate(Path(content_root), number)
        message = f"{what} {mask(number)} 会出现在网站上（生成的文件：{shown}），网站未发布。"
        if not sources:
            issues.append(
                Issue(outputs[0], None, "", message + "内容文件里找不到这个号码，它可能是几个字段拼出来的。", hint)
            )
        for path, line in sources:
            issues.append(Issue(path, line, "", message, hint))
    return issues


def _shown(outputs) -> str:
    outputs = sorted(outputs)
    return "、".join(outputs[:3]) + (f" 等 {len(outputs)} 个文件" if len(outputs) > 3 else "")


def locate(content_root: Path, number: str) -> list[tuple[str, int]]:
    """Content files and lines where ``number`` is written (with or without - or spaces)."""
    pattern = re.compile(r"(?<![0-9])" + r"[- ]?".join(re.escape(c) for c in number) + r"(?![0-9])", re.I)
    out = []
    for dirpath, dirnames, filenames in os.walk(content_root):
        rel_dir = Path(dirpath).relative_to(content_root).as_posix()
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (rel_dir == "." and d == "media"))
        for name in sorted(filenames):
            try:
                text = (Path(dirpath) / name).read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            for match in pattern.finditer(text):
                rel = name if rel_dir == "." else f"{rel_dir}/{name}"
                out.append((rel, text.count("\n", 0, match.start()) + 1))
    return out


def mask(number: str) -> str:
    """138****5678 / 110101********1234: enough for the editor to recognise, not to reuse."""
    d = digits(number)
    return d[:3] + "****" + d[-4:] if len(d) == 11 else d[:6] + "*" * 8 + d[-4:]
