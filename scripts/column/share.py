"""Sharing a page: its canonical address, and that address as a QR code drawn at build time.

Readers mostly come from WeChat and pass pages on from their phones; on a desktop they scan the
code to open the page on the phone. The code is inline SVG (no image file, no script, nothing
fetched) of ``site_url`` + the page's published URL — the address MkDocs writes as the page's
canonical link. Without a ``site_url`` the address is not known at build time: the share block
then offers only the 复制链接 button, which copies the address the browser shows.

The code is the one segno 1.6.6 makes for the address's UTF-8 bytes (byte mode, error
correction M, mask 0): ``tests/test_share.py`` compares them module for module. segno draws a
version's fixed patterns and format information, and gives its tables (capacities, blocks,
Reed–Solomon generator polynomials); what depends on the address — the codewords, their error
correction, their placement and mask — is done here: 0.2 ms of CPU a code where segno takes
0.9 ms (and 3.2 ms when it scores the eight masks to choose one: any mask makes a valid code,
so the mask is fixed), for some 26,000 pages at ten years. ``segno.encoder``
is segno's internal module: segno is pinned (requirements.in), and the test fails if another
version places the modules differently.
"""

from __future__ import annotations

import functools
import re

from markupsafe import Markup
from segno import consts
from segno import encoder as segno_encoder

from . import urls

LABEL = "扫码分享本页"
ERROR = consts.ERROR_LEVEL_M
MASK = 0  # (row + column) even: dark and light swap
BORDER = 2  # quiet zone in modules; the share block's white box adds the rest


def canonical_url(site_url: str | None, src: str) -> str | None:
    """The published address of page ``src`` (as MkDocs' canonical link), or None without a site_url."""
    if not site_url:
        return None
    return site_url.rstrip("/") + "/" + urls.public_url(src)


def block(site_url: str | None, src: str) -> dict:
    """What a page's share block shows: its address (None: unknown at build time) and QR code."""
    url = canonical_url(site_url, src)
    return {"url": url, "qr": qr_svg(url) if url else None}


@functools.lru_cache(maxsize=1024)
def qr_svg(url: str) -> Markup:
    """``url`` as a QR code: inline SVG that scales with its box (one path of horizontal strokes,
    as segno draws it), named for screen readers (role img, aria-label and title 扫码分享本页)."""
    rows = qr_rows(url.encode("utf-8"))
    size = len(rows) + 2 * BORDER
    return Markup(
        f'<svg class="column-qr" viewBox="0 0 {size} {size}" role="img" aria-label="{LABEL}"'
        f' shape-rendering="crispEdges"><title>{LABEL}</title>'
        f'<path stroke="#000" d="{_path(rows)}"/></svg>'
    )


def _path(rows: list[bytes]) -> str:
    """Each run of dark modules as a stroke of width 1 along the middle of its row: the first
    move absolute, then relative moves from the end of the previous run."""
    width = len(rows[0]) + 1
    flat = b"\0".join(rows)  # a light module between rows, so no run crosses a row's end
    out, x, y = [], 0, 0
    for run in _DARK.finditer(flat):
        row, column = divmod(run.start(), width)
        if out:
            out.append(f"m{column - x} {row - y}h{run.end() - run.start()}")
        else:
            out.append(f"M{column + BORDER} {row + BORDER}.5h{run.end() - run.start()}")
        x, y = column + run.end() - run.start(), row
    return "".join(out)


_DARK = re.compile(rb"\x01+")


# ---- the code's modules -----------------------------------------------------------------------


def qr_rows(data: bytes) -> list[bytes]:
    """The modules of the QR code of ``data`` (byte mode, error correction M, mask 0), one
    bytes object per row, 1 dark and 0 light, without the quiet zone."""
    version = _version(len(data))
    layout = _layout(version)
    bits = _message_bits(data, version)
    bits += bytes(len(layout.order) - len(bits))  # the remainder bits (0) fill the last modules
    modules = bytearray(layout.template)
    for index, mask, bit in zip(layout.order, layout.masks, bits, strict=True):
        if index >= 0:
            modules[index] = bit ^ mask
    width = layout.width
    return [bytes(modules[i : i + width]) for i in range(0, width * width, width)]


def _count_bits(version: int) -> int:
    """Bits of the byte count after the mode indicator (ISO/IEC 18004 Table 3)."""
    return 8 if version < 10 else 16


def _version(length: int) -> int:
    """The smallest version whose capacity (error correction M) holds ``length`` bytes."""
    for version in range(1, 41):
        if 4 + _count_bits(version) + 8 * length <= consts.SYMBOL_CAPACITY[version][ERROR]:
            return version
    raise ValueError(f"too long for a QR code: {length} bytes")


