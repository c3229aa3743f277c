"""``python -m column stats --year N``: a year's figures as Chinese text for the terminal.

Every number comes from figures.py; this module only picks the year's records and lays the
figures out. No volunteer is named (the terminal output is pasted into reports).
"""

from __future__ import annotations

import unicodedata

from . import figures
from .values import Date, format_hours


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _label(rec) -> str:
    return rec.get("short") or rec.get("name") or rec.get("title") or rec["id"]


def _table(rows: list[tuple[str, figures.Totals]]) -> list[str]:
    if not rows:
        return ["  （无）"]
    width = max(_width(name) for name, _ in rows) + 2
    return [
        f"  {_pad(name, width)}{t.activities:>4} 次  {t.participants!s:>8} 人次  "
        f"{format_hours(t.person_hours):>8} 小时  服务群众 {t.served} 人"
        for name, t in rows
    ]


def _breakdown(catalog, acts, by: str, kind: str) -> list[tuple[str, figures.Totals]]:
    found = figures.breakdown(acts, by)
    return [(_label(rec), found[rec["id"]]) for rec in catalog.all(kind) if rec["id"] in found]


def report(catalog, year: int) -> str:
    acts = figures.in_year(figures.counted(catalog), year)
    known = figures.years(figures.counted(catalog))
    if not acts:
        have = "、".join(f"{y}年" for y in known) or "（还没有活动记录）"
        return f"{year}年没有活动记录。有记录的年份：{have}"
    t = figures.totals(acts)
    lines = [
        f"{year}年党员义工服务统计（统计截止日 {Date.of(catalog.as_of).zh}）",
        "",
        f"  活动        {t.activities} 次",
        f"  参加        {t.participants} 人次",
        f"  服务时长    {format_hours(t.person_hours)} 小时",
        f"  服务群众    {t.served} 人",
        "",
    ]
    for title, by, kind in (
        ("按服务主题", "theme", "theme"),
        ("按服务方式", "mode", "mode"),
        ("按组织单位", "unit", "unit"),
    ):
        lines += [f"{title}：", *_table(_breakdown(catalog, acts, by, kind)), ""]

    statuses = [s for s in figures.all_statuses(catalog) if s.date.year == year]
    if statuses:
        counts = figures.status_counts(statuses)
        timely = figures.timeliness(statuses)
        lines += [
            "专项活动计划安排：" + "，".join(f"{figures.STATUS_LABELS[k]} {counts[k]}" for k in figures.STATUS_ORDER),
            f"  旗帜按时归还率 {timely.flag}，小结和照片按时上报率 {timely.report}",
            "",
        ]
    for cov in figures.duty_coverages(catalog):
        if cov.start.year == year:
            lines += [
                f"值守“{cov.campaign['title']}”：{len(cov.units)} 个单位，{cov.days} 天，覆盖率 {cov.coverage}，"
                f"缺岗 {len(cov.gaps)} 天次，{cov.person_days} 人次，{format_hours(cov.person_hours)} 小时",
                "",
            ]
    open_items, resolved = figures.follow_ups(catalog)
    opened = [f for f in open_items if f.opened.year == year]
    closed = [f for f in resolved if f.opened.year == year]
    lines.append(f"长效服务（{year}年登记）：跟踪中 {len(opened)} 项，已解决 {len(closed)} 项")
    for h in figures.honours(catalog):
        if h.year == year:
            lines.append(f"年度表彰：先进集体 {len(h.units)} 个，先进个人 {h.volunteer_count} 名")
    return "\n".join(lines)
