"""``make edit``: the web editor on this computer — decap-server (the local backend, from
node_modules, npm ci) and the live preview (``mkdocs serve --dirty``) with ``/admin/`` against it.

An edit saved in the browser is written into content/ by decap-server; the preview sees the
file change (inotify) and rebuilds, and a content problem of the edited file — the same
messages as ``make check``, in Chinese — is printed in this terminal. Ctrl-C stops both.
No MkDocs import: MkDocs runs in its own process.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from . import cms

SERVER_JS = cms.NODE_MODULES / "decap-server" / "dist" / "index.js"


class EditError(Exception):
    pass


def decap_server(repo: Path, port: int, mode: str = "fs", quiet: bool = False) -> subprocess.Popen:
    """decap-server on 127.0.0.1:``port`` editing ``repo`` (the folder holding content/); ``mode``
    "git" commits each change, with the editorial workflow's branches."""
    node = shutil.which("node")
    if node is None or not SERVER_JS.is_file():
        raise EditError("缺少 node 或 decap-server：请运行 make edit（它会先运行 npm ci，按 package-lock.json 安装）。")
    env = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "GIT_REPO_DIRECTORY": str(repo),
        "MODE": mode,
        "LOG_LEVEL": "warn" if quiet else "info",
    }
    # cwd: an empty folder, so that decap-server's dotenv reads no .env of ours
    return subprocess.Popen(
        [node, str(SERVER_JS)],
        env=env,
        cwd=str(cms.HERE / "admin"),
        stdin=subprocess.DEVNULL,
        preexec_fn=_default_signals,
    )


def wait_for_port(port: int, proc: subprocess.Popen | None = None, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise EditError(f"程序意外退出（退出码 {proc.returncode}），端口 {port} 可能已被占用。")
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise EditError(f"等待 127.0.0.1:{port} 超时。")


def wait_for_url(url: str, proc: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise EditError("预览没有启动：请看上面的出错信息（内容有错时先改正，或运行 make check）。")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise EditError(f"等待 {url} 超时。")


def free_port(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _default_signals() -> None:
    """In a child: SIGINT as usual, so that it stops on Ctrl-C (and cleans up) like in a terminal."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run(content: Path, addr: str = "127.0.0.1:8000", port: int = 8081, engine: str = "mkdocs", mode: str = "fs") -> int:
    content = Path(content).resolve()
    if content.name != cms.CONTENT:
        print(f"内容文件夹应名为 {cms.CONTENT}（网页编辑器按 {cms.CONTENT}/… 找文件）：{content}", file=sys.stderr)
        return 2
    host, _, serve_port = addr.rpartition(":")
    for p in (port, int(serve_port)):
        if not free_port(p):
            print(
                f"端口 {p} 已被占用：可能已经有一个 make edit 或 make serve 在运行。"
                f"换一个端口，如 make edit EDIT_PORT={port + 10} SERVE_ADDR=127.0.0.1:{int(serve_port) + 10}",
                file=sys.stderr,
            )
            return 1
    # Ctrl-C (and a plain kill) stop everything, even when started where SIGINT is ignored
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    procs: list[subprocess.Popen] = []
    try:
        server = decap_server(content.parent, port, mode)
        procs.append(server)
        wait_for_port(port, server)
        env = {
            **os.environ,
            "COLUMN_CONTENT": str(content),
            "COLUMN_LOCAL_EDITOR": f"http://127.0.0.1:{port}/api/v1",
            "COLUMN_LOCAL_EDITOR_WORKFLOW": "true" if mode == "git" else "false",
        }
        tool = Path(sys.executable).with_name(engine)
        config = cms.REPO / "mkdocs.yml"
        serve = subprocess.Popen(
            [str(tool), "serve", "--dirty", "-a", addr, "-f", str(config)],
            env=env,
            stdin=subprocess.DEVNULL,
            preexec_fn=_default_signals,
        )
        procs.append(serve)
        base = f"http://{host}:{serve_port}/"
        wait_for_url(base + "admin/config.yml", serve)
        print(f"\n网页编辑器：{base}admin/    预览：{base}", flush=True)
        print(
            "在浏览器里保存后，预览几秒内更新；内容有问题时，这里会显示和 make check 一样的提示。按 Ctrl-C 停止。\n",
            flush=True,
        )
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
        return next(p.returncode for p in procs if p.poll() is not None) or 1
    except KeyboardInterrupt:
        print("\n已停止网页编辑器和预览。", flush=True)
        return 0
    except EditError as err:
        print(err, file=sys.stderr)
        return 1
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc in reversed(procs):
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
