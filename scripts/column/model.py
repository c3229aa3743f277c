"""The content model, declared once.

Loading, validation messages, editor templates and the editors' JSON Schemas all derive
from these declarations. A field's ``type`` is one of:

text, markdown, bool, id, date, when, quantity, hours, int, choice, ref, groups, map.
``many`` makes it a list (a single value is accepted as a one-item list); ``fields`` gives a
``map`` (or the items of a list of maps) its own fields. A field with a ``token`` is not written
in the file: its value is that part of the file's path (a roster's campaign and unit).
``example`` is a value as an editor writes it (messages, the web editor's help text); ``widget``
says how the web editor asks for a value when the type alone does not (cms.py).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import rules

ID_RULE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

PLACE_KINDS = ("市", "县市区", "镇街", "社区", "村", "企业", "其他")
PARTY_STATUSES = ("在职党员", "在册党员", "入党积极分子", "群众")
FOLLOW_UP_STATUSES = ("open", "resolved")
EDITOR_KINDS = ("gitea", "forgejo", "gitlab", "github")
DEFAULT_STAR_LEVELS = (100, 300, 600, 1000, 1500)
DEFAULT_DUTY_PER_DAY = 1  # a duty campaign's people per unit and day, unless its ``duty.per_day`` says
DEFAULT_DUTY_HOURS = 8  # hours of one person's duty day, unless ``duty.hours`` (or the day's) says


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    label: str  # Chinese: what the field means, shown to editors
    required: bool = False
    many: bool = False
    ref: str | None = None  # kind referenced by a ``ref`` field
    choices: tuple = ()
    fields: tuple[Field, ...] = ()
    example: str = ""
    token: str = ""  # filled from this token of the file's path (``<专项活动>``, ``<编号>``), not from the file
    # How the web editor asks for a ``text`` value: "" one line, "multiline" a text box,
    # "image" a photo under content/media/ (chosen or uploaded).
    widget: str = ""
    choice_labels: tuple = ()  # Chinese names of ``choices`` that are not Chinese themselves


@dataclass(frozen=True)
class Files:
    """Where a kind's files live under content/, as editors read it: ``activities/<年份>/<编号>.yml``.

    ``<编号>`` is the record's id (the file stem), ``<年份>`` a four-digit year (a folder, or the
    stem: ``honours/<年份>.yml`` is the honours of that year, its id the year). A pattern
    without ``<编号>`` is one file; with ``many`` it holds a list of records, each with ``id:``.

    ``<专项活动>`` is the folder of the campaign a file belongs to: in
    ``campaigns/<专项活动>/duty/<编号>.yml`` (a duty roster) ``<编号>`` is a unit's id, and the
    record's id is ``<专项活动>/<编号>`` (one record per campaign and unit); fields declared
    with a ``token`` take these parts of the path. ``items`` names the field whose items the
    file lists (a roster is a list of days): the file is a YAML list, one record per file."""

    pattern: str
    many: bool = False
    items: str | None = None

    @property
    def top(self) -> str:
        """The first part of the pattern: the folder (``activities``) or the file (``units.yml``)."""
        return self.pattern.split("/")[0]

    @property
    def ext(self) -> str:
        return self.pattern[self.pattern.rindex(".") :]

    @property
    def named_by_file(self) -> bool:
        """Whether a record's id is its file's stem (else it is written in the file)."""
        stem = self.pattern.rsplit("/", 1)[-1][: -len(self.ext)]
        return stem in (ID_TOKEN, YEAR_TOKEN)

    @property
    def owned(self) -> bool:
        """Whether a file belongs to a campaign's folder (its id is ``<专项活动>/<编号>``)."""
        return CAMPAIGN_TOKEN in self.pattern

    def match(self, rel: str) -> tuple[str | None, int | None] | None:
        """``(id, year)`` of a content-relative path this pattern describes (id None for a file
        of several records), or None when it does not describe it."""
        parts, want = rel.split("/"), self.pattern.split("/")
        if len(parts) != len(want) or not parts[-1].endswith(self.ext):
            return None
        parts[-1], want[-1] = parts[-1][: -len(self.ext)], want[-1][: -len(self.ext)]
        ident, year, owner = None, None, None
        for part, token in zip(parts, want, strict=True):
            if token == YEAR_TOKEN:
                if not _YEAR.match(part):
                    return None
                year = int(part)
            elif token == CAMPAIGN_TOKEN:
                if not part or part.startswith("."):
                    return None
                owner = part
            elif token != ID_TOKEN and part != token:
                return None
        if want[-1] in (ID_TOKEN, YEAR_TOKEN):
            ident = parts[-1]
            if not ident or ident.startswith("."):
                return None
            if owner is not None:
                ident = f"{owner}/{ident}"
        return ident, year

    def tokens(self, ident: str) -> dict[str, str]:
        """The parts of the path an id stands for: ``{"<专项活动>": …, "<编号>": …}`` (owned files),
        else ``{"<编号>": ident}``."""
        if self.owned:
            owner, _, stem = ident.partition("/")
            return {CAMPAIGN_TOKEN: owner, ID_TOKEN: stem}
        return {ID_TOKEN: ident}

    def path(self, ident: str = "", year: int | str = "") -> str:
        out = self.pattern.replace(YEAR_TOKEN, str(year))
        for token, value in self.tokens(ident).items():
            out = out.replace(token, value)
        return out

    def glob(self) -> str:
        """The pattern as a glob (``activities/*/*.yml``)."""
        return re.sub(r"<[^>]+>", "*", self.pattern)


