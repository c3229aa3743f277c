"""The small part of CBOR (RFC 8949) that Pagefind's index files use: unsigned and negative
integers, byte and text strings, arrays and maps, all of definite length, encoded with the
shortest heads. Enough to read a Pagefind file and write it back byte for byte."""

from __future__ import annotations

import struct

_HEAD = {24: ">B", 25: ">H", 26: ">I", 27: ">Q"}


def loads(data: bytes):
    try:
        value, end = _read(data, 0)
    except (IndexError, struct.error):
        raise ValueError("CBOR data ends in the middle of a value") from None
    if end != len(data):
        raise ValueError(f"trailing bytes after CBOR value at {end}")
    return value


def dumps(value) -> bytes:
    out = bytearray()
    _write(value, out)
    return bytes(out)


def _read(data: bytes, pos: int):
    major, info = data[pos] >> 5, data[pos] & 31
    pos += 1
    if info < 24:
        arg = info
    elif info in _HEAD:
        fmt = _HEAD[info]
        arg = struct.unpack_from(fmt, data, pos)[0]
        pos += struct.calcsize(fmt)
    else:
        raise ValueError(f"unsupported CBOR head {data[pos - 1]:#x} at {pos - 1}")
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major in (2, 3):
        raw = data[pos : pos + arg]
        if len(raw) != arg:
            raise ValueError("CBOR string runs past the end")
        return (bytes(raw) if major == 2 else raw.decode("utf-8")), pos + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, pos = _read(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        pairs = {}
        for _ in range(arg):
            key, pos = _read(data, pos)
            pairs[key], pos = _read(data, pos)
        return pairs, pos
    raise ValueError(f"unsupported CBOR major type {major} at {pos - 1}")


def _head(major: int, arg: int, out: bytearray) -> None:
    if arg < 24:
        out.append(major << 5 | arg)
        return
    for info, fmt in _HEAD.items():
        if arg < 1 << (8 * struct.calcsize(fmt)):
            out.append(major << 5 | info)
            out += struct.pack(fmt, arg)
            return
    raise ValueError(f"integer too large for CBOR: {arg}")


def _write(value, out: bytearray) -> None:
    if isinstance(value, bool) or value is None:
        raise TypeError(f"unsupported CBOR value {value!r}")
    if isinstance(value, int):
        _head(0, value, out) if value >= 0 else _head(1, -1 - value, out)
    elif isinstance(value, bytes):
        _head(2, len(value), out)
        out += value
    elif isinstance(value, str):
        raw = value.encode("utf-8")
        _head(3, len(raw), out)
        out += raw
    elif isinstance(value, list):
        _head(4, len(value), out)
        for item in value:
            _write(item, out)
    elif isinstance(value, dict):
        _head(5, len(value), out)
        for key, item in value.items():
            _write(key, out)
            _write(item, out)
    else:
        raise TypeError(f"unsupported CBOR value {value!r}")
