"""Photos referenced by published records: resolved inside content/media, cleaned and resized.

Only files that a published page asks for (``pipeline.Context.image``) are processed, so an
unused photo, a draft's cover or an unpublished volunteer's portrait never reaches the site.
Each JPEG/PNG is decoded, turned upright (EXIF orientation), and encoded afresh without any
metadata (EXIF, GPS, XMP, comments, text chunks), its longest side capped at ``MAX_SIDE``,
plus narrower copies for ``srcset``. Pillow's encoders are deterministic, so the same photo
always gives the same bytes; results are cached under ``.cache/media`` by content hash.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import posixpath
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageOps, JpegImagePlugin, UnidentifiedImageError

from . import load
from .issues import Issue
from .urls import media_path

MAX_SIDE = 1600
WIDTHS = (480, 960)  # narrower copies for srcset, when the photo is wider than that
JPEG_QUALITY = 82
ORIENTATION = 0x0112  # the EXIF tag
GPS_IFD = 0x8825  # the EXIF tag of the GPS position
_TEXT_INFO = ("xmp", "XML:com.adobe.xmp", "comment")  # Pillow's info keys for XMP and comments
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
# Bump when the processing changes, so cached results are not reused.
RECIPE = f"v2 max={MAX_SIDE} widths={WIDTHS} q={JPEG_QUALITY}"


@dataclass(frozen=True)
class Image:
    """A published photo. Paths are output paths relative to the site root (``media/…``)."""

    src: str
    width: int
    height: int
    srcset: tuple[tuple[str, int], ...]  # (path, width), narrowest first, ending with src

    def srcset_attr(self, url=lambda path: path) -> str:
        """The value of an ``<img srcset>``; ``url`` turns an output path into a page-relative URL."""
        return ", ".join(f"{url(path)} {width}w" for path, width in self.srcset)


class MediaProblem(Exception):
    """A referenced file that cannot be published (message and hint in Chinese)."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


def normalise(file: str) -> str | None:
    """An editor's media reference → path inside content/media, or None when it leaves it."""
    text = file.strip().replace("\\", "/")
    if text.startswith("media/"):
        text = text[len("media/") :]
    norm = posixpath.normpath(text)
    if norm.startswith("/") or norm == ".." or norm.startswith("../") or norm == "." or ":" in norm:
        return None
    return norm


def check_reference(root: Path, file: str, path: str, line, field: str) -> tuple[str | None, list[Issue]]:
    rel = normalise(file)
    if rel is None:
        return None, [
            Issue(
                path,
                line,
                field,
                f"图片路径“{file}”超出了 content/media 文件夹。",
                "把图片放进 content/media/，这里只写文件名，如 2010/yaojian.jpg。",
            )
        ]
    if ext_of(rel) not in FORMATS:
        return None, [
            Issue(
                path,
                line,
                field,
                f"图片“{file}”不是 JPG 或 PNG 格式，网站只发布这两种图片。",
                "用画图或手机相册把图片另存为 .jpg（照片）或 .png（截图），再改这里的文件名。",
            )
        ]
    source = root / "media" / rel
    if not source.is_file() or not _inside(source, root / "media"):
        return None, [
            Issue(
                path,
                line,
                field,
                f"找不到图片文件 content/media/{rel}。",
                "检查文件名（区分大小写）并确认图片已放进 content/media/。",
            )
        ]
    return media_path(rel), []


def ext_of(rel: str) -> str:
    return posixpath.splitext(rel)[1].lower()


def _inside(path: Path, folder: Path) -> bool:
    """False when a symbolic link leads out of the media folder."""
    return path.resolve().is_relative_to(folder.resolve())


def publish(root: Path, rel: str, cache: Path) -> tuple[Image, dict[str, Path]]:
    """Process content/media/<rel> → (Image, {output path: file to copy}). Raises MediaProblem."""
    try:
        data = load.read_bytes(root, f"{load.MEDIA}/{rel}")  # never through a link
    except load.NotRegular:
        raise MediaProblem(
            "这是一个符号链接（快捷方式），网站不读取链接。", "把照片本身复制到 content/media/ 里。"
        ) from None
    key = hashlib.sha256(RECIPE.encode() + b"\0" + ext_of(rel).encode() + b"\0" + data).hexdigest()
    folder = cache / key[:2] / key
    meta_file = folder / "image.json"
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        meta = _process(data, ext_of(rel), folder)
    stem, ext = posixpath.splitext(media_path(rel))
    files, srcset = {}, []
    for variant in meta["variants"]:
        out = media_path(rel) if variant["full"] else f"{stem}-{variant['width']}w{ext}"
        files[out] = folder / variant["file"]
        srcset.append((out, variant["width"]))
    return Image(media_path(rel), meta["width"], meta["height"], tuple(srcset)), files


def _process(data: bytes, ext: str, folder: Path) -> dict:
    fmt = FORMATS[ext]
    try:
        with PILImage.open(io.BytesIO(data)) as opened:
            scale = MAX_SIDE / max(opened.size)
            if scale < 1:  # JPEG: decode at 1/2, 1/4 or 1/8 scale when that is still large enough
                opened.draft(None, (math.ceil(opened.size[0] * scale), math.ceil(opened.size[1] * scale)))
            image = ImageOps.exif_transpose(opened)
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, PILImage.DecompressionBombError) as err:
        raise MediaProblem(
            "图片文件已损坏或不是真正的图片，无法读取。", "用看图软件打开确认能正常显示，再重新导出为 JPG 或 PNG。"
        ) from err
    icc = image.info.get("icc_profile")  # colours, not personal data: kept
    image = _encodable(image, fmt)
    image.info = {}  # nothing else of the original's metadata may reach the encoder
    image = _fit(image, MAX_SIDE)
    width, height = image.size
    variants = [(w, _fit(image, w, by_width=True)) for w in WIDTHS if w < width] + [(width, image)]
    folder.mkdir(parents=True, exist_ok=True)
    meta = {"width": width, "height": height, "variants": []}
    for w, img in variants:
        name = f"{w}{ext}"
        _write_atomic(folder / name, _encode(img, fmt, icc))
        meta["variants"].append({"width": w, "file": name, "full": img is image})
    _write_atomic(folder / "image.json", json.dumps(meta, sort_keys=True).encode())
    return meta