ID_TOKEN, YEAR_TOKEN, CAMPAIGN_TOKEN = "<编号>", "<年份>", "<专项活动>"
# How editors are told which part of a path is wrong (validation and reference messages).
TOKEN_PLACES = {ID_TOKEN: "文件名", CAMPAIGN_TOKEN: "文件夹名", YEAR_TOKEN: "文件夹名"}
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Gate:
    """A kind's public rule: the yes/no field that decides whether a record is published, and
    the value that publishes it (a volunteer's ``publish: true``; a story is published unless
    ``draft: true``). A record without the field takes the field's default, false."""

    field: str
    publishes: bool

    def public(self, rec) -> bool:
        return bool(rec.get(self.field)) == self.publishes

    @property
    def hidden(self) -> str:
        """The value (as YAML) that keeps a new record unpublished."""
        return "false" if self.publishes else "true"


@dataclass(frozen=True)
class Kind:
    """One kind of content record and everything the pipeline knows about it.

    Loading, validation, references, pages, search, schemas, scaffolding and the live preview
    all ask the kind; none keeps a table of its own keyed by kind."""

    name: str  # e.g. "activity"
    label: str  # Chinese name, e.g. 活动记录
    fields: tuple[Field, ...]
    body: bool = False  # Markdown body after the front matter
    body_label: str = ""
    files: Files | None = None  # None: declared inside another file (themes and modes in site.yml)
    folder: str | None = None  # its pages: <folder>/<id>.md ("": <id>.md); None: no page of its own
    template: str | None = None  # its page's template, rendered by site_pages.record_pages
    template_dir: Path | None = None  # where that template is, when not with the others
    dated: bool = False  # a record of a year (its ``date``): chronicle, search bundles by year
    ref_label: str | None = None  # its name in messages when referenced; None: not referenced
    search_type: str | None = None  # the 类型 of its page in search; None: its page is not indexed
    search_names: bool = False  # a registry record: its names lead to its page (best bets)
    search_lists: bool = False  # its page's tables list records found on their own pages
    gate: Gate | None = None  # the public rule, applied once by the catalog; None: always published
    hidden_label: str | None = None  # shown instead of the name of a record that is not public
    title_heading: bool = False  # without front matter, the title is the body's first "# " heading
    check: Callable | None = None  # rules across fields (rules.py), run once references are resolved

    def field(self, name: str) -> Field | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None

    @property
    def has_pages(self) -> bool:
        return self.folder is not None


F = Field

THEME = (
    F("id", "id", "编号（小写字母、数字、连字符）", True, example="chengshi-tizhi"),
    F("name", "text", "名称", True, example="城市提质"),
    F("description", "text", "说明", example="开展文明城市创建宣传和环境整治等服务。", widget="multiline"),
)

