"""Accessibility: axe-core (npm, pinned in package-lock.json) finds no serious or critical
violation on any page type, on a phone and a desktop screen and in the large-text mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, open_page
from page_types import PAGE_TYPES, PHONE, SCREENS, page_url, show, url_path

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

_RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": "
                                       + (n.failureSummary || "").split("\\n").slice(0, 3).join(" "))
  }));
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make npm-setup` (npm ci) first")
    return AXE.read_text(encoding="utf-8")


def violations(pg, axe_source: str) -> list[str]:
    pg.add_script_tag(content=axe_source)
    found = pg.evaluate(_RUN_AXE)
    return [
        f"{v['impact']} {v['id']} ({v['help']}):\n    " + "\n    ".join(v["nodes"])
        for v in found
        if v["impact"] in BLOCKING
    ]


def audit(browser, site_url, kind: str, path: str, axe_source: str, large: bool = False, **screen) -> list[str]:
    pg = open_page(browser, site_url, **screen)
    try:
        if large:
            pg.add_init_script("localStorage.setItem('column-large-text', '1')")
        response = pg.goto(site_url + path)
        assert response.status == 200, path
        pg.wait_for_load_state("load")
        show(pg, kind)
        if large:
            assert pg.evaluate("document.documentElement.classList.contains('column-large')")
        assert pg.external_requests == [], pg.external_requests
        return violations(pg, axe_source)
    finally:
        pg.context.close()


@pytest.mark.parametrize("screen", sorted(SCREENS))
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_serious_violation(browser, site_url, demo_site, axe_source, kind, screen):
    path = page_url(demo_site, kind)
    found = audit(browser, site_url, kind, path, axe_source, **SCREENS[screen])
    assert found == [], f"/{path} on a {screen}:\n" + "\n".join(found)


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_serious_violation_in_large_text_mode(browser, site_url, demo_site, axe_source, kind):
    path = page_url(demo_site, kind)
    found = audit(browser, site_url, kind, path, axe_source, large=True, **PHONE)
    assert found == [], f"/{path} in large-text mode:\n" + "\n".join(found)


def test_no_serious_violation_in_the_open_lightbox(browser, site_url, demo_site, axe_source):
    with_photo = sorted(
        p for p in demo_site.glob("activities/*/index.html") if 'class="glightbox"' in p.read_text(encoding="utf-8")
    )
    assert with_photo, "no activity page with a photo in the lightbox"
    pg = open_page(browser, site_url, **PHONE)
    try:
        pg.goto(site_url + url_path(demo_site, with_photo[0]))
        pg.locator("a.glightbox").first.click()
        pg.locator(".glightbox-container .gslide.current").wait_for(state="visible")
        found = violations(pg, axe_source)
    finally:
        pg.context.close()
    assert found == [], "\n".join(found)


def test_axe_finds_a_planted_violation(browser, site_url, axe_source):
    """The check can fail: an image without alt text and unreadable grey text are reported."""
    pg = open_page(browser, site_url, **PHONE)
    try:
        pg.goto(site_url)
        pg.evaluate("""() => {
          const article = document.querySelector("article");
          const img = document.createElement("img");
          img.src = "assets/images/favicon.png";
          article.prepend(img);
          const p = document.createElement("p");
          p.textContent = "看不清的文字";
          p.style.color = "#eeeeee";
          article.prepend(p);
        }""")
        found = "\n".join(violations(pg, axe_source))
    finally:
        pg.context.close()
    assert "image-alt" in found and "color-contrast" in found


def test_axe_is_the_pinned_version(axe_source):
    import json

    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    pinned = lock["packages"]["node_modules/axe-core"]["version"]
    assert f"axe v{pinned}" in axe_source[:200]
    assert Path(ROOT / "package.json").read_text(encoding="utf-8").count(f'"axe-core": "{pinned}"') == 1
