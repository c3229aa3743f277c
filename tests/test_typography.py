"""Chinese typography: dates as 2010年6月26日 (month-precise 2010年6月), counts with their
measure words (12456人次, 217名, 200多盒(瓶)), system CJK fonts and no web font download."""

from __future__ import annotations

import re

import pytest

from conftest import open_page
from page_types import PAGE_TYPES, PHONE, page_url, show

pytestmark = pytest.mark.browser

ISO_DATE = re.compile(r"(?<![\d/])\d{4}-\d{1,2}(?:-\d{1,2})?(?![\d/])")
# A count set apart from its measure word ("5 名"): Chinese print, like the source reports
# (12456名, 200多盒), writes the number against its measure word, with no space.
SPACED_COUNT = re.compile(r"\d(?:多|余)?[ \u00a0]+(?:名|人次|人|次|个|家|盒|瓶|处|小时|分钟|天|周|项|位|户|篇|条)")
ZH_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?$")
SYSTEM_CJK_FONTS = ("PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC")


def article_text(browser, site_url, path):
    pg = open_page(browser, site_url, **PHONE)
    try:
        assert pg.goto(site_url + path).status == 200, path
        return pg.locator("article").inner_text()
    finally:
        pg.context.close()


@pytest.fixture(scope="module")
def pages(browser, site_url):
    """Article text of the activity pages whose figures come straight from the reports."""
    return {
        path: article_text(browser, site_url, path)
        for path in (
            "activities/yc-fengxianri-0626/",
            "activities/yc-zaizhi-zaice/",
            "activities/sy-yaojian-xiaoyaoxiang/",
            "activities/sy-shunshui-huanjing/",
        )
    }


def test_day_precise_date(pages):
    assert "日期：2010年6月26日\n" in pages["activities/yc-fengxianri-0626/"]


def test_month_precise_date_stays_month_precise(pages):
    text = pages["activities/yc-zaizhi-zaice/"]
    assert "日期：2010年6月\n" in text
    assert not re.search(r"2010年6月\d+日", text)


def test_counts_carry_their_measure_words(pages):
    fengxian = pages["activities/yc-fengxianri-0626/"]
    assert "参加人数：12456人次" in fengxian
    assert re.search(r"科级领导\s+217名", fengxian) and re.search(r"机关党员干部\s+519名", fengxian)
    zaizhi = pages["activities/yc-zaizhi-zaice/"]
    assert re.search(r"在职党员\s+1402名", zaizhi) and re.search(r"在册党员\s+10299名", zaizhi)
    yaojian = pages["activities/sy-yaojian-xiaoyaoxiang/"]
    assert re.search(r"回收过期失效药品\s+200多盒\(瓶\)", yaojian)
    assert "服务群众：800多人" in yaojian
    assert "服务时长合计：" in yaojian and "小时" in yaojian
    assert "另有1名志愿者未公开姓名" in pages["activities/sy-shunshui-huanjing/"]


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_dates_and_counts_on_every_page_type(browser, site_url, demo_site, kind):
    """No page shows a raw ISO date or a count set apart from its measure word, and every
    <time> says in its datetime attribute exactly the date its text shows."""
    path = page_url(demo_site, kind)
    pg = open_page(browser, site_url, **PHONE)
    try:
        assert pg.goto(site_url + path).status == 200, path
        main = show(pg, kind)
        text = pg.locator(main).inner_text()
        times = pg.eval_on_selector_all(
            f"{main} time", "els => els.map(t => [t.getAttribute('datetime'), t.textContent])"
        )
    finally:
        pg.context.close()
    assert ISO_DATE.findall(text) == [], f"/{path} shows ISO dates"
    assert SPACED_COUNT.findall(text) == [], f"/{path} sets counts apart from their measure words"
    for stamp, shown in times:
        match = ZH_DATE.match(shown.strip())
        assert match, (path, shown)
        year, month, day = match.groups()
        expected = f"{int(year):04d}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
        assert stamp == expected, (path, stamp, shown)


def test_dates_break_only_after_the_year(browser, site_url):
    """In the narrow date column of a service record on a phone, 2010年4月17日 may wrap as
    2010年 / 4月17日 but never inside 4月17日."""
    pg = open_page(browser, site_url, **PHONE)
    try:
        pg.goto(site_url + "volunteers/chen-liqun/")
        parts = pg.eval_on_selector_all(
            "article td time > span", "els => els.map(s => [s.getClientRects().length, s.textContent])"
        )
        whole = pg.eval_on_selector_all("article td time", "els => els.map(t => t.textContent)")
    finally:
        pg.context.close()
    assert whole and all(ZH_DATE.match(text) for text in whole), whole
    assert [text for _, text in parts] == [p for text in whole for p in re.findall(r"[^年]+年?", text)]
    assert all(rects == 1 for rects, _ in parts), parts


def test_cjk_system_font_stack_and_no_web_fonts(browser, site_url, demo_site):
    pg = open_page(browser, site_url, **PHONE)
    try:
        fonts_loaded = []
        pg.on("request", lambda req: req.resource_type == "font" and fonts_loaded.append(req.url))
        pg.goto(site_url + page_url(demo_site, "story"))
        pg.wait_for_load_state("networkidle")
        families = pg.evaluate("""() => ["body", "article h1", "article p", "article li", ".md-header__title"]
            .map(sel => document.querySelector(sel)).filter(Boolean)
            .map(el => getComputedStyle(el).fontFamily)""")
        font_faces = pg.evaluate("""() => [...document.styleSheets].flatMap(sheet => {
            try { return [...sheet.cssRules].filter(r => r instanceof CSSFontFaceRule).map(r => r.cssText); }
            catch (e) { return ["unreadable stylesheet " + sheet.href]; } })""")
        # What Chromium really drew the Chinese text with: installed fonts, none downloaded.
        cdp = pg.context.new_cdp_session(pg)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "article p"})["nodeId"]
        used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        pg.context.close()
    assert len(families) == 5
    for family in families:
        names = [f.strip().strip('"') for f in family.split(",")]
        assert names[: len(SYSTEM_CJK_FONTS)] == list(SYSTEM_CJK_FONTS), family
        assert names[-1] == "sans-serif", family
    assert fonts_loaded == [] and font_faces == []
    assert used and not any(f["isCustomFont"] for f in used), used
    assert any("CJK" in f["familyName"] or f["familyName"] in SYSTEM_CJK_FONTS for f in used), used
