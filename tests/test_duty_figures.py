"""Duty rosters' figures against a roster worked out by hand: coverage per unit and overall,
gaps, upcoming days, 人次 with an approximate day, person-hours, the campaign counted once as an
activity, its shares for units and places, and named people's hours in their record and stars."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import trees
from column import figures
from column.values import Quantity

PLACES = trees.PLACES + "- id: yinxing\n  name: 银杏社区\n  kind: 社区\n  parent: shangyu\n"
UNITS = """\
- id: sy-nongye
  name: 上虞市农业局
  short: 市农业局
  region: shangyu
  paired_places: [yinxing]
- id: sy-yaojian
  name: 上虞市食品药品监督管理局
  short: 药监局
  aliases: [市药监局]
  region: shangyu
  paired_places: [jingui, yinxing]
"""
# Ten days, 2 people a unit a day, 6 hours a person; as_of 2010-12-15: six days so far, four to come.
CAMPAIGN = """\
title: 冬季结对社区值守
units: [药监局, 市农业局]
duty: {start: 2010-12-10, end: 2010-12-19, per_day: 2, hours: 6}
"""
ROSTER = """\
- date: 2010-12-10        # covered: two named, 2 × 6 h
  who: [王芳, 赵磊]
- date: 2010-12-11        # covered: 3多 people (one named), 3 × 6 h
  people: 3多
  who: [王芳]
- date: 2010-12-12        # a gap: one person (4 h) where two are due
  people: 1
  who: [赵磊]
  hours: 4
- date: 2010-12-13        # covered, at the other paired place
  people: 2
  place: 银杏社区
- date: 2010-12-15        # a gap: nobody recorded yet (as the scaffold writes a day)
  who: []
- date: 2010-12-16        # upcoming: planned, not counted
  people: 2
