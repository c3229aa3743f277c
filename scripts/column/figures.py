"""Every figure the site shows is computed here, once, from the catalog. Pages only display.

Definitions (统计口径, also in the README):
- participants (人次) of an activity: ``participants.total``; else the sum of its groups; else
  the number of named volunteers.
- person-hours (服务时长): each named volunteer's own hours, else the activity's ``hours``;
  plus the unnamed participants (participants − named) × ``hours`` when ``hours`` is given.
- a volunteer's cumulative hours: the sum over the activities naming them.
- star level: the number of thresholds in ``star_levels`` reached (threshold inclusive).
- aggregates (per unit, place, theme, mode, year, month) count each activity once per key and
  once in any total; places roll up the places below them; campaign status, the flag relay,
  on-time rates and follow-up ages are judged as of ``catalog.as_of`` (or, for the office's
  documents, as of another date passed as ``as_of``: what was dated after it is not known yet).
- the heartbeat (更新于): the newest date among published records of a dated kind (stories,
  activities, honours); a column is late when its newest story is more than ``update_every``
  days before ``as_of``.
- duty rosters (值守): each unit of a duty campaign, each day of its period: covered (at least
  ``per_day`` people), a gap (fewer, or nothing recorded) on or before ``as_of``, upcoming after
  it. Coverage = covered days ÷ days so far, per unit; overall, covered unit-days ÷ (units ×
  days so far). Each person on a day so far is one 人次 and the day's hours; the campaign
  counts as ONE activity (:class:`DutyService`, in the month its duty starts) once someone has
  served: ``counted`` and ``counted_for`` are what totals sum (activities, and these), and a
  named person's duty hours are in their service record, hours and stars.

``DEFINITIONS`` at the end says all of it in Chinese for readers (数据 page, XLSX, README).
"""

from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from . import model
from .model import DEFAULT_DUTY_HOURS, DEFAULT_DUTY_PER_DAY, DEFAULT_STAR_LEVELS
from .records import Obj, Record
from .values import ZERO, Date, Quantity, When, week_monday


def named(activity: Record) -> list:
    return [v for v in activity.get("volunteers") or [] if v.get("who") is not None]


def participants(activity: Record) -> Quantity:
    if type(activity) is DutyService:
        return activity.people
    p = activity.get("participants") or {}
    if p.get("total") is not None:
        return p["total"]
    if p.get("groups"):
        return sum(p["groups"].values(), ZERO)
    return Quantity(len(named(activity)))


def volunteer_hours_in(activity: Record, entry) -> Decimal:
    own = entry.get("hours")
    if own is not None:
        return own
    return activity.get("hours") or Decimal(0)


def person_hours(activity: Record) -> Decimal:
    if type(activity) is DutyService:
        return activity.hours
    people = named(activity)
    total = sum((volunteer_hours_in(activity, v) for v in people), Decimal(0))
    if activity.get("hours") is not None:
        unnamed = max(participants(activity).value - len(people), 0)
        total += unnamed * activity["hours"]
    return total


def served(activity: Record) -> Quantity:
    if type(activity) is DutyService:
        return ZERO  # a duty day records who served, not whom
    return activity.get("served") or ZERO


@dataclass(frozen=True)
class Totals:
    activities: int
    participants: Quantity
    person_hours: Decimal
    served: Quantity


# id(activity) → (activity, the values its figures depend on, its volunteers, the figures)
_FIGURES: dict[int, tuple] = {}
_FIGURES_MAX = 1 << 16


def _own_figures(activity: Record) -> tuple[Quantity, Decimal, Quantity]:
    """One activity's participants, person-hours and people served, computed once: pages sum the
    same activity into many totals (each unit, each place up the tree, each year...)."""
    # Kept with the record and the very values the figures depend on (records and their parts
    # compare by identity), so a record edited in place (live preview) is computed afresh. A
    # dict by id() instead of lru_cache: hashing records (Python-level __hash__) cost more
    # than the figures.
    if type(activity) is DutyService:
        return activity.people, activity.hours, ZERO
    get = activity.get
    inputs = (get("participants"), get("hours"), get("served"))
    volunteers = get("volunteers") or []
    hit = _FIGURES.get(id(activity))
    if hit is not None and hit[0] is activity and hit[1] == inputs and hit[2] == volunteers:
        return hit[3]
    figures = participants(activity), person_hours(activity), served(activity)
    if len(_FIGURES) >= _FIGURES_MAX:
        _FIGURES.clear()
    _FIGURES[id(activity)] = (activity, inputs, list(volunteers), figures)
    return figures


def sum_quantities(quantities) -> Quantity:
    """The sum of quantities; approximate (多) as soon as one part is."""
    values, approx = 0, False
    for q in quantities:
        values += q.value
        approx = approx or q.approx
    return Quantity(values, approx, "多" if approx else "")


def totals(activities) -> Totals:
    """Totals over distinct activities (a multi-unit activity counts once)."""
    # sum_quantities and sum() of the three figures in one pass (the same sums, in the same order).
    distinct = {id(a): a for a in activities}
    people = served_count = 0
    people_approx = served_approx = False
    hours = Decimal(0)
    for a in distinct.values():
        p, h, s = _own_figures(a)
        people += p.value
        people_approx = people_approx or p.approx
        hours += h
        served_count += s.value
        served_approx = served_approx or s.approx
    return Totals(
        activities=len(distinct),
        participants=Quantity(people, people_approx, "多" if people_approx else ""),
        person_hours=hours,
        served=Quantity(served_count, served_approx, "多" if served_approx else ""),
    )


