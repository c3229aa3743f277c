"""Downloadable data: CSV and JSON of activities and of per-unit figures, the XLSX year-end
assessment (年终考核) table per unit, and each duty campaign's roster and coverage (CSV, JSON,
and an XLSX with its board). Every function returns bytes, deterministically: sorted
rows, no wall clock (the XLSX document properties and zip entries carry the site's as_of).
Only figures.py computes; only published volunteers are ever named.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.writer.excel import ExcelWriter

from . import figures, urls
from .output import Output
from .values import Quantity, format_hours

# Column key → Chinese header, in order.
ACTIVITY_COLUMNS = {
    "id": "编号",
    "title": "活动名称",
    "date": "日期",
    "start": "开始日期",
    "end": "结束日期",
    "campaign": "专项活动",
    "units": "组织单位",
    "places": "服务地点",
    "themes": "服务主题",
    "mode": "服务方式",
    "participants": "参加人次",
    "person_hours": "服务时长（小时）",
    "served": "服务群众（人次）",
    "volunteers": "具名志愿者（仅公开姓名者）",
    "unnamed_volunteers": "未公开姓名的具名志愿者人数",
    "follow_ups_open": "跟踪中的长效服务事项",
    "url": "网页",
}
UNIT_COLUMNS = {
    "unit": "单位编号",
    "name": "单位",
    "short": "简称",
    "year": "年份",
    "activities": "活动次数",
    "participants": "参加人次",
    "person_hours": "服务时长（小时）",
    "served": "服务群众（人次）",
    "scheduled": "计划安排次数",
    "done": "已完成",
    "late": "已完成但迟交",
    "overdue": "逾期未开展",
    "flag_due": "旗帜应交回次数",
    "flag_on_time": "旗帜按时交回次数",
    "flag_rate": "旗帜按时交回率",
    "report_due": "小结应上报次数",
    "report_on_time": "小结按时上报次数",
    "report_rate": "小结按时上报率",
}
DUTY_COLUMNS = {
    "campaign": "专项活动编号",
    "campaign_title": "专项活动",
    "unit": "单位编号",
    "unit_name": "单位",
    "date": "日期",
    "place": "值守地点",
    "people": "到岗人数",
    "volunteers": "具名志愿者（仅公开姓名者）",
    "unnamed_volunteers": "未公开姓名的具名志愿者人数",
    "hours": "每人时长（小时）",
    "person_hours": "计入的值守时长（小时）",
    "state": "情况",
    "note": "备注",
}
COVERAGE_COLUMNS = {
    "unit": "单位编号",
    "name": "单位",
    "days": "值守天数",
    "so_far": "已到天数",
    "covered": "已值守（天）",
    "gaps": "缺岗（天）",
    "upcoming": "待值守（天）",
    "coverage": "覆盖率",
    "person_days": "值守人次",
    "person_hours": "值守时长（小时）",
    "gap_dates": "缺岗日期",
}
ALL_UNITS = "全部单位"
ALL_YEARS = "全部"


def _qty(q: Quantity) -> dict:
    return {"value": q.value, "approx": q.approx, "text": str(q)}


def _names(recs) -> list[str]:
    return [r.get("name") or r.get("title") or r["id"] for r in recs]


def activity_rows(catalog) -> list[dict]:
    """One row per activity, and per duty campaign (the one activity it counts for), oldest
    first; values as plain data (quantities keep 多)."""
    rows = []
    for a in figures.chronological(figures.counted(catalog)):
        if isinstance(a, figures.DutyService):
            rows.append(_service_row(a, catalog))
            continue
        named = figures.named(a)
        public = [e["who"] for e in named if catalog.is_public(e["who"])]
        rows.append(
            {
                "id": a["id"],
                "title": a["title"],
                "date": a["date"].iso,
                "start": a["date"].first.isoformat(),
                "end": a["date"].last.isoformat(),
                "campaign": a["campaign"]["title"] if a.get("campaign") else "",
                "units": _names(a["units"]),
                "places": _names(a["places"]),
                "themes": _names(a["themes"]),
                "mode": a["mode"]["name"] if a.get("mode") else "",
                "participants": figures.participants(a),
                "person_hours": figures.person_hours(a),
                "served": figures.served(a),
                "volunteers": _names(public),
                "unnamed_volunteers": len(named) - len(public),
                "follow_ups_open": sum(1 for f in a.get("follow_ups") or [] if f["status"] != "resolved"),
                "url": urls.public_url(urls.detail_path("activity", a["id"])),
            }
        )
    return rows


def _service_row(s: figures.DutyService, catalog) -> dict:
    """A duty campaign as the one activity it counts for (figures.counted)."""
    people = list({v["id"]: v for d in s.days for v in d.who}.values())
    public = [v for v in people if catalog.is_public(v)]
    return {
        "id": s.id,
        "title": f"{s.title}（值守）",
        "date": s.date.iso,
        "start": s.date.first.isoformat(),
        "end": s.date.last.isoformat(),
        "campaign": s.title,
        "units": _names(s.units),
        "places": _names(s.places),
        "themes": [],
        "mode": "",
        "participants": s.people,
        "person_hours": s.hours,
        "served": figures.served(s),
        "volunteers": _names(public),
        "unnamed_volunteers": len(people) - len(public),
        "follow_ups_open": 0,
        "url": urls.public_url(urls.detail_path("campaign", s.id)),
    }


def unit_rows(catalog, statuses=None) -> list[dict]:
    """Per-unit figures: every unit for every year with activities or schedule, then all years."""
    statuses = figures.all_statuses(catalog) if statuses is None else statuses
    rows = []
    for year in [*data_years(catalog, statuses), None]:
        for uf in figures.unit_figures(catalog, year, statuses):
            t, tl = uf.totals, uf.timeliness
            counts = tl.counts
            rows.append(
                {
                    "unit": uf.unit["id"],
                    "name": uf.unit["name"],
                    "short": uf.unit.get("short") or "",
                    "year": ALL_YEARS if year is None else year,
                    "activities": t.activities,
                    "participants": t.participants,
                    "person_hours": t.person_hours,
                    "served": t.served,
                    "scheduled": len(tl.entries),
                    "done": counts["done"],
                    "late": counts["late"],
                    "overdue": counts["overdue"],
                    "flag_due": tl.flag.due,
                    "flag_on_time": tl.flag.hits,
                    "flag_rate": tl.flag,
                    "report_due": tl.report.due,
                    "report_on_time": tl.report.hits,
                    "report_rate": tl.report,
                }
            )
    return rows


def _csv_cell(value) -> str:
    if isinstance(value, list):
        return "、".join(value)
    if isinstance(value, Decimal):
        return format_hours(value)
    if isinstance(value, figures.Rate):
        return "" if value.percent is None else f"{value.percent}%"
    return str(value)


def to_csv(rows: list[dict], columns: dict) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel in Chinese Windows opens it correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns.values())
    for row in rows:
        writer.writerow(_csv_cell(row[key]) for key in columns)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _json_value(value):
    if isinstance(value, Quantity):
        return _qty(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, figures.Rate):
        return {"on_time": value.hits, "due": value.due, "percent": value.percent}
    return value


def to_json(catalog, key: str, rows: list[dict], columns: dict) -> bytes:
    """Compact JSON, one record per line (small, and readable in a diff)."""
    head = json.dumps(
        {"title": catalog.site["title"], "as_of": catalog.as_of.isoformat(), "fields": columns},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    items = ",\n".join(
        json.dumps({k: _json_value(row[k]) for k in columns}, ensure_ascii=False, separators=(",", ":")) for row in rows
    )
    return f'{head[:-1]},"{key}":[\n{items}\n]}}\n'.encode()


# ---------------------------------------------------------------------------------------------
# XLSX: the year-end assessment.

ASSESSMENT_HEADERS = (
    "单位",
    "活动次数",
    "参加人次",
    "服务时长（小时）",
    "服务群众（人次）",
    "计划安排次数",
    "已完成",
    "已完成但迟交",
    "逾期未开展",
    "旗帜按时交回率",
    "小结按时上报率",
)


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry one fixed time, so the same workbook gives the same bytes."""

    fixed_time = (1980, 1, 1, 0, 0, 0)

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.fixed_time)
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        # openpyxl streams worksheets through temporary files, which carry the wall clock.
        with open(filename, "rb") as fh:
            self.writestr(arcname or filename, fh.read())


