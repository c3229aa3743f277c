"""Pagefind indexing while MkDocs writes the pages, on the other core.

``search.index_site`` runs the Pagefind CLI over the finished site: at ten years that is tens
of seconds after MkDocs is done. Here Pagefind runs as a service (``pagefind --service``, the
protocol its Python and Node wrappers use: base64 JSON messages separated by commas) and is
handed each page's HTML as MkDocs writes it; only writing the bundle waits for the end. The
pages are the same bytes the CLI would read from disk (the hook runs after every other
plugin's ``on_post_page``), and each file's URL comes from its path as with ``--site``.

The wrappers shipped with the ``pagefind`` package sleep 0.1 s between responses, which is
too slow for 30,000 pages, so this talks to the binary directly.
"""
from __future__ import annotations

import base64
import json
import subprocess
import tempfile
import threading
from pathlib import Path

from . import search


class StreamIndex:
    """One Pagefind index of one site, fed page by page; ``finish`` writes the bundle."""

    def __init__(self, site_dir: Path, binary: Path | None = None):
        self.site_dir = Path(site_dir)
        self._errors: list[str] = []
        self._responses: dict[int, dict] = {}
        self._done = threading.Condition()
        self._next = 0
        self._log = tempfile.TemporaryFile()
        try:
            self._proc = subprocess.Popen([str(binary or search.pagefind_binary()), "--service"], cwd=self.site_dir,
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log)
        except (ImportError, OSError) as err:
            raise search.IndexFailed(f"站内搜索索引生成失败：无法运行 Pagefind（{err}）。请运行 make venv 重新安装依赖。") from None
        threading.Thread(target=self._read, daemon=True).start()
        self._index = self._call({"type": "NewIndex", "config": None})["index_id"]

    def add(self, rel: str, html: str) -> None:
        """One HTML file of the site, by its path in the site (``stories/x/index.html``)."""
        self._send({"type": "AddFile", "index_id": self._index, "file_path": rel, "url": None, "file_contents": html})

    def write(self) -> None:
        """Ask Pagefind to write the bundle; returns at once (``finish`` waits for it)."""
        self._write_id = self._send({"type": "WriteFiles", "index_id": self._index,
                                     "output_path": str(self.site_dir / search.OUTPUT_SUBDIR)})
        self._proc.stdin.flush()

    def finish(self, timeout: float = 1800) -> None:
        """Wait for the bundle, stop the service, and finish the bundle as ``index_site`` does."""
        if not hasattr(self, "_write_id"):
            self.write()
        self._wait(self._write_id, timeout)
        self.close()
        if self._errors:
            raise search.IndexFailed("站内搜索索引生成失败：" + "；".join(self._errors[:5]))
        search.finish_bundle(self.site_dir / search.OUTPUT_SUBDIR)

    def close(self) -> None:
        if self._proc.poll() is None:
            try:
                self._proc.stdin.close()
            except OSError:
                pass
            try:
                self._proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._log.close()

    # -- the protocol ----------------------------------------------------------------------------

    def _send(self, payload: dict) -> int:
        self._next += 1
        message = json.dumps({"message_id": self._next, "payload": payload}, ensure_ascii=False)
        try:
            self._proc.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
        except (BrokenPipeError, ValueError):
            self._failed()
        return self._next

    def _call(self, payload: dict) -> dict:
        message_id = self._send(payload)
        self._proc.stdin.flush()
        return self._wait(message_id, 120)

    def _wait(self, message_id: int, timeout: float) -> dict:
        with self._done:
            if not self._done.wait_for(lambda: message_id in self._responses or self._proc.poll() is not None, timeout):
                self._failed("Pagefind 没有响应")
        if message_id not in self._responses:
            self._failed()
        return self._responses[message_id]

    def _read(self) -> None:
        buffer = b""
        while chunk := self._proc.stdout.read1(1 << 16):
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            for raw in messages:
                response = json.loads(base64.b64decode(raw))
                payload = response.get("payload") or {}
                with self._done:
                    if payload.get("type") == "Error":
                        self._errors.append(str(payload.get("message")))
                    if response.get("message_id") is not None:
                        self._responses[response["message_id"]] = payload
                    self._done.notify_all()
        with self._done:
            self._done.notify_all()

    def _failed(self, why: str = "Pagefind 意外退出") -> None:
        self._log.seek(0)
        output = self._log.read().decode("utf-8", "replace").strip()
        raise search.IndexFailed(f"站内搜索索引生成失败：{why}。\n{output}")