@dataclass(frozen=True)
class ServiceEntry:
    activity: Record
    hours: Decimal
    role: str | None


def service_record(volunteer: Record, catalog) -> list[ServiceEntry]:
    """A volunteer's activities with their hours, oldest first; a duty campaign they served in
    is one entry (a :class:`DutyService` of their days so far, their hours summed)."""
    out = []
    for a in catalog.activities_of.get(("volunteer", volunteer["id"]), []):
        for entry in named(a):
            if entry["who"] is volunteer:
                out.append(ServiceEntry(a, volunteer_hours_in(a, entry), entry.get("role")))
    duty = _duty(catalog).volunteers.get(volunteer["id"])
    if duty:
        out += [ServiceEntry(s, sum((d.hours for d in s.days), Decimal(0)), f"值守{len(s.days)}天") for s in duty]
        out.sort(key=lambda e: (e.activity["date"].sort_key, e.activity["id"]))
    return out


def volunteer_hours(volunteer: Record, catalog) -> Decimal:
    return sum((e.hours for e in service_record(volunteer, catalog)), Decimal(0))


def star_levels(site: Record) -> tuple:
    return tuple(site.get("star_levels") or (Decimal(x) for x in DEFAULT_STAR_LEVELS))


def star_level(hours: Decimal, levels) -> int:
    """Number of thresholds reached; a threshold itself counts (100 h → 1 star)."""
    return sum(1 for threshold in levels if hours >= threshold)


# ---------------------------------------------------------------------------------------------
# Aggregates: by year, month, unit, place (rolled up), theme, mode.


def chronological(activities) -> list[Record]:
    return sorted(activities, key=lambda a: (a["date"].sort_key, a["id"]))


def in_year(activities, year: int) -> list[Record]:
    """Activities counted in ``year``: those that start in it (a span is counted where it starts)."""
    return [a for a in activities if a["date"].start.year == year]  # When.year, without the property call


def in_period(activities, first: dt.date, last: dt.date) -> list[Record]:
    """Activities counted in the period ``first``–``last`` (whole months: a year, a quarter, a
    month), oldest first: those whose start falls in it, as ``in_year`` and ``month_of`` count
    them (a month-precise date counts in its month)."""
    return chronological(a for a in activities if first <= a["date"].start.first <= last)


def years(activities) -> list[int]:
    return sorted({a["date"].year for a in activities})


def month_of(activity: Record) -> tuple[int, int]:
    start = activity["date"].start  # When.year and When.month, without the property calls
    return (start.year, start.month)


def ancestors(place: Record) -> list[Record]:
    """The place and every place above it, nearest first (loops are rejected by relate)."""
    out, seen = [], set()
    while place is not None and place["id"] not in seen:
        seen.add(place["id"])
        out.append(place)
        place = place.get("parent")
    return out


def place_keys(activity: Record) -> list[str]:
    """Ids of every place an activity counts for: its places and all places above them."""
    return list(dict.fromkeys(p["id"] for place in activity["places"] for p in ancestors(place)))


KEYS = {
    "year": lambda a: [a["date"].start.year],
    "month": lambda a: [month_of(a)],
    "unit": lambda a: [u["id"] for u in a["units"]],
    "place": place_keys,
    "theme": lambda a: [t["id"] for t in a["themes"]],
    "mode": lambda a: [a["mode"]["id"]] if a.get("mode") else [],
    "campaign": lambda a: [a["campaign"]["id"]] if a.get("campaign") else [],
}


def group(activities, by: str) -> dict:
    """Key → the distinct activities counting for it (one activity may count for several keys).
    A duty campaign counts for each unit and place with that unit's or place's own days."""
    out: dict = {}
    for a in activities:
        if type(a) is DutyService and by in DutyService.SHARED:
            for key, part in a.parts(by):
                out.setdefault(key, []).append(part)
            continue
        for key in dict.fromkeys(KEYS[by](a)):
            out.setdefault(key, []).append(a)
    return dict(sorted(out.items()))


def breakdown(activities, by: str) -> dict:
    """Key → Totals. A multi-unit (multi-place, multi-theme) activity counts for each key."""
    return {key: totals(acts) for key, acts in group(activities, by).items()}


def activities_for(rec: Record, catalog) -> list[Record]:
    """The activities a unit, place (rolled up from the places below), theme, mode or campaign
    counts, oldest first, each once."""
    if rec["kind"] == "place":
        return [a for a in chronological(catalog.activities) if rec["id"] in place_keys(a)]
    return list(catalog.activities_of.get((rec["kind"], rec["id"]), []))


def counted(catalog, as_of: dt.date | None = None) -> list:
    """What the column's totals count: every activity, and each duty campaign once (its
    :class:`DutyService`) once someone has served in it by ``as_of`` (default the catalog's).
    Not in date order (see ``chronological``)."""
    services = _duty(catalog, as_of).services
    return catalog.activities + services if services else catalog.activities


def counted_for(rec: Record, catalog) -> list:
    """What a unit, place (rolled up), theme, mode or campaign counts, oldest first: its
    activities, and its share of each duty campaign (a unit's or a place's own duty days; a
    campaign, itself). Themes and modes count no duty."""
    acts = activities_for(rec, catalog)
    if rec["kind"] not in ("unit", "place", "campaign"):
        return acts
    shares = []
    for s in _duty(catalog).services:
        if rec["kind"] == "campaign":
            shares += [s] if s.campaign is rec else []
        else:
            shares += [part for key, part in s.parts(rec["kind"]) if key == rec["id"]]
    return chronological(acts + shares) if shares else acts


