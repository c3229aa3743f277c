"""Benchmark: build a synthetic n-year archive the way ``make site`` does and measure it.

``make bench YEARS=10`` (or ``.venv/bin/python scripts/bench.py --years 10``). Not a test:
it asserts nothing; it prints progress and, as its LAST line, one JSON object:

pages          pages the pipeline generated
load_s         pipeline: read, validate and relate the content tree (in this process)
generate_s     pipeline: render every page and data file (in this process)
build_s        wall time of ``python -m column build`` (what ``make site`` runs), in a subprocess
bare_mkdocs_s  wall time of MkDocs alone on the same pages: each page's front matter and HTML
               body written as a Markdown file, as a plain MkDocs site would have them (same theme
               and Markdown extensions, same small nav; no search, no plugins, no project
               templates). MkDocs converts them with Python-Markdown; the column's build does not.
ratio          build_s / bare_mkdocs_s
site_mb        size of the built site (MiB)
max_page_kb    largest HTML page (KiB)
peak_rss_mb    peak resident memory of the build process and its children (MiB)
preview_s      ``make serve`` on the archive: seconds from saving an edited story until its
               page serves the edit
search_index_mb, search_query_kb   when search exists: size of the Pagefind bundle, and the
               bytes a browser transfers for one query (measured in headless Chromium)
search_all_years_kb   the same query when the reader then asks for every year (all bundles)
search_recall  of a fixed sample of 500 titles (every year searched): the share of whole titles
               that bring their page among the first three results, and of their 2-, 3- and
               4-character pieces that find it (search.query_recall), in per cent

Everything is written under ``.bench/years-N/`` (``make clean`` removes it).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import synthetic  # noqa: E402
from column import pipeline  # noqa: E402

PYTHON = sys.executable
MiB = 1024 * 1024
RECALL_SAMPLE = 500  # titles, spread evenly over the index in URL order


def log(message: str) -> None:
    print(message, flush=True)


def env() -> dict:
    out = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    return out


def timed_run(cmd: list[str], **kwargs) -> tuple[float, float]:
    """Run a command to completion; (wall seconds, peak RSS in MiB of it and its children)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kwargs)
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.stdout.write(output.decode("utf-8", "replace"))
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    log(
        f"  {Path(cmd[0]).name} {' '.join(cmd[1:3])}: {wall:.1f} s wall, "
        f"{usage.ru_utime + usage.ru_stime:.1f} s CPU (process and children), load {os.getloadavg()[0]:.1f}"
    )
    return wall, usage.ru_maxrss / 1024  # Linux: ru_maxrss is in KiB


def tree_size(folder: Path) -> tuple[int, int, str]:
    """(total bytes, largest HTML page bytes, its path)."""
    total, largest, where = 0, 0, ""
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            path = os.path.join(dirpath, name)
            size = os.path.getsize(path)
            total += size
            if name.endswith(".html") and size > largest:
                largest, where = size, os.path.relpath(path, folder)
    return total, largest, where


