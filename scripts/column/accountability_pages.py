"""Page generators for accountability: who served, where, how much, and who kept their
commitments — units, places (rolled up), themes and modes, campaigns and the flag relay,
长效服务 follow-ups, 表彰 honours, and 数据 statistics with charts and downloads.

Every number comes from figures.py; these functions only choose what each page shows. No page
grows with the archive: a record's page shows its latest activities and links to a paginated
list of all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import charts, downloads, figures, model, search, urls
from .output import Output
from .render import Page, Renderer, numbered, paginate
from .values import Date

LATEST = 10  # activities on a unit/place/theme/mode/campaign page
ACTIVITIES_PER_PAGE = 50
FOLLOW_UPS_SHOWN = 25  # open items on the board (longest open first); the rest are paginated
RESOLVED_SHOWN = 10
FOLLOW_UPS_PER_PAGE = 30
UNITS_PER_PAGE = 25  # rows of the units index
SCHEDULE_SHOWN = 20  # a campaign's schedule up to this long is on its page; a longer one is paginated
SCHEDULE_PER_PAGE = 35
CAMPAIGNS_PER_PAGE = 12  # rows of the campaigns index (a campaign a year or more; two with a duty campaign)
CHART_TOP = 20  # bars in a chart of units or places; the table lists them all
# A duty campaign's board (units × days): on its page up to BOARD_SHOWN cells, else on pages of at
# most BOARD_PER_PAGE cells, whole units a page (51 units × 12 days: two pages of ~13 KB of board).
BOARD_SHOWN = 240
BOARD_PER_PAGE = 360
GAPS_SHOWN = 20  # units in a duty campaign's 督查 list (most gaps first); all are in the downloads
GAP_DAYS_SHOWN = 10  # a unit's gap days named in that list
DUTY_SHOWN = 3  # duty campaigns on a unit's or place's page (newest first; all are on the campaigns index)


def _file_key(rec):
    return rec["path"], rec.get("line") or 0, rec["id"]


def in_file_order(recs) -> list:
    """Registry entries (units, places, themes, modes) in the order editors wrote them."""
    return sorted(recs, key=_file_key)


def _name(rec) -> str:
    return rec.get("short") or rec.get("name") or rec.get("title") or rec["id"]


def _record_pages(r: Renderer, cat, record, template: str, title: str, acts: list, t=None, **context) -> list[Page]:
    """A record's page (figures, per-year table, latest activities) plus, when it has more
    activities than fit, the paginated list of all of them."""
    kind, ident = record["kind"], record["id"]
    newest = list(reversed(acts))
    out, more = [], None
    if len(acts) > LATEST:
        chunks = paginate(newest, ACTIVITIES_PER_PAGE)
        paths = [urls.record_activities_path(kind, ident, n) for n in range(1, len(chunks) + 1)]
        more = paths[0]
        out = [
            r.page(
                path,
                "record-activities.html.j2",
                numbered(f"{title}：全部服务活动", n),
                rec=record,
                items=chunk,
                pages=paths,
                number=n,
                count=len(acts),
                figures=figures,
            )
            for n, (path, chunk) in enumerate(zip(paths, chunks, strict=True), start=1)
        ]
    page = r.page(
        urls.detail_path(kind, ident),
        template,
        title,
        meta={"search": search.page_meta(record)},
        t=t or figures.totals(acts),
        by_year=figures.breakdown(acts, "year"),
        latest=newest[:LATEST],
        count=len(acts),
        more=more,
        figures=figures,
        as_of=Date.of(cat.as_of),
        stories=cat.stories_of.get((kind, ident), [])[:LATEST],
        **context,
    )
    return [page, *out]


def units(r: Renderer, cat, ctx) -> Output:
    statuses = figures.all_statuses(cat)
    rows = sorted(figures.unit_figures(cat, None, statuses), key=lambda uf: _file_key(uf.unit))
    chunks = paginate(rows, UNITS_PER_PAGE)
    paths = [urls.listing_path("units", n) for n in range(1, len(chunks) + 1)]
    out = [
        r.page(
            path,
            "units.html.j2",
            numbered("服务单位", n),
            rows=chunk,
            pages=paths,
            number=n,
            unit_count=len(rows),
            total=figures.totals(figures.counted(cat)),
        )
        for n, (path, chunk) in enumerate(zip(paths, chunks, strict=True), start=1)
    ]
    every = figures.honours(cat)
    for uf in rows:
        u = uf.unit
        out += _record_pages(
            r,
            cat,
            u,
            "unit.html.j2",
            u["name"],
            figures.counted_for(u, cat),
            u=u,
            tl=uf.timeliness,
            honours=[h for h in every if u in h.units],
            duty=figures.duty_of(u, cat),
            duty_shown=DUTY_SHOWN,
        )
    return Output(out)


# The place index shows the tree down to towns and streets; communities and villages are listed
# on their town's page (the index stays small however many communities the registry holds).
REGION_LEVELS = ("市", "县市区", "镇街")


def places(r: Renderer, cat, ctx) -> Output:
    by_place = figures.group(figures.chronological(figures.counted(cat)), "place")
    every = in_file_order(cat.all("place"))
    totals_of = {p["id"]: figures.totals(by_place.get(p["id"], [])) for p in every}
    children = {p["id"]: in_file_order(cat.children.get(p["id"], [])) for p in every}
    all_units = in_file_order(cat.all("unit"))
    out = [
        r.page(
            "places/index.md",
            "places.html.j2",
            "服务阵地",
            roots=[p for p in every if not p.get("parent")],
            children=children,
            totals_of=totals_of,
            levels=REGION_LEVELS,
        )
    ]
    for p in every:
        duty = figures.duty_of(p, cat)
        out += _record_pages(
            r,
            cat,
            p,
            "place.html.j2",
            p["name"],
            by_place.get(p["id"], []),
            totals_of[p["id"]],
            p=p,
            above=list(reversed(figures.ancestors(p)[1:])),
            below=children[p["id"]],
            totals_of=totals_of,
            direct=len(cat.activities_of.get(("place", p["id"]), [])),
            based=[u for u in all_units if u.get("region") is p],
            paired=[u for u in all_units if p in (u.get("paired_places") or [])],
            duty=duty,
            duty_shown=DUTY_SHOWN,
            duty_rows=_at_place(duty[0]) if duty else [],
        )
    return Output(out)


def _at_place(item) -> list:
    """The units on duty at a place, each with a cell a day of the period: its DutyDay there, or
    None on a day it was at another of its paired places."""
    cov, _, days = item
    here: dict = {}
    for d in days:
        here.setdefault(d.unit["id"], {})[d.date] = d
    return [(u.unit, [here[u.unit["id"]].get(date) for date in cov.dates]) for u in cov.units if u.unit["id"] in here]


def themes(r: Renderer, cat, ctx) -> Output:
    """服务主题 and 服务方式: one index for both, a page for each."""
    sections, out = [], []
    for kind, label in ((k.name, k.label) for k in (model.THEME_KIND, model.MODE_KIND)):
        recs = in_file_order(cat.all(kind))
        rows = []
        for rec in recs:
            acts = figures.counted_for(rec, cat)
            rows.append((rec, figures.totals(acts)))
            out += _record_pages(r, cat, rec, "theme.html.j2", rec["name"], acts, rec=rec, kind_label=label)
        sections.append((label, kind, rows))
    return Output([r.page("themes/index.md", "themes.html.j2", "服务主题和服务方式", sections=sections), *out])


def campaigns(r: Renderer, cat, ctx) -> Output:
    holders = figures.flag_holders(cat)
    rows, out = [], []
    for c in cat.all("campaign"):
        statuses = figures.campaign_status(c, cat)
        counts = figures.status_counts(statuses)
        rows.append((c, counts, figures.duty_coverage(c, cat)))
        schedule = _schedule_pages(r, cat, c, statuses, counts) if len(statuses) > SCHEDULE_SHOWN else []
        duty = figures.duty_coverage(c, cat)
        board = _board_pages(r, cat, c, duty) if duty and len(duty.units) * duty.days > BOARD_SHOWN else []
        out += _record_pages(
            r,
            cat,
            c,
            "campaign.html.j2",
            c["title"],
            figures.counted_for(c, cat),
            c=c,
            description=ctx.markdown(c, "description"),
            statuses=statuses,
            counts=counts,
            inspection=figures.inspection_list(statuses),
            holders=[h for h in holders if h.campaign is c],
            schedule_pages=[(p.src, chunk[0].number, chunk[-1].number) for p, chunk in schedule],
            duty=duty,
            board_pages=[(p.src, first, last) for p, first, last in board],
            duty_files=duty_files(c) if duty else [],
            gaps_shown=GAPS_SHOWN,
            gap_days_shown=GAP_DAYS_SHOWN,
        )
        out += [p for p, _ in schedule]
        out += [p for p, _, _ in board]
    chunks = paginate(rows, CAMPAIGNS_PER_PAGE)
    paths = [urls.listing_path("campaigns", n) for n in range(1, len(chunks) + 1)]
    return Output(
        [
            r.page(
                path,
                "campaigns.html.j2",
                numbered("专项活动", n),
                rows=chunk,
                pages=paths,
                number=n,
                as_of=Date.of(cat.as_of),
            )
            for n, (path, chunk) in enumerate(zip(paths, chunks, strict=True), start=1)
        ]
        + out
    )


def _schedule_pages(r: Renderer, cat, c, statuses: list, counts: dict) -> list[tuple[Page, list]]:
    """A long schedule on pages of its own, in schedule order, each with the campaign's figures."""
    chunks = paginate(statuses, SCHEDULE_PER_PAGE)
    paths = [urls.campaign_schedule_path(c["id"], n) for n in range(1, len(chunks) + 1)]
    return [
        (
            r.page(
                path,
                "campaign-schedule.html.j2",
                numbered(f"{c['title']}：计划安排与完成情况", n),
                c=c,
                rows=chunk,
                scheduled=len(statuses),
                counts=counts,
                pages=paths,
                number=n,
                as_of=Date.of(cat.as_of),
            ),
            chunk,
        )
        for n, (path, chunk) in enumerate(zip(paths, chunks, strict=True), start=1)
    ]


