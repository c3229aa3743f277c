"""Small content trees for unit tests: a minimal valid column, extended per test.

``tree({path: text})`` returns the base tree with those files added or replaced (a value of
None removes a file); pass it to conftest.write_tree. ``volunteer`` and ``story`` write the
front matter of one record; ``run`` and ``pages`` run the pipeline on a tree;
``page_html`` and ``visible_text`` show a generated page as a reader sees it.
"""

from __future__ import annotations

import datetime as dt

BUILD_DATE = dt.date(2011, 1, 1)  # never the wall clock: site.yml's as_of wins anyway

SITE = """\
title: 测试专栏
organisation: 测试机关党工委
as_of: 2010-12-15
themes:
  - id: chengshi-tizhi
    name: 城市提质
  - id: hexie-shehui
    name: 和谐社会建设
modes:
  - id: jizhong
    name: 集中服务
  - id: changxiao
    name: 长效服务
"""

PLACES = """\
- id: shangyu
  name: 上虞市
  kind: 县市区
- id: jingui
  name: 金桂苑
  kind: 社区
  parent: shangyu
  aliases: [金桂苑社区]
"""

UNITS = """\
- id: sy-nongye
  name: 上虞市农业局
  short: 市农业局
  region: shangyu
- id: sy-yaojian
  name: 上虞市食品药品监督管理局
  short: 药监局
  aliases: [市药监局]
  region: shangyu
"""

ACTIVITY = """\
title: 药监局在金桂苑开展安全用药宣传
date: 2010-06-12
units: [药监局]
places: [金桂苑]
themes: [和谐社会建设]
mode: 集中服务
"""


def tree(files: dict | None = None) -> dict:
    """The base tree with ``files`` added, replaced or (value None) removed."""
    base = {
        "site.yml": SITE,
        "places.yml": PLACES,
        "units.yml": UNITS,
        "activities/2010/yj-anquan.yml": ACTIVITY,
    }
    for path, text in (files or {}).items():
        if text is None:
            base.pop(path, None)
        else:
            base[path] = text
    return base


def run(root, files: dict | None = None):
    """Write the base tree with ``files`` under ``root`` and run the whole pipeline in-process."""
    from column import pipeline
    from conftest import write_tree

    return pipeline.run(write_tree(root, tree(files)), BUILD_DATE)


def pages(root, files: dict | None = None) -> dict:
    """{source path: text (front matter and HTML)} of every generated page."""
    return {p.src: p.text for p in run(root, files).pages}


def volunteer(name: str, publish: bool | None = None, **fields) -> str:
    lines = ["---", f"name: {name}"]
    if publish is not None:
        lines.append(f"publish: {'true' if publish else 'false'}")
    lines += [f"{k}: {v}" for k, v in fields.items()]
    return "\n".join([*lines, "---", ""])


def story(title: str, date: str, body: str = "正文。", **fields) -> str:
    lines = ["---", f"title: {title}", f"date: {date}"] + [f"{k}: {v}" for k, v in fields.items()]
    return "\n".join([*lines, "---", body, ""])


def page_html(text: str) -> str:
    """A generated page's HTML body (its front matter dropped)."""
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


def visible_text(text: str) -> str:
    """What a reader sees: the page's body with tags stripped, entities decoded, whitespace collapsed."""
    import html
    import re

    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page_html(text))).split())


# Each year's own service in across_years(): a word found in that year only.
SERVICE_OF_YEAR = {2007: "义务植树", 2008: "河道保洁", 2009: "便民理发", 2010: "健康义诊"}


def across_years() -> dict:
    """The base tree with an activity in each year of SERVICE_OF_YEAR (as_of is in 2010): every
    title says 结对帮扶 and its year's own service. The search index then has a bundle per year."""
    files = {
        f"activities/{year}/bangfu-{year}.yml": ACTIVITY.replace("2010-06-12", f"{year}-06-12").replace(
            "安全用药宣传", f"结对帮扶和{service}"
        )
        for year, service in SERVICE_OF_YEAR.items()
    }
    return tree(files)
