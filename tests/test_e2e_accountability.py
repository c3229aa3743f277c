"""End to end on the demo site: every total printed on a page is the one figures.py computes from
the demo content; the campaign board, charts (without JavaScript) and downloads in Chromium."""

from __future__ import annotations

import html
import io
import re
import urllib.request

import openpyxl
import pytest

from column import figures, pipeline
from column.values import format_hours
from conftest import CONTENT

FIG = re.compile(r'<span data-fig="([^"]+)">([^<]*)</span>')
METRICS = {"activities": "activities", "participants": "participants", "hours": "person_hours", "served": "served"}


@pytest.fixture(scope="module")
def demo():
    return pipeline.run(CONTENT).catalog


def _shown(value) -> str:
    return format_hours(value) if hasattr(value, "as_tuple") else str(value)


class Expected:
    """The figure a data-fig key names, computed here straight from figures.py."""

    def __init__(self, cat):
        self.cat = cat
        self.statuses = figures.all_statuses(cat)
        self.open, self.resolved = figures.follow_ups(cat)
        self.honours = {h.rec["id"]: h for h in figures.honours(cat)}

    def activities(self, scope: str) -> list:
        acts = figures.counted(self.cat)  # activities, and each duty campaign once
        if scope == "all":
            return acts
        kind, _, rest = scope.partition(":")
        if kind == "year":
            return figures.in_year(acts, int(rest))
        if kind == "month":
            year, month = map(int, rest.split("-"))
            return [a for a in acts if figures.month_of(a) == (year, month)]
        ident, _, year = rest.partition("@")
        found = figures.counted_for(self.cat.get(kind, ident), self.cat)
        return figures.in_year(found, int(year)) if year else found

    def __call__(self, key: str) -> str:
        scope, _, metric = key.rpartition("/")
        kind, _, rest = scope.partition(":")
        if kind == "holder":
            [holder] = [h for h in figures.flag_holders(self.cat) if h.activity["id"] == rest]
            return str(holder.days)
        if scope == "follow-ups":
            return str(len(self.open if metric == "open" else self.resolved))
        if kind == "follow-up":
            [item] = [f for f in self.open + self.resolved if f.key == rest]
            return str(item.days)
        if kind == "honours":
            h = self.honours[rest]
            return str({"units": len(h.units), "volunteers": h.volunteer_count, "unpublished": h.unpublished}[metric])
        if kind == "campaign" and (metric == "scheduled" or metric.startswith("status:")):
            statuses = figures.campaign_status(self.cat.get("campaign", rest), self.cat)
            if metric == "scheduled":
                return str(len(statuses))
            return str(figures.status_counts(statuses)[metric.split(":")[1]])
        if kind == "unit" and metric.startswith(("flag-", "report-")):
            ident, _, year = rest.partition("@")
            tl = figures.unit_timeliness(self.cat.get("unit", ident), self.statuses, int(year) if year else None)
            which, _, what = metric.partition("-")
            rate = tl.flag if which == "flag" else tl.report
            return str({"rate": rate, "on-time": rate.hits, "due": rate.due}[what])
        if kind == "duty":
            return self.duty(rest, metric)
        if metric == "direct":
            return str(len(self.cat.activities_of.get((kind, rest), [])))
        return _shown(getattr(figures.totals(self.activities(scope)), METRICS[metric]))

    def duty(self, rest: str, metric: str) -> str:
        """duty:<campaign>/<metric> and duty:<campaign>.<unit>/<metric>."""
        ident, _, unit = rest.partition(".")
        cov = figures.duty_coverage(self.cat.get("campaign", ident), self.cat)
        if unit:
            u = cov.of(self.cat.get("unit", unit))
            value = {
                "covered": u.covered,
                "so-far": u.so_far,
                "gaps": len(u.gaps),
                "coverage": u.coverage,
                "person-days": u.person_days,
                "hours": u.person_hours,
            }[metric]
        else:
            value = {
                "units": len(cov.units),
                "days": cov.days,
                "per-day": cov.per_day,
                "so-far": cov.so_far,
                "covered": cov.covered,
                "gaps": len(cov.gaps),
                "upcoming": cov.upcoming,
                "coverage": cov.coverage,
                "units-with-gaps": len(cov.with_gaps),
                "person-days": cov.person_days,
                "hours": cov.person_hours,
            }[metric]
        return _shown(value)


def printed_figures(site) -> dict[str, list[tuple[str, str]]]:
    out = {}
    for path in sorted(site.rglob("*.html")):
        found = FIG.findall(path.read_text(encoding="utf-8"))
        if found:
            out[str(path.relative_to(site))] = [(html.unescape(k), html.unescape(v)) for k, v in found]
    return out


def test_every_total_printed_is_the_one_figures_computed(demo_site, demo):
    expected = Expected(demo)
    printed = printed_figures(demo_site)
    wrong = [
        (page, key, shown, expected(key))
        for page, found in printed.items()
        for key, shown in found
        if shown != expected(key)
    ]
    assert wrong == []
    # every page type that prints totals wraps them, so the check above covers them
    for page in (
        "index.html",
        "units/index.html",
        "units/sy-yaojian/index.html",
        "places/index.html",
        "places/shangyu/index.html",
        "themes/index.html",
        "themes/hexie-shehui/index.html",
        "modes/jizhong/index.html",
        "campaigns/index.html",
        "campaigns/sy-xingqiliu-yigongri/index.html",
        "campaigns/yc-shihe-zhishou/index.html",
        "units/yc-chengguan/index.html",
        "chronicle/2010/index.html",
        "follow-ups/index.html",
        "honours/index.html",
        "honours/2010/index.html",
        "stats/index.html",
        "stats/2010/index.html",
    ):
        assert printed.get(page), page
    assert sum(len(found) for found in printed.values()) > 500


