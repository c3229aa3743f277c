"""Figures judged as of a date other than the site's as_of (the office's 督查通报 and 工作简报), and
the figures only the office's documents show: activities of a period, a campaign's completion."""

from __future__ import annotations

import datetime as dt

import pytest

from column import figures, pipeline
from conftest import CONTENT
from test_campaign_status import DEMO_EXPECTED, SATURDAY, activity, run


@pytest.fixture(scope="module")
def demo():
    return pipeline.run(CONTENT).catalog


def test_the_default_is_the_sites_as_of(demo):
    c = demo.get("campaign", "sy-xingqiliu-yigongri")
    assert figures.campaign_status(c, demo) == figures.campaign_status(c, demo, demo.as_of)
    assert figures.follow_ups(demo) == figures.follow_ups(demo, demo.as_of)
    assert figures.flag_holders(demo) == figures.flag_holders(demo, demo.as_of)


def test_a_flag_returned_after_the_date_was_not_back_on_it(tmp_path):
    # Scheduled Saturday 06-12, due back Sunday 06-20; the flag came back on 06-24.
    act = activity(SATURDAY, returned="2010-06-24", submitted="2010-06-15")
    s, cat = run(tmp_path, act=act)
    assert (s.status, s.flag_on_time, s.notes) == ("late", False, ["服务旗帜2010年6月24日交回，晚于2010年6月20日"])
    c = cat.get("campaign", "yigongri")
    [before_deadline] = figures.campaign_status(c, cat, dt.date(2010, 6, 18))
    assert (before_deadline.status, before_deadline.flag_on_time, before_deadline.report_on_time) == (
        "done",
        None,
        True,
    )
    assert not before_deadline.settled
    [after_deadline] = figures.campaign_status(c, cat, dt.date(2010, 6, 22))
    assert (after_deadline.status, after_deadline.flag_on_time) == ("late", False)
    assert after_deadline.notes == ["服务旗帜至2010年6月20日仍未交回"]  # on 06-22 it was still out
    assert [h.days for h in figures.flag_holders(cat, dt.date(2010, 6, 22))] == [15]
    assert figures.flag_holders(cat, dt.date(2010, 6, 24)) == []


def test_the_demo_campaign_as_of_an_earlier_date(demo):
    c = demo.get("campaign", "sy-xingqiliu-yigongri")
    # 2010-09-07: 人社局's flag (due 09-05) came back on 09-08, so it was still out; 教育局 (09-11) upcoming.
    statuses = figures.campaign_status(c, demo, dt.date(2010, 9, 7))
    got = {s.unit["id"]: (s.status, s.flag_on_time, s.report_on_time) for s in statuses}
    assert got["sy-renshe"] == ("late", False, False)
    assert got["sy-jiaoyu"] == ("upcoming", None, None)
    assert got["sy-jianshe"] == DEMO_EXPECTED[0][2:]
    renshe = next(s for s in statuses if s.unit["id"] == "sy-renshe")
    assert renshe.notes == ["服务旗帜至2010年9月5日仍未交回", "活动小结和照片至2010年9月5日仍未交回"]
    [holder] = figures.flag_holders(demo, dt.date(2010, 9, 7))
    assert [u["id"] for u in holder.units] == ["sy-renshe"] and holder.days == 15


def test_follow_ups_as_of_an_earlier_date(demo):
    # The 2010-Q2 item was opened 04-04 and resolved 05-20; the Q4 item opened 10-03.
    open_items, resolved = figures.follow_ups(demo, dt.date(2010, 5, 1))
    assert [(f.activity["id"], f.days) for f in open_items] == [("sy-guoshui-2010q2", 27)]
    assert resolved == []
    open_items, resolved = figures.follow_ups(demo, dt.date(2010, 6, 30))
    assert open_items == [] and [f.activity["id"] for f in resolved] == ["sy-guoshui-2010q2"]


def test_in_period_counts_by_start_date_as_years_and_months_do(demo):
    acts = demo.activities
    year = figures.in_period(acts, dt.date(2010, 1, 1), dt.date(2010, 12, 31))
    assert {a["id"] for a in year} == {a["id"] for a in figures.in_year(acts, 2010)}
    assert year == figures.chronological(year)
    june = figures.in_period(acts, dt.date(2010, 6, 1), dt.date(2010, 6, 30))
    assert {a["id"] for a in june} == {a["id"] for a in acts if figures.month_of(a) == (2010, 6)}
    assert "yc-zaizhi-zaice" in {a["id"] for a in june}  # month-precise (2010-06): counted in June
    q3 = figures.in_period(figures.counted(demo), dt.date(2010, 7, 1), dt.date(2010, 9, 30))
    assert "yc-shihe-zhishou" in {a["id"] for a in q3}  # the 世合赛 duty from 07-15: counted where it starts


def test_completion_counts_done_and_late_out_of_what_is_due(demo):
    statuses = figures.campaign_status(demo.get("campaign", "sy-xingqiliu-yigongri"), demo)
    rate = figures.completion(statuses)
    assert (rate.hits, rate.due, str(rate)) == (10, 11, "91%")  # 8 done + 2 late of 11; 2 upcoming
    assert figures.completion([]).percent is None