def bare_mkdocs(result, work: Path) -> float:
    """MkDocs alone on the pages the pipeline rendered (as Markdown files holding their HTML): same
    theme, extensions and nav size."""
    docs, site, empty = work / "docs", work / "site", work / "no-overrides"
    for folder in (docs, site, empty):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    for page in result.pages:
        path = docs / page.src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dataclasses.replace(page, template=None).text, encoding="utf-8")  # no project layouts
    for out, source in result.assets.items():
        (docs / out).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, docs / out)
    for out, content in getattr(result, "files", {}).items():
        (docs / out).parent.mkdir(parents=True, exist_ok=True)
        (docs / out).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    config = {
        "INHERIT": str(ROOT / "mkdocs.yml"),  # theme features, Markdown extensions, validation
        "site_name": result.catalog.site["title"],
        "docs_dir": str(docs),
        "site_dir": str(site),
        "strict": False,
        "hooks": [],
        "plugins": [],
        "extra_css": [],
        "extra_javascript": [],
        "watch": [],
        "theme": {"name": "material", "custom_dir": str(empty)},
        "nav": [{title: src} for title, src in result.nav],
    }
    config_file = work / "mkdocs.yml"
    config_file.write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")  # JSON is YAML
    wall, _ = timed_run([str(Path(PYTHON).parent / "mkdocs"), "build", "-q", "-f", str(config_file)])
    return wall


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def preview(content: Path, story_src: str, timeout: float) -> float | None:
    """Seconds from saving an edited story until ``make serve`` serves the edit."""
    port = free_port()
    cmd = ["make", "-s", "serve", f"SERVE_ADDR=127.0.0.1:{port}"]
    logfile = (content.parent / "serve.log").open("wb")
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env={**env(), "COLUMN_CONTENT": str(content)},
        stdout=logfile,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    story_id = Path(story_src).stem
    url = f"http://127.0.0.1:{port}/stories/{story_id}/"
    path = next(content.glob(f"stories/*/{story_id}.md"))
    original = path.read_bytes()
    try:
        deadline = time.monotonic() + timeout
        while fetch(url) is None:
            if proc.poll() is not None or time.monotonic() > deadline:
                log(f"preview: the server did not come up (see {logfile.name})")
                return None
            time.sleep(0.5)
        while fetch(f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json") is None:  # the search index,
            if proc.poll() is not None or time.monotonic() > deadline:  # built in the background
                break
            time.sleep(1)
        time.sleep(2)  # let the watcher and the index post-processing settle
        marker = f"预览测试修改{int(time.time()) % 100000}号"
        text = original.decode("utf-8").rstrip("\n") + f"\n\n{marker}\n"
        path.write_text(text, encoding="utf-8")
        saved = time.perf_counter()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            page = fetch(url)
            if page and marker in page:
                return time.perf_counter() - saved
            time.sleep(0.05)
        log("preview: the edit never showed")
        return None
    finally:
        path.write_bytes(original)
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        logfile.close()


def search_figures(site: Path) -> dict:
    """Search keys, when the search module offers a way to measure them."""
    try:
        from column import search
    except ImportError:
        return {}
    out = {}
    bundle = site / getattr(search, "OUTPUT_SUBDIR", "pagefind")
    if bundle.is_dir():
        out["search_index_mb"] = round(tree_size(bundle)[0] / MiB, 1)
    measure = getattr(search, "query_transfer_kb", None)
    if measure is not None:
        try:
            out["search_query_kb"] = round(measure(site), 1)
            out["search_all_years_kb"] = round(measure(site, every_year=True), 1)
        except Exception as err:  # a benchmark reports what it could not measure
            log(f"search query transfer: not measured ({err})")
    recall = getattr(search, "query_recall", None)
    if recall is not None:
        try:
            found = recall(
                site, sample=RECALL_SAMPLE, progress=lambda done, total: log(f"  search recall: {done}/{total}")
            )
            out["search_recall"] = {
                "whole": round(100 * found["whole_found"] / found["whole"], 1),
                "pieces": round(100 * found["pieces_found"] / found["pieces"], 1),
            }
            log(
                f"search recall: {found['titles']} titles, {found['whole_found']}/{found['whole']} whole, "
                f"{found['pieces_found']}/{found['pieces']} pieces; misses {found['misses'][:10]}"
            )
        except Exception as err:
            log(f"search recall: not measured ({err})")
    return out


def machine() -> str:
    """One line: CPU, cores, memory, OS and the versions that matter."""
    from importlib.metadata import version

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "?",
    )
    mem = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    versions = ", ".join(
        f"{name} {version(name)}" for name in ("mkdocs", "mkdocs-material", "markdown", "jinja2", "pyyaml", "pagefind")
    )
    return (
        f"machine: {cpu} × {os.cpu_count()}, {mem / 1024 / 1024:.1f} GiB RAM; "
        f"Python {sys.version.split()[0]}; {versions}"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--photos", action="store_true", help="add generated JPEGs to the archive")
    parser.add_argument("--no-preview", action="store_true", help="skip the make serve measurement")
    parser.add_argument("--preview-timeout", type=float, default=900)
    args = parser.parse_args(argv)

    log(machine())
    work = ROOT / ".bench" / f"years-{args.years}"
    content, site = work / "content", work / "site"
    started = time.perf_counter()
    counts = synthetic.generate(content, args.years, seed=args.seed, photos=args.photos)
    log(f"archive: {args.years} years, {counts} in {time.perf_counter() - started:.1f} s → {content}")

    result = pipeline.run(content)
    timings = getattr(result, "timings", {})
    log(f"pipeline: {len(result.pages)} pages, {timings}")

    build_s, rss = timed_run([PYTHON, "-m", "column", "--content", str(content), "build", "--site-dir", str(site)])
    site_bytes, largest, largest_path = tree_size(site)
    log(
        f"build: {build_s:.1f} s, peak RSS {rss:.0f} MiB, site {site_bytes / MiB:.1f} MiB, "
        f"largest page {largest / 1024:.1f} KiB ({largest_path})"
    )

    bare_s = bare_mkdocs(result, work / "bare")
    log(f"bare MkDocs: {bare_s:.1f} s")

    preview_s = None
    if not args.no_preview:
        newest = max((s for s in result.catalog.published("story")), key=lambda s: (s["date"].first, s["id"]))
        preview_s = preview(content, newest["path"], args.preview_timeout)
        log(f"preview: {preview_s if preview_s is None else round(preview_s, 2)} s")

    summary = {
        "pages": len(result.pages),
        "load_s": round(timings.get("load", 0.0), 2),
        "generate_s": round(timings.get("generate", 0.0), 2),
        "build_s": round(build_s, 2),
        "bare_mkdocs_s": round(bare_s, 2),
        "ratio": round(build_s / bare_s, 3),
        "site_mb": round(site_bytes / MiB, 1),
        "max_page_kb": round(largest / 1024, 1),
        "peak_rss_mb": round(rss),
        "preview_s": None if preview_s is None else round(preview_s, 2),
        **search_figures(site),
    }
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
