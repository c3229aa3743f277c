"""Value types of the content contract: dates (day- or month-precise), spans, quantities, hours."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_DATE = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_QUANTITY = re.compile(r"^(\d+)(多|余)?$")
_HOURS = re.compile(r"^\d+(\.\d+)?$")


class ValueProblem(ValueError):
    """A value the editor wrote cannot be read; carries a Chinese message and fix."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass(frozen=True, order=True)
class Date:
    """A calendar date known to the day, or only to the month (``day`` is None)."""

    year: int
    month: int
    day: int | None = None

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or 1)

    @property
    def last(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or calendar.monthrange(self.year, self.month)[1])

    @property
    def iso(self) -> str:
        base = f"{self.year:04d}-{self.month:02d}"
        return base if self.day is None else f"{base}-{self.day:02d}"

    @property
    def zh(self) -> str:
        base = f"{self.year}年{self.month}月"
        return base if self.day is None else f"{base}{self.day}日"

    @classmethod
    def of(cls, day: dt.date) -> Date:
        return cls(day.year, day.month, day.day)

    def __str__(self) -> str:
        return self.iso


@dataclass(frozen=True)
class When:
    """When something happened: one date, or a span from ``start`` to ``end``."""

    start: Date
    end: Date

    @property
    def is_span(self) -> bool:
        return self.start != self.end

    @property
    def first(self) -> dt.date:
        return self.start.first

    @property
    def last(self) -> dt.date:
        return self.end.last

    @property
    def sort_key(self):
        return (self.first, self.start.day is None, self.last)

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def month(self) -> int:
        return self.start.month

    @property
    def iso(self) -> str:
        return self.start.iso if not self.is_span else f"{self.start.iso}/{self.end.iso}"

    @property
    def zh(self) -> str:
        if not self.is_span:
            return self.start.zh
        s, e = self.start, self.end
        if s.year != e.year:
            tail = e.zh
        elif s.month != e.month or s.day is None or e.day is None:
            tail = e.zh[len(f"{e.year}年") :]
        else:
            tail = f"{e.day}日"
        return f"{s.zh}至{tail}"

    def __str__(self) -> str:
        return self.iso


@dataclass(frozen=True)
class Quantity:
    """A count, possibly "more than" (多/余). Sums of approximate parts stay approximate."""

    value: int
    approx: bool = False
    mark: str = ""

    def __add__(self, other: Quantity) -> Quantity:
        if not isinstance(other, Quantity):
            return NotImplemented
        approx = self.approx or other.approx
        return Quantity(self.value + other.value, approx, "多" if approx else "")

    def __radd__(self, other):
        if other == 0:
            return self
        return NotImplemented

    def __str__(self) -> str:
        return f"{self.value}{self.mark}"


ZERO = Quantity(0)


def parse_date(text: str) -> Date:
    match = _DATE.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise ValueProblem(
            f"日期格式不对：“{text}”。", "写成 年-月-日（如 2010-06-26），只知道月份时写 年-月（如 2010-06）。"
        )
    year, month = int(match[1]), int(match[2])
    day = int(match[3]) if match[3] else None
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        raise ValueProblem(f"日期不存在：“{text}”。", "检查月份（1–12）和这个月的天数。") from None
    return Date(year, month, day)


def parse_when(value) -> When:
    if isinstance(value, dict):
        unknown = sorted(set(value) - {"start", "end"})
        if unknown or "start" not in value or "end" not in value:
            raise ValueProblem(
                "时间段要同时写 start（开始）和 end（结束），不能有别的字段。",
                "写成 {start: 2010-07-15, end: 2010-07-26}。",
            )
        start, end = parse_date(value["start"] or ""), parse_date(value["end"] or "")
        if end.last < start.first:
            raise ValueProblem(f"结束日期 {end.iso} 早于开始日期 {start.iso}。", "交换两个日期或改正其中一个。")
        return When(start, end)
    date = parse_date(value)
    return When(date, date)


def parse_quantity(text) -> Quantity:
    match = _QUANTITY.match(text.strip().replace(",", "")) if isinstance(text, str) else None
    if not match:
        raise ValueProblem(
            f"数量格式不对：“{text}”。", "写整数（如 800）；“800多”“40余”这样的约数也可以；不要带“人”“家”等单位。"
        )
    return Quantity(int(match[1]), bool(match[2]), match[2] or "")


def parse_hours(text) -> Decimal:
    if not isinstance(text, str) or not _HOURS.match(text.strip()):
        raise ValueProblem(f"时长格式不对：“{text}”。", "写小时数，如 4 或 2.5。")
    try:
        return Decimal(text.strip())
    except InvalidOperation:  # pragma: no cover - the regex already guards
        raise ValueProblem(f"时长格式不对：“{text}”。", "写小时数，如 4 或 2.5。") from None


def parse_count(text) -> int:
    """A whole number of at least 1 (days, people), written in digits."""
    if not isinstance(text, str) or not text.strip().isdigit() or not text.strip().isascii() or int(text) < 1:
        raise ValueProblem(f"应写大于 0 的整数，现在是“{text}”。", "只写数字，如 1 或 14；不要带“天”“人”等单位。")
    return int(text.strip())


def format_hours(hours: Decimal) -> str:
    text = f"{hours:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def week_monday(day: dt.date) -> dt.date:
    """Weeks run Monday to Sunday."""
    return day - dt.timedelta(days=day.weekday())