"""
FILES = {
    "site.yml": trees.SITE + "star_levels: [10, 20]\n",
    "places.yml": PLACES,
    "units.yml": UNITS,
    "volunteers/wang-fang.md": trees.volunteer("王芳", publish=True),
    "volunteers/zhao-lei.md": trees.volunteer("赵磊"),
    "campaigns/dongji.yml": CAMPAIGN,
    "campaigns/dongji/duty/sy-yaojian.yml": ROSTER,
}


@pytest.fixture(scope="module")
def cat(tmp_path_factory):
    return trees.run(tmp_path_factory.mktemp("duty"), FILES).catalog


def test_coverage_gaps_and_upcoming_days_per_unit(cat):
    cov = figures.duty_coverage(cat.get("campaign", "dongji"), cat)
    assert (cov.days, cov.so_far, cov.per_day, cov.hours) == (10, 6, 2, Decimal(6))
    yaojian, nongye = cov.units
    assert yaojian.unit["id"] == "sy-yaojian" and nongye.unit["id"] == "sy-nongye"  # the campaign's order
    assert [d.state for d in yaojian.days] == ["covered", "covered", "gap", "covered", "gap", "gap"] + ["upcoming"] * 4
    assert [d.date.day for d in yaojian.gaps] == [12, 14, 15]  # the 14th: nothing recorded at all
    assert (yaojian.so_far, yaojian.covered, yaojian.upcoming) == (6, 3, 4)
    assert (str(yaojian.coverage), yaojian.coverage.hits, yaojian.coverage.due) == ("50%", 3, 6)
    # a unit without a roster: every day so far a gap, nothing served
    assert (nongye.covered, len(nongye.gaps), nongye.upcoming, str(nongye.coverage)) == (0, 6, 4, "0%")
    assert nongye.person_days == Quantity(0) and nongye.roster is None
    assert [d.place["id"] for d in nongye.days[:1]] == ["yinxing"]  # its first paired place


def test_person_days_keep_more_than_and_hours_count_each_person(cat):
    cov = figures.duty_coverage(cat.get("campaign", "dongji"), cat)
    yaojian = cov.units[0]
    assert str(yaojian.person_days) == "8多"  # 2 + 3多 + 1 + 2 (+ 0); the 16th is still to come
    assert yaojian.person_hours == Decimal(46)  # 2×6 + 3×6 + 1×4 + 2×6
    assert (cov.covered, len(cov.gaps), cov.upcoming) == (3, 9, 8)
    assert (str(cov.coverage), cov.coverage.due) == ("25%", 12)  # 3 covered of 2 units × 6 days
    assert (str(cov.person_days), cov.person_hours) == ("8多", Decimal(46))
    assert [u.unit["id"] for u in cov.with_gaps] == ["sy-nongye", "sy-yaojian"]  # most gaps first


def test_the_campaign_counts_once_as_an_activity_in_the_month_it_starts(cat):
    total = figures.totals(figures.counted(cat))
    assert (total.activities, str(total.participants), total.person_hours) == (2, "8多", Decimal(46))
    assert figures.totals(cat.activities).activities == 1  # the base tree's activity
    months = figures.breakdown(figures.counted(cat), "month")
    assert months[(2010, 12)].activities == 1 and str(months[(2010, 12)].participants) == "8多"
    [service] = [a for a in figures.counted(cat) if isinstance(a, figures.DutyService)]
    assert service.record is cat.get("campaign", "dongji") and service.date.zh == "2010年12月10日至19日"
    assert figures.breakdown(figures.counted(cat), "theme").keys() == {"hexie-shehui"}  # no theme, no mode


def test_units_and_places_count_their_own_share(cat):
    by_unit = figures.breakdown(figures.counted(cat), "unit")
    assert set(by_unit) == {"sy-yaojian"}  # the unit with nobody on duty counts no activity
    assert (by_unit["sy-yaojian"].activities, str(by_unit["sy-yaojian"].participants)) == (2, "8多")
    by_place = figures.breakdown(figures.counted(cat), "place")
    # 金桂苑: the activity, and the 10th–12th (2 + 3多 + 1 people, 12 + 18 + 4 h); 银杏社区: the 13th
    assert (by_place["jingui"].activities, str(by_place["jingui"].participants)) == (2, "6多")
    assert by_place["jingui"].person_hours == Decimal(34)
    assert (by_place["yinxing"].activities, str(by_place["yinxing"].participants)) == (1, "2")
    assert (by_place["shangyu"].activities, str(by_place["shangyu"].participants)) == (2, "8多")
    unit = cat.get("unit", "sy-yaojian")
    assert figures.totals(figures.counted_for(unit, cat)) == by_unit["sy-yaojian"]
    assert figures.totals(figures.counted_for(cat.get("place", "yinxing"), cat)) == by_place["yinxing"]
    assert figures.totals(figures.counted_for(cat.get("campaign", "dongji"), cat)).activities == 1
    assert [uf.totals.activities for uf in figures.unit_figures(cat)] == [0, 2]


def test_named_peoples_hours_count_toward_their_record_and_stars(cat):
    wang, zhao = cat.get("volunteer", "wang-fang"), cat.get("volunteer", "zhao-lei")
    [entry] = figures.service_record(wang, cat)
    assert (entry.hours, entry.role, entry.activity["title"]) == (Decimal(12), "值守2天", "冬季结对社区值守")
    assert entry.activity.date.zh == "2010年12月10日至11日"  # the days they served
    assert figures.volunteer_hours(wang, cat) == Decimal(12)
    assert figures.star_level(figures.volunteer_hours(wang, cat), figures.star_levels(cat.site)) == 1
    # an unpublished volunteer is counted the same way (pages never name them)
    assert figures.volunteer_hours(zhao, cat) == Decimal(10)  # 6 h on the 10th, 4 h on the 12th


def test_judged_as_of_another_day(cat):
    c = cat.get("campaign", "dongji")
    cov = figures.duty_coverage(c, cat, dt.date(2010, 12, 12))
    assert (cov.so_far, cov.covered, len(cov.gaps), cov.upcoming) == (3, 2, 4, 14)
    assert str(cov.person_days) == "6多"
    early = figures.duty_coverage(c, cat, dt.date(2010, 12, 1))
    assert (early.so_far, str(early.coverage), early.upcoming) == (0, "—", 20)
    assert figures.counted(cat, dt.date(2010, 12, 1)) == cat.activities  # nobody has served yet
    assert figures.duty_coverage(c, cat).so_far == 6  # the catalog's as_of is kept apart


def test_a_campaign_without_duty_has_no_coverage(cat, tmp_path):
    assert figures.duty_coverage({"id": "none"}, cat) is None
    plain = trees.run(tmp_path, {}).catalog
    assert figures.duty_coverages(plain) == [] and figures.counted(plain) == plain.activities
