"""Rules that span several fields of one record (a kind's ``check`` in model.py).

Each rule takes a related record (references resolved) and yields its problems; relate runs
the rule of the record's kind over every record, and the live preview over the edited ones.
"""

from __future__ import annotations

from .issues import Issue


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
    if c.get("start") and c.get("end") and c["end"].last < c["start"].first:
        yield Issue(c["path"], c.lines.get("end"), "end", "结束日期早于开始日期。", "改正日期。")
