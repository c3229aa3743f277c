"""Campaign status as of as_of, at its boundaries: done in the scheduled week (Monday–Sunday) or
not; flag and report back on the Sunday of the following week or the Monday after; never back;
upcoming after as_of; the current flag holder; on-time rates; and the demo campaign."""

from __future__ import annotations

import pytest

import trees
from column import figures, pipeline
from conftest import CONTENT

# 2010-06-12 is a Saturday: its week runs Monday 06-07 to Sunday 06-13; flag and report are due
# back by Sunday 06-20 (the end of the following week).
SATURDAY = "2010-06-12"


def site(as_of: str) -> str:
    return trees.SITE.replace("as_of: 2010-12-15", f"as_of: {as_of}")


def campaign(date: str = SATURDAY, unit: str = "药监局", flag_relay: bool = True) -> str:
    return (
        f"title: 星期六义工服务日\nflag_relay: {'true' if flag_relay else 'false'}\n"
        f"schedule:\n  - unit: {unit}\n    date: {date}\n    places: [金桂苑]\n"
    )


def activity(
    date: str,
    returned: str | None = None,
    submitted: str | None = None,
    received: str = "2010-06-07",
    units: str = "[药监局]",
    in_campaign: bool = True,
) -> str:
    text = (
        f"title: 安全用药宣传\ndate: {date}\nunits: {units}\nplaces: [金桂苑]\nthemes: [和谐社会建设]\nmode: 集中服务\n"
    )
    if in_campaign:
        text += "campaign: 星期六义工服务日\n"
    text += f"flag:\n  received: {received}\n" + (f"  returned: {returned}\n" if returned else "")
    if submitted:
        text += f"report:\n  submitted: {submitted}\n"
    return text


def run(tmp_path, as_of="2010-12-15", act: str | None = None, **campaign_args):
    files = {
        "site.yml": site(as_of),
        "campaigns/yigongri.yml": campaign(**campaign_args),
        "activities/2010/yj-anquan.yml": act,
    }
    cat = trees.run(tmp_path, files).catalog
    [status] = figures.campaign_status(cat.get("campaign", "yigongri"), cat)
    return status, cat


@pytest.mark.parametrize(
    "date, done",
    [
        ("2010-06-07", True),  # Monday of the scheduled week
        (SATURDAY, True),
        ("2010-06-13", True),  # Sunday: still the same week
        ("2010-06-14", False),  # the Monday after: another week
        ("2010-06-06", False),  # the Sunday before
        ("{start: 2010-06-04, end: 2010-06-08}", True),  # a span reaching into the week
        ('"2010-06"', False),  # only the month is known: it cannot show which week
    ],
)
def test_done_only_when_an_activity_falls_in_the_scheduled_week(tmp_path, date, done):
    status, _ = run(tmp_path, act=activity(date, returned="2010-06-15", submitted="2010-06-15"))
    assert status.status == ("done" if done else "overdue")
    assert status.week_start.isoformat() == "2010-06-07" and status.week_end.isoformat() == "2010-06-13"
    assert (status.activity is not None) == done


def test_an_activity_outside_the_campaign_or_by_another_unit_does_not_count(tmp_path):
    status, _ = run(tmp_path, act=activity(SATURDAY, "2010-06-15", "2010-06-15", in_campaign=False))
    assert status.status == "overdue"
    status, _ = run(tmp_path / "other", act=activity(SATURDAY, "2010-06-15", "2010-06-15", units="[市农业局]"))
    assert status.status == "overdue"
    status, _ = run(tmp_path / "joint", act=activity(SATURDAY, "2010-06-15", "2010-06-15", units="[市农业局, 药监局]"))
    assert status.status == "done"


@pytest.mark.parametrize(
    "returned, submitted, status, flag_ok, report_ok",
    [
        ("2010-06-20", "2010-06-20", "done", True, True),  # Sunday of the following week: on time, at the limit
        ("2010-06-21", "2010-06-15", "late", False, True),  # the flag on the Monday after
        ("2010-06-15", "2010-06-21", "late", True, False),  # the report on the Monday after
        ("2010-06", "2010-06-15", "late", False, True),  # month-precise: judged by its last day
        (None, "2010-06-15", "late", False, True),  # the flag never came back
        ("2010-06-15", None, "late", True, False),  # no report
    ],
)
def test_late_when_flag_or_report_is_back_after_the_following_sunday(
    tmp_path, returned, submitted, status, flag_ok, report_ok
):
    s, _ = run(tmp_path, act=activity(SATURDAY, returned, submitted))
    assert (s.status, s.flag_on_time, s.report_on_time) == (status, flag_ok, report_ok)
    assert s.deadline.isoformat() == "2010-06-20"
    assert s.settled


def test_late_notes_give_the_dates_for_the_inspection_report(tmp_path):
    s, _ = run(tmp_path, act=activity(SATURDAY, returned="2010-06-21"))
    assert s.label == "已完成但迟交"
    assert s.notes == ["服务旗帜2010年6月21日交回，晚于2010年6月20日", "活动小结和照片至2010年6月20日仍未交回"]
    assert figures.inspection_list([s]) == [s]