def test_demo_totals_keep_more_than_and_count_joint_activities_once(demo_site, demo):
    stats = (demo_site / "stats/index.html").read_text(encoding="utf-8")
    total = figures.totals(figures.counted(demo))
    assert f'<span data-fig="all/participants">{total.participants}</span>' in stats
    assert str(total.participants).endswith("多") and str(total.served).endswith("多")
    by_unit = figures.breakdown(figures.counted(demo), "unit")
    # every activity once, and the duty campaign (世合赛) once
    assert sum(t.activities for t in by_unit.values()) > total.activities == len(demo.activities) + 1


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    return page


DEMO_ROWS = [  # scheduled date, unit (short name), status label as shown on the campaign page
    ("2010年4月17日", "建设局", "按时完成"),
    ("2010年5月15日", "日报社", "按时完成"),
    ("2010年6月12日", "科技局", "按时完成"),
    ("2010年7月10日", "农业局", "已完成但迟交"),
    ("2010年8月14日", "司法局", "按时完成"),
    ("2010年8月28日", "人力社保局", "已完成但迟交"),
    ("2010年9月11日", "教育局", "逾期未开展"),
    ("2010年9月25日", "环保局", "按时完成"),
    ("2010年10月16日", "卫生局", "按时完成"),
    ("2010年11月13日", "供销总社", "按时完成"),
    ("2010年12月11日", "药监局", "已完成，旗帜或小结待交回"),
    ("2010年12月18日", "市委组织部", "待开展"),
    ("2010年12月25日", "市直机关党工委", "待开展"),
]


@pytest.mark.browser
def test_campaign_board_in_the_browser(page, site_url):
    visit(page, site_url + "campaigns/sy-xingqiliu-yigongri/")
    table = page.locator("article table").filter(has_text="计划日期").first
    rows = [
        [c.strip() for c in r]
        for r in table.locator("tbody tr").evaluate_all(
            "rows => rows.map(r => Array.from(r.cells).map(c => c.innerText))"
        )
    ]
    assert [(r[0], r[1], r[3]) for r in rows] == DEMO_ROWS
    text = page.locator("article").inner_text()
    holder = text.split("当前持旗单位", 1)[1]
    assert holder.lstrip().startswith("上虞市食品药品监督管理局：2010年12月6日领取旗帜，已持旗9天")
    inspection = text.split("督查通报", 1)[1].split("活动统计", 1)[0]
    assert [u for u in ("农业局", "人力资源和社会保障局", "教育局", "司法局", "药监") if u in inspection] == [
        "农业局",
        "人力资源和社会保障局",
        "教育局",
    ]
    assert page.console_errors == [] and page.external_requests == []


@pytest.mark.browser
def test_home_shows_flag_holder_and_next_units(page, site_url):
    visit(page, site_url)
    relay = page.locator(".column-relay").inner_text()
    # the baton track: who gave the flag back, who holds it and since when, who is next
    assert "持旗中 上虞市食品药品监督管理局\n2010年12月6日领旗，已持旗9天" in relay
    assert relay.index("已交旗 上虞市供销合作总社") < relay.index("持旗中")
    assert relay.index("下一棒 中共上虞市委组织部\n2010年12月18日") < relay.index(
        "再下一棒 中共上虞市直属机关工作委员会"
    )


@pytest.mark.browser
def test_charts_read_without_javascript(browser, site_url):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    try:
        pg = context.new_page()
        assert pg.goto(site_url + "stats/2010/").status == 200
        charts = pg.locator("svg[role=img]")
        assert charts.count() == 3  # month, theme, mode
        first = charts.first
        assert first.is_visible() and first.bounding_box()["height"] > 100
        assert pg.locator("svg[role=img] title").first.text_content() == "2010年各月服务活动次数"
        assert pg.get_by_role("img", name="2010年各月服务活动次数").count() == 1
        assert pg.locator("article table").count() >= 3
        # the figures per unit and per region: a page of their own, linked from this one
        pg.get_by_role("link", name="2010年数据：各单位和各地区").click()
        assert pg.locator("h1").text_content() == "2010年数据：各单位和各地区"
        assert pg.locator("svg[role=img]").count() == 2 and pg.locator("article table").count() >= 2
        assert pg.locator("svg[role=img]").first.is_visible()
    finally:
        context.close()


@pytest.mark.browser
def test_downloads_are_linked_from_the_stats_page_and_served(page, site_url):
    visit(page, site_url + "stats/")
    links = page.locator("article a[href*='downloads/']")
    hrefs = sorted(links.evaluate_all("links => links.map(a => a.href)"))
    assert [h.rsplit("/", 1)[1] for h in hrefs] == [
        "activities.csv",
        "activities.json",
        "assessment-2010.xlsx",
        "units.csv",
        "units.json",
    ]
    for href in hrefs:
        with urllib.request.urlopen(href) as response:
            data = response.read()
        assert response.status == 200 and data
        if href.endswith(".xlsx"):
            ws = openpyxl.load_workbook(io.BytesIO(data)).active
            names = [row[0] for row in ws.iter_rows(min_row=3, values_only=True)]
            assert "上虞市建设局" in names and names[-1] == "合计（联合活动只计一次）"
        else:  # the unpublished sample people; test_downloads looks inside the XLSX too
            text = data.decode("utf-8-sig")
            assert "孙美芳" not in text and "赵磊" not in text
            assert ("周虹" in text) == ("activities" in href)  # published volunteers are named
