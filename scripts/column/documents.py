"""The Word documents an office hands out: 工作简报 (briefing), 督查通报 (notice), 志愿服务证明
(certificate), written under ``documents/`` from the templates in ``templates/docx/``.

Every number is figures.py's, printed as the site prints it (``1000多``, hours without trailing
zeros); this module only picks the records of a period, a campaign or a volunteer, and puts the
figures in sentences. Each document is dated, and deterministic: the same content gives the
same bytes.

- briefing: ``PERIOD`` = 2010, 2010-Q2 or 2010-06. Judged as of the period's last day, or the
  site's ``as_of`` if the period is not over (``Briefing.as_of``); that day is also its date.
  Issue number: the period's place in its series within the year — a month is 第6期（月报）,
  a quarter 第2期（季报）, a year 第1期（年报）.
- notice: a campaign as of ``DATE`` (default the site's ``as_of``), which is also its date. The
  sections depend on the campaign's kind (``NOTICE_KINDS``): a schedule campaign lists units on
  time, late, overdue, in progress, the flag holder and what comes next; a duty-roster campaign
  (值守) the units with gaps and their days, the units on duty every day, and what remains.
- certificate: a volunteer's service record, hours and star level as of the site's ``as_of``
  (its date); any volunteer, consent or not: the certificate is for that person, never published.
  Serial number ``ZYFW-<as_of>-<6 hex>``: a digest of the volunteer, the date and the record, so
  the same record on the same day gives the same number and any change a new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from . import docx_templates, figures, reading, relate, sanitize
from .records import Record
from .values import Date, When, format_hours

CN_NUMBERS = "〇一二三四五六七八九十"


class DocumentProblem(ValueError):
    """The document cannot be made; ``message`` and ``hint`` are Chinese, for editors."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint

    def __str__(self) -> str:
        return f"没有生成文件：{self.message}" + (f"\n    修改方法：{self.hint}" if self.hint else "")


def published_stories(catalog) -> list[Record]:
    """The stories on the site (drafts are not), as the catalog sorted them."""
    return catalog.published("story")


def _quoted(text: str) -> str:
    """“text”, its own double quotes turned single (引号里再用引号：“‘世合赛’期间……”)."""
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"


def cn_number(n: int) -> str:
    """1–99 in Chinese numerals (一, 十二, 二十); for ordinals in headings and star levels."""
    if n <= 10:
        return CN_NUMBERS[n]
    tens, ones = divmod(n, 10)
    return (CN_NUMBERS[tens] if tens > 1 else "") + "十" + (CN_NUMBERS[ones] if ones else "")


def _names(records, key: str = "name") -> str:
    return "、".join(r.get(key) or r.get("name") or r["id"] for r in records)


def _zh(day: dt.date) -> str:
    return Date.of(day).zh


# ---------------------------------------------------------------------------------------------
# Periods: 2010, 2010-Q2, 2010-06.

SERIES = {"year": "年报", "quarter": "季报", "month": "月报"}


