"""Lighthouse report (not a test): builds the demo site, serves it as a static host would
(gzip for text, short cache lifetime), runs Lighthouse 12.2.3 (npm) with Debian Chromium on the
mobile profile for the home page, a story and an activity, prints the performance and
accessibility scores and the home page's transfer size without photos, and writes them with
the machine and versions into the "## Lighthouse" section of BENCHMARKS.md.

    make lighthouse                    # = python scripts/lighthouse_report.py --write
    python scripts/lighthouse_report.py --runs 5 --check

Scores move by a few points from run to run (Lighthouse simulates a slow phone on whatever
CPU it gets), so each page is run ``--runs`` times and the median is reported. ``--check``
exits 1 when a target is missed (performance and accessibility ≥ 95, home ≤ 300 KB without
photos and ≤ 700 KB with the photos Lighthouse's phone loads).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
BENCHMARKS = ROOT / "BENCHMARKS.md"
SECTION = "## Lighthouse"
TARGET_SCORE = 95
TARGET_HOME_KB = 300
TARGET_HOME_PHOTOS_KB = 700
# What a static host (GitHub Pages, nginx with gzip on) compresses.
COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Serves the built site like a production static host: gzip for text, 10 min cache."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the usual redirect to the folder URL
            path = path / "index.html"
        status = 200
        if not path.is_file():
            path, status = Path(self.directory) / "404.html", 404
        body = path.read_bytes()
        ctype = self.guess_type(str(path))
        gzipped = ctype.startswith(COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        return _Body(body)


class _Body:
    """The already-read body, shaped like the file object send_head normally returns."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def build(site: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    subprocess.run(
        [sys.executable, "-m", "column", "build", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def pick_pages(site: Path) -> dict[str, str]:
    """Home, the largest story and the largest activity page with a photo: the heaviest page
    of each kind, so the numbers are the worst case of the demo content."""

    def largest(pattern, must=""):
        found = [p for p in site.glob(pattern) if must in p.read_text(encoding="utf-8")]
        if not found:
            raise SystemExit(f"no page matches {pattern} in {site}")
        best = max(found, key=lambda p: (p.stat().st_size, p.as_posix()))
        return best.relative_to(site).parent.as_posix() + "/"

    return {"首页": "", "新闻稿": largest("stories/*/index.html"), "活动": largest("activities/*/index.html", "<img")}


def lighthouse(url: str, out: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": CHROME}
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            "--only-categories=performance,accessibility",
            "--form-factor=mobile",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env=env,
        check=True,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def summarise(report: dict) -> dict:
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
        "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "kb_total": sum(r.get("transferSize", 0) for r in requests) / 1024,
        "kb_no_photos": sum(r.get("transferSize", 0) for r in requests if r.get("resourceType") != "Image") / 1024,
        "requests": len(requests),
        "heaviest": sorted(
            ((r.get("transferSize", 0) / 1024, r.get("resourceSize", 0) / 1024, r["url"]) for r in requests),
            reverse=True,
        )[:5],
        "failed": [
            a["title"]
            for a in audits.values()
            if a.get("score") is not None and a["score"] < 0.9 and a.get("scoreDisplayMode") in ("binary", "numeric")
        ],
        "user_agent": report["environment"]["hostUserAgent"],
        "benchmark_index": report["environment"].get("benchmarkIndex"),
        "lighthouse": report["lighthouseVersion"],
    }


def median_run(url: str, runs: int, work: Path) -> dict:
    results = [summarise(lighthouse(url, work / f"run{i}.json")) for i in range(runs)]
    results.sort(key=lambda r: (r["performance"], r["lcp"]))
    middle = results[len(results) // 2]
    return {**middle, "performance_all": [r["performance"] for r in results]}


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    mem_kb = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )

    def version(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip().splitlines()[0]
        except (OSError, subprocess.CalledProcessError, IndexError):
            return "unknown"

    from importlib.metadata import version as pkg_version

    return {
        "cpu": f"{cpu} × {os.cpu_count()}",
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "os": _os_name(),
        "python": platform.python_version(),
        "node": version(["node", "--version"]),
        "chromium": version([CHROME, "--version"]),
        "mkdocs-material": pkg_version("mkdocs-material"),
    }


def _os_name() -> str:
    try:
        text = Path("/etc/os-release").read_text()
        return re.search(r'^PRETTY_NAME="?([^"\n]*)', text, re.M).group(1)
    except (OSError, AttributeError):
        return platform.platform()


def markdown(pages: dict, results: dict, box: dict, runs: int) -> str:
    home = results["首页"]
    lines = [
        SECTION,
        "",
        f"`make lighthouse` ({dt.date.today().isoformat()}): Lighthouse {home['lighthouse']}, mobile profile "
        "(simulated slow 4G, 4× CPU slowdown), Debian Chromium headless, demo site served with gzip "
        f"as a static host serves it; median of {runs} runs per page.",
        "",
        "| page | URL | performance | accessibility | FCP | LCP"
        " | TBT | CLS | transferred | without photos | requests |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, path in pages.items():
        r = results[name]
        lines.append(
            f"| {name} | /{path} | {r['performance']} ({'/'.join(map(str, r['performance_all']))}) | "
            f"{r['accessibility']} | {r['fcp']:.1f} s | {r['lcp']:.1f} s | {r['tbt']:.0f} ms | {r['cls']:.3f} | "
            f"{r['kb_total']:.0f} KB | {r['kb_no_photos']:.0f} KB | {r['requests']} |"
        )
    lines += [
        "",
        f"Targets: performance and accessibility ≥ {TARGET_SCORE}; home page ≤ {TARGET_HOME_KB} KB transferred "
        f"without photos (now {home['kb_no_photos']:.0f} KB) and ≤ {TARGET_HOME_PHOTOS_KB} KB with the photos "
        f"the phone loads (now {home['kb_total']:.0f} KB; Lighthouse does not scroll, so lazy photos further down "
        "are not counted here: `tests/test_weight.py` scrolls a 3× phone to the bottom and counts them all).",
        "",
        "Heaviest transfers of the home page (gzip, then unpacked): "
        + "; ".join(f"{kb:.0f} KB ({raw:.0f} KB) /{url.split('/', 3)[-1]}" for kb, raw, url in home["heaviest"])
        + ". Photos aside, Material's JavaScript bundle is the largest part; it is the same file on every page, "
        "so the browser's cache serves it again on the next pages.",
        "",
        *[
            line
            for name, r in results.items()
            if r["failed"]
            for line in (f"Audits below 90 on {name}: " + "; ".join(r["failed"]) + ".", "")
        ],
        f"Machine: {box['cpu']}, {box['memory']}, {box['os']}; Python {box['python']}, Node {box['node']}, "
        f"{box['chromium']}, mkdocs-material {box['mkdocs-material']}; Lighthouse benchmark index "
        f"{home['benchmark_index']:.0f}."
        if home["benchmark_index"]
        else "",
        "",
    ]
    return "\n".join(lines)


def write_section(text: str, path: Path = BENCHMARKS) -> None:
    """Replace (or append) the Lighthouse section, leaving every other section as it is."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    new = (
        pattern.sub(lambda _: text + "\n", old, count=1)
        if pattern.search(old)
        else old.rstrip("\n") + "\n\n" + text + "\n"
    )
    path.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median reported)")
    parser.add_argument("--site-dir", type=Path, help="an already built site (default: build the demo into a temp dir)")
    parser.add_argument("--write", action="store_true", help=f"write the results into {BENCHMARKS.name}")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print("lighthouse is not installed: run `make npm-setup` (npm ci)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        work = Path(tmp)
        site = args.site_dir or work / "site"
        if args.site_dir is None:
            build(site)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHost, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        pages = pick_pages(site)
        results = {}
        try:
            for name, path in pages.items():
                (work / name).mkdir()
                results[name] = median_run(base + path, args.runs, work / name)
                r = results[name]
                print(
                    f"{name:4} /{path:45} performance {r['performance']:3} {r['performance_all']}  "
                    f"accessibility {r['accessibility']:3}  LCP {r['lcp']:.1f} s  TBT {r['tbt']:.0f} ms  "
                    f"{r['kb_total']:.0f} KB ({r['kb_no_photos']:.0f} KB without photos)"
                )
                for title in r["failed"]:
                    print(f"      needs work: {title}")
        finally:
            server.shutdown()
    text = markdown(pages, results, machine(), args.runs)
    if args.write:
        write_section(text)
        print(f"written to {BENCHMARKS}")
    missed = [
        f"{name} {cat} {r[cat]}"
        for name, r in results.items()
        for cat in ("performance", "accessibility")
        if r[cat] < TARGET_SCORE
    ]
    if results["首页"]["kb_no_photos"] > TARGET_HOME_KB:
        missed.append(f"home page {results['首页']['kb_no_photos']:.0f} KB")
    if results["首页"]["kb_total"] > TARGET_HOME_PHOTOS_KB:
        missed.append(f"home page with photos {results['首页']['kb_total']:.0f} KB")
    if missed:
        print("targets missed: " + ", ".join(missed))
    return 1 if (missed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
