"""A deterministic synthetic archive for benchmarks: n years of a city column.

``python scripts/synthetic.py DEST --years 10`` writes a content tree (the content contract of
DESIGN.md) into DEST. Per year, at scale 1: ~2,000 activities (a Saturday campaign with a
schedule and the flag relay among them; follow-ups, outcomes, spans and month-precise dates),
500 stories of ~650 Chinese characters, 200 volunteers (~60 % with ``publish: true``), a year
of honours, and a duty campaign (值守) of all 68 units at their paired places for 30 days
(rostered every day, a few gaps, some named people; in the last year the period runs past
``as_of``, so half of it is still to come); registries of 68 units and 300 places (市 → 县市区
→ 镇街 → 社区/村). The duty rosters draw on their own random stream: the rest of the archive is
what it was before they were added.
Photos are optional (``--photos``: small generated JPEGs).

The same seed, years and scale give byte-identical files. ``scale`` shrinks the per-year
counts (tests use a tiny scale); the registries keep their size.

Privacy by construction: volunteers' given names use characters that appear in no other text
the generator writes, so no unpublished volunteer's name can ever appear in a story, a
summary or any other field by accident.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

FIRST_YEAR = 2010

# ---- text banks -----------------------------------------------------------------------------

UNITS = (
    "市委办公室",
    "市政府办公室",
    "市人大常委会办公室",
    "市政协办公室",
    "市纪委",
    "市委组织部",
    "市委宣传部",
    "市委统战部",
    "市委政法委",
    "市直机关党工委",
    "市发改委",
    "市经信局",
    "市教育局",
    "市科技局",
    "市公安局",
    "市民政局",
    "市司法局",
    "市财政局",
    "市人社局",
    "市国土局",
    "市建设局",
    "市交通局",
    "市水利局",
    "市农业局",
    "市林业局",
    "市商务局",
    "市文广局",
    "市卫生局",
    "市计生局",
    "市审计局",
    "市环保局",
    "市统计局",
    "市安监局",
    "市药监局",
    "市工商局",
    "市质监局",
    "市物价局",
    "市粮食局",
    "市旅游局",
    "市体育局",
    "市规划局",
    "市城管局",
    "市人防办",
    "市信访局",
    "市档案局",
    "市供销总社",
    "市国税局",
    "市地税局",
    "市气象局",
    "市烟草局",
    "市邮政局",
    "市电力局",
    "市总工会",
    "团市委",
    "市妇联",
    "市科协",
    "市残联",
    "市文联",
    "市工商联",
    "市红十字会",
    "市法院",
    "市检察院",
    "市日报社",
    "市广电总台",
    "市人民医院",
    "市中医院",
    "市公积金中心",
    "市行政服务中心",
)
ORGANISERS = ("市委组织部", "市直机关党工委")
DISTRICTS = ("东湖区", "南塘区", "西溪区", "北山县", "临江县", "清河县")
PLACE_SYLLABLES = "青石桥河塘湾岭溪山田港湖浦堰泉洲岙坞埠渡沙柳桑竹松杏荷茶枫樟槐稻麦水上下前后大小长"
THEMES = (
    ("chengshi-tizhi", "城市提质", "开展文明城市创建宣传以及净化、绿化、美化环境等服务。"),
    ("xin-nongcun", "新农村建设", "开展时政宣讲、结对帮扶、教育培训、农技推广、村庄整治、文化下乡等服务。"),
    ("hexie-shehui", "和谐社会建设", "开展扶贫济困、家电维修、法律援助、社区矫正、医疗保健、民事调解等服务。"),
    ("qiye-zhuanxing", "企业转型升级", "开展法规宣传、政策咨询、项目推进、党建指导、职工维权、技能培训等服务。"),
)
MODES = (
    ("jizhong", "集中服务", "各单位轮流到城乡社区开展集中服务，一般一年一次。"),
    ("gexing", "个性服务", "根据基层要求，按照职能分工选派在职党员提供个性化服务。"),
    ("changxiao", "长效服务", "对不能马上解决的问题落实专人跟踪，直至解决。"),
)
SERVICES = (
    "政策咨询",
    "环境整治",
    "法律援助",
    "家电维修",
    "健康义诊",
    "安全用药宣传",
    "垃圾分类宣传",
    "助老服务",
    "帮教助学",
    "文化下乡",
    "农技推广",
    "技能培训",
    "消防安全检查",
    "纳税服务",
    "就业指导",
    "交通文明劝导",
    "绿化养护",
    "市政抢修",
    "结对帮扶",
    "防诈骗宣传",
    "心理疏导",
    "民事调解",
    "职工维权",
    "项目推进",
    "党建指导",
    "科普宣传",
    "食品安全检查",
    "便民理发",
    "义务植树",
    "河道保洁",
)
OUTCOMES = (
    ("回收过期失效药品", "盒"),
    ("发放宣传资料", "份"),
    ("解答群众咨询", "人次"),
    ("清理垃圾", "车"),
    ("维修家用电器", "台"),
    ("调解矛盾纠纷", "起"),
    ("帮助企业解决难题", "个"),
    ("测量血压", "人次"),
    ("植树", "棵"),
    ("清理小广告", "处"),
)
PROBLEMS = (
    "小区路灯损坏，夜间出行不便",
    "楼道堆放杂物，存在消防隐患",
    "老旧管网渗漏，需协调维修",
    "困难家庭申请救助，材料待补充",
    "村道排水不畅，雨天积水",
    "企业用工需求较大，需对接招聘",
    "独居老人需要定期上门探访",
    "农贸市场周边占道经营",
    "社区健身器材损坏待更换",
    "河道沿岸垃圾需定期清理",
)
RESULTS = (
    "已协调有关部门修复。",
    "已联系物业清理完毕。",
    "已纳入维修计划并完成施工。",
    "已帮助办理相关手续。",
    "已组织专场招聘会对接。",
    "已建立结对探访制度。",
)
OWNER_ROLES = ("主任", "科长", "书记", "干事", "副局长")
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_CANDIDATES = (
    "芳婷娜静丽敏燕霞玲桂秀英兰萍红娟琳雪梅莉倩颖洁琴蓉薇晶艳丹凤伟磊勇杰涛斌超刚辉鹏浩亮峰宇彬"
    "鑫飞波俊瑞凯锋毅帆晨昊翔楠琪璐瑶欣怡悦佳嘉琦晓艺馨雯菲露莹璇妍婧琼蕾岚珊琛珏璟瑾瑜骏骁驰"
)
PARTY_STATUSES = ("在职党员", "在职党员", "在职党员", "在册党员", "入党积极分子", "群众")
TITLES = ("科员", "副科长", "科长", "工程师", "医师", "律师", "教师", "会计师", "技术员", "", "", "")
COLUMNS = ("工作动态", "基层风采", "党员风采", "经验交流")
SOURCES = ("市直机关党工委简报", "市日报", "市广电总台", "单位供稿")

STORY_OPENINGS = (
    "近日，{unit}组织党员义工深入{place}，围绕“{theme}”主题开展{service}活动，受到当地群众欢迎。",
    "为进一步发挥机关党员先锋模范作用，{unit}党组织结合自身职能，在{place}开展了一次形式多样的{service}服务。",
    "{date}，{unit}的党员义工来到{place}，与社区干部一起走访群众，了解实际需求，现场开展{service}。",
)
STORY_SENTENCES = (
    "活动前，单位党组织专门召开会议研究服务方案，明确任务分工，做到人员、时间、内容三落实。",
    "服务现场，党员义工们分工协作，有的设摊接受咨询，有的入户走访，有的参与环境整治，忙而有序。",
    "不少居民早早来到服务点，就关心的问题向党员义工咨询，大家耐心细致地一一解答。",
    "针对群众反映的实际困难，党员义工现场登记，能当场解决的当场解决，不能当场解决的落实专人跟踪办理。",
    "这次活动共有{n}名党员参加，服务群众{m}人次，发放各类宣传资料{k}份。",
    "据了解，这是该单位今年开展的第{k2}次党员义工服务活动，活动已逐步走向常态化、制度化。",
    "社区负责人表示，机关党员走进社区开展服务，既解决了群众身边的难题，也拉近了党员干部与群众的距离。",
    "参加活动的党员纷纷表示，通过义工服务，进一步了解了基层情况，增强了服务群众的意识和本领。",
    "活动结束后，单位按照服务旗帜接传制度的要求，及时归还服务旗帜，并上报活动小结和照片。",
    "下一步，该单位将继续深化结对共建，围绕群众需求设计服务项目，推动党员义工服务向纵深发展。",
    "在活动中，党员义工还重点走访了辖区内的困难家庭和空巢老人，送去慰问品，帮助解决生活中的实际问题。",
    "为确保服务实效，单位事先通过社区收集群众需求，梳理出若干服务事项，有针对性地组织党员特长对口服务。",
    "市直机关党工委有关负责人在现场督查时指出，要把义工服务与履行部门职能结合起来，把好事办实、实事办好。",
    "服务中，党员义工以通俗易懂的语言宣传有关政策法规，引导群众知法守法、依法维护自身合法权益。",
    "一位老党员感慨地说，机关干部能放下架子来到家门口服务，这样的活动要多搞、常搞。",
    "此外，单位还与{place}签订了结对共建协议，约定每季度至少开展一次集中服务，平时根据需要随时提供个性服务。",
    "活动中收集到的意见建议已整理成册，分别转交有关部门研究办理，办理结果将及时向群众反馈。",
    "整个活动组织有序、内容丰富、形式新颖，展示了机关党员良好的精神风貌。",
    "该单位把党员参加义工服务的情况纳入年终民主评议和评先评优，有效调动了党员参与的积极性。",
    "当天天气炎热，但党员义工们热情不减，一直坚持到活动结束，赢得了群众的交口称赞。",
)
STORY_TITLES = (
    "{unit}党员义工走进{place}开展{service}",
    "{unit}在{place}开展“{theme}”主题义工服务",
    "{place}迎来{unit}党员义工服务队",
    "{unit}：{service}服务送到群众家门口",
)
SUMMARY_SENTENCES = (
    "党员义工分组开展{service}等服务，现场解答群众咨询，登记需要跟踪解决的问题。",
    "活动覆盖{place}多个小区，群众反映良好。",
    "单位党组织主要负责人带队参加，服务结束后及时上报小结和照片。",
    "结合单位职能，重点帮助解决群众反映的实际困难。",
)
BIO_SENTENCES = (
    "长期参加机关党员义工服务，多次被评为优秀义工。",
    "结合本职工作，经常利用业余时间为群众提供{service}服务。",
    "服务中耐心细致，深受结对社区群众好评。",
    "带头参加单位组织的“星期六机关党员义工服务日”活动。",
)


def _text_chars() -> set[str]:
    """Every character that text other than volunteers' names may contain."""
    banks = [
        UNITS,
        ORGANISERS,
        DISTRICTS,
        PLACE_SYLLABLES,
        SERVICES,
        PROBLEMS,
        RESULTS,
        OWNER_ROLES,
        TITLES,
        COLUMNS,
        SOURCES,
        STORY_OPENINGS,
        STORY_SENTENCES,
        STORY_TITLES,
        SUMMARY_SENTENCES,
        BIO_SENTENCES,
        PARTY_STATUSES,
        [t for theme in THEMES for t in theme],
        [t for mode in MODES for t in mode],
        [f"{item}{unit}" for item, unit in OUTCOMES],
        [_SITE_TEXT, _PAGE_TEXT, _LABELS, CAMPAIGN_TEXT, PHOTO_ALT, DUTY_TITLE, DUTY_TEXT],
        DUTY_NOTES,
    ]
    return {c for bank in banks for text in bank for c in text}