@dataclass(frozen=True)
class Period:
    kind: str  # year, quarter, month
    year: int
    number: int  # 1 for a year; the quarter 1–4; the month 1–12

    @property
    def first(self) -> dt.date:
        month = {"year": 1, "quarter": 3 * self.number - 2, "month": self.number}[self.kind]
        return dt.date(self.year, month, 1)

    @property
    def last(self) -> dt.date:
        month = {"year": 12, "quarter": 3 * self.number, "month": self.number}[self.kind]
        return Date(self.year, month).last

    @property
    def code(self) -> str:
        return {
            "year": f"{self.year}",
            "quarter": f"{self.year}-Q{self.number}",
            "month": f"{self.year}-{self.number:02d}",
        }[self.kind]

    @property
    def label(self) -> str:
        return {
            "year": f"{self.year}年",
            "quarter": f"{self.year}年第{cn_number(self.number)}季度",
            "month": f"{self.year}年{self.number}月",
        }[self.kind]

    @property
    def issue(self) -> str:
        return f"{self.year}年第{self.number}期（{SERIES[self.kind]}）"

    def containing(self, day: dt.date) -> Period:
        """The period of the same kind that holds ``day``."""
        number = {"year": 1, "quarter": (day.month - 1) // 3 + 1, "month": day.month}[self.kind]
        return Period(self.kind, day.year, number)


_PERIOD = re.compile(r"^(\d{4})(?:-(?:[Qq]([1-4])|(\d{1,2})))?$")


def parse_period(text: str) -> Period:
    m = _PERIOD.match((text or "").strip())
    if m and m[3] and not 1 <= int(m[3]) <= 12:
        m = None
    if not m:
        raise DocumentProblem(
            f"期间“{text}”的写法不对。",
            "写成 2010（全年）、2010-Q2（第二季度）或 2010-06（6月），如 make briefing PERIOD=2010-Q2。",
        )
    year = int(m[1])
    if m[2]:
        return Period("quarter", year, int(m[2]))
    if m[3]:
        return Period("month", year, int(m[3]))
    return Period("year", year, 1)


# ---------------------------------------------------------------------------------------------
# 工作简报.


def briefing(catalog, period: Period) -> dict:
    """The briefing's context: the period's figures, activities, stories, campaign completion and
    the follow-ups open at its end, judged as of the period's last day (or as_of, if earlier)."""
    if period.first > catalog.as_of:
        raise DocumentProblem(
            f"{period.label}还没有开始：统计截止日是{_zh(catalog.as_of)}。",
            "选一个已经开始的期间；统计截止日见 site.yml 的 as_of。",
        )
    as_of = min(period.last, catalog.as_of)
    acts = figures.in_period(figures.counted(catalog, as_of), period.first, period.last)
    stories = sorted(
        (s for s in published_stories(catalog) if period.first <= s["date"].first <= period.last),
        key=lambda s: (s["date"].first, s["id"]),
    )
    statuses = [s for s in figures.all_statuses(catalog, as_of) if period.first <= s.date.first <= period.last]
    if not (acts or stories or statuses):
        raise DocumentProblem(f"{period.label}没有活动记录、新闻稿和专项活动安排。", _nearest_periods(catalog, period))
    t = figures.totals(acts)
    campaigns = []
    for c in catalog.all("campaign"):
        own = [s for s in statuses if s.campaign is c]
        if not own:
            continue
        counts, done, timely = figures.status_counts(own), figures.completion(own), figures.timeliness(own)
        relay = bool(c.get("flag_relay"))
        campaigns.append(
            {
                "title": c["title"],
                "scheduled": len(own),
                "completed": done.hits,
                "late": counts["late"],
                "overdue": counts["overdue"],
                "completion": str(done),
                "flag": str(timely.flag) if relay else "不适用",
                "report": str(timely.report) if relay else "不适用",
            }
        )
    open_items, _ = figures.follow_ups(catalog, as_of)
    return {
        "issue": period.issue,
        "organisation": catalog.site["organisation"],
        "date": _zh(as_of),
        "as_of": _zh(as_of),
        "heading": f"{period.label}党员义工服务工作情况",
        "period": period.label,
        "period_range": When(Date.of(period.first), Date.of(period.last)).zh,
        "figures": {
            "activities": t.activities,
            "participants": str(t.participants),
            "hours": format_hours(t.person_hours),
            "served": str(t.served),
        },
        "activities": [_activity(n, a) for n, a in enumerate(acts, start=1)],
        "stories": [
            {
                "number": n,
                "title": s["title"],
                "date": s["date"].zh,
                "source": s.get("source") or "",
                "summary": s.get("summary") or reading.excerpt(sanitize.plain_text(s.get("body") or "")),
            }
            for n, s in enumerate(stories, start=1)
        ],
        "campaigns": campaigns,
        "follow_ups": [
            {
                "number": n,
                "problem": f.problem,
                "activity": f.activity["title"],
                "owner": f.owner,
                "opened": f.opened.zh,
                "days": f.days,
            }
            for n, f in enumerate(open_items, start=1)
        ],
        "_title": f"工作简报 {period.issue}",
        "_date": as_of,
    }


def _activity(number: int, a) -> dict:
    served, hours = figures.served(a), figures.person_hours(a)
    if isinstance(a, figures.DutyService):  # a duty campaign, counted as one activity
        cov = a.coverage
        summary = (
            f"{len(cov.units)}个单位在结对社区值守，截至{_zh(cov.as_of)}覆盖率{cov.coverage}，缺岗{len(cov.gaps)}天次。"
        )
        return {
            "number": number,
            "title": f"{a.title}（值守）",
            "date": a.date.zh,
            "units": _names(a.units, "short"),
            "places": _names(a.places),
            "participants": str(a.people),
            "hours": format_hours(hours) if hours else "",
            "served": "",
            "summary": summary,
        }
    return {
        "number": number,
        "title": a["title"],
        "date": a["date"].zh,
        "units": _names(a["units"], "short"),
        "places": _names(a["places"]),
        "participants": str(figures.participants(a)),
        "hours": format_hours(hours) if hours else "",
        "served": str(served) if served.value or served.approx else "",
        "summary": sanitize.plain_text(a.get("summary") or ""),
    }


def _nearest_periods(catalog, period: Period) -> str:
    """The periods of the same kind that have records, nearest first."""
    days = [a["date"].start.first for a in catalog.activities] + [s["date"].first for s in published_stories(catalog)]
    days += [s["date"].first for c in catalog.all("campaign") for s in c.get("schedule") or []]
    have = {period.containing(day) for day in days if day <= catalog.as_of}
    if not have:
        return "内容里还没有活动记录和新闻稿。"

    def distance(p: Period):
        return abs((p.first.year - period.first.year) * 12 + p.first.month - period.first.month), p.code

    return "有记录的期间中最接近的是：" + "、".join(p.code for p in sorted(have, key=distance)[:3]) + "。"


# ---------------------------------------------------------------------------------------------
# 督查通报, by kind of campaign.


def notice(catalog, campaign: Record, as_of: dt.date) -> dict:
    kind = notice_kind(campaign)
    if kind is None:
        raise DocumentProblem(
            f"专项活动“{campaign['title']}”没有计划安排，无法生成督查通报。",
            f"在 {campaign['path']} 的 schedule 里写上各单位的计划安排。",
        )
    summary, sections = NOTICE_KINDS[kind](catalog, campaign, as_of)
    relay = bool(campaign.get("flag_relay"))
    organisers = _names(campaign.get("organisers") or []) or catalog.site["organisation"]
    rule = "服务旗帜接传制度和计划安排" if relay else "计划安排"
    if kind == "duty":
        rule = "值守安排"
        closing = "请有缺岗的单位说明原因、补齐值守人员；各单位严格按排班到结对社区值守。"
    elif relay:
        closing = (
            "请逾期未开展和迟交的单位抓紧落实，按时交回服务旗帜、上报活动小结和照片；各单位严格按计划安排开展活动。"
        )
    else:
        closing = "请逾期未开展的单位抓紧落实；各单位严格按计划安排开展活动。"
    return {
        "title": f"关于{_quoted(campaign['title'])}开展情况的督查通报",
        "intro": f"按照{_quoted(campaign['title'])}{rule}的要求，{organisers}对各单位活动开展情况进行了督查。"
        f"现将截至{_zh(as_of)}的情况通报如下。",
        "summary": summary,
        "sections": [
            {"heading": f"{cn_number(n)}、{heading}", "lines": lines, "empty": empty}
            for n, (heading, lines, empty) in enumerate(sections, start=1)
        ],
        "closing": closing + "活动情况纳入年终机关党建工作考核。",
        "organisation": catalog.site["organisation"],
        "date": _zh(as_of),
        "_title": f"督查通报 {campaign['title']}",
        "_date": as_of,
    }


def notice_kind(campaign: Record) -> str | None:
    """Which sections a campaign's notice has (a key of NOTICE_KINDS), or None: nothing to inspect.
    A campaign with duty rosters is inspected on its duty (its schedule, if any, on the site)."""
    if campaign.get("duty"):
        return "duty"
    return "schedule" if campaign.get("schedule") else None


def _unit(s) -> str:
    return s.unit.get("name") or s.unit["id"]


def _schedule_sections(catalog, c: Record, as_of: dt.date):
    """A schedule campaign (计划安排, under the flag relay or not): (summary, [(heading, lines, if empty)])."""
    statuses = figures.campaign_status(c, catalog, as_of)
    relay = bool(c.get("flag_relay"))
    counts, done, timely = figures.status_counts(statuses), figures.completion(statuses), figures.timeliness(statuses)
    summary = (
        f"截至{_zh(as_of)}，该活动共有计划安排{len(statuses)}次，已到期{done.due}次，其中已开展{done.hits}次"
        + (f"（迟交{counts['late']}次）" if relay else "")
        + f"，逾期未开展{counts['overdue']}次，完成率{done}"
    )
    if relay:
        summary += f"；服务旗帜按时归还率{timely.flag}，活动小结和照片按时上报率{timely.report}"
    later = [
        f"本周待开展{counts['due']}次" if counts["due"] else "",
        f"以后待开展{counts['upcoming']}次" if counts["upcoming"] else "",
    ]
    summary += "。" + ("，".join(x for x in later if x) + "。" if any(later) else "")

    def places(s):
        return _names(s.activity["places"]) if s.activity else _names(s.entry.get("places") or [])

    on_time = [
        f"{_unit(s)}：{s.activity['date'].zh}在{places(s)}开展服务"
        + ("，服务旗帜、活动小结和照片按时交回。" if relay else "。")
        for s in statuses
        if s.status == "done" and s.settled
    ]
    late = [f"{_unit(s)}（计划{s.date.zh}）：{'；'.join(s.notes)}。" for s in statuses if s.status == "late"]
    overdue = [f"{_unit(s)}（计划{s.date.zh}）：{'；'.join(s.notes)}。" for s in statuses if s.status == "overdue"]
    pending = [
        f"{_unit(s)}：{s.activity['date'].zh}开展服务，服务旗帜、活动小结和照片最迟应于{s.due_by.zh}交回。"
        for s in statuses
        if s.status == "done" and not s.settled
    ]
    pending += [f"{_unit(s)}：计划{s.date.zh}开展（本周），尚无活动记录。" for s in statuses if s.status == "due"]
    sections = [("按时完成的单位" if relay else "已完成的单位", on_time, "无。")]
    if relay:
        sections.append(("已完成但迟交的单位", late, "无。"))
    sections.append(("逾期未开展的单位", overdue, "无。"))
    sections.append(("已开展、尚在交回期限内的单位" if relay else "本周待开展的单位", pending, "无。"))
    if relay:
        holders = [h for h in figures.flag_holders(catalog, as_of) if h.campaign is c]
        sections.append(
            (
                "当前持旗单位",
                [f"{_names(h.units)}：{h.received.zh}领取服务旗帜，已持旗{h.days}天。" for h in holders],
                "目前没有单位持有服务旗帜。",
            )
        )
    sections.append(
        (
            "下一步安排",
            [f"{_unit(s)}：{s.date.zh}，{places(s)}。" for s in figures.next_scheduled(statuses)],
            "没有待开展的计划安排。",
        )
    )
    return summary, sections


def _duty_sections(catalog, c: Record, as_of: dt.date):
    """A duty campaign (值守排班): (summary, [(heading, lines, if empty)]) — the units with gaps and
    their days (most gaps first, as the site's 督查 list), the units on duty every day so far,
    and the days still to come."""
    cov = figures.duty_coverage(c, catalog, as_of)
    due = len(cov.units) * cov.so_far
    summary = (
        f"截至{_zh(as_of)}，该活动共有值守单位{len(cov.units)}个，值守期间{cov.period.zh}共{cov.days}天，"
        f"每个单位每天至少{cov.per_day}人到结对社区；已到{cov.so_far}天，应值守{due}天次，已值守{cov.covered}天次，"
        f"缺岗{len(cov.gaps)}天次，覆盖率{cov.coverage}；到岗值守{cov.person_days}人次，{format_hours(cov.person_hours)}小时。"
    )
    if cov.upcoming:
        summary += f"以后待值守{cov.upcoming}天次。"

    def days(items) -> str:
        return "、".join(f"{d.date.month}月{d.date.day}日" for d in items)

    gaps = [f"{_names([u.unit])}：缺岗{len(u.gaps)}天（{days(u.gaps)}），覆盖率{u.coverage}。" for u in cov.with_gaps]
    full = [
        f"{_names([u.unit])}：已值守{u.covered}天，覆盖率{u.coverage}。" for u in cov.units if u.so_far and not u.gaps
    ]
    coming = []
    if cov.upcoming:
        first = next(d for d in cov.dates if d > as_of)
        coming.append(
            f"{_zh(first)}至{_zh(cov.end)}还有{cov.days - cov.so_far}天，"
            f"各单位按排班到结对社区值守，每天至少{cov.per_day}人。"
        )
        unplanned = [(u, [d for d in u.days if d.state == "upcoming" and d.entry is None]) for u in cov.units]
        coming += [f"{_names([u.unit])}：{days(left)}尚未排班。" for u, left in unplanned if left]
    sections = [
        ("有缺岗的单位", gaps, "无。"),
        ("每天按要求值守的单位", full, "无。" if cov.so_far else "值守还没有开始。"),
        ("下一步安排", coming, "值守期间已经结束。"),
    ]
    return summary, sections


# The notice's sections by kind of campaign (notice_kind): the same (summary, sections) shape.
NOTICE_KINDS = {"schedule": _schedule_sections, "duty": _duty_sections}


# ---------------------------------------------------------------------------------------------
# 志愿服务证明.


def certificate(catalog, volunteer: Record) -> dict:
    record = figures.service_record(volunteer, catalog)
    if not record:
        raise DocumentProblem(
            f"志愿者“{volunteer['name']}”还没有服务记录，无法出具志愿服务证明。",
            "在活动记录的 volunteers 里写上这名志愿者参加的活动，再生成证明。",
        )
    hours = figures.volunteer_hours(volunteer, catalog)
    levels = figures.star_levels(catalog.site)
    stars = figures.star_level(hours, levels)
    star = (
        f"达到{cn_number(stars)}星级志愿者标准"
        if stars
        else f"尚未达到星级志愿者标准（累计满{format_hours(levels[0])}小时为一星级）"
        if levels
        else ""
    )
    as_of = catalog.as_of
    digest = hashlib.sha256(
        "|".join(
            [volunteer["id"], as_of.isoformat(), format_hours(hours)]
            + [f"{e.activity['id']}:{format_hours(e.hours)}" for e in record]
        ).encode()
    )
    return {
        "serial": f"ZYFW-{as_of:%Y%m%d}-{digest.hexdigest()[:6].upper()}",
        "name": volunteer["name"],
        "unit": volunteer["unit"]["name"] if volunteer.get("unit") else "",
        "when": When(record[0].activity["date"].start, record[-1].activity["date"].end).zh,
        "count": len(record),
        "hours": format_hours(hours),
        "star": star,
        "scale": "、".join(f"{cn_number(n)}星级{format_hours(t)}小时" for n, t in enumerate(levels, start=1)),
        "activities": [
            {
                "number": n,
                "date": e.activity["date"].zh,
                "title": e.activity["title"],
                "units": _names(e.activity["units"], "short"),
                "hours": format_hours(e.hours),
            }
            for n, e in enumerate(record, start=1)
        ],
        "organisation": catalog.site["organisation"],
        "date": _zh(as_of),
        "_title": f"志愿服务证明 {volunteer['name']}",
        "_date": as_of,
    }


# ---------------------------------------------------------------------------------------------
# Looking records up, and writing.


def find(catalog, kind: str, text: str) -> Record:
    """A campaign or volunteer by id, name, short name or alias; else a Chinese error with the
    closest ones."""
    label = {"campaign": "专项活动", "volunteer": "志愿者"}[kind]
    found, problem = relate.name_indexes(catalog.by_kind)[kind].find(text or "")
    if found is not None:
        return found
    how, names = problem
    if how == "ambiguous":
        raise DocumentProblem(f"“{text}”同时对应多个{label}：{names}。", "改写成其中一个的编号。")
    every = "、".join(r["id"] for r in catalog.all(kind)[:10])
    hint = (
        f"最接近的有：{names}。" if names else (f"已有的{label}编号：{every}。" if every else f"内容里还没有{label}。")
    )
    raise DocumentProblem(f"找不到{label}“{text}”。", hint)


def write(name: str, context: dict, path: Path) -> Path:
    """Render template ``name`` with ``context`` into ``path`` (the same bytes for the same context)."""
    import jinja2
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(docx_templates.FOLDER / f"{name}.docx"))
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    template.render({k: v for k, v in context.items() if not k.startswith("_")}, env)
    props = template.docx.core_properties
    props.title = context["_title"]
    props.created = props.modified = dt.datetime.combine(context["_date"], dt.time())
    props.revision = 1
    buf = io.BytesIO()
    template.save(buf)
    docx_templates.save(buf.getvalue(), path)
    return path


def file_name(kind: str, *parts) -> str:
    return "-".join([kind, *(str(p).lower() for p in parts)]) + ".docx"