def without_metadata(data: bytes, fmt: str) -> bytes:
    """A photo as ``content/media`` keeps it (``make import``): upright, full size, in ``fmt``
    ("JPEG" or "PNG"), without any metadata (EXIF and its GPS position, XMP, comments, text
    chunks) but its colour profile — the repository may be public before anything is built. An
    upright JPEG keeps its own quantisation tables and subsampling (what ``quality="keep"`` does:
    no visible loss, about the same bytes; a phone's MPO too, without its second picture); a
    turned one is encoded at 95. Pillow's errors pass through."""
    with PILImage.open(io.BytesIO(data)) as opened:
        opened.load()
        icc = opened.info.get("icc_profile")
        turned = opened.getexif().get(ORIENTATION, 1) not in (0, 1)
        keep = fmt == "JPEG" and opened.format in ("JPEG", "MPO") and not turned
        extra = {"icc_profile": icc} if icc else {}
        if keep:
            extra.update(qtables=opened.quantization, subsampling=JpegImagePlugin.get_sampling(opened))
        image = _encodable(opened if keep else ImageOps.exif_transpose(opened), fmt, cmyk=keep)
        image.info = {}  # nothing of the original's metadata may reach the encoder
        out = io.BytesIO()
        if fmt == "JPEG":
            image.save(out, "JPEG", **({} if keep else {"quality": 95}), **extra)
        else:
            image.save(out, "PNG", **extra)
        return out.getvalue()


def hidden_data(file) -> list[str]:
    """What a photo (a path or an open file) carries besides its picture that may be private, in
    Chinese for editors: its GPS position, other EXIF (camera, owner, time), XMP, comments or
    PNG text. Only its header is read. Empty for a clean photo, or one Pillow cannot read
    (check_media reports that)."""
    try:
        with PILImage.open(file) as opened:
            exif = opened.getexif()
            found = ["拍摄地点（GPS）"] if exif.get_ifd(GPS_IFD) else []
            if any(tag not in (ORIENTATION, GPS_IFD) for tag in exif):
                found.append("相机型号、拍摄时间等（EXIF）")
            if any(key in opened.info for key in _TEXT_INFO) or getattr(opened, "text", None):
                found.append("其他文字信息（XMP、注释）")
            return found
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, PILImage.DecompressionBombError):
        return []


def private_photos(root: Path) -> list[tuple[str, list[str]]]:
    """(path under content/media, what it carries) of every JPEG/PNG there that carries
    :func:`hidden_data`: the build publishes them without it, but the repository holds it."""
    folder = Path(root) / load.MEDIA
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))  # links to folders: not walked
        for name in sorted(filenames):
            rel = Path(dirpath, name).relative_to(folder).as_posix()
            if name.startswith(".") or ext_of(rel) not in FORMATS:
                continue
            try:
                fd = os.open(os.path.join(dirpath, name), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            except OSError:
                continue  # a link: refused by check_media where a page uses it
            with os.fdopen(fd, "rb") as file:
                hidden = hidden_data(file)
            if hidden:
                found.append((rel, hidden))
    return sorted(found)


def clean_photos(root: Path) -> list[tuple[str, list[str]]]:
    """``make photos``: every photo of :func:`private_photos` rewritten in place by
    :func:`without_metadata` (full size, its own quality). Returns what was cleaned."""
    cleaned = []
    for rel, hidden in private_photos(root):
        path = Path(root) / load.MEDIA / rel
        data = without_metadata(load.read_bytes(root, f"{load.MEDIA}/{rel}"), FORMATS[ext_of(rel)])
        mode = path.stat().st_mode
        _write_atomic(path, data)
        path.chmod(mode & 0o777)
        cleaned.append((rel, hidden))
    return cleaned


def _encodable(image, fmt: str, cmyk: bool = False):
    """``image`` in a mode ``fmt`` holds (a JPEG in CMYK only when ``cmyk``), its transparency
    (metadata, which the encoders are not given) kept as an alpha channel."""
    if fmt == "JPEG":
        return image if image.mode in ("RGB", "L", *(("CMYK",) if cmyk else ())) else image.convert("RGB")
    if "transparency" in image.info:
        return image.convert("RGBA")
    if image.mode in ("RGB", "RGBA", "L", "LA", "P"):
        return image
    return image.convert("RGBA" if "A" in image.getbands() else "RGB")


def _fit(image, limit: int, by_width: bool = False):
    width, height = image.size
    scale = limit / width if by_width else limit / max(width, height)
    if scale >= 1:
        return image
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    resized = image.resize(size, PILImage.Resampling.LANCZOS, reducing_gap=3.0)
    resized.info = {}
    return resized


def _encode(image, fmt: str, icc) -> bytes:
    out = io.BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    if fmt == "JPEG":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, **extra)
    else:
        image.save(out, "PNG", optimize=True, **extra)
    return out.getvalue()


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)