def _cell_quantity(cell, q: Quantity):
    cell.value = q.value
    cell.number_format = f'0"{q.mark}"' if q.approx else "0"


def assessment_xlsx(catalog, year: int, statuses=None) -> bytes:
    """年终考核 table: one row per unit for ``year``, the (distinct) totals, and the definitions."""
    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年终考核"
    ws.append([f"{catalog.site['title']} {year}年度党员义工服务年终考核统计表"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(list(ASSESSMENT_HEADERS))
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    rows = figures.unit_figures(catalog, year, statuses)
    for uf in rows:
        t, tl = uf.totals, uf.timeliness
        counts = tl.counts
        ws.append(
            [
                uf.unit["name"],
                t.activities,
                None,
                t.person_hours,
                None,
                len(tl.entries),
                counts["done"],
                counts["late"],
                counts["overdue"],
                tl.flag.fraction,
                tl.report.fraction,
            ]
        )
        r = ws.max_row
        _cell_quantity(ws.cell(r, 3), t.participants)
        _cell_quantity(ws.cell(r, 5), t.served)
        for col in (10, 11):
            ws.cell(r, col).number_format = "0%"
    total = figures.totals(figures.in_year(figures.counted(catalog), year))
    ws.append(["合计（联合活动只计一次）", total.activities, None, total.person_hours])
    r = ws.max_row
    _cell_quantity(ws.cell(r, 3), total.participants)
    _cell_quantity(ws.cell(r, 5), total.served)
    for cell in ws[r]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "B3"
    ws.column_dimensions["A"].width = 40
    for col in "BCDEFGHIJK":
        ws.column_dimensions[col].width = 14
    notes = wb.create_sheet("统计口径")
    notes.append([f"统计截止日期：{catalog.as_of.isoformat()}。"])
    for line in figures.DEFINITIONS:
        notes.append([line])
    notes.column_dimensions["A"].width = 100
    return _saved(wb, catalog, ws["A1"].value)


# ---------------------------------------------------------------------------------------------
# Duty rosters: every unit every day, and the coverage, of each duty campaign.


def duty_rows(catalog, cov: figures.DutyCoverage) -> list[dict]:
    """A duty campaign's roster: one row per unit (campaign order) and day; only published
    volunteers are named; person-hours only for days so far (as the figures count them)."""
    rows = []
    for u in cov.units:
        for d in u.days:
            public = [v for v in d.who if catalog.is_public(v)]
            recorded = d.entry is not None or d.state != "upcoming"
            rows.append(
                {
                    "campaign": cov.campaign["id"],
                    "campaign_title": cov.campaign["title"],
                    "unit": u.unit["id"],
                    "unit_name": u.unit["name"],
                    "date": d.date.isoformat(),
                    "place": d.place["name"] if d.place is not None else "",
                    "people": d.people if recorded else "",
                    "volunteers": _names(public),
                    "unnamed_volunteers": len(d.who) - len(public),
                    "hours": d.hours,
                    "person_hours": d.person_hours if d.state != "upcoming" else "",
                    "state": d.label,
                    "note": d.note or "",
                }
            )
    return rows


def coverage_rows(cov: figures.DutyCoverage) -> list[dict]:
    """A duty campaign's coverage: one row per unit, then the whole campaign (unit-days)."""
    rows = [
        {
            "unit": u.unit["id"],
            "name": u.unit["name"],
            "days": len(u.days),
            "so_far": u.so_far,
            "covered": u.covered,
            "gaps": len(u.gaps),
            "upcoming": u.upcoming,
            "coverage": u.coverage,
            "person_days": u.person_days,
            "person_hours": u.person_hours,
            "gap_dates": [d.date.isoformat() for d in u.gaps],
        }
        for u in cov.units
    ]
    rows.append(
        {
            "unit": "",
            "name": ALL_UNITS,
            "days": cov.days * len(cov.units),
            "so_far": cov.so_far * len(cov.units),
            "covered": cov.covered,
            "gaps": len(cov.gaps),
            "upcoming": cov.upcoming,
            "coverage": cov.coverage,
            "person_days": cov.person_days,
            "person_hours": cov.person_hours,
            "gap_dates": [],
        }
    )
    return rows


def _duty_json(catalog, cov, days: list[dict], units: list[dict]) -> bytes:
    def value(v):
        if isinstance(v, figures.Rate):
            return {"covered": v.hits, "days": v.due, "percent": v.percent}
        return _json_value(v)

    def lines(rows, columns):
        return ",\n".join(
            json.dumps({k: value(row[k]) for k in columns}, ensure_ascii=False, separators=(",", ":")) for row in rows
        )

    head = json.dumps(
        {
            "title": catalog.site["title"],
            "as_of": catalog.as_of.isoformat(),
            "campaign": {
                "id": cov.campaign["id"],
                "title": cov.campaign["title"],
                "start": cov.start.isoformat(),
                "end": cov.end.isoformat(),
                "per_day": cov.per_day,
                "hours": _json_value(cov.hours),
            },
            "fields": {"days": DUTY_COLUMNS, "coverage": COVERAGE_COLUMNS},
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return (
        f'{head[:-1]},"days":[\n{lines(days, DUTY_COLUMNS)}\n],"coverage":[\n{lines(units, COVERAGE_COLUMNS)}\n]}}\n'
    ).encode()


# Cells of the board in the XLSX: colour as on the site (column.css), with the symbol and the word.
_DUTY_FILLS = {"covered": "E3F1E6", "gap": "FBE3E3", "upcoming": "F2F2F2"}


def _roster_cell(catalog, d: figures.DutyDay) -> str:
    """A day of the roster as the workbook's board shows it: state, people and the published
    names (✓已值守 2人：周虹); a day not recorded shows its state alone."""
    text = f"{figures.DUTY_SYMBOLS[d.state]}{figures.DUTY_LABELS[d.state]}"
    if d.entry is None and d.state != "gap":
        return text
    names = "、".join(v["name"] for v in d.who if catalog.is_public(v))
    return f"{text} {d.people}人" + (f"：{names}" if names else "")


def duty_xlsx(catalog, cov: figures.DutyCoverage, units: list[dict]) -> bytes:
    """A duty campaign in one workbook, as an office keeps a roster (排班表): the board (a row
    per unit, a column per day; each cell the state, the people and the published names, with
    the site's colour), the coverage per unit, and the definitions. The long roster (a row per
    unit and day, with notes) is the CSV and the JSON. Rows are numbered here (openpyxl's
    max_row walks every row each time)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "值守排班"
    title = f"{cov.campaign['title']} 值守排班（统计截至{catalog.as_of.isoformat()}）"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["单位", *(f"{d.month}月{d.day}日" for d in cov.dates), "已值守（天）", "缺岗（天）", "覆盖率"])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    fills = {state: PatternFill("solid", start_color=colour) for state, colour in _DUTY_FILLS.items()}
    rate_col = len(cov.dates) + 4
    for r, u in enumerate(cov.units, start=3):
        ws.append(
            [
                u.unit["name"],
                *(_roster_cell(catalog, d) for d in u.days),
                u.covered,
                len(u.gaps),
                u.coverage.fraction,
            ]
        )
        for col, d in enumerate(u.days, start=2):
            ws.cell(r, col).fill = fills[d.state]
        ws.cell(r, rate_col).number_format = "0%"
    ws.append([])
    ws.append(
        [
            f"每个单位每天至少{cov.per_day}人。✓已值守 = 当天到岗人数达到要求；✗缺岗 = 不足或没有登记；"
            "○待值守 = 统计截止日以后。人数后是到岗的具名志愿者（未同意公开姓名的只计人数）；"
            "每天的地点、时长和备注见排班 CSV 或 JSON。"
        ]
    )
    ws.freeze_panes = "B3"
    ws.column_dimensions["A"].width = 30
    sheet = wb.create_sheet("覆盖情况")
    sheet.append(list(COVERAGE_COLUMNS.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    special = [(col, key) for col, key in enumerate(COVERAGE_COLUMNS, start=1) if key in _FORMATTED]
    for r, row in enumerate(units, start=2):
        sheet.append([_xlsx_cell(row[key]) for key in COVERAGE_COLUMNS])
        for col, key in special:
            value = row[key]
            if isinstance(value, Quantity):
                _cell_quantity(sheet.cell(r, col), value)
            elif isinstance(value, figures.Rate):
                sheet.cell(r, col).number_format = "0%"
    sheet.freeze_panes = "A2"
    notes = wb.create_sheet("统计口径")
    notes.append([f"统计截止日期：{catalog.as_of.isoformat()}。"])
    for line in figures.DEFINITIONS:
        notes.append([line])
    notes.column_dimensions["A"].width = 100
    return _saved(wb, catalog, title)


_FORMATTED = ("people", "person_days", "coverage")  # cells that need a number format (多, %)


def _xlsx_cell(value):
    if isinstance(value, Quantity):
        return value.value
    if isinstance(value, figures.Rate):
        return value.fraction
    if isinstance(value, list):
        return "、".join(value)
    return value


def _saved(wb, catalog, title: str) -> bytes:
    """A workbook's bytes, the same for the same content (fixed dates and zip times)."""
    stamp = dt.datetime(catalog.as_of.year, catalog.as_of.month, catalog.as_of.day)
    wb.properties.creator = catalog.site["organisation"]
    wb.properties.title = title
    wb.properties.created = wb.properties.modified = stamp
    buffer = io.BytesIO()
    with _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    return buffer.getvalue()


def duty_files(catalog) -> dict[str, bytes]:
    """Each duty campaign's roster and coverage, as urls.duty_download names them."""
    out = {}
    for cov in figures.duty_coverages(catalog):
        cid = cov.campaign["id"]
        days, units = duty_rows(catalog, cov), coverage_rows(cov)
        out[urls.duty_download(cid, "csv")] = to_csv(days, DUTY_COLUMNS)
        out[urls.duty_download(cid, "csv", "coverage")] = to_csv(units, COVERAGE_COLUMNS)
        out[urls.duty_download(cid, "json")] = _duty_json(catalog, cov, days, units)
        out[urls.duty_download(cid, "xlsx")] = duty_xlsx(catalog, cov, units)
    return out


def files(catalog, statuses=None) -> dict[str, bytes]:
    """Every download, by output path."""
    statuses = figures.all_statuses(catalog) if statuses is None else statuses
    acts, units = activity_rows(catalog), unit_rows(catalog, statuses)
    out = {
        urls.download_path("activities.csv"): to_csv(acts, ACTIVITY_COLUMNS),
        urls.download_path("activities.json"): to_json(catalog, "activities", acts, ACTIVITY_COLUMNS),
        urls.download_path("units.csv"): to_csv(units, UNIT_COLUMNS),
        urls.download_path("units.json"): to_json(catalog, "units", units, UNIT_COLUMNS),
    }
    for year in data_years(catalog, statuses):
        out[urls.download_path(assessment_name(year))] = assessment_xlsx(catalog, year, statuses)
    return out


def generate(r, cat, ctx):
    """Page generator (site_pages.GENERATORS) of the downloads: data files, no page."""
    return Output(files=files(cat))


def generate_duty(r, cat, ctx):
    """Page generator of the duty campaigns' downloads (a generator of its own: their workbooks
    are the largest, and the pipeline shares generators between the cores)."""
    return Output(files=duty_files(cat))


def data_years(catalog, statuses) -> list[int]:
    """Years with activities or scheduled entries."""
    return sorted(set(figures.years(figures.counted(catalog))) | {s.date.year for s in statuses})


def assessment_name(year: int) -> str:
    return f"assessment-{year}.xlsx"