def _board_pages(r: Renderer, cat, c, duty) -> list[tuple[Page, int, int]]:
    """A big duty campaign's board on pages of its own: whole units a page, at most BOARD_PER_PAGE
    cells, the pages about equal; (page, first unit's number, last unit's number)."""
    per_page = max(1, BOARD_PER_PAGE // duty.days)
    count = -(-len(duty.units) // per_page)
    size = -(-len(duty.units) // count)
    chunks = paginate(list(duty.units), size)
    paths = [urls.campaign_duty_path(c["id"], n) for n in range(1, len(chunks) + 1)]
    out, first = [], 1
    for n, (path, chunk) in enumerate(zip(paths, chunks, strict=True), start=1):
        last = first + len(chunk) - 1
        page = r.page(
            path,
            "campaign-duty.html.j2",
            numbered(f"{c['title']}：值守一览", n),
            c=c,
            duty=duty,
            rows=chunk,
            first=first,
            last=last,
            pages=paths,
            number=n,
            figures=figures,
            duty_files=duty_files(c),
            as_of=Date.of(cat.as_of),
        )
        out.append((page, first, last))
        first = last + 1
    return out


def duty_files(c) -> list[tuple[str, str]]:
    """A duty campaign's downloads (downloads.duty_files writes them), as its pages link them."""
    return [
        ("Excel 表格（XLSX）", urls.duty_download(c["id"], "xlsx")),
        ("排班（CSV）", urls.duty_download(c["id"], "csv")),
        ("覆盖情况（CSV）", urls.duty_download(c["id"], "csv", "coverage")),
        ("JSON", urls.duty_download(c["id"], "json")),
    ]


def follow_up_board(r: Renderer, cat, ctx) -> Output:
    open_items, resolved = figures.follow_ups(cat)
    common = dict(open_count=len(open_items), resolved_count=len(resolved), as_of=Date.of(cat.as_of))
    lists = {}
    for status, items, shown in (("open", open_items, FOLLOW_UPS_SHOWN), ("resolved", resolved, RESOLVED_SHOWN)):
        if len(items) > shown:
            chunks = paginate(items, FOLLOW_UPS_PER_PAGE)
            lists[status] = [urls.follow_ups_path(status, n) for n in range(1, len(chunks) + 1)], chunks
    out = [
        r.page(
            urls.follow_ups_path(),
            "follow-ups.html.j2",
            "长效服务",
            **common,
            show_open=True,
            show_resolved=True,
            open_items=open_items[:FOLLOW_UPS_SHOWN],
            resolved_items=resolved[:RESOLVED_SHOWN],
            open_more=lists["open"][0][0] if "open" in lists else None,
            resolved_more=lists["resolved"][0][0] if "resolved" in lists else None,
            pages=None,
            number=1,
        )
    ]
    for status, (paths, chunks) in lists.items():
        title = "长效服务：全部跟踪中的事项" if status == "open" else "长效服务：全部已解决的事项"
        for n, (path, chunk) in enumerate(zip(paths, chunks, strict=True), start=1):
            out.append(
                r.page(
                    path,
                    "follow-ups.html.j2",
                    numbered(title, n),
                    **common,
                    show_open=status == "open",
                    show_resolved=status == "resolved",
                    open_items=chunk,
                    resolved_items=chunk,
                    open_more=None,
                    resolved_more=None,
                    pages=paths,
                    number=n,
                )
            )
    return Output(out)


def honours_pages(r: Renderer, cat, ctx) -> Output:
    items = figures.honours(cat)
    out = [r.page("honours/index.md", "honours.html.j2", "表彰", items=items)]
    for h in items:
        out.append(
            r.page(
                urls.detail_path("honours", h.rec["id"]),
                "honours-year.html.j2",
                h.rec["title"],
                h=h,
                meta={"search": search.page_meta(h.rec)},
            )
        )
    return Output(out)


@dataclass(frozen=True)
class Row:
    """One row of a statistics table: a record (linked) or a label (linked when ``src``)."""

    scope: str
    totals: figures.Totals
    rec: object = None
    label: str = ""
    src: str | None = None


@dataclass(frozen=True)
class Section:
    heading: str
    first: str  # first column's header
    rows: list
    chart: object
    note: str = ""


def _top(rows: list[Row], metric: str, limit: int) -> list[Row]:
    """The ``limit`` rows with the most of ``metric`` (ties in their original order)."""
    return sorted(rows, key=lambda x: -_value(getattr(x.totals, metric)))[:limit]


def _bars(rows: list[Row], metric: str, top: int | None = None) -> list[charts.Bar]:
    chosen = rows if top is None else _top(rows, metric, top)
    return [
        charts.Bar(
            _name(x.rec) if x.rec else x.label, _value(getattr(x.totals, metric)), str(getattr(x.totals, metric))
        )
        for x in chosen
    ]


def _value(v):
    return v.value if hasattr(v, "value") else v


def _sections(cat, acts, year: int | None) -> tuple[list[Section], list[Section]]:
    """The sections of a 数据 page (by year or month, theme, mode), and those of its page per
    unit and per region (each page stays small: the unit and region tables are the long ones)."""
    suffix = "" if year is None else f"@{year}"
    chart = "chart" if year is None else f"chart-{year}"  # element ids of the page's charts
    out = []
    if year is None:
        rows = [
            Row(f"year:{y}", t, label=f"{y}年", src=urls.stats_path(y))
            for y, t in figures.breakdown(acts, "year").items()
        ]
        out.append(
            Section(
                "按年份",
                "年份",
                rows,
                charts.bar_chart(f"{chart}-year", "各年份服务活动次数", _bars(rows, "activities"), "次"),
            )
        )
    else:
        rows = [Row(f"month:{y}-{m:02d}", t, label=f"{m}月") for (y, m), t in figures.breakdown(acts, "month").items()]
        out.append(
            Section(
                "按月份",
                "月份",
                rows,
                charts.bar_chart(f"{chart}-month", f"{year}年各月服务活动次数", _bars(rows, "activities"), "次"),
                "只知道月份的活动计入该月；跨越几天的活动计入开始的那个月。",
            )
        )
    for kind, heading in (("theme", "按服务主题"), ("mode", "按服务方式")):
        totals = figures.breakdown(acts, kind)
        rows = [
            Row(f"{kind}:{rec['id']}{suffix}", totals[rec["id"]], rec=rec)
            for rec in in_file_order(cat.all(kind))
            if rec["id"] in totals
        ]
        out.append(
            Section(
                heading,
                heading[1:],
                rows,
                charts.bar_chart(f"{chart}-{kind}", f"{heading[1:]}参加人次", _bars(rows, "participants"), "人次"),
                "一次活动有几个主题的，在每个主题下都计入。" if kind == "theme" else "",
            )
        )
    return out, _unit_sections(cat, acts, suffix, chart)


def _unit_sections(cat, acts, suffix: str, chart: str) -> list[Section]:
    out = []
    totals = figures.breakdown(acts, "unit")
    rows = [
        Row(f"unit:{u['id']}{suffix}", totals[u["id"]], rec=u)
        for u in in_file_order(cat.all("unit"))
        if u["id"] in totals
    ]
    top = _top(rows, "activities", CHART_TOP)
    note = "联合开展的活动计入每个参与单位，所以各单位相加大于合计。"
    if len(top) < len(rows):
        note += (
            f"这里列出服务活动次数最多的{len(top)}个单位；全部{len(rows)}个单位的数字见“服务单位”页和下面的下载数据。"
        )
    out.append(
        Section(
            "按服务单位",
            "单位",
            top,
            charts.bar_chart(f"{chart}-unit", f"服务活动次数最多的{len(top)}个单位", _bars(top, "activities"), "次"),
            note,
        )
    )
    totals = figures.breakdown(acts, "place")
    regions = [p for p in cat.all("place") if p["category"] in REGION_LEVELS[:2] and p["id"] in totals]
    rows = [Row(f"place:{p['id']}{suffix}", totals[p["id"]], rec=p) for p in _tree_order(regions)]
    out.append(
        Section(
            "按地区",
            "地区",
            rows,
            charts.bar_chart(f"{chart}-place", "各地区参加人次", _bars(rows, "participants", CHART_TOP), "人次"),
            "含下级镇街、社区和村的活动，同一次活动只计一次；市的数字也包含它下面各县市区的数字。"
            "各镇街、社区和村的数字见“服务阵地”。",
        )
    )
    return out


def _tree_order(places: list) -> list:
    """Places in the order of the tree: each after its parent, siblings in file order."""
    return sorted(places, key=lambda p: [_file_key(a) for a in reversed(figures.ancestors(p))])


def stats(r: Renderer, cat, ctx) -> Output:
    statuses = figures.all_statuses(cat)
    counted = figures.counted(cat)
    years = figures.years(counted)
    year_src = {y: urls.stats_path(y) for y in years}
    xlsx_years = downloads.data_years(cat, statuses)
    units_src = {y: urls.stats_path(y, STATS_UNITS) for y in years}
    common = dict(years=years, definitions=figures.DEFINITIONS, as_of=Date.of(cat.as_of))
    out = []
    for y in [None, *years]:
        acts = counted if y is None else figures.in_year(counted, y)
        main, by_unit = _sections(cat, acts, y)
        title, t = ("数据" if y is None else f"{y}年数据"), figures.totals(acts)
        scope = dict(
            year=y,
            scope="all" if y is None else f"year:{y}",
            t=t,
            **common,
            downloads=_download_links(),
            assessments=_assessment_links(xlsx_years if y is None else [y] if y in xlsx_years else []),
        )
        main_src, units_page = urls.stats_path(y), urls.stats_path(y, STATS_UNITS)
        units_title = f"{title}：{STATS_UNITS_TITLE}"
        out.append(
            r.page(
                main_src,
                "stats.html.j2",
                title,
                sections=main,
                year_src=year_src,
                all_src=urls.stats_path(),
                part=(units_title, units_page),
                back=None,
                **scope,
            )
        )
        out.append(
            r.page(
                units_page,
                "stats.html.j2",
                units_title,
                sections=by_unit,
                year_src=units_src,
                all_src=urls.stats_path(None, STATS_UNITS),
                part=None,
                back=(title, main_src),
                **scope,
            )
        )
    return Output(out)


# Each 数据 page has a page of its figures per unit and per region.
STATS_UNITS = "units"
STATS_UNITS_TITLE = "各单位和各地区"


def _download_links() -> list[tuple[str, str, str]]:
    out = [
        ("服务活动（CSV）", urls.download_path("activities.csv"), "每次活动一行，可用 Excel 打开"),
        ("服务活动（JSON）", urls.download_path("activities.json"), ""),
        ("各单位统计（CSV）", urls.download_path("units.csv"), "每个单位每年一行，“全部”为历年合计"),
        ("各单位统计（JSON）", urls.download_path("units.json"), ""),
    ]
    return out


def _assessment_links(xlsx_years) -> list[tuple[int, str]]:
    """(year, file) of the year-end assessment tables: one line on the page however many years."""
    return [(y, urls.download_path(downloads.assessment_name(y))) for y in xlsx_years]


GENERATORS = [units, places, themes, campaigns, follow_up_board, honours_pages, stats]
