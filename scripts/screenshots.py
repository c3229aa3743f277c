"""The README's two screenshots (not a test): the demo site's home page on a desktop and a story
on a phone, the first screen of each, as small palette PNGs under docs/screenshots/.

    .venv/bin/python scripts/screenshots.py [--site-dir BUILT_SITE]

Builds the demo into a temporary folder (unless given a built site), serves it on localhost and
takes the pictures in headless Debian Chromium (Playwright's Python package, no browser download).
The test suite takes full-page screenshots of every page type at both widths into its own temp
folder (tests/test_phones.py); these two are for people reading the README.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import io
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
SHOTS = {
    "home-desktop.png": ("", {"viewport": {"width": 1280, "height": 800}}),
    "story-phone.png": (
        "stories/yaojian-yinxing-anquan-yongyao/",
        {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2},
    ),
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def build(site: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    subprocess.run([sys.executable, "-m", "column", "build", "--site-dir", str(site)], cwd=ROOT, env=env, check=True)


def small_png(data: bytes) -> bytes:
    """A screenshot as a 256-colour PNG (the pages are flat colours and text: it looks the same)."""
    image = Image.open(io.BytesIO(data)).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        out, "PNG", optimize=True
    )
    return out.getvalue()


def main(argv=None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", type=Path, help="an already built site (default: build the demo)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
        site = args.site_dir or Path(tmp) / "site"
        if args.site_dir is None:
            build(site)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        OUT.mkdir(parents=True, exist_ok=True)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
                for name, (path, screen) in SHOTS.items():
                    context = browser.new_context(locale="zh-CN", **screen)
                    page = context.new_page()
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    data = small_png(page.screenshot())
                    (OUT / name).write_bytes(data)
                    print(f"{len(data) / 1024:5.0f} KB  {(OUT / name).relative_to(ROOT)}")
                    context.close()
                browser.close()
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