SITE = Kind(
    "site",
    "栏目设置",
    (
        F("title", "text", "栏目名称", True, example="党员义工服务宣传专栏"),
        F("organisation", "text", "主办单位", True, example="绍兴市直机关党工委"),
        F("description", "text", "栏目简介", widget="multiline"),
        F("icp", "text", "ICP 备案号（显示在页脚，链接到工信部网站）", example="浙ICP备00000000号-1"),
        F(
            "as_of",
            "date",
            "统计截止日期（判断“逾期”“已开放几天”的基准日；不写则为生成网站当天）",
            example="2010-12-15",
        ),
        F("site_url", "text", "网站地址", example="https://example.gov.cn/yigong/"),
        F("pii_allow", "text", "允许出现在网站上的号码（如办公电话、12345 热线）", many=True, example="12345"),
        F(
            "names_allow",
            "text",
            "含有未公开志愿者名字、但说的不是这个人的词（如志愿者叫“文明”，这里写“文明城市”）",
            many=True,
            example="文明城市",
        ),
        F("themes", "map", "服务主题", many=True, fields=THEME),
        F("modes", "map", "服务方式", many=True, fields=THEME),
        F("star_levels", "hours", "星级志愿者的累计时长门槛（小时）", many=True, example="100"),
        F(
            "update_every",
            "int",
            "更新周期（天）：最新一篇新闻稿距统计截止日超过这么多天时，检查和生成网站会提醒（不写则不提醒）",
            example="14",
        ),
        # Last of site.yml's fields (fields added since go before it).
        F(
            "editor",
            "map",
            "网页编辑器（不写则网站不发布 /admin/）",
            fields=(
                F(
                    "kind",
                    "choice",
                    "代码托管平台",
                    True,
                    choices=EDITOR_KINDS,
                    choice_labels=("Gitea", "Forgejo", "GitLab", "GitHub"),
                    example="forgejo",
                ),
                F("repository", "text", "仓库（所有者/仓库名）", True, example="jgdgw/yigong-zhuanlan"),
                F("server", "text", "托管平台的地址", True, example="https://git.example.gov.cn"),
                F(
                    "app_id",
                    "text",
                    "OAuth 应用的客户端 ID（Client ID）",
                    example="3f1c0a2e-7b4d-4e51-9a8c-2d6b5e0f1a93",
                ),
                F("branch", "text", "发布分支（不写为 main）", example="main"),
            ),
        ),
    ),
    files=Files("site.yml"),
)

PLACE = Kind(
    "place",
    "服务阵地",
    (
        F("id", "id", "编号（小写字母、数字、连字符）", True, example="shunshui-xincun"),
        F("name", "text", "名称", True, example="舜水新村"),
        F("kind", "choice", "类别", True, choices=PLACE_KINDS, example="社区"),
        F("parent", "ref", "上级地点", ref="place", example="曹娥街道"),
        F("aliases", "text", "别名", many=True, example="舜水社区"),
    ),
    files=Files("places.yml", many=True),
    folder="places",
    ref_label="地点",
    search_type="服务地点",
    search_names=True,
    search_lists=True,
)

UNIT = Kind(
    "unit",
    "服务单位",
    (
        F("id", "id", "编号（小写字母、数字、连字符）", True, example="sy-yaojian"),
        F("name", "text", "单位全称", True, example="上虞市食品药品监督管理局"),
        F("short", "text", "简称", example="药监局"),
        F("aliases", "text", "别名", many=True, example="市药监局"),
        F("region", "ref", "所在地区", ref="place", example="上虞市"),
        F("paired_places", "ref", "结对社区", many=True, ref="place", example="金桂苑"),
    ),
    files=Files("units.yml", many=True),
    folder="units",
    ref_label="单位",
    search_type="服务单位",
    search_names=True,
    search_lists=True,
)

