"""Stage 1: read the content tree into raw documents (plain data with line numbers).

Which file is which kind of record is the kinds' own knowledge (``model.Kind.files``). Nothing
under content/ is read through a symbolic link, and no link, device file or FIFO is accepted
anywhere in the tree: a link could publish a file from elsewhere on the machine.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from . import model, parallel, yamlsafe
from .issues import Issue

MEDIA = "media"  # photos: read only when a published page asks for one (media.py)


@dataclass
class RawDoc:
    kind: str
    id: str | None  # file stem for per-file kinds; None for registries and site.yml
    path: str  # relative to the content root, with forward slashes
    data: object  # YMap / YList / None
    body: str | None = None
    body_line: int = 1
    folder_year: int | None = None


class NotRegular(OSError):
    """A path under content/ that is not a plain file reached without links."""


def walk(root: Path) -> tuple[list[str], list[Issue]]:
    """Every content file under ``root`` (media and hidden files aside), sorted, and a problem
    for every symbolic link, device file or FIFO anywhere in the tree (media included)."""
    files: list[str] = []
    issues: list[Issue] = []

    def visit(folder: Path, prefix: str, in_media: bool):
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                rel = prefix + entry.name
                if entry.is_symlink():
                    issues.append(_refused(rel, "link"))
                elif entry.is_dir(follow_symlinks=False):
                    if not entry.name.startswith("."):
                        visit(Path(entry.path), rel + "/", in_media or rel == MEDIA)
                elif not entry.is_file(follow_symlinks=False):
                    issues.append(_refused(rel, "special"))
                elif not entry.name.startswith(".") and not in_media:
                    files.append(rel)

    if os.path.islink(root):
        return [], [_refused(".", "link")]
    visit(Path(root), "", False)
    return sorted(files), issues


def content_files(root: Path) -> list[str]:
    """Every file under the content root except media and hidden files, sorted."""
    return walk(root)[0]


def read_bytes(root: Path, rel: str, walked: bool = False) -> bytes:
    """A content file's bytes, refusing a symbolic link on the way (at any depth) and anything
    that is not a plain file; raises NotRegular. ``walked``: the folders on the way were just
    checked by :func:`walk`, only the file itself is."""
    path = Path(root) / rel
    if not walked:
        folder = Path(root)
        for part in rel.split("/")[:-1]:
            folder = folder / part
            if folder.is_symlink():
                raise NotRegular(rel)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        if err.errno == errno.ELOOP:  # the file itself is a link
            raise NotRegular(rel) from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegular(rel)
        with os.fdopen(fd, "rb") as file:
            fd = -1
            return file.read()
    finally:
        if fd >= 0:
            os.close(fd)


def _refused(rel: str, what: str) -> Issue:
    if what == "link":
        return Issue(
            rel,
            None,
            "",
            "这是一个符号链接（快捷方式），网站不读取链接：它可能指向内容文件夹以外的文件，把它们发布出去。",
            "删除这个链接，把需要的文件本身复制到这里。",
        )
    return Issue(
        rel,
        None,
        "",
        "这不是普通文件（设备文件或管道），网站不读取它。",
        "删除它；内容文件只能是普通的文字或图片文件。",
    )


def load_tree(root: Path, then=None) -> tuple[list, list[Issue]]:
    """Every content file read, in path order: (documents, problems).

    ``then(doc) → (items, problems)``, when given, runs on each document where it was read
    (half of them in the forked reader) and its items take the documents' place: the pipeline
    validates there, so both cores validate and records, not raw documents, cross the pipe."""
    out: list = []
    rels, issues = walk(root)
    placed = []
    for rel in rels:
        where = model.kind_of_file(rel)
        if where is None:
            issues.append(_misplaced(rel))
        else:
            placed.append((rel, where))
    for items, found in parallel.map_split(lambda item: _read(root, *item, then, walked=True), placed):
        issues.extend(found)
        out.extend(items)
    site = model.KINDS["site"].files.pattern
    if site not in rels and not any(i.path == site for i in issues):
        issues.append(
            Issue(
                site,
                None,
                "",
                f"缺少栏目设置文件 {site}。",
                f"在 content/ 下新建 {site}，至少写 title 和 organisation。",
            )
        )
    return out, issues


def _read(root: Path, rel: str, where: tuple, then, walked: bool) -> tuple[list, list[Issue]]:
    doc, issues = load_file(root, rel, *where, walked=walked)
    if doc is None:
        return [], issues
    if then is None:
        return [doc], issues
    items, found = then(doc)
    return items, issues + found


def load_file(
    root: Path, rel: str, kind: model.Kind, ident, year, walked: bool = False
) -> tuple[RawDoc | None, list[Issue]]:
    """One content file of ``kind`` (``model.kind_of_file(rel)``) read into a raw document
    (``walked``: as :func:`read_bytes`)."""
    try:
        raw = read_bytes(root, rel, walked)
    except NotRegular:
        return None, [_refused(rel, "link")]
    text, issues = yamlsafe.decode(raw, rel)
    if text is None:
        return None, issues
    if kind.body:
        front, body, body_line = yamlsafe.split_front_matter(text)
        if front is None:
            if kind.title_heading:  # a page that is all body: its title is its first heading
                return RawDoc(kind.name, ident, rel, None, text, 1, year), []
            return None, [
                Issue(
                    rel,
                    1,
                    "",
                    "文件开头缺少用 --- 包起来的信息区（front matter）。",
                    "第一行写 ---，接着写 title: 等字段，再写一行 --- ，下面才是正文。",
                )
            ]
        if body is None:
            return None, [
                Issue(
                    rel,
                    1,
                    "",
                    "信息区（front matter）没有结束：缺少第二个 --- 行。",
                    "在最后一个字段的下一行单独写一行 --- ，下面才是正文。",
                )
            ]
        data, issues = yamlsafe.load(front, rel, line_offset=1)
        return _doc(RawDoc(kind.name, ident, rel, data, body, body_line, year), issues)
    data, issues = yamlsafe.load(text, rel)
    return _doc(RawDoc(kind.name, ident, rel, data, None, 1, year), issues)


def _doc(doc: RawDoc, issues: list[Issue]):
    # Unreadable YAML is reported once; validating it as an empty record would add a
    # "missing field" error for every required field.
    if doc.data is None and issues:
        return None, issues
    return doc, issues


def _misplaced(rel: str) -> Issue:
    top = rel.split("/")[0]
    if rel.endswith(".yaml"):
        return Issue(rel, None, "", "扩展名应为 .yml。", "把文件扩展名 .yaml 改成 .yml。")
    patterns = [k.files.pattern for k in model.kinds_with("files") if "/" in k.files.pattern and k.files.top == top]
    if patterns:
        return Issue(
            rel,
            None,
            "",
            "文件放错了位置或扩展名不对，不会被发布。",
            "这类文件应放在 " + " 或 ".join(f"content/{p}" for p in patterns) + "。",
        )
    places = dict.fromkeys(k.files.top + ("/" if "/" in k.files.pattern else "") for k in model.kinds_with("files"))
    return Issue(
        rel,
        None,
        "",
        "不认识这个文件，它不会被发布。",
        f"内容文件只能放在 {'、'.join(places)} 和 {MEDIA}/ 中；不需要的文件请删除。",
    )