# ---------------------------------------------------------------------------------------------
# Campaigns: the schedule against what was done, and the flag relay (服务旗帜接传).

WEEK = dt.timedelta(days=7)
STATUS_LABELS = {
    "done": "已完成",
    "late": "已完成但迟交",
    "overdue": "逾期未开展",
    "due": "本周待开展",
    "upcoming": "待开展",
}
STATUS_ORDER = ("done", "late", "overdue", "due", "upcoming")


def week_of(date: Date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of a scheduled date's week (a month-precise date: of the weeks of that month)."""
    return week_monday(date.first), week_monday(date.last) + dt.timedelta(days=6)


def came_back_on_time(back: Date | None, deadline: dt.date, as_of: dt.date) -> bool | None:
    """True/False once known; None while the deadline has not passed and nothing came back.
    A month-precise date counts as its last day (on time only if surely on time)."""
    if back is not None:
        return back.last <= deadline
    return False if as_of > deadline else None


def known_by(date: Date | None, as_of: dt.date) -> Date | None:
    """A date recorded for something (a flag returned, a report submitted, a problem solved) as
    known on ``as_of``: None when it is after ``as_of`` (not happened yet on that day)."""
    return date if date is not None and date.first <= as_of else None


@dataclass(frozen=True)
class EntryStatus:
    """One scheduled turn of a campaign, judged as of ``as_of``."""

    campaign: Record
    entry: Obj
    number: int  # position in the schedule, from 1
    week_start: dt.date
    week_end: dt.date
    deadline: dt.date | None  # Sunday of the following week, under the flag relay
    status: str  # one of STATUS_ORDER
    activity: Record | None  # the activity that did it
    flag_on_time: bool | None  # None: not judged yet, or no flag relay
    report_on_time: bool | None
    as_of: dt.date | None = None  # the day it was judged on

    @property
    def unit(self) -> Record:
        return self.entry["unit"]

    @property
    def date(self) -> Date:
        return self.entry["date"]

    @property
    def flag(self) -> Obj:
        return (self.activity.get("flag") if self.activity else None) or Obj(received=None, returned=None)

    @property
    def report(self) -> Obj:
        return (self.activity.get("report") if self.activity else None) or Obj(submitted=None)

    @property
    def due_by(self) -> Date | None:
        """The deadline as a content date (for display)."""
        return Date.of(self.deadline) if self.deadline else None

    @property
    def settled(self) -> bool:
        return self.deadline is None or (self.flag_on_time is not None and self.report_on_time is not None)

    @property
    def label(self) -> str:
        if self.status == "done" and self.deadline is not None:
            return "按时完成" if self.settled else "已完成，旗帜或小结待交回"
        return STATUS_LABELS[self.status]

    @property
    def notes(self) -> list[str]:
        """Why an entry is late or overdue, in Chinese, for the 督查通报."""
        out = []
        if self.status == "overdue":
            week = When(Date.of(self.week_start), Date.of(self.week_end))
            out.append(f"计划当周（{week.zh}）没有活动记录")
        for on_time, back, what in (
            (self.flag_on_time, self.flag.get("returned"), "服务旗帜"),
            (self.report_on_time, self.report.get("submitted"), "活动小结和照片"),
        ):
            if on_time is False and self.activity is not None:
                if self.as_of is not None:
                    back = known_by(back, self.as_of)
                if back is None:
                    out.append(f"{what}至{_zh(self.deadline)}仍未交回")
                else:
                    out.append(f"{what}{back.zh}交回，晚于{_zh(self.deadline)}")
        return out


def campaign_status(campaign: Record, catalog, as_of: dt.date | None = None) -> list[EntryStatus]:
    """Every scheduled entry of a campaign with its status as of ``as_of`` (default
    ``catalog.as_of``); a flag or report back after that day had not come back then.

    done: an activity of this campaign by this unit, dated to the day and on or before as_of,
    falls in the scheduled week (Monday–Sunday); late: done, under the flag relay, but the flag
    or the report came back after the Sunday of the following week, or had not by then;
    overdue: the week has passed with none; upcoming: scheduled after as_of; due: this week.
    """
    as_of = catalog.as_of if as_of is None else as_of
    relay = bool(campaign.get("flag_relay"))
    acts = [
        a
        for a in catalog.activities_of.get(("campaign", campaign["id"]), [])
        if a["date"].start.day is not None and a["date"].first <= as_of
    ]
    out = []
    for number, entry in enumerate(campaign.get("schedule") or [], start=1):
        start, end = week_of(entry["date"])
        deadline = end + WEEK if relay else None
        match = next(
            (a for a in acts if entry["unit"] in a["units"] and a["date"].first <= end and a["date"].last >= start),
            None,
        )
        flag = report = None
        if match is not None:
            status = "done"
            if relay:
                returned = known_by((match.get("flag") or {}).get("returned"), as_of)
                submitted = known_by((match.get("report") or {}).get("submitted"), as_of)
                flag = came_back_on_time(returned, deadline, as_of)
                report = came_back_on_time(submitted, deadline, as_of)
                status = "late" if False in (flag, report) else "done"
        elif entry["date"].first > as_of:
            status = "upcoming"
        elif end < as_of:
            status = "overdue"
            if relay:  # nothing came back: counts against the on-time rates once the deadline passed
                flag = report = came_back_on_time(None, deadline, as_of)
        else:
            status = "due"
        out.append(EntryStatus(campaign, entry, number, start, end, deadline, status, match, flag, report, as_of))
    return out


def all_statuses(catalog, as_of: dt.date | None = None) -> list[EntryStatus]:
    return [s for c in catalog.all("campaign") for s in campaign_status(c, catalog, as_of)]


def completion(statuses) -> Rate:
    """Completed (done, on time or late) out of the entries whose week has passed or that were
    done: upcoming entries and those due this week without a record are not counted yet."""
    counts = status_counts(statuses)
    return Rate(counts["done"] + counts["late"], counts["done"] + counts["late"] + counts["overdue"])


def status_counts(statuses) -> dict[str, int]:
    return {key: sum(1 for s in statuses if s.status == key) for key in STATUS_ORDER}


def inspection_list(statuses) -> list[EntryStatus]:
    """督查通报: the entries overdue or late, in schedule order."""
    return [s for s in statuses if s.status in ("overdue", "late")]


def next_scheduled(statuses, limit: int = 3) -> list[EntryStatus]:
    upcoming = [s for s in statuses if s.status == "upcoming"]
    return sorted(upcoming, key=lambda s: (s.date.first, s.campaign["id"], s.number))[:limit]


@dataclass(frozen=True)
class FlagHolder:
    campaign: Record
    activity: Record
    received: Date
    days: int  # days held as of as_of

    @property
    def units(self) -> list:
        return self.activity["units"]


def flag_holders(catalog, as_of: dt.date | None = None) -> list[FlagHolder]:
    """Who holds a campaign's flag on ``as_of`` (default ``catalog.as_of``): received on or
    before that day and not returned by then. Latest first (normally one per campaign)."""
    as_of, out = catalog.as_of if as_of is None else as_of, []
    for c in catalog.all("campaign"):
        if not c.get("flag_relay"):
            continue
        for a in catalog.activities_of.get(("campaign", c["id"]), []):
            flag = a.get("flag") or {}
            received, returned = flag.get("received"), flag.get("returned")
            if received is None or received.first > as_of or (returned is not None and returned.first <= as_of):
                continue
            out.append(FlagHolder(c, a, received, (as_of - received.first).days))
    return sorted(out, key=lambda h: (h.received.first, h.campaign["id"], h.activity["id"]), reverse=True)


@dataclass(frozen=True)
class Handover:
    """A flag given back: the activity whose unit returned it, and when."""

    campaign: Record
    activity: Record
    returned: Date

    @property
    def units(self) -> list:
        return self.activity["units"]


@dataclass(frozen=True)
class Relay:
    """A flag-relay campaign's baton as of ``as_of`` (the home page draws it): the last unit that
    gave the flag back, who holds it now (received, not returned) and the next units scheduled."""

    campaign: Record
    passed: Handover | None
    holders: list[FlagHolder]
    upcoming: list[EntryStatus]


def relays(catalog, statuses=None, upcoming: int = 3, as_of: dt.date | None = None) -> list[Relay]:
    """Every flag-relay campaign with a holder or a turn still to come, in catalog order."""
    as_of = catalog.as_of if as_of is None else as_of
    statuses = all_statuses(catalog, as_of) if statuses is None else statuses
    holders = flag_holders(catalog, as_of)
    out = []
    for c in catalog.all("campaign"):
        if not c.get("flag_relay"):
            continue
        held = [h for h in holders if h.campaign is c]
        coming = next_scheduled([st for st in statuses if st.campaign is c], upcoming)
        if not held and not coming:
            continue
        returns = [
            Handover(c, a, (a.get("flag") or {})["returned"])
            for a in catalog.activities_of.get(("campaign", c["id"]), [])
            if (a.get("flag") or {}).get("returned") is not None and a["flag"]["returned"].first <= as_of
        ]
        passed = max(returns, key=lambda h: (h.returned.first, h.activity["id"]), default=None)
        out.append(Relay(c, passed, held, coming))
    return out


@dataclass(frozen=True)
class Rate:
    """On time out of due; ``due`` counts only entries already judged."""

    hits: int
    due: int

    @property
    def percent(self) -> int | None:
        if not self.due:
            return None
        return int((Decimal(100 * self.hits) / self.due).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def fraction(self) -> Decimal | None:
        return None if not self.due else Decimal(self.hits) / self.due

    def __str__(self) -> str:
        return "—" if self.percent is None else f"{self.percent}%"


@dataclass(frozen=True)
class Timeliness:
    entries: tuple
    flag: Rate
    report: Rate

    @property
    def counts(self) -> dict[str, int]:
        return status_counts(self.entries)


def timeliness(entries) -> Timeliness:
    """On-time rates of flag and report over flag-relay entries already judged: done (on time or
    late) and overdue ones whose following Sunday has passed, or whose flag/report came back."""
    entries = tuple(entries)
    relay = [e for e in entries if e.deadline is not None]
    return Timeliness(
        entries,
        Rate(sum(e.flag_on_time is True for e in relay), sum(e.flag_on_time is not None for e in relay)),
        Rate(sum(e.report_on_time is True for e in relay), sum(e.report_on_time is not None for e in relay)),
    )


def unit_timeliness(unit: Record, statuses, year: int | None = None) -> Timeliness:
    return timeliness(s for s in statuses if s.unit is unit and (year is None or s.date.year == year))


# ---------------------------------------------------------------------------------------------
# 长效服务 follow-ups.


@dataclass(frozen=True)
class FollowUp:
    activity: Record
    number: int
    problem: str
    owner: str  # free text; consent.check rejects an unpublished volunteer's name here
    opened: Date
    status: str
    resolved: Date | None
    result: str | None
    days: int  # open: days open as of as_of; resolved: days it took

    @property
    def key(self) -> str:
        return f"{self.activity['id']}-{self.number}"


def follow_ups(catalog, as_of: dt.date | None = None) -> tuple[list[FollowUp], list[FollowUp]]:
    """(open items, longest open first; resolved items, latest first) as of ``as_of`` (default
    ``catalog.as_of``). Days count from ``opened`` (default: the activity's date; a month-precise
    date counts from the 1st). An item opened after ``as_of`` is not listed yet; one resolved
    after it was still open then."""
    as_of = catalog.as_of if as_of is None else as_of
    open_items, resolved = [], []
    for a in chronological(catalog.activities):
        for number, fu in enumerate(a.get("follow_ups") or [], start=1):
            opened = fu.get("opened") or a["date"].start
            if opened.first > as_of:
                continue
            done = fu["status"] == "resolved" and known_by(fu.get("resolved"), as_of) is not None
            end = fu["resolved"].first if done else as_of
            item = FollowUp(
                a,
                number,
                fu["problem"],
                fu["owner"],
                opened,
                "resolved" if done else "open",
                fu.get("resolved") if done else None,
                fu.get("result"),
                max(0, (end - opened.first).days),
            )
            (resolved if done else open_items).append(item)
    open_items.sort(key=lambda f: (f.opened.first, f.activity["id"], f.number))
    resolved.sort(key=lambda f: (f.resolved.first, f.activity["id"], f.number), reverse=True)
    return open_items, resolved


# ---------------------------------------------------------------------------------------------
# 值守 duty rosters: every unit of a duty campaign at its paired place every day of the period.

DUTY_STATES = ("covered", "gap", "upcoming")
DUTY_LABELS = {"covered": "已值守", "gap": "缺岗", "upcoming": "待值守"}
DUTY_SYMBOLS = {"covered": "✓", "gap": "✗", "upcoming": "○"}  # the board shows symbol, text and colour
DUTY_SHORT = {"covered": "到", "gap": "缺", "upcoming": "待"}  # the text in a board's cell


@dataclass(frozen=True, eq=False)
class DutyDay:
    """One unit on one day of a duty campaign, as its roster has it (or nothing recorded)."""

    campaign: Record
    unit: Record
    date: dt.date
    state: str  # one of DUTY_STATES
    people: Quantity  # the roster's ``people``, else the number named; ZERO when not recorded
    who: tuple  # the named volunteers (pages name only the published ones)
    place: Record | None  # the day's place, else the unit's first paired place
    hours: Decimal  # per person: the day's, else the campaign's
    entry: Obj | None = field(default=None, repr=False)  # the roster's day as written; None: not recorded
    roster: Record | None = field(default=None, repr=False)

    @property
    def person_hours(self) -> Decimal:
        return self.people.value * self.hours

    @property
    def note(self) -> str | None:
        return self.entry.get("note") if self.entry is not None else None

    @property
    def line(self) -> int | None:
        return self.entry.lines.get("date") if self.entry is not None else None

    @property
    def label(self) -> str:
        return DUTY_LABELS[self.state]

    @property
    def day(self) -> Date:
        return Date.of(self.date)


@dataclass(frozen=True, eq=False)
class UnitDuty:
    """A unit's days in a duty campaign, and its coverage as of ``as_of``."""

    unit: Record
    roster: Record | None = field(repr=False)
    days: tuple = field(repr=False)  # DutyDay, every day of the period in order
    so_far: int
    covered: int
    gaps: tuple = field(repr=False)  # DutyDay, the gaps in date order
    upcoming: int
    coverage: Rate  # covered ÷ so_far
    person_days: Quantity  # 人次 of the days so far
    person_hours: Decimal


@dataclass(frozen=True, eq=False)
class DutyCoverage:
    """A duty campaign's board: each of its units each day of its period, as of ``as_of``."""

    campaign: Record
    start: dt.date
    end: dt.date
    per_day: int
    hours: Decimal
    as_of: dt.date
    dates: tuple = field(repr=False)  # every day of the period
    units: tuple = field(repr=False)  # UnitDuty, in the campaign's order of units
    so_far: int  # days of the period on or before as_of
    covered: int  # covered unit-days
    gaps: tuple = field(repr=False)  # DutyDay: every gap, by unit (campaign order) then date
    upcoming: int  # unit-days after as_of
    coverage: Rate  # covered unit-days ÷ (units × days so far)
    person_days: Quantity
    person_hours: Decimal
    _by_unit: dict = field(default_factory=dict, repr=False)

    @property
    def period(self) -> When:
        return When(Date.of(self.start), Date.of(self.end))

    @property
    def days(self) -> int:
        return len(self.dates)

    def of(self, unit: Record) -> UnitDuty | None:
        if not self._by_unit:
            self._by_unit.update((u.unit["id"], u) for u in self.units)
        found = self._by_unit.get(unit["id"])
        return found if found is not None and found.unit is unit else None

    @property
    def with_gaps(self) -> list:
        """The units with gaps (督查), most gaps first, then in the campaign's order."""
        found = [u for u in self.units if u.gaps]
        return sorted(found, key=lambda u: -len(u.gaps))


@dataclass(frozen=True, eq=False)
class DutyService:
    """A duty campaign as the one activity it counts for in the totals (in the month its duty
    starts), or its share for one unit, place or volunteer: the days so far with people, their
    人次 (``people``) and person-hours (``hours``). It reads like an activity (``date``, ``units``,
    ``places``, ``campaign``...) for the aggregates, the lists of a record's activities and a
    volunteer's record, and a page links it to its campaign (``record``)."""

    SHARED = ("unit", "place")  # keys it counts for with a share of its days, not the whole

    campaign: Record
    coverage: DutyCoverage = field(repr=False)
    days: tuple = field(repr=False)  # DutyDay with people, on or before as_of, by date then unit
    people: Quantity
    hours: Decimal
    date: When
    _parts: dict = field(default_factory=dict, repr=False)

    themes = ()  # a duty campaign has no service theme or mode
    mode = None

    @classmethod
    def of(cls, coverage: DutyCoverage, days, date: When | None = None) -> DutyService:
        days = tuple(sorted(days, key=lambda d: (d.date, d.unit["id"])))
        return cls(
            coverage.campaign,
            coverage,
            days,
            sum_quantities(d.people for d in days),
            sum((d.person_hours for d in days), Decimal(0)),
            date or coverage.period,
        )

    @property
    def id(self) -> str:
        return self.campaign["id"]

    @property
    def title(self) -> str:
        return self.campaign["title"]

    @property
    def record(self):
        """The record a page links to for this (its campaign)."""
        return self.campaign

    @property
    def units(self) -> list:
        return list({d.unit["id"]: d.unit for d in self.days}.values())

    @property
    def places(self) -> list:
        return list({d.place["id"]: d.place for d in self.days if d.place is not None}.values())

    def __getitem__(self, key):
        return getattr(self, key)

    def get(self, key, default=None):
        return getattr(self, key, default)

    def parts(self, by: str) -> list:
        """(key, share) for each unit (``by="unit"``) or place, rolled up (``"place"``), it
        counts for: the days of that unit, or at that place or a place below it."""
        if by not in self._parts:
            keys: dict = {}
            for d in self.days:
                found = [d.unit["id"]] if by == "unit" else [p["id"] for p in ancestors(d.place)]
                for key in found:
                    keys.setdefault(key, []).append(d)
            self._parts[by] = [(key, DutyService.of(self.coverage, days, self.date)) for key, days in keys.items()]
        return self._parts[by]


class _DutyState:
    """Every duty campaign's coverage as of one day, what it counts for, and who served."""

    def __init__(self, catalog, as_of: dt.date):
        self._at_places: dict | None = None
        self.coverage: dict[str, DutyCoverage] = {}
        self.services: list[DutyService] = []
        self.volunteers: dict[str, list[DutyService]] = {}  # volunteer id → their share of each campaign
        rosters: dict = {}
        for r in catalog.all("duty"):
            if r.get("campaign") is not None and r.get("unit") is not None:
                rosters.setdefault(r["campaign"]["id"], {})[r["unit"]["id"]] = r
        for c in catalog.all("campaign"):
            if c.get("duty"):
                cov = _coverage(c, rosters.get(c["id"], {}), as_of)
                self.coverage[c["id"]] = cov
                served = [d for u in cov.units for d in u.days if d.state != "upcoming" and d.people.value]
                if served:
                    self.services.append(DutyService.of(cov, served))
                by_person: dict = {}
                for d in served:
                    for v in dict.fromkeys(d.who):
                        by_person.setdefault(v["id"], []).append(d)
                for vid, days in by_person.items():
                    span = When(Date.of(min(d.date for d in days)), Date.of(max(d.date for d in days)))
                    self.volunteers.setdefault(vid, []).append(DutyService.of(cov, days, span))

    def at_place(self, place_id: str) -> list:
        """[(coverage, its days at this place)], every duty campaign, newest first (made once)."""
        if self._at_places is None:
            self._at_places = {}
            for cov in sorted(self.coverage.values(), key=lambda c: (c.start, c.campaign["id"]), reverse=True):
                here: dict = {}
                for u in cov.units:
                    for d in u.days:
                        if d.place is not None:
                            here.setdefault(d.place["id"], []).append(d)
                for pid, days in here.items():
                    days.sort(key=lambda d: (d.date, d.unit["id"]))
                    self._at_places.setdefault(pid, []).append((cov, days))
        return self._at_places.get(place_id, [])


# The duty figures of the catalog last asked about, per as_of: (weak reference, {as_of: state}).
# Rosters and campaigns are only ever replaced with the whole catalog (the live preview patches
# stories, activities, volunteers and pages in place, none of which these figures read but the
# named volunteers' identities, which patching keeps).
_DUTY_CACHE: dict = {}


def _duty(catalog, as_of: dt.date | None = None) -> _DutyState:
    as_of = catalog.as_of if as_of is None else as_of
    ref, states = _DUTY_CACHE.get("catalog", (None, {}))
    if ref is None or ref() is not catalog:
        states = {}
        _DUTY_CACHE["catalog"] = (weakref.ref(catalog), states)
    if as_of not in states:
        states[as_of] = _DutyState(catalog, as_of)
    return states[as_of]


def duty_coverage(campaign: Record, catalog, as_of: dt.date | None = None) -> DutyCoverage | None:
    """A duty campaign's coverage as of ``as_of`` (default ``catalog.as_of``); None for a campaign
    without ``duty``."""
    return _duty(catalog, as_of).coverage.get(campaign["id"])


def duty_coverages(catalog, as_of: dt.date | None = None) -> list[DutyCoverage]:
    """Every duty campaign's coverage, in the campaigns' id order."""
    return list(_duty(catalog, as_of).coverage.values())


def duty_of(rec: Record, catalog) -> list[tuple[DutyCoverage, UnitDuty | None, list]]:
    """The duty campaigns a unit takes part in, or whose days are at a place (the place itself,
    not the places below it), newest first: [(coverage, the unit's UnitDuty or None, its days)]."""
    if rec["kind"] != "unit":
        return [(cov, None, days) for cov, days in _duty(catalog).at_place(rec["id"]) if days[0].place is rec]
    out = []
    for cov in sorted(duty_coverages(catalog), key=lambda c: (c.start, c.campaign["id"]), reverse=True):
        mine = cov.of(rec)
        if mine is not None:
            out.append((cov, mine, list(mine.days)))
    return out


def _coverage(c: Record, rosters: dict, as_of: dt.date) -> DutyCoverage:
    plan = c["duty"]
    start, end = plan["start"].first, plan["end"].last
    per_day = plan.get("per_day") or DEFAULT_DUTY_PER_DAY
    hours = plan["hours"] if plan.get("hours") is not None else Decimal(DEFAULT_DUTY_HOURS)
    dates = tuple(start + dt.timedelta(days=n) for n in range((end - start).days + 1))
    so_far = sum(1 for d in dates if d <= as_of)
    units = []
    for unit in c.get("units") or []:
        roster = rosters.get(unit["id"])
        written = {}
        for entry in (roster or {}).get("days") or []:
            if entry.get("date") is not None and entry["date"].day is not None:
                written.setdefault(entry["date"].first, entry)
        home = (unit.get("paired_places") or [None])[0]
        days = []
        for date in dates:
            entry = written.get(date)
            who = tuple(w for w in (entry.get("who") or []) if w is not None) if entry is not None else ()
            people = entry.get("people") if entry is not None else None
            people = Quantity(len(who)) if people is None else people
            own = entry.get("hours") if entry is not None else None
            state = "upcoming" if date > as_of else "covered" if people.value >= per_day else "gap"
            place = (entry.get("place") if entry is not None else None) or home
            days.append(DutyDay(c, unit, date, state, people, who, place, hours if own is None else own, entry, roster))
        done = [d for d in days if d.state != "upcoming"]
        covered = sum(1 for d in done if d.state == "covered")
        units.append(
            UnitDuty(
                unit,
                roster,
                tuple(days),
                len(done),
                covered,
                tuple(d for d in done if d.state == "gap"),
                len(days) - len(done),
                Rate(covered, len(done)),
                sum_quantities(d.people for d in done),
                sum((d.person_hours for d in done), Decimal(0)),
            )
        )
    covered = sum(u.covered for u in units)
    return DutyCoverage(
        c,
        start,
        end,
        per_day,
        hours,
        as_of,
        dates,
        tuple(units),
        so_far,
        covered,
        tuple(d for u in units for d in u.gaps),
        sum(u.upcoming for u in units),
        Rate(covered, so_far * len(units)),
        sum_quantities(u.person_days for u in units),
        sum((u.person_hours for u in units), Decimal(0)),
    )


# ---------------------------------------------------------------------------------------------
# 表彰 honours.


@dataclass(frozen=True)
class Honours:
    rec: Record
    year: int
    units: list
    volunteers: list  # published volunteers only
    unpublished: int  # honoured volunteers not named (no consent)

    @property
    def volunteer_count(self) -> int:
        return len(self.volunteers) + self.unpublished


def honours_year(rec: Record) -> int:
    return int(rec["id"]) if rec["id"].isdigit() else rec["date"].year if rec.get("date") else 0


def honours(catalog) -> list[Honours]:
    """Every year's honours, latest first."""
    out = []
    for rec in catalog.all("honours"):
        people = rec.get("volunteers") or []
        public = [v for v in people if catalog.is_public(v)]
        out.append(Honours(rec, honours_year(rec), list(rec.get("units") or []), public, len(people) - len(public)))
    return sorted(out, key=lambda h: (h.year, h.rec["id"]), reverse=True)


def honours_of(rec: Record, catalog) -> list[Honours]:
    """The honours naming a unit or a (published) volunteer."""
    field_name = "units" if rec["kind"] == "unit" else "volunteers"
    return [h for h in honours(catalog) if rec in getattr(h, field_name)]


# ---------------------------------------------------------------------------------------------
# The column's heartbeat: when it was last updated, and whether its news is late.


@dataclass(frozen=True)
class Heartbeat:
    updated: Date | None  # the newest published item's date (更新于), None on an empty column
    newest_story: Date | None  # the newest published story's date
    story_age: int | None  # days from the newest story (its last day, if month-precise) to as_of
    update_every: int | None  # site.yml's update_every (days), None when not set

    @property
    def late(self) -> bool:
        """Whether the newest story is older than ``update_every`` days (or there is none)."""
        if self.update_every is None:
            return False
        return self.story_age is None or self.story_age > self.update_every


def _latest(when) -> Date:
    return when.end if isinstance(when, When) else when


def heartbeat(catalog) -> Heartbeat:
    """The column's 更新于 date and the age of its newest story, as of ``catalog.as_of``."""
    dates = [
        _latest(rec["date"])
        for kind in model.kinds_with("dated")
        for rec in catalog.published(kind.name)
        if rec.get("date") is not None
    ]
    updated = max(dates, key=lambda d: (d.last, d.day is not None), default=None)
    story = catalog.newest_stories[0]["date"] if catalog.newest_stories else None
    age = None if story is None else max((catalog.as_of - story.last).days, 0)
    return Heartbeat(updated, story, age, catalog.site.get("update_every"))


# ---------------------------------------------------------------------------------------------
# 年终考核: per-unit figures of a year (or of all years).


@dataclass(frozen=True)
class UnitFigures:
    unit: Record
    totals: Totals
    timeliness: Timeliness


def unit_figures(catalog, year: int | None = None, statuses=None) -> list[UnitFigures]:
    """Every unit (registry order) with its activities' totals and its flag-relay timeliness."""
    statuses = all_statuses(catalog) if statuses is None else statuses
    acts = counted(catalog) if year is None else in_year(counted(catalog), year)
    by_unit = group(acts, "unit")
    return [
        UnitFigures(u, totals(by_unit.get(u["id"], [])), unit_timeliness(u, statuses, year))
        for u in catalog.all("unit")
    ]


def _zh(day: dt.date) -> str:
    return Date.of(day).zh


# The definitions above in words, for readers (数据 page), the XLSX and the README (统计口径).
DEFINITIONS = (
    "统计截止日：site.yml 中的 as_of（不写则为生成网站当天）；“逾期”“跟踪天数”等都以这一天为准。",
    "活动次数：登记的服务活动记录条数。几个单位联合开展、在几个地点开展或有几个服务主题的活动，"
    "计入每个参与单位、每个地点和每个主题；合计中每次活动只计一次，所以各单位相加会大于合计。",
    "年份和月份：按活动的开始日期计入；只知道月份的活动计入该月；跨越几天的活动计入开始的那个月。",
    "参加人次：活动记录的总人数；没有总人数时为各类人员人数之和；再没有时为具名志愿者人数。",
    "服务时长（小时）：具名志愿者按本人时长（没有则按活动的每人时长）；其余参加人员按活动的每人时长计算；"
    "没有写每人时长的活动只计具名志愿者的时长。",
    "服务群众（人次）：活动记录的服务群众人数，没有填写的不计。",
    "约数：带“多”“余”的数是约数；相加时只要有一项是约数，合计也写成“多”，如 120 + 200多 = 320多。",
    "地点：每个地点的数字包括下级地点的活动；同一次活动在同一上级地点下的几个地点开展，上级只计一次。",
    "星级志愿者：累计时长为本人具名参加的各次活动时长之和，达到门槛即升星（默认100、300、600、1000、1500小时；"
    "满100小时为一星，99.5小时不到一星）。",
    "专项活动的计划安排：每周从星期一到星期日。计划当周有本单位这项专项活动的记录（日期须精确到日）为“已完成”；"
    "当周已过仍没有记录为“逾期未开展”；计划日期在统计截止日之后为“待开展”；计划在本周、尚无记录为“本周待开展”。",
    "服务旗帜接传：活动当周领取旗帜，在下一周的星期日（含当天）之前归还旗帜、上报活动小结和照片；"
    "晚于那天交回，或到那天仍未交回，为“已完成但迟交”。领取了旗帜、到统计截止日尚未归还的单位为当前持旗单位。",
    "按时率：按时交回次数 ÷ 应交回次数。应交回次数只计截止日期已过或已经交回的计划安排，逾期未开展的计为未按时；"
    "只写到月份的交回日期按该月最后一天判断。",
    "长效服务：跟踪天数从登记日期（没有则为活动日期；只知道月份的从该月1日起）算到统计截止日；已解决事项的用时算到解决日期。",
    "表彰：未同意公开姓名的先进个人只计人数，不列姓名。",
    "更新于：已发布的新闻稿、活动记录和表彰中最新的日期（活动跨越几天的取结束日）。"
    "site.yml 写了更新周期 update_every（天）时，最新一篇新闻稿距统计截止日超过这个天数，检查和生成网站会提醒。",
    "值守排班：值守专项活动的每个参加单位，值守期间每天至少要有规定人数（duty 的 per_day，不写为1人）到结对社区值守。"
    "统计截止日及以前的日子，当天到岗人数达到规定人数为“已值守”，不足（包括没有登记）为“缺岗”；统计截止日以后的日子为“待值守”。",
    "值守覆盖率：一个单位的覆盖率 = 已值守天数 ÷ 值守期间到统计截止日为止的天数；整体覆盖率 = 各单位已值守天数之和 ÷"
    "（参加单位数 × 到统计截止日为止的天数）。",
    "值守人次和时长：统计截止日及以前，每人每天到岗计1人次（人数写约数的，合计也写成“多”）；"
    "每人按当天的时长（不写则按 duty 的 hours，默认8小时）计入服务时长。具名志愿者的值守时长计入本人的累计时长和星级。",
    "值守计入活动次数：一项值守专项活动在合计中只计为1次活动，计入值守开始的月份（到统计截止日有人到岗的才计入）；"
    "在单位和地点的数字中，计入该单位、该地点（含下级地点）的值守人次和时长；值守不分服务主题和服务方式。",
)