VOLUNTEER = Kind(
    "volunteer",
    "志愿者",
    (
        F("name", "text", "姓名", True, example="陈立群"),
        F("unit", "ref", "所在单位", ref="unit", example="市建设局"),
        F("party_status", "choice", "政治面貌", choices=PARTY_STATUSES, example="在职党员"),
        F("title", "text", "职务或称号", example="市政科工程师"),
        F("specialties", "text", "特长", many=True, example="市政抢修"),
        F("since", "date", "参加义工服务的时间", example="2009-03"),
        F("publish", "bool", "本人同意公开姓名（不写即不公开，只计入统计）"),
        F("featured", "bool", "在“党员风采”中展示"),
        F(
            "photo",
            "text",
            "照片（content/media/ 下的文件）",
            example="media/volunteers/chen-liqun.jpg",
            widget="image",
        ),
        F("photo_alt", "text", "照片的文字说明（给读屏软件）", example="身穿红色义工马甲的陈立群在社区检修路灯"),
    ),
    body=True,
    body_label="个人简介",
    files=Files("volunteers/<编号>.md"),
    folder="volunteers",
    ref_label="志愿者",
    search_type="党员风采",
    search_lists=True,
    gate=Gate("publish", publishes=True),
    hidden_label="一名未公开姓名的志愿者",
)

CAMPAIGN = Kind(
    "campaign",
    "专项活动",
    (
        F("title", "text", "活动名称", True, example="星期六机关党员义工服务日"),
        F("organisers", "ref", "组织单位", many=True, ref="unit", example="市直机关党工委"),
        F("start", "date", "开始日期", example="2010-03-01"),
        F("end", "date", "结束日期", example="2010-12-31"),
        F("description", "markdown", "活动说明"),
        F("flag_relay", "bool", "实行服务旗帜接传制度"),
        F(
            "units",
            "ref",
            "参加单位（值守专项活动：承担值守的单位，各单位的排班见 duty 文件夹）",
            many=True,
            ref="unit",
        ),
        F(
            "duty",
            "map",
            "值守安排（值守专项活动：值守期间每个参加单位每天都有人到结对社区值守）",
            fields=(
                F("start", "date", "值守开始日期（写到日）", True),
                F("end", "date", "值守结束日期（写到日）", True),
                F("per_day", "int", "每个单位每天至少到岗的人数（不写为 1）"),
                F("hours", "hours", "每人每天的值守时长（小时；不写为 8）"),
            ),
        ),
        F(
            "schedule",
            "map",
            "计划安排",
            many=True,
            fields=(
                F("unit", "ref", "承办单位", True, ref="unit", example="药监局"),
                F("date", "date", "计划日期", True, example="2010-10-23"),
                F("places", "ref", "服务地点", many=True, ref="place", example="金桂苑"),
            ),
        ),
    ),
    files=Files("campaigns/<编号>.yml"),
    folder="campaigns",
    ref_label="专项活动",
    search_type="专项活动",
    search_names=True,
    search_lists=True,
    check=rules.campaign,
)

# A duty campaign's roster for one of its units: campaigns/<campaign>/duty/<unit>.yml, a list of days.
DUTY = Kind(
    "duty",
    "值守排班",
    (
        F("campaign", "ref", "所属专项活动（排班文件所在文件夹的名称）", ref="campaign", token=CAMPAIGN_TOKEN),
        F("unit", "ref", "值守单位（排班文件的文件名）", ref="unit", token=ID_TOKEN),
        F(
            "days",
            "map",
            "值守日（一天一项）",
            many=True,
            fields=(
                F("date", "date", "值守日期（年-月-日，在值守期间内）", True),
                F("people", "quantity", "当天到岗人数（不写则为 who 的人数；只知道约数写“3多”）"),
                F("who", "ref", "当天到岗的具名志愿者", many=True, ref="volunteer"),
                F("place", "ref", "值守地点（本单位的结对社区之一；不写则为第一个）", ref="place"),
                F("hours", "hours", "每人值守时长（小时；不写则按专项活动 duty 中的 hours）"),
                F("note", "text", "备注"),
            ),
        ),
    ),
    files=Files("campaigns/<专项活动>/duty/<编号>.yml", items="days"),
    check=rules.duty,
)