_SITE_TEXT = (
    "党员义工服务宣传专栏合成测试数据云州市直机关党工委"
    "记录机关党组织和党员深入城乡社区开展义工服务的情况备案号示例镇街道社区村"
)
_PAGE_TEXT = "关于本栏目投稿指南本栏目由主办，内容为基准测试生成的合成数据。来稿请注明单位、作者和联系方式。"
_LABELS = "年月日度党员义工服务先进集体和先进个人星期六服务日通讯员在开展"
CAMPAIGN_TEXT = "各单位按计划轮流到结对社区开展义工服务，实行服务旗帜接传制度。"
DUTY_TITLE = "{year}年重大活动期间结对社区值守"
DUTY_TEXT = "重大活动期间，各单位每天至少安排一名党员干部到结对社区参与和指导安保、环境整治等工作。"
DUTY_NOTES = ("人员临时抽调，未能到岗", "当天参与社区夜间巡查", "协助社区开展消防安全检查", "配合开展交通文明劝导")
DUTY_DAYS = 30
PHOTO_ALT = "合成数据示意图片，并非本人照片"
GIVEN = "".join(c for c in GIVEN_CANDIDATES if c not in _text_chars() and c not in SURNAMES)


@dataclass(frozen=True)
class Sizes:
    activities: int = 2000  # per year
    stories: int = 500
    volunteers: int = 200
    units: int = 68
    places: int = 300

    @classmethod
    def at(cls, scale: float) -> Sizes:
        def per_year(n):
            return max(2, round(n * scale))

        return cls(per_year(2000), per_year(500), per_year(200))


