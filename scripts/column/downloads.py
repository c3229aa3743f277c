"""Downloadable data: CSV and JSON of activities and of per-unit figures, and the XLSX year-end
assessment (年终考核) table per unit. Every function returns bytes, deterministically: sorted
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
from openpyxl.styles import Alignment, Font
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
ALL_YEARS = "全部"


def _qty(q: Quantity) -> dict:
    return {"value": q.value, "approx": q.approx, "text": str(q)}


def _names(recs) -> list[str]:
    return [r.get("name") or r.get("title") or r["id"] for r in recs]


def activity_rows(catalog) -> list[dict]:
    """One row per activity, oldest first; values as plain data (quantities keep 多)."""
    rows = []
    for a in figures.chronological(catalog.activities):
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
    stamp = dt.datetime(catalog.as_of.year, catalog.as_of.month, catalog.as_of.day)
    wb.properties.creator = catalog.site["organisation"]
    wb.properties.title = ws["A1"].value
    wb.properties.created = wb.properties.modified = stamp
    buffer = io.BytesIO()
    with _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    return buffer.getvalue()


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


def data_years(catalog, statuses) -> list[int]:
    """Years with activities or scheduled entries."""
    return sorted(set(figures.years(figures.counted(catalog))) | {s.date.year for s in statuses})


def assessment_name(year: int) -> str:
    return f"assessment-{year}.xlsx"