ACTIVITY = Kind(
    "activity",
    "活动记录",
    (
        F("title", "text", "活动名称", True, example="药监局在金桂苑开展过期药品回收"),
        F(
            "date",
            "when",
            "日期（年-月-日；只知道月份写 年-月；时间段写 {start: …, end: …}）",
            True,
            example="2010-10-23",
        ),
        F("campaign", "ref", "所属专项活动", ref="campaign", example="星期六机关党员义工服务日"),
        F("units", "ref", "组织单位", True, many=True, ref="unit", example="药监局"),
        F("places", "ref", "服务地点", True, many=True, ref="place", example="金桂苑"),
        F("themes", "ref", "服务主题", True, many=True, ref="theme", example="和谐社会建设"),
        F("mode", "ref", "服务方式", True, ref="mode", example="集中服务"),
        F("services", "text", "服务项目", many=True, example="过期药品回收"),
        F(
            "participants",
            "map",
            "参加人数",
            fields=(
                F("total", "quantity", "总人数", example="20"),
                F("groups", "groups", "其中各类人员人数（如 科级领导: 217）", example="科级领导: 217"),
            ),
        ),
        F("hours", "hours", "每人服务时长（小时）", example="4"),
        F(
            "volunteers",
            "map",
            "具名志愿者",
            many=True,
            fields=(
                F("who", "ref", "志愿者", True, ref="volunteer", example="陈立群"),
                F("hours", "hours", "本人服务时长（小时；不写则按活动的时长）", example="4"),
                F("role", "text", "分工", example="带队"),
            ),
        ),
        F("served", "quantity", "服务群众人数", example="800多"),
        F(
            "outcomes",
            "map",
            "服务成效",
            many=True,
            fields=(
                F("item", "text", "事项", True, example="回收过期失效药品"),
                F("value", "quantity", "数量", True, example="200多"),
                F("unit", "text", "计量单位", example="盒(瓶)"),
            ),
        ),
        F("summary", "markdown", "活动小结"),
        F(
            "photos",
            "map",
            "照片",
            many=True,
            fields=(
                F("file", "text", "文件（content/media/ 下）", True, example="media/2010/yaojian.jpg", widget="image"),
                F("caption", "text", "图片说明", True, example="党员义工在金桂苑回收过期药品"),
                F(
                    "alt",
                    "text",
                    "替代文字（不写则用图片说明）",
                    example="两名身穿红马甲的党员义工在登记居民交来的药品",
                ),
            ),
        ),
        F(
            "follow_ups",
            "map",
            "长效服务跟踪事项",
            many=True,
            fields=(
                F("problem", "text", "问题", True, example="小区路灯损坏"),
                F("owner", "text", "跟踪责任人", True, example="建设局市政科"),
                F("opened", "date", "登记日期（不写则为活动日期）", example="2010-10-23"),
                F(
                    "status",
                    "choice",
                    "状态：open（跟踪中）或 resolved（已解决）",
                    True,
                    choices=FOLLOW_UP_STATUSES,
                    choice_labels=("跟踪中", "已解决"),
                    example="open",
                ),
                F("resolved", "date", "解决日期", example="2010-11-02"),
                F("result", "text", "解决结果", example="已更换路灯"),
            ),
        ),
        F(
            "flag",
            "map",
            "服务旗帜接传",
            fields=(
                F("received", "date", "领取旗帜日期", example="2010-10-18"),
                F("returned", "date", "归还旗帜日期", example="2010-10-25"),
            ),
        ),
        F("report", "map", "活动小结和照片上报", fields=(F("submitted", "date", "上报日期", example="2010-10-26"),)),
    ),
    files=Files("activities/<年份>/<编号>.yml"),
    folder="activities",
    dated=True,
    ref_label="活动",
    search_type="服务活动",
    check=rules.activity,
)

STORY = Kind(
    "story",
    "新闻稿",
    (
        F("title", "text", "标题", True, example="上虞市开展“星期六机关党员义工服务日”活动"),
        F("date", "date", "日期", True, example="2010-07-03"),
        F("source", "text", "来源", example="上虞日报"),
        F("author", "text", "作者", example="本报记者"),
        F("column", "text", "栏目", example="工作动态"),
        F("summary", "text", "摘要", widget="multiline"),
        F(
            "cover",
            "text",
            "题图（content/media/ 下的文件）",
            example="media/2010/shunshui-huanjing.jpg",
            widget="image",
        ),
        F("draft", "bool", "草稿（true 时不发布）"),
        F("places", "ref", "相关地点", many=True, ref="place", example="舜水新村"),
        F("units", "ref", "相关单位", many=True, ref="unit", example="药监局"),
        F("themes", "ref", "相关主题", many=True, ref="theme", example="和谐社会建设"),
        F("activities", "ref", "相关活动", many=True, ref="activity", example="sy-yaojian-anquan"),
        F("volunteers", "ref", "相关志愿者", many=True, ref="volunteer", example="陈立群"),
        F("campaign", "ref", "相关专项活动", ref="campaign", example="星期六机关党员义工服务日"),
    ),
    body=True,
    body_label="正文",
    files=Files("stories/<年份>/<编号>.md"),
    folder="stories",
    dated=True,
    ref_label="新闻稿",
    search_type="新闻稿",
    gate=Gate("draft", publishes=False),
)

