"""values: dates known to the day or the month, spans, quantities with 多/余, hours."""

import datetime as dt
from decimal import Decimal

import pytest

from column.values import (
    Date,
    Quantity,
    ValueProblem,
    When,
    format_hours,
    parse_date,
    parse_hours,
    parse_quantity,
    parse_when,
    week_monday,
)

DATE_HINT = "写成 年-月-日（如 2010-06-26），只知道月份时写 年-月（如 2010-06）。"


def problem(parse, value) -> tuple[str, str]:
    with pytest.raises(ValueProblem) as err:
        parse(value)
    return err.value.message, err.value.hint


def test_day_and_month_precise_dates():
    assert parse_date("2010-06-26") == Date(2010, 6, 26)
    assert parse_date("2010-6-5") == Date(2010, 6, 5)
    assert parse_date(" 2010-06 ") == Date(2010, 6, None)
    assert parse_date("2012-02-29") == Date(2012, 2, 29)  # leap year


def test_month_precise_date_covers_the_whole_month():
    june = parse_date("2010-06")
    assert (june.first, june.last) == (dt.date(2010, 6, 1), dt.date(2010, 6, 30))
    assert parse_date("2012-02").last == dt.date(2012, 2, 29)
    assert (june.iso, june.zh) == ("2010-06", "2010年6月")
    assert (parse_date("2010-6-5").iso, parse_date("2010-6-5").zh) == ("2010-06-05", "2010年6月5日")


@pytest.mark.parametrize("text", ["2010-02-30", "2010-02-29", "2010-13", "2010-00", "2010-04-31"])
def test_impossible_dates(text):
    assert problem(parse_date, text) == (f"日期不存在：“{text}”。", "检查月份（1–12）和这个月的天数。")


@pytest.mark.parametrize("text", ["2010/06/26", "2010年6月26日", "June 2010", "", "2010-06-26T10:00", "2010"])
def test_malformed_dates(text):
    assert problem(parse_date, text) == (f"日期格式不对：“{text}”。", DATE_HINT)


def test_span_and_single_date():
    assert parse_when("2010-06-26") == When(Date(2010, 6, 26), Date(2010, 6, 26))
    span = parse_when({"start": "2010-07-15", "end": "2010-07-26"})
    assert span.is_span and (span.first, span.last) == (dt.date(2010, 7, 15), dt.date(2010, 7, 26))
    assert not parse_when("2010-06").is_span


@pytest.mark.parametrize(
    "start, end, zh",
    [
        ("2010-06-26", "2010-06-26", "2010年6月26日"),
        ("2010-07-15", "2010-07-26", "2010年7月15日至26日"),
        ("2010-07-15", "2010-08-02", "2010年7月15日至8月2日"),
        ("2010-12-30", "2011-01-02", "2010年12月30日至2011年1月2日"),
        ("2010-06", "2010-07", "2010年6月至7月"),
        ("2010-06", "2010-06-20", "2010年6月至6月20日"),
    ],
)
def test_when_in_chinese(start, end, zh):
    assert parse_when({"start": start, "end": end}).zh == zh


def test_span_ending_before_it_starts():
    assert problem(parse_when, {"start": "2010-07-26", "end": "2010-07-15"}) == (
        "结束日期 2010-07-15 早于开始日期 2010-07-26。",
        "交换两个日期或改正其中一个。",
    )


@pytest.mark.parametrize("value", [{"start": "2010-07-26"}, {"start": "2010-07-15", "end": "2010-07-26", "to": "x"}])
def test_span_needs_exactly_start_and_end(value):
    assert problem(parse_when, value) == (
        "时间段要同时写 start（开始）和 end（结束），不能有别的字段。",
        "写成 {start: 2010-07-15, end: 2010-07-26}。",
    )


def test_sort_key_orders_by_first_day_then_day_precision():
    keys = [parse_when(x).sort_key for x in ("2010-06-01", "2010-06", "2010-06-02")]
    assert keys == sorted(keys)


def test_quantities_exact_and_approximate():
    assert parse_quantity("800") == Quantity(800)
    assert parse_quantity("800多") == Quantity(800, True, "多")
    assert parse_quantity("40余") == Quantity(40, True, "余")
    assert parse_quantity("1,000") == Quantity(1000)
    assert (str(parse_quantity("200多")), str(parse_quantity("40余")), str(parse_quantity("12"))) == (
        "200多",
        "40余",
        "12",
    )


@pytest.mark.parametrize("text", ["800多人", "-5", "3.5", "多", "", "约800", "40余家"])
def test_malformed_quantities(text):
    assert problem(parse_quantity, text) == (
        f"数量格式不对：“{text}”。",
        "写整数（如 800）；“800多”“40余”这样的约数也可以；不要带“人”“家”等单位。",
    )


def test_sums_keep_the_more_than_flag():
    assert parse_quantity("800多") + parse_quantity("200") == Quantity(1000, True, "多")
    assert str(sum([parse_quantity("40余"), parse_quantity("3")])) == "43多"
    assert sum([parse_quantity("12"), parse_quantity("3")]) == Quantity(15)
    assert str(sum([parse_quantity("12"), parse_quantity("3")])) == "15"


def test_hours():
    assert parse_hours("4") == Decimal(4)
    assert parse_hours(" 2.5 ") == Decimal("2.5")
    assert (format_hours(Decimal("2.50")), format_hours(Decimal("100")), format_hours(Decimal("100.0"))) == (
        "2.5",
        "100",
        "100",
    )
    for bad in ("-1", "2,5", "四", "4小时"):
        assert problem(parse_hours, bad) == (f"时长格式不对：“{bad}”。", "写小时数，如 4 或 2.5。")


def test_weeks_run_monday_to_sunday():
    assert week_monday(dt.date(2010, 6, 26)) == dt.date(2010, 6, 21)  # a Saturday
    assert week_monday(dt.date(2010, 6, 27)) == dt.date(2010, 6, 21)  # Sunday ends the week
    assert week_monday(dt.date(2010, 6, 28)) == dt.date(2010, 6, 28)