def test_before_the_deadline_nothing_is_late_yet_and_the_unit_holds_the_flag(tmp_path):
    s, cat = run(tmp_path, as_of="2010-06-16", act=activity(SATURDAY))
    assert s.status == "done" and s.flag_on_time is None and s.report_on_time is None
    assert not s.settled and s.label == "已完成，旗帜或小结待交回"
    [holder] = figures.flag_holders(cat)
    assert [u["id"] for u in holder.units] == ["sy-yaojian"] and holder.days == 9  # received Monday 06-07
    tl = figures.unit_timeliness(cat.get("unit", "sy-yaojian"), [s])
    assert (tl.flag.due, tl.report.due) == (0, 0)  # not judged yet


def test_on_the_deadline_sunday_it_is_still_not_late(tmp_path):
    s, _ = run(tmp_path, as_of="2010-06-20", act=activity(SATURDAY))
    assert s.status == "done" and s.flag_on_time is None
    s, _cat = run(tmp_path / "monday", as_of="2010-06-21", act=activity(SATURDAY))
    assert s.status == "late" and s.flag_on_time is False and s.report_on_time is False


def test_a_returned_flag_has_no_holder(tmp_path):
    _, cat = run(tmp_path, as_of="2010-06-16", act=activity(SATURDAY, returned="2010-06-15"))
    assert figures.flag_holders(cat) == []
    # returned after as_of: still out on as_of
    _, cat = run(tmp_path / "later", as_of="2010-06-14", act=activity(SATURDAY, returned="2010-06-15"))
    assert [h.days for h in figures.flag_holders(cat)] == [7]


@pytest.mark.parametrize(
    "as_of, status",
    [
        ("2010-06-11", "upcoming"),  # the Friday before: scheduled after as_of
        ("2010-06-12", "due"),  # the day itself, nothing recorded yet
        ("2010-06-13", "due"),  # Sunday: the week has not passed
        ("2010-06-14", "overdue"),  # Monday after: the week passed with nothing
    ],
)
def test_upcoming_due_and_overdue_without_an_activity(tmp_path, as_of, status):
    s, _ = run(tmp_path, as_of=as_of)
    assert s.status == status and s.activity is None


def test_an_activity_dated_after_as_of_does_not_count_yet(tmp_path):
    s, _ = run(tmp_path, as_of="2010-06-11", act=activity(SATURDAY, "2010-06-15", "2010-06-15"))
    assert s.status == "upcoming"
    assert figures.next_scheduled([s]) == [s]


def test_overdue_counts_against_the_rates_once_its_deadline_passed(tmp_path):
    s, cat = run(tmp_path, as_of="2010-06-16")
    assert s.status == "overdue" and s.flag_on_time is None  # deadline 06-20 not passed
    s, cat = run(tmp_path / "later", as_of="2010-06-21")
    tl = figures.unit_timeliness(cat.get("unit", "sy-yaojian"), [s])
    assert (tl.flag.hits, tl.flag.due, str(tl.flag)) == (0, 1, "0%")
    assert s.notes == ["计划当周（2010年6月7日至13日）没有活动记录"]


def test_without_the_flag_relay_done_is_never_late(tmp_path):
    s, cat = run(tmp_path, act=activity(SATURDAY), flag_relay=False)
    assert s.status == "done" and s.deadline is None and s.settled and s.label == "已完成"
    assert figures.flag_holders(cat) == []
    tl = figures.unit_timeliness(cat.get("unit", "sy-yaojian"), [s])
    assert (tl.flag.due, tl.report.due) == (0, 0)


# The demo campaign (content/campaigns/sy-xingqiliu-yigongri.yml, as_of 2010-12-15) has every status.
DEMO_EXPECTED = [
    ("2010-04-17", "sy-jianshe", "done", True, True),
    ("2010-05-15", "sy-ribao", "done", True, True),  # the joint activity of five units
    ("2010-06-12", "sy-keji", "done", True, True),
    ("2010-07-10", "sy-nongye", "late", True, False),  # no report
    ("2010-08-14", "sy-sifa", "done", True, True),  # back on Sunday 08-22, the limit
    ("2010-08-28", "sy-renshe", "late", False, False),  # back on 09-08
    ("2010-09-11", "sy-jiaoyu", "overdue", False, False),
    ("2010-09-25", "sy-huanbao", "done", True, True),  # done on Sunday 09-26, same week
    ("2010-10-16", "sy-weisheng", "done", True, True),
    ("2010-11-13", "sy-gongxiao", "done", True, True),
    ("2010-12-11", "sy-yaojian", "done", None, None),  # holds the flag
    ("2010-12-18", "sy-zzb", "upcoming", None, None),
    ("2010-12-25", "sy-jgdgw", "upcoming", None, None),
]


@pytest.fixture(scope="module")
def demo():
    return pipeline.run(CONTENT).catalog


def test_demo_campaign_reproduces_every_expected_status(demo):
    statuses = figures.campaign_status(demo.get("campaign", "sy-xingqiliu-yigongri"), demo)
    got = [(s.date.iso, s.unit["id"], s.status, s.flag_on_time, s.report_on_time) for s in statuses]
    assert got == DEMO_EXPECTED
    assert [s.unit["id"] for s in figures.inspection_list(statuses)] == ["sy-nongye", "sy-renshe", "sy-jiaoyu"]
    assert [s.unit["id"] for s in figures.next_scheduled(statuses)] == ["sy-zzb", "sy-jgdgw"]
    [holder] = figures.flag_holders(demo)
    assert [u["id"] for u in holder.units] == ["sy-yaojian"] and holder.received.iso == "2010-12-06"
    assert holder.days == 9
