"""Small content trees for unit tests: a minimal valid column, extended per test.

``tree({path: text})`` returns the base tree with those files added or replaced (a value of
None removes a file); pass it to conftest.write_tree. ``volunteer`` and ``story`` write the
front matter of one record.
"""
from __future__ import annotations

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


def volunteer(name: str, publish: bool | None = None, **fields) -> str:
    lines = ["---", f"name: {name}"]
    if publish is not None:
        lines.append(f"publish: {'true' if publish else 'false'}")
    lines += [f"{k}: {v}" for k, v in fields.items()]
    return "\n".join(lines + ["---", ""])


def story(title: str, date: str, body: str = "正文。", **fields) -> str:
    lines = ["---", f"title: {title}", f"date: {date}"] + [f"{k}: {v}" for k, v in fields.items()]
    return "\n".join(lines + ["---", body, ""])
