"""Every figure the site shows is computed here, once, from the catalog. Pages only display.

Definitions (统计口径, also in the README):
- participants (人次) of an activity: ``participants.total``; else the sum of its groups; else
  the number of named volunteers.
- person-hours (服务时长): each named volunteer's own hours, else the activity's ``hours``;
  plus the unnamed participants (participants − named) × ``hours`` when ``hours`` is given.
- a volunteer's cumulative hours: the sum over the activities naming them.
- star level: the number of thresholds in ``star_levels`` reached (threshold inclusive).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .model import DEFAULT_STAR_LEVELS
from .records import Record
from .values import ZERO, Quantity


def named(activity: Record) -> list:
    return [v for v in activity.get("volunteers") or [] if v.get("who") is not None]


def participants(activity: Record) -> Quantity:
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
    people = named(activity)
    total = sum((volunteer_hours_in(activity, v) for v in people), Decimal(0))
    if activity.get("hours") is not None:
        unnamed = max(participants(activity).value - len(people), 0)
        total += unnamed * activity["hours"]
    return total


def served(activity: Record) -> Quantity:
    return activity.get("served") or ZERO


@dataclass(frozen=True)
class Totals:
    activities: int
    participants: Quantity
    person_hours: Decimal
    served: Quantity


def totals(activities) -> Totals:
    """Totals over distinct activities (a multi-unit activity counts once)."""
    unique = list({id(a): a for a in activities}.values())
    return Totals(
        activities=len(unique),
        participants=sum((participants(a) for a in unique), ZERO),
        person_hours=sum((person_hours(a) for a in unique), Decimal(0)),
        served=sum((served(a) for a in unique), ZERO),
    )


@dataclass(frozen=True)
class ServiceEntry:
    activity: Record
    hours: Decimal
    role: str | None


def service_record(volunteer: Record, catalog) -> list[ServiceEntry]:
    """A volunteer's activities with their hours, oldest first."""
    out = []
    for a in catalog.activities_of.get(("volunteer", volunteer["id"]), []):
        for entry in named(a):
            if entry["who"] is volunteer:
                out.append(ServiceEntry(a, volunteer_hours_in(a, entry), entry.get("role")))
    return out


def volunteer_hours(volunteer: Record, catalog) -> Decimal:
    return sum((e.hours for e in service_record(volunteer, catalog)), Decimal(0))


def star_levels(site: Record) -> tuple:
    return tuple(site.get("star_levels") or (Decimal(x) for x in DEFAULT_STAR_LEVELS))


def star_level(hours: Decimal, levels) -> int:
    """Number of thresholds reached; a threshold itself counts (100 h → 1 star)."""
    return sum(1 for threshold in levels if hours >= threshold)
