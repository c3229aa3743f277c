"""Sharing: every story, activity and volunteer page has a share block with a QR code of its
canonical address (site_url + its URL) drawn at build time as inline SVG, and a 复制链接 button
(assets/share.js) that works without network; Open Graph keeps the page's photo. Nothing comes
from outside the site."""

from __future__ import annotations

import re

import pytest
import segno

import trees
from column import share
from conftest import open_page
from page_types import PHONE

SITE_URL = "https://example.gov.cn/yigong/"
SHARED = {"story": "stories/s.md", "activity": "activities/yj-anquan.md", "volunteer": "volunteers/zhang-san.md"}
FILES = {
    "site.yml": trees.SITE + f"site_url: {SITE_URL}\n",
    "stories/2010/s.md": trees.story("报道", "2010-06-13"),
    "volunteers/zhang-san.md": trees.volunteer("张三", publish=True),
}


def qr_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules (row, column) of a QR code drawn as segno draws it: horizontal strokes
    along rows (``M x y.5`` then ``h`` runs and relative ``m`` moves), the quiet zone included."""
    path = re.search(r' d="([^"]+)"', svg).group(1)
    dark, x, y = set(), 0.0, 0.0
    for op, args in re.findall(r"([MmHh])([^MmHh]*)", path):
        nums = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", args)]
        if op == "M":
            x, y = nums
        elif op == "m":
            x, y = x + nums[0], y + nums[1]
        else:
            run = nums[0] if op == "h" else nums[0] - x
            dark.update((int(y), int(x) + i) for i in range(int(run)))
            x += run
    return dark


def segno_code(data: bytes):
    """The code segno makes of ``data``: byte mode, error correction M, the site's mask."""
    return segno.make(data, error="m", mode="byte", micro=False, boost_error=False, mask=share.MASK)


def expected_modules(url: str) -> set[tuple[int, int]]:
    matrix = segno_code(url.encode("utf-8")).matrix
    return {
        (r + share.BORDER, c + share.BORDER) for r, row in enumerate(matrix) for c, dark in enumerate(row) if dark & 1
    }


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    return trees.pages(tmp_path_factory.mktemp("share"), FILES)


@pytest.mark.parametrize("kind", sorted(SHARED))
def test_story_activity_and_volunteer_pages_carry_a_qr_code_of_their_address(pages, kind):
    src = SHARED[kind]
    text = pages[src]
    block = text.split('<section class="column-share" data-pagefind-ignore="all">', 1)[1].split("</section>", 1)[0]
    url = SITE_URL + src[: -len(".md")] + "/"
    assert f'本页地址：<span class="column-share__url">{url}</span>' in block
    assert f'data-url="{url}"' in block and ">复制链接</button>" in block and " hidden>" in block
    svg = re.search(r"<svg [^>]*>.*?</svg>", block, re.S).group(0)
    assert 'role="img" aria-label="扫码分享本页"' in svg and "<title>扫码分享本页</title>" in svg
    assert "<image" not in svg and "href" not in svg  # drawn, not fetched
    assert qr_modules(svg) == expected_modules(url)
    assert "share: true" in text.split("\n---\n", 1)[0]  # main.html loads share.js for it


def test_other_pages_have_no_share_block(pages):
    for src in ("index.md", "stories/index.md", "units/sy-yaojian.md", "volunteers/index.md"):
        assert "column-share" not in pages[src], src
        assert "share: true" not in pages[src].split("\n---\n", 1)[0], src


def test_the_host_decides_the_address(tmp_path):
    """COLUMN_SITE_URL (pipeline.run's site_url) replaces site.yml's address in the code too."""
    from column import pipeline
    from conftest import write_tree

    root = write_tree(tmp_path, trees.tree(FILES))
    result = pipeline.run(root, trees.BUILD_DATE, site_url="https://pages.example.org/column/")
    [page] = [p for p in result.pages if p.src == "stories/s.md"]
    url = "https://pages.example.org/column/stories/s/"
    assert qr_modules(re.search(r"<svg [^>]*>.*?</svg>", page.body, re.S).group(0)) == expected_modules(url)


def test_without_a_site_url_there_is_no_code_but_the_button(tmp_path):
    files = {**FILES, "site.yml": trees.SITE}
    text = trees.pages(tmp_path, files)["stories/s.md"]
    block = text.split('<section class="column-share"', 1)[1].split("</section>", 1)[0]
    assert "<svg" not in block and "本页地址" not in block
    assert 'data-url=""' in block and ">复制链接</button>" in block