# ---- writing ---------------------------------------------------------------------------------


def q(text) -> str:
    """A YAML scalar that reads back as exactly this string (JSON strings are YAML)."""
    return json.dumps(str(text), ensure_ascii=False)


def flow(items) -> str:
    return "[" + ", ".join(items) + "]"


def block(text: str, indent: int = 2) -> str:
    pad = " " * indent
    return "|\n" + "\n".join(pad + line if line else "" for line in text.split("\n"))


class Archive:
    """Builds the records in memory (in a fixed order from one seeded RNG), then writes them."""

    def __init__(self, years: int, seed: int = 0, sizes: Sizes | None = None, photos: bool = False):
        self.years = list(range(FIRST_YEAR, FIRST_YEAR + years))
        self.rng = random.Random(f"column-synthetic-{seed}")
        self.seed = f"column-synthetic-{seed}"
        self.sizes = sizes or Sizes()
        self.photos = photos
        self.as_of = dt.date(self.years[-1], 12, 15)
        self.files: dict[str, str | bytes] = {}
        self.names: set[str] = set()

    # -- registries --
    def places(self):
        rng, n = self.rng, self.sizes.places
        names = iter(self._place_names())
        city = {"id": "city", "name": "云州市", "kind": "市", "parent": None}
        districts = [
            {"id": f"d{i + 1}", "name": name, "kind": "县市区", "parent": "city"} for i, name in enumerate(DISTRICTS)
        ]
        towns_per = max(1, round((n - 1 - len(districts)) * 0.11 / len(districts)))
        towns = []
        for d in districts:
            for j in range(towns_per):
                suffix = "街道" if d["name"].endswith("区") else rng.choice(("镇", "镇", "街道"))
                towns.append(
                    {"id": f"{d['id']}-t{j + 1}", "name": next(names) + suffix, "kind": "镇街", "parent": d["id"]}
                )
        leaves = []
        for k in range(n - 1 - len(districts) - len(towns)):
            town = towns[k % len(towns)]
            kind = "社区" if town["name"].endswith("街道") or rng.random() < 0.3 else "村"
            leaves.append(
                {
                    "id": f"{town['id']}-{'c' if kind == '社区' else 'v'}{k // len(towns) + 1}",
                    "name": next(names) + kind,
                    "kind": kind,
                    "parent": town["id"],
                }
            )
        self.place_list = [city, *districts, *towns, *leaves]
        self.leaves = leaves
        out = ["# 合成数据：地点登记表（基准测试用）"]
        for p in self.place_list:
            out.append(
                f"- id: {p['id']}\n  name: {q(p['name'])}\n  kind: {p['kind']}\n"
                f"  parent: {p['parent'] or ''}\n  aliases: []"
            )
        self.files["places.yml"] = "\n".join(out) + "\n"

    def _place_names(self):
        pairs = [a + b for a in PLACE_SYLLABLES for b in PLACE_SYLLABLES if a != b]
        self.rng.shuffle(pairs)
        return pairs

    def units(self):
        rng = self.rng
        self.unit_list = []
        out = ["# 合成数据：单位登记表（基准测试用）"]
        for i, name in enumerate(UNITS[: self.sizes.units]):
            short = name[1:] if name.startswith("市") else name
            paired = rng.sample(self.leaves, 3)
            unit = {
                "id": f"u{i + 1:02d}",
                "name": name,
                "short": short,
                "paired": paired,
                "region": rng.choice(self.place_list[1 : 1 + len(DISTRICTS)]),
            }
            self.unit_list.append(unit)
            out.append(
                f"- id: {unit['id']}\n  name: {q(name)}\n  short: {q(short)}\n  aliases: []\n"
                f"  region: {unit['region']['id']}\n  paired_places: {flow(p['id'] for p in paired)}"
            )
        self.files["units.yml"] = "\n".join(out) + "\n"
        self.unit_by_name = {u["name"]: u for u in self.unit_list}

    def site(self):
        themes = "\n".join(f"  - id: {i}\n    name: {n}\n    description: {q(d)}" for i, n, d in THEMES)
        modes = "\n".join(f"  - id: {i}\n    name: {n}\n    description: {q(d)}" for i, n, d in MODES)
        self.files["site.yml"] = (
            "# 合成数据（基准测试用），并非真实内容\n"
            "title: 党员义工服务宣传专栏（合成测试数据）\n"
            "organisation: 云州市直机关党工委（合成数据）\n"
            "description: 记录机关党组织和党员深入城乡社区开展义工服务的情况（合成数据）。\n"
            "icp: 浙ICP备00000000号-1\n"
            f"as_of: {self.as_of.isoformat()}\n"
            f"themes:\n{themes}\nmodes:\n{modes}\n"
        )
        self.files["pages/about.md"] = f"---\ntitle: 关于本栏目\n---\n\n{_PAGE_TEXT}\n"
        self.files["pages/guide.md"] = "---\ntitle: 投稿指南\n---\n\n来稿请注明单位、作者和联系方式。\n"

    # -- people --
    def volunteer_name(self) -> str:
        while True:
            name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN) + self.rng.choice(GIVEN)
            if name not in self.names:
                self.names.add(name)
                return name

    def volunteers(self, year: int):
        rng = self.rng
        for n in range(self.sizes.volunteers):
            unit = rng.choice(self.unit_list)
            since = dt.date(year, rng.randint(1, 12), 1)
            v = {
                "id": f"v{year}-{n + 1:03d}",
                "name": self.volunteer_name(),
                "unit": unit,
                "since": since,
                "publish": rng.random() < 0.6,
            }
            v["featured"] = v["publish"] and rng.random() < 0.03
            self.volunteer_list.append(v)
            self.pool.setdefault(unit["id"], []).append(v)
            lines = [f"name: {v['name']}", f"unit: {unit['id']}", f"party_status: {rng.choice(PARTY_STATUSES)}"]
            if title := rng.choice(TITLES):
                lines.append(f"title: {title}")
            lines.append(f"specialties: {flow(rng.sample(SERVICES, rng.randint(1, 3)))}")
            lines.append(f"since: {since.strftime('%Y-%m')}")
            lines.append(f"publish: {'true' if v['publish'] else 'false'}")
            if v["featured"]:
                lines.append("featured: true")
                if self.photos:
                    lines += [f"photo: media/volunteers/{v['id']}.jpg", f"photo_alt: {PHOTO_ALT}"]
                    self.files[f"media/volunteers/{v['id']}.jpg"] = self.jpeg()
            bio = "".join(s.format(service=rng.choice(SERVICES)) for s in rng.sample(BIO_SENTENCES, 2))
            self.files[f"volunteers/{v['id']}.md"] = "---\n" + "\n".join(lines) + f"\n---\n\n{bio}\n"

    def active(self, unit, day: dt.date) -> list:
        """Volunteers of a unit who joined before ``day`` and within the last three years."""
        return [v for v in self.pool.get(unit["id"], []) if v["since"] <= day and day.year - v["since"].year < 3]

    # -- activities --
    def campaign(self, year: int) -> list[tuple]:
        """The year's Saturday campaign: one scheduled Saturday per unit, in rotation."""
        rng = self.rng
        count = min(len(self.unit_list), max(3, self.sizes.activities // 25))
        first = dt.date(year, 3, 1)
        first += dt.timedelta(days=(5 - first.weekday()) % 7)  # first Saturday of March
        saturdays = [first + dt.timedelta(weeks=w) for w in range(40)]
        order = rng.sample(self.unit_list, count)
        schedule = [
            (unit, saturdays[i * len(saturdays) // count], rng.choice(unit["paired"])) for i, unit in enumerate(order)
        ]
        cid = f"xingqiliu-{year}"
        entries = "\n".join(
            f"  - unit: {u['id']}\n    date: {d.isoformat()}\n    places: [{p['id']}]" for u, d, p in schedule
        )
        self.files[f"campaigns/{cid}.yml"] = (
            f"title: {year}年星期六机关党员义工服务日\n"
            f"organisers: {flow(self.unit_by_name[n]['id'] for n in ORGANISERS)}\n"
            f"start: {year}-03-01\nend: {year}-12-31\n"
            f"description: {q(CAMPAIGN_TEXT)}\n"
            f"flag_relay: true\nschedule:\n{entries}\n"
        )
        return [(cid, *entry) for entry in schedule]

    def activities(self, year: int):
        rng = self.rng
        planned = self.campaign(year)
        holder_done = False
        records = []
        for cid, unit, saturday, place in planned:
            if saturday > self.as_of:
                continue  # upcoming
            roll = rng.random()
            if roll < 0.05:
                continue  # overdue: nothing done that week
            monday = saturday - dt.timedelta(days=5)
            day = saturday if rng.random() < 0.85 else saturday + dt.timedelta(days=1)
            extra = {"campaign": cid, "mode": "jizhong", "flag": {"received": monday}}
            back = saturday + dt.timedelta(days=rng.choice((2, 3, 5, 7, 8)))  # by the following Sunday
            if roll < 0.12:
                back = saturday + dt.timedelta(days=rng.choice((9, 12, 16)))  # late
            if back <= self.as_of:
                extra["flag"]["returned"] = back
            elif holder_done:
                extra["flag"]["returned"] = self.as_of
            holder_done = holder_done or "returned" not in extra["flag"]
            if roll > 0.16 and back <= self.as_of:
                extra["report"] = back
            records.append((day, [unit], [place], extra))
        while len(records) < self.sizes.activities:
            day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(350 if year == self.as_of.year else 365))
            units = [rng.choice(self.unit_list)] + (
                rng.sample(self.unit_list, rng.randint(1, 2)) if rng.random() < 0.1 else []
            )
            units = list({u["id"]: u for u in units}.values())
            places = [rng.choice(units[0]["paired"]) if rng.random() < 0.6 else rng.choice(self.leaves)]
            if rng.random() < 0.15:
                places.append(rng.choice(self.leaves))
            records.append((day, units, list({p["id"]: p for p in places}.values()), {}))
        records.sort(key=lambda r: (r[0], r[1][0]["id"]))
        for n, (day, units, places, extra) in enumerate(records, start=1):
            self.activity(year, n, day, units, places, extra)

    def activity(self, year, n, day, units, places, extra):
        rng = self.rng
        aid = f"a{year}-{n:04d}"
        service = rng.choice(SERVICES)
        unit, place = units[0], places[0]
        title = f"{unit['short']}党员义工在{place['name']}开展{service}"
        lines = [f"title: {q(title)}"]
        shape = rng.random()
        if shape < 0.03 and not extra:
            lines.append(f"date: {day.strftime('%Y-%m')}")
        elif shape < 0.05 and not extra and day.month == (day + dt.timedelta(days=4)).month:
            lines.append(
                f"date: {{start: {day.isoformat()}, end: {(day + dt.timedelta(days=rng.randint(1, 4))).isoformat()}}}"
            )
        else:
            lines.append(f"date: {day.isoformat()}")
        if extra.get("campaign"):
            lines.append(f"campaign: {extra['campaign']}")
        lines.append(f"units: {flow(u['id'] for u in units)}")
        lines.append(f"places: {flow(p['id'] for p in places)}")
        lines.append(f"themes: {flow(t[0] for t in rng.sample(THEMES, rng.choice((1, 1, 1, 2))))}")
        lines.append(f"mode: {extra.get('mode') or rng.choice(('jizhong', 'gexing', 'gexing', 'changxiao'))}")
        lines.append(
            f"services: {flow([service, *rng.sample([x for x in SERVICES if x != service], rng.randint(0, 2))])}"
        )
        total = rng.randint(5, 60)
        if rng.random() < 0.2:
            cadres = rng.randint(1, total // 2)
            lines.append(
                f"participants:\n  total: {total}\n  groups:\n    在职党员: {cadres}\n    在册党员: {total - cadres}"
            )
        else:
            lines.append(f"participants:\n  total: {total}")
        lines.append(f"hours: {rng.choice(('2', '3', '4', '4', '2.5', '6'))}")
        pool = self.active(unit, day)
        named = rng.sample(pool, min(len(pool), rng.choice((0, 1, 2, 3, 4, 5, 6)), total))
        if named:
            lines.append("volunteers:")
            for v in sorted(named, key=lambda v: v["id"]):
                lines.append(f"  - who: {v['id']}")
                if rng.random() < 0.3:
                    lines.append(f"    role: {rng.choice(SERVICES)}")
                if rng.random() < 0.2:
                    lines.append(f"    hours: {rng.choice(('1', '2', '5', '8'))}")
        served = rng.randint(20, 800)
        lines.append(f"served: {served}{'多' if rng.random() < 0.3 else ''}")
        if rng.random() < 0.3:
            lines.append("outcomes:")
            for item, measure in rng.sample(OUTCOMES, rng.randint(1, 2)):
                lines.append(
                    f"  - item: {item}\n    value: {rng.randint(10, 300)}{rng.choice(('', '多'))}\n    unit: {measure}"
                )
        summary = "".join(s.format(service=service, place=place["name"]) for s in rng.sample(SUMMARY_SENTENCES, 3))
        lines.append(f"summary: {block(summary)}")
        if rng.random() < 0.08:
            lines.append("follow_ups:")
            for _ in range(rng.randint(1, 2)):
                lines.append(
                    f"  - problem: {rng.choice(PROBLEMS)}\n    owner: {rng.choice(SURNAMES)}{rng.choice(OWNER_ROLES)}"
                )
                done = day + dt.timedelta(days=rng.randint(3, 120))
                if done <= self.as_of and rng.random() < 0.7:
                    lines.append(
                        f"    status: resolved\n    resolved: {done.isoformat()}\n    result: {rng.choice(RESULTS)}"
                    )
                else:
                    lines.append("    status: open")
        if self.photos and rng.random() < 0.1:
            self.files[f"media/{year}/{aid}.jpg"] = self.jpeg()
            lines.append(f"photos:\n  - file: {year}/{aid}.jpg\n    caption: {q(title)}")
        flag = extra.get("flag")
        if flag:
            lines.append(
                "flag:\n  received: "
                + flag["received"].isoformat()
                + (f"\n  returned: {flag['returned'].isoformat()}" if "returned" in flag else "")
            )
        if extra.get("report"):
            lines.append(f"report:\n  submitted: {extra['report'].isoformat()}")
        self.files[f"activities/{year}/{aid}.yml"] = "\n".join(lines) + "\n"
        self.activity_list.append(
            {
                "id": aid,
                "day": day,
                "units": units,
                "places": places,
                "service": service,
                "named": named,
                "campaign": extra.get("campaign"),
            }
        )

    def duty(self, year: int):
        """The year's duty campaign: every unit, 30 days, at its first paired place (now and then
        its second), one person a day (sometimes two, now and then "2多"), some of them named; ~3 %
        of the days so far a gap. In the last year the period straddles ``as_of``: days after it
        are partly rostered already (planned), partly not yet."""
        rng = random.Random(f"{self.seed}-duty-{year}")  # its own stream: the rest stays as it was
        start = dt.date(year, 12, 1) if year == self.as_of.year else dt.date(year, 10, 1)
        days = [start + dt.timedelta(days=n) for n in range(DUTY_DAYS)]
        cid = f"zhishou-{year}"
        self.files[f"campaigns/{cid}.yml"] = (
            f"title: {DUTY_TITLE.format(year=year)}\n"
            f"organisers: {flow(self.unit_by_name[n]['id'] for n in ORGANISERS)}\n"
            f"start: {days[0].isoformat()}\nend: {days[-1].isoformat()}\n"
            f"description: {q(DUTY_TEXT)}\n"
            f"units: {flow(u['id'] for u in self.unit_list)}\n"
            f"duty:\n  start: {days[0].isoformat()}\n  end: {days[-1].isoformat()}\n  per_day: 1\n  hours: 4\n"
        )
        for unit in self.unit_list:
            lines = []
            for day in days:
                if day > self.as_of and rng.random() < 0.5:
                    continue  # not rostered yet
                roll = rng.random()
                entry = [f"- date: {day.isoformat()}"]
                if day <= self.as_of and roll < 0.03:
                    entry += ["  people: 0", f"  note: {DUTY_NOTES[0]}"]
                else:
                    pool = self.active(unit, day)
                    named = [rng.choice(pool)] if pool and rng.random() < 0.4 else []
                    people = "2多" if roll > 0.99 else "2" if roll > 0.85 else "1"
                    entry.append(f"  people: {people}")
                    if named:
                        entry.append(f"  who: [{named[0]['id']}]")
                    if rng.random() < 0.1:
                        entry.append(f"  place: {unit['paired'][1]['id']}")
                    if rng.random() < 0.05:
                        entry.append(f"  note: {rng.choice(DUTY_NOTES[1:])}")
                lines += entry
            self.files[f"campaigns/{cid}/duty/{unit['id']}.yml"] = "\n".join(lines) + "\n"

    # -- stories and honours --
    def stories(self, year: int):
        rng = self.rng
        acts = [a for a in self.activity_list if a["day"].year == year]
        for n in range(self.sizes.stories):
            a = rng.choice(acts)
            unit, place = a["units"][0], a["places"][0]
            theme = rng.choice(THEMES)
            day = min(a["day"] + dt.timedelta(days=rng.randint(0, 6)), self.as_of, dt.date(year, 12, 31))
            words = {
                "unit": unit["name"],
                "place": place["name"],
                "service": a["service"],
                "theme": theme[1],
                "date": f"{day.month}月{day.day}日",
            }
            body = self.story_body(words)
            title = rng.choice(STORY_TITLES).format(**words)
            lines = [
                f"title: {q(title)}",
                f"date: {day.isoformat()}",
                f"source: {rng.choice(SOURCES)}",
                f"author: {unit['short']}通讯员",
                f"column: {rng.choice(COLUMNS)}",
                f"summary: {q(body.split(chr(10))[0][:80])}",
            ]
            related = [a] + [b for b in rng.sample(acts, 2) if b is not a and rng.random() < 0.3]
            lines.append(f"activities: {flow(b['id'] for b in related)}")
            lines.append(f"units: {flow(u['id'] for u in a['units'])}")
            lines.append(f"places: {flow(p['id'] for p in a['places'])}")
            lines.append(f"themes: [{theme[0]}]")
            if a["named"] and rng.random() < 0.5:
                lines.append(f"volunteers: {flow(v['id'] for v in a['named'][:2])}")
            if a["campaign"]:
                lines.append(f"campaign: {a['campaign']}")
            if rng.random() < 0.01:
                lines.append("draft: true")
            self.files[f"stories/{year}/s{year}-{n + 1:04d}.md"] = (
                "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"
            )

    def story_body(self, words) -> str:
        rng = self.rng
        paragraphs = [rng.choice(STORY_OPENINGS).format(**words)]
        length = len(paragraphs[0])
        sentences = rng.sample(STORY_SENTENCES, len(STORY_SENTENCES))
        current = ""
        for s in sentences:
            if length >= 650:
                break
            s = s.format(
                n=rng.randint(10, 80), m=rng.randint(50, 900), k=rng.randint(100, 2000), k2=rng.randint(2, 9), **words
            )
            current += s
            length += len(s)
            if len(current) > 150:
                paragraphs.append(current)
                current = ""
        if current:
            paragraphs.append(current)
        return "\n\n".join(paragraphs)

    def honours(self, year: int):
        rng = self.rng
        units = rng.sample(self.unit_list, 6)
        people = [v for v in self.volunteer_list if v["since"].year <= year]
        chosen = sorted(rng.sample(people, min(20, len(people))), key=lambda v: v["id"])
        self.files[f"honours/{year}.yml"] = (
            f"title: {year}年度党员义工服务先进集体和先进个人\ndate: {year}-12-10\n"
            f"units: {flow(u['id'] for u in units)}\nvolunteers: {flow(v['id'] for v in chosen)}\n"
        )

    def jpeg(self) -> bytes:
        import io

        from PIL import Image

        shade = self.rng.randrange(256)
        image = Image.new("RGB", (640, 480), (200, shade, 60))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=80)
        return out.getvalue()

    def build(self) -> dict[str, str | bytes]:
        self.volunteer_list, self.activity_list, self.pool = [], [], {}
        self.site()
        self.places()
        self.units()
        for year in self.years:
            self.volunteers(year)
            self.activities(year)
            self.duty(year)
            self.stories(year)
            self.honours(year)
        return self.files


def generate(dest: Path, years: int, seed: int = 0, scale: float = 1.0, photos: bool = False) -> dict:
    """Write the archive into ``dest`` (replaced if it exists). Returns counts per folder."""
    dest = Path(dest)
    files = Archive(years, seed, Sizes.at(scale), photos).build()
    if dest.exists():
        shutil.rmtree(dest)
    counts: dict[str, int] = {}
    for rel, data in sorted(files.items()):
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        top = rel.split("/")[0]
        counts[top] = counts.get(top, 0) + 1
    return counts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Write a deterministic synthetic content archive.")
    parser.add_argument("dest", type=Path)
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies the per-year counts")
    parser.add_argument("--photos", action="store_true", help="add small generated JPEGs")
    args = parser.parse_args(argv)
    counts = generate(args.dest, args.years, args.seed, args.scale, args.photos)
    print(json.dumps(counts, ensure_ascii=False, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
