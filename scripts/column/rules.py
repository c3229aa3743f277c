"""Rules that span several fields of one record (a kind's ``check`` in model.py).

Each rule takes a related record (references resolved) and yields its problems; relate runs
the rule of the record's kind over every record, and the live preview over the edited ones.
"""

from __future__ import annotations

from .issues import Issue
from .values import When


def activity(a):
    path = a["path"]
    p = a.get("participants")
    if p and p.get("groups") and p.get("total") is not None:
        total = p["total"]
        summed = sum(p["groups"].values())
        if summed.value > total.value and not total.approx:
            yield Issue(
                path,
                p.lines.get("groups"),
                "participants.groups",
                f"各类人员合计 {summed} 人，超过了总人数 {total} 人。",
                "核对分组人数和 total（总人数）。",
            )
    named = [v for v in a.get("volunteers") or [] if v.get("who") is not None]
    if p and p.get("total") is not None and len(named) > p["total"].value:
        yield Issue(
            path,
            a.lines.get("volunteers"),
            "volunteers",
            f"具名志愿者有 {len(named)} 人，超过了总人数 {p['total']} 人。",
            "核对 participants.total。",
        )
    for i, fu in enumerate(a.get("follow_ups") or []):
        name = f"follow_ups[{i + 1}]"
        if fu.get("status") == "resolved" and fu.get("resolved") is None:
            yield Issue(
                path, fu.lines.get(""), name + ".resolved", "已解决的事项缺少解决日期。", "加一行 resolved: 年-月-日。"
            )
        if fu.get("status") == "open" and fu.get("resolved") is not None:
            yield Issue(
                path,
                fu.lines.get("resolved"),
                name + ".status",
                "写了解决日期，但状态仍是 open。",
                "已解决请把 status 改成 resolved；未解决请删掉 resolved。",
            )
        opened = fu.get("opened") or (a["date"].start if a.get("date") else None)
        if fu.get("resolved") is not None and opened is not None and fu["resolved"].last < opened.first:
            yield Issue(path, fu.lines.get("resolved"), name + ".resolved", "解决日期早于登记日期。", "改正日期。")
    flag = a.get("flag")
    if flag and flag.get("received") and flag.get("returned") and flag["returned"].last < flag["received"].first:
        yield Issue(path, flag.lines.get("returned"), "flag.returned", "归还旗帜的日期早于领取日期。", "改正日期。")


def campaign(c):
    path = c["path"]
    if c.get("start") and c.get("end") and c["end"].last < c["start"].first:
        yield Issue(path, c.lines.get("end"), "end", "结束日期早于开始日期。", "改正日期。")
    plan = c.get("duty")
    if not plan:
        return
    for key in ("start", "end"):
        if plan.get(key) is not None and plan[key].day is None:
            yield Issue(
                path,
                plan.lines.get(key),
                f"duty.{key}",
                f"值守的{'开始' if key == 'start' else '结束'}日期要写到日，现在是“{plan[key].iso}”。",
                "写成 年-月-日，如 2010-07-15。",
            )
    if plan.get("start") and plan.get("end") and plan["end"].last < plan["start"].first:
        yield Issue(path, plan.lines.get("end"), "duty.end", "值守结束日期早于开始日期。", "改正日期。")
    if plan.get("per_day") == 0:
        yield Issue(
            path, plan.lines.get("per_day"), "duty.per_day", "每天至少到岗的人数不能是 0。", "写 1 或更多；不写即为 1。"
        )
    if not c.get("units"):
        yield Issue(
            path,
            plan.lines.get(""),
            "units",
            "值守专项活动没有写参加单位（units）。",
            "加一行 units: [单位甲, 单位乙]；每个单位的排班写在 campaigns/" + c["id"] + "/duty/<单位编号>.yml。",
        )


def duty(r):
    """A roster (campaigns/<campaign>/duty/<unit>.yml): its campaign has a duty period and names
    the unit; every day is in the period, once, at one of the unit's paired places."""
    path, c, unit = r["path"], r.get("campaign"), r.get("unit")
    if c is None or unit is None:  # an unknown campaign folder or unit file name: reported by relate
        return
    plan = c.get("duty")
    if not plan:
        yield Issue(
            path,
            None,
            "",
            f"专项活动“{c['title']}”没有值守安排（duty），这份值守排班用不上。",
            f"在 {c['path']} 中写上 duty:（值守的 start 开始日期和 end 结束日期），或删除这个文件。",
        )
        return
    if unit not in (c.get("units") or []):
        yield Issue(
            path,
            None,
            "文件名",
            f"单位“{unit['name']}”不是专项活动“{c['title']}”的参加单位。",
            f"在 {c['path']} 的 units 中加上这个单位，或把文件名改成参加单位的编号。",
        )
    paired = unit.get("paired_places") or []
    if not paired:
        yield Issue(
            path,
            None,
            "文件名",
            f"单位“{unit['name']}”没有登记结对社区，值守地点无从核对。",
            f"在 units.yml 中给 {unit['id']} 写上 paired_places（结对社区）。",
        )
    start, end = plan.get("start"), plan.get("end")
    seen: dict = {}
    for i, day in enumerate(r.get("days") or []):
        name = f"days[{i + 1}]"
        date = day.get("date")
        if date is not None and date.day is None:
            yield Issue(
                path,
                day.lines.get("date"),
                name + ".date",
                f"值守日期要写到日，现在是“{date.iso}”。",
                "写成 年-月-日，如 2010-07-15。",
            )
        elif date is not None and start is not None and end is not None and not start.first <= date.first <= end.last:
            yield Issue(
                path,
                day.lines.get("date"),
                name + ".date",
                f"{date.zh}不在值守期间（{When(start, end).zh}）内。",
                "改正日期，或删掉这一天。",
            )
        elif date is not None and date in seen:
            yield Issue(
                path,
                day.lines.get("date"),
                name + ".date",
                f"{date.zh}写了两次（第 {seen[date]} 行已有）。",
                "同一天只写一项：把两项合并，people 写当天到岗的总人数。",
            )
        if date is not None:
            seen.setdefault(date, day.lines.get("date"))
        place = day.get("place")
        if place is not None and paired and place not in paired:
            yield Issue(
                path,
                day.lines.get("place"),
                name + ".place",
                f"“{place['name']}”不是{unit['name']}的结对社区（{'、'.join(p['name'] for p in paired)}）。",
                "写本单位的结对社区之一，不写则为第一个；"
                "确实换了地点的，先在 units.yml 中把它加进本单位的 paired_places。",
            )
        people, who = day.get("people"), [w for w in day.get("who") or [] if w is not None]
        if people is not None and not people.approx and len(who) > people.value:
            yield Issue(
                path,
                day.lines.get("who"),
                name + ".who",
                f"具名志愿者有 {len(who)} 人，超过了当天到岗人数 {people} 人。",
                "核对 people（当天到岗的总人数，包括不具名的）。",
            )