HONOURS = Kind(
    "honours",
    "年度表彰",
    (
        F("title", "text", "表彰名称", True, example="2010年度党员义工服务先进集体和先进个人"),
        F("date", "date", "表彰日期", example="2010-12-10"),
        F("units", "ref", "先进集体", many=True, ref="unit", example="建设局"),
        F("volunteers", "ref", "先进个人", many=True, ref="volunteer", example="陈立群"),
    ),
    files=Files("honours/<年份>.yml"),
    folder="honours",
    dated=True,
    search_type="表彰",
)

PAGE = Kind(
    "page",
    "页面",
    (
        F("title", "text", "标题", True, example="关于本栏目"),
        F("description", "text", "页面简介", widget="multiline"),
    ),
    body=True,
    body_label="正文",
    files=Files("pages/<编号>.md"),
    folder="",
    template="page.html.j2",
    search_type="栏目说明",
    title_heading=True,
)

# Themes and modes are declared in site.yml (``themes:``, ``modes:``), one record each.
THEME_KIND = Kind(
    "theme",
    "服务主题",
    THEME,
    folder="themes",
    ref_label="服务主题",
    search_type="服务主题",
    search_names=True,
    search_lists=True,
)
MODE_KIND = Kind(
    "mode",
    "服务方式",
    THEME,
    folder="modes",
    ref_label="服务方式",
    search_type="服务方式",
    search_names=True,
    search_lists=True,
)

# In the order records are related and listed.
KINDS = {
    k.name: k
    for k in (SITE, PLACE, UNIT, THEME_KIND, MODE_KIND, VOLUNTEER, CAMPAIGN, DUTY, ACTIVITY, STORY, HONOURS, PAGE)
}


def kinds_with(attribute: str) -> list[Kind]:
    """The kinds for which ``attribute`` is set (``ref_label``, ``files``, ``search_type``...)."""
    return [k for k in KINDS.values() if getattr(k, attribute)]


def of(rec) -> Kind:
    """The kind of a record."""
    return KINDS[rec["kind"]]


def is_public(rec) -> bool:
    """The public rule of a record's kind. Only the catalog asks this (relate.Catalog), once
    per record; everything else asks the catalog."""
    gate = KINDS[rec["kind"]].gate
    return gate is None or gate.public(rec)


def kind_of_file(rel: str) -> tuple[Kind, str | None, int | None] | None:
    """``(kind, id, year)`` of a content-relative path, or None when no kind lives there."""
    for kind in _by_top().get(rel.split("/", 1)[0], ()):
        found = kind.files.match(rel)
        if found is not None:
            return (kind, *found)
    return None


def _by_top() -> dict[str, list[Kind]]:
    """Kinds with files by the first part of their pattern (a folder or a file name)."""
    key = tuple(map(id, KINDS.values()))  # the kinds registered now (tests add some)
    if _BY_TOP.get("key") != key:
        _BY_TOP["key"] = key
        _BY_TOP["index"] = {}
        for kind in kinds_with("files"):
            _BY_TOP["index"].setdefault(kind.files.top, []).append(kind)
    return _BY_TOP["index"]


_BY_TOP: dict = {}


@contextlib.contextmanager
def register(kind: Kind):
    """Add a kind for as long as the block runs (tests of a new kind)."""
    if kind.name in KINDS:
        raise ValueError(f"kind {kind.name} exists")
    KINDS[kind.name] = kind
    try:
        yield kind
    finally:
        del KINDS[kind.name]