def test_codes_are_the_same_every_build():
    url = SITE_URL + "activities/sy-shunshui-huanjing/"
    assert str(share.qr_svg(url)) == str(share.qr_svg.__wrapped__(url))


@pytest.mark.parametrize("extra", [*range(0, 120), 150, 200, 271, 272, 500, 1000])
def test_the_code_is_segnos_module_for_module(extra):
    """share.py places the data itself (five times faster than segno for one code): the same
    modules and the same SVG path as segno 1.6.6, across versions 1–26, on and off the codeword
    boundary, with non-ASCII addresses too."""
    data = (SITE_URL + "x" * extra).encode() if extra % 7 else (SITE_URL + "栏目/" + "页" * extra).encode()
    code = segno_code(data)
    assert share.qr_rows(data) == [bytes(v & 1 for v in row) for row in code.matrix]
    path = re.search(r' d="([^"]+)"', code.svg_inline(scale=1, border=share.BORDER, omitsize=True)).group(1)
    assert share._path(share.qr_rows(data)) == path


# ---- in the browser ------------------------------------------------------------------------------

STORY = "stories/shangyu-xingqiliu-yigongri/"


@pytest.mark.browser
def test_copy_button_copies_the_canonical_address(browser, site_url):
    pg = open_page(browser, site_url, **PHONE)
    try:
        pg.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
        pg.goto(site_url + STORY)
        button = pg.locator(".column-copy")
        assert button.is_visible() and button.inner_text() == "复制链接"
        button.click()
        pg.wait_for_function("() => document.querySelector('.column-copy__status').textContent !== ''")
        copied = pg.evaluate("() => navigator.clipboard.readText()")
        status = pg.locator(".column-copy__status").inner_text()
        assert pg.console_errors == [] and pg.external_requests == []
    finally:
        pg.context.close()
    assert copied == "https://example.gov.cn/yigong/" + STORY
    assert status == "已复制本页链接，可以粘贴到微信等处分享。"


@pytest.mark.browser
def test_copy_button_without_the_clipboard_api(browser, site_url):
    """Plain http on a real host has no navigator.clipboard: the copy command does it."""
    pg = open_page(browser, site_url, **PHONE)
    try:
        pg.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
        pg.goto(site_url + STORY)
        pg.evaluate(
            "() => { window.copied = []; document.addEventListener('copy', e => copied.push("
            "document.activeElement.value)); }"
        )
        pg.locator(".column-copy").click()
        pg.wait_for_function("() => document.querySelector('.column-copy__status').textContent !== ''")
        copied = pg.evaluate("() => window.copied")
        status = pg.locator(".column-copy__status").inner_text()
    finally:
        pg.context.close()
    assert copied == ["https://example.gov.cn/yigong/" + STORY]
    assert status.startswith("已复制")


@pytest.mark.browser
def test_without_javascript_the_address_is_there_to_copy(browser, site_url):
    pg = open_page(browser, site_url, java_script_enabled=False, **PHONE)
    try:
        pg.goto(site_url + STORY)
        assert not pg.locator(".column-copy").is_visible()
        assert pg.locator(".column-share__url").inner_text() == "https://example.gov.cn/yigong/" + STORY
        qr = pg.locator("svg.column-qr").bounding_box()
    finally:
        pg.context.close()
    assert qr["width"] >= 120 and qr["width"] == qr["height"]  # large enough to scan from a screen


def test_open_graph_keeps_the_photo(demo_site):
    def og_image(path):
        html = (demo_site / path / "index.html").read_text(encoding="utf-8")
        found = re.search(r'<meta property="og:image" content="([^"]+)">', html)
        return found and found.group(1)

    base = "https://example.gov.cn/yigong/media/"
    assert og_image("stories/yaojian-yinxing-anquan-yongyao") == base + "2010/yaojian-anquan-1.jpg"
    assert og_image("activities/sy-jianshe-xiaofendui") == base + "2010/jianshe-xiaofendui.jpg"
    assert og_image("volunteers/chen-liqun") == base + "volunteers/chen-liqun.jpg"
    assert og_image("activities/sy-guoshui-2010q2") is None  # no photo: no card image