def _message_bits(data: bytes, version: int) -> bytes:
    """The final message (ISO/IEC 18004 7.4–7.6): mode, count, data, terminator and padding as
    codewords, Reed–Solomon error correction per block, data and error codewords interleaved —
    one byte (0 or 1) a bit."""
    capacity = consts.SYMBOL_CAPACITY[version][ERROR]
    count = _count_bits(version)
    length = 4 + count + 8 * len(data)
    stream = (((0b0100 << count) | len(data)) << 8 * len(data)) | int.from_bytes(data, "big")
    terminator = min(4, capacity - length)
    # to the codeword boundary, as segno pads: a whole zero codeword when already on it (a
    # decoder stops at the terminator; it only keeps the code the same as segno's)
    padding = 8 - (length + terminator) % 8
    length += terminator + padding
    codewords = bytearray((stream << (terminator + padding)).to_bytes(length // 8, "big"))
    codewords.extend(b"\xec\x11"[i % 2] for i in range(capacity // 8 - len(codewords)))
    data_blocks, error_blocks, at = [], [], 0
    for info in consts.ECC[version][ERROR]:
        for _ in range(info.num_blocks):
            block = codewords[at : at + info.num_data]
            at += info.num_data
            data_blocks.append(block)
            error_blocks.append(_reed_solomon(block, info.num_total - info.num_data))
    final = bytearray()
    for blocks in (data_blocks, error_blocks):
        for i in range(max(len(b) for b in blocks)):
            final.extend(b[i] for b in blocks if i < len(b))
    bits = format(int.from_bytes(final, "big"), f"0{8 * len(final)}b")
    return bits.encode().translate(_BITS)


_BITS = bytes.maketrans(b"01", b"\x00\x01")


def _reed_solomon(block: bytes, count: int) -> bytes:
    """The ``count`` error correction codewords of a block: the remainder of its division by the
    generator polynomial in GF(256), the remainder kept as one integer (``_products``)."""
    products, top, keep = _products(count), 8 * (count - 1), (1 << 8 * count) - 1
    remainder = 0
    for value in block:
        remainder = ((remainder << 8) & keep) ^ products[value ^ (remainder >> top)]
    return remainder.to_bytes(count, "big")


@functools.cache
def _products(count: int) -> tuple[int, ...]:
    """For each factor 0–255, the generator polynomial of degree ``count`` times it, as an integer
    of ``count`` bytes (segno's log and exp tables and generator polynomials)."""
    log, exp, generator = consts.GALIOS_LOG, consts.GALIOS_EXP, consts.GEN_POLY[count]
    products = [int.from_bytes(bytes(exp[log[f] + g] for g in generator[:count]), "big") for f in range(1, 256)]
    return (0, *products)


class _Layout:
    """What a version's code holds whatever the data: its width, the fixed modules (finder,
    timing and alignment patterns, format and version information, dark module; data modules
    0) as bytes of 0/1, and for each bit of the final message, in placement order, the index of
    its module (-1: a module the format information overwrites) and the mask bit there."""

    def __init__(self, width: int, template: bytes, order: list[int], masks: list[int]):
        self.width, self.template, self.order, self.masks = width, template, order, masks


@functools.cache
def _layout(version: int) -> _Layout:
    """segno's own steps (encoder._encode) with marker values for the data, to learn where each
    bit goes."""
    enc = segno_encoder
    width = enc.calc_matrix_size(version)
    matrix = enc.make_matrix(width, width)
    enc.add_finder_patterns(matrix, width, width)
    enc.add_alignment_patterns(matrix, width, width)
    free = [(i, j) for i in range(width) for j in range(width) if matrix[i][j] == 0x2]
    markers = list(range(len(free)))
    placed = [list(row) for row in matrix]  # lists: markers exceed a byte
    enc.add_codewords(placed, [m + 16 for m in markers], version)
    where = {placed[i][j] - 16: (i, j) for i, j in free}
    # the data region as the mask sees it (the dark module is not data)
    function = enc.make_matrix(width, width)
    enc.add_finder_patterns(function, width, width)
    enc.add_alignment_patterns(function, width, width)
    function[-8][8] = 0x1
    # the fixed modules, and which data modules the format and version information overwrite
    fixed = []
    for fill in (0, 1):
        m = tuple(bytearray(row) for row in matrix)
        for i, j in free:
            m[i][j] = fill
        enc.add_format_info(m, version, ERROR, MASK)
        enc.add_version_info(m, version)
        fixed.append(m)
    order, masks = [], []
    for k in markers:
        i, j = where[k]
        overwritten = fixed[0][i][j] == fixed[1][i][j]
        order.append(-1 if overwritten else i * width + j)
        masks.append(int(function[i][j] > 0x1 and (i + j) % 2 == 0))
    template = bytes(v & 1 for row in fixed[0] for v in row)
    return _Layout(width, template, order, masks)
