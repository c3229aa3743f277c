"""The web editor in Chromium against a temporary copy of the demo, through decap-server:
``make edit`` (``python -m column edit``) starts decap-server and the live preview; what is saved
in the browser is a valid content file, shows in the preview, and changes no other record.
The editorial workflow (a branch per entry, merged on publishing) runs on a local git repository
in decap-server's git mode.

Slow: each module fixture starts node and MkDocs. Browser tests are marked by conftest."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from column import cms, edit_server, load, model, pipeline
from column.issues import ContentError
from column.validate import validate
from conftest import CONTENT, ROOT, serve

pytestmark = [pytest.mark.slow, pytest.mark.browser]

NEW_ID = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]{4}$")
TODAY = dt.date.today()  # what the browser calls today: new stories are dated so


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Editing:
    """A running ``make edit`` on a copy of the demo."""

    def __init__(self, base: Path):
        self.root = base
        self.content = base / "content"
        shutil.copytree(CONTENT, self.content)
        self.port, self.api_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.api = f"http://127.0.0.1:{self.api_port}/api/v1"
        self.log = base / "edit.log"
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "column",
                "--content",
                str(self.content),
                "edit",
                "--addr",
                f"127.0.0.1:{self.port}",
                "--port",
                str(self.api_port),
            ],
            cwd=ROOT,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**__import__("os").environ, "PYTHONPATH": str(ROOT / "scripts")},
        )
        deadline = time.monotonic() + 300
        while "网页编辑器：" not in self.output():
            assert self.proc.poll() is None, self.output()
            assert time.monotonic() < deadline, self.output()
            time.sleep(0.5)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGINT)  # Ctrl-C
        return self.proc.wait(timeout=60)

    def get(self, path: str, timeout: float = 60) -> str:
        """A page of the preview, once it is there (an edit shows within seconds)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(self.url + path, timeout=5) as r:
                    return r.read().decode("utf-8")
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)


SAVE = {"commitMessage": "网页编辑器", "useWorkflow": False, "status": "draft"}


def api(url: str, action: str, **params):
    request = urllib.request.Request(
        url,
        data=json.dumps({"action": action, "params": {"branch": "main", **params}}).encode(),
        headers={"Content-Type": "application/json", "Origin": "http://127.0.0.1"},
    )
    with urllib.request.urlopen(request, timeout=30) as r:
        return json.loads(r.read())


@pytest.fixture(scope="module")
def editing(tmp_path_factory):
    run = Editing(tmp_path_factory.mktemp("edit"))
    yield run
    code = run.stop()
    assert code == 0, run.output()
    assert "已停止网页编辑器和预览" in run.output()
    assert edit_server.free_port(run.port) and edit_server.free_port(run.api_port)  # Ctrl-C stopped both


class Admin:
    """A browser page on /admin/, logged in to the local backend, watching what it loads."""

    def __init__(self, browser, editing: Editing):
        self.context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1000})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.editing = editing
        try:
            self.page.goto(editing.url + "admin/", timeout=120_000)
        except Exception as err:
            raise AssertionError(editing.output()[-1500:]) from err
        self.page.get_by_role("button", name="登录").click()
        self.page.get_by_text("栏目设置和登记表").first.wait_for()

    def outside(self) -> list[str]:
        ours = (self.editing.url, self.editing.api.removesuffix("/api/v1"), "data:", "blob:")
        return [u for u in self.requests if not u.startswith(ours)]

    def open(self, route: str):
        self.page.goto(self.editing.url + "admin/#/" + route)
        self.page.locator("[class*=ControlPaneContainer], form, textarea, input").first.wait_for()

    def field(self, label: str, nth: int = 0):
        return self.page.get_by_label(re.compile("^" + re.escape(label) + r"( \(可选\))?$")).nth(nth)

    def choose(self, label: str, typed: str, option: str, nth: int = 0):
        box = self.field(label, nth)
        box.click()
        box.type(typed)
        self.page.get_by_text(option, exact=True).last.click()

    def publish(self):
        """发布 → 立即发布 (the menu can be redrawn under the pointer: try again)."""
        for attempt in range(3):
            try:
                self.page.get_by_role("button", name="发布", exact=True).click()
                self.page.get_by_text("立即发布").click(timeout=5000)
                break
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
        try:
            self.page.get_by_text("修改已保存").first.wait_for()
        except PlaywrightTimeout:
            shot = self.editing.root / "not-saved.png"  # what the form said (a field in red?)
            self.page.screenshot(path=str(shot), full_page=True)
            raise AssertionError(f"not saved: see {shot}") from None
        self.page.wait_for_url(re.compile(r"/entries/"))
        self.page.wait_for_timeout(500)  # the saved entry is drawn again

    def close(self):
        self.context.close()


@pytest.fixture
def admin(browser, editing):
    page = Admin(browser, editing)
    yield page
    page.close()


def records_of(content: Path, rel: str) -> list[dict]:
    """The records a content file holds, as plain values (lines and paths aside)."""
    kind, ident, year = model.kind_of_file(rel)
    doc, issues = load.load_file(content, rel, kind, ident, year)
    assert not issues
    recs, issues = validate([doc])
    assert not issues, issues

    def plain(value):
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items() if k not in ("line", "body_line", "path")}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return str(value) if value is not None and not isinstance(value, (bool, int, str)) else value

    return [plain(r) for r in recs]


def differences(before: list[dict], after: list[dict]) -> list:
    return [
        (i, key, b.get(key), a.get(key))
        for i, (b, a) in enumerate(zip(before, after, strict=False))
        for key in sorted(set(b) | set(a))
        if b.get(key) != a.get(key)
    ] + ([("records", len(before), len(after))] if len(before) != len(after) else [])


def new_files(content: Path, pattern: str) -> list[Path]:
    return sorted(p for p in content.glob(pattern) if NEW_ID.match(p.stem))


# ---- the editor loads ------------------------------------------------------------------------


def test_the_editor_loads_in_chinese_without_errors_and_only_from_the_site(admin, editing):
    page = admin.page
    for name in ("栏目设置和登记表", "志愿者", "专项活动", "值守排班", "活动记录", "新闻稿", "年度表彰", "页面"):
        assert page.get_by_text(name, exact=True).first.is_visible()
    for route in (
        "collections/activity/entries/2010/yc-fengxianri-0626",
        "collections/story/entries/2010/shangyu-xingqiliu-yigongri",
        "collections/volunteer/entries/chen-liqun",
        "collections/campaign/entries/sy-xingqiliu-yigongri",
        "collections/duty/entries/yc-shihe-zhishou/duty/yc-minzheng",
        "collections/honours/entries/2010",
        "collections/settings/entries/units",
        "collections/settings/entries/site",
    ):
        admin.open(route)
        page.wait_for_timeout(1500)
    # references written as names, short names or ids show as the records they name
    admin.open("collections/activity/entries/2010/yc-fengxianri-0626")
    page.get_by_text("越城区区级部门（51个）").first.wait_for()
    assert page.get_by_text("中共绍兴市越城区委员会").first.is_visible()
    assert page.get_by_text("平安世合").first.is_visible()
    assert admin.errors == []
    assert admin.outside() == []
    assert any(u.startswith(editing.url + "admin/decap/decap-cms.js") for u in admin.requests)


# ---- nothing is lost by editing ----------------------------------------------------------------


def test_each_demo_file_opened_and_saved_unchanged_keeps_its_records_and_pages(admin, tmp_path):
    """Every demo file read through decap-server, through the editor's own file format and
    written back: the same records, the same pages (figures included) as the demo."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    port = free_port()
    server = edit_server.decap_server(tmp_path, port, quiet=True)
    try:
        edit_server.wait_for_port(port, server)
        url = f"http://127.0.0.1:{port}/api/v1"
        config = cms.config({"kind": cms.LOCAL, "url": url})
        formats = {}  # a file of several records by its path, a kind's files by the kind
        for coll in config["collections"]:
            for entry in coll.get("files", [coll]):
                order = [f["name"] for f in entry["fields"]]
                formats[entry.get("file") or entry["name"]] = (coll["format"], order)
        changed = []
        for path in sorted(p for p in copy.rglob("*") if p.suffix in (".yml", ".md")):
            rel = "content/" + path.relative_to(copy).as_posix()
            kind = model.kind_of_file(rel.removeprefix("content/"))[0]
            fmt, order = formats.get(rel) or formats[kind.name]
            raw = api(url, "getEntry", path=rel)["data"]
            saved = admin.page.evaluate(
                """([raw, fmt, order]) => {
                    const a = window.columnAdmin;
                    const formats = { "column-yaml": a.yamlFormat, "column-yaml-list": a.listFormat };
                    const f = formats[fmt] || a.frontMatterFormat;
                    let text = f.toFile(f.fromFile(raw), order);
                    if (!text.endsWith("\\n")) text += "\\n";   // as Decap does
                    return text;
                }""",
                [raw, fmt, order],
            )
            api(url, "persistEntry", entry={"slug": path.stem, "path": rel, "raw": saved}, assets=[], options=SAVE)
            if saved != raw:
                changed.append(rel)
            after, before = records_of(copy, rel[len("content/") :]), records_of(CONTENT, rel[len("content/") :])
            assert after == before, (rel, differences(before, after), saved)
    finally:
        server.terminate()
        server.wait()
    assert changed, "comments and flow lists are rewritten: some file text should differ"
    before = pipeline.run(CONTENT, dt.date(2011, 1, 1))
    after = pipeline.run(copy, dt.date(2011, 1, 1))
    assert [p.src for p in after.pages] == [p.src for p in before.pages]
    assert [p.text for p in after.pages] == [p.text for p in before.pages]
    assert after.files.keys() == before.files.keys()
    assert {k: v for k, v in after.files.items() if k.endswith((".csv", ".json"))} == {
        k: v for k, v in before.files.items() if k.endswith((".csv", ".json"))
    }


@pytest.mark.parametrize(
    "route",
    [
        "collections/activity/entries/2010/yc-fengxianri-0626",
        "collections/activity/entries/2010/sy-jianshe-xiaofendui",
        "collections/story/entries/2010/yuecheng-qingqiyi-yingshihe",
        "collections/volunteer/entries/chen-liqun",
        "collections/campaign/entries/sy-xingqiliu-yigongri",
        "collections/honours/entries/2010",
    ],
)
def test_a_file_saved_in_the_editor_keeps_its_records(admin, editing, route):
    """Open in the form, add a character to the title, save: every other value of the record
    as it was (Decap saves only a changed entry)."""
    kind = route.split("/")[1]
    rel = {
        "activity": "activities",
        "story": "stories",
        "volunteer": "volunteers",
        "campaign": "campaigns",
        "honours": "honours",
    }[kind] + route.split("entries")[1]
    rel += ".md" if kind in ("story", "volunteer") else ".yml"
    before = records_of(editing.content, rel)
    text_before = (editing.content / rel).read_text(encoding="utf-8")
    admin.open(route)
    admin.page.wait_for_timeout(1500)
    # a field nothing refers to (renaming a unit or volunteer breaks the references by name)
    name, label = {
        "activity": ("title", "活动名称"),
        "story": ("title", "标题"),
        "volunteer": ("title", "职务或称号"),
        "campaign": ("description", "活动说明"),
        "honours": ("title", "表彰名称"),
    }[kind]
    title = admin.field(label)
    title.click()
    title.press("Control+End")
    title.type("x")
    admin.publish()
    before[0][name] += "x"
    after = records_of(editing.content, rel)
    assert after == before, differences(before, after)
    assert (editing.content / rel).read_text(encoding="utf-8") != text_before
    assert admin.errors == []


# ---- new entries are valid as created ------------------------------------------------------------


def test_a_story_needs_only_a_title_and_a_body(admin, editing):
    admin.open("collections/story/new")
    admin.field("标题").fill("社区党员志愿服务站揭牌")
    admin.field("正文").fill("## 揭牌仪式\n\n社区党员志愿服务站今天揭牌，**十名党员**报名值守。\n")
    admin.publish()
    [path] = new_files(editing.content, f"stories/{TODAY.year}/*.md")
    assert path.stem.startswith(TODAY.isoformat())
    text = path.read_text(encoding="utf-8")
    assert text == (
        f"---\ntitle: 社区党员志愿服务站揭牌\ndate: {TODAY.isoformat()}\ndraft: true\n---\n"
        "## 揭牌仪式\n\n社区党员志愿服务站今天揭牌，**十名党员**报名值守。\n"
    )
    pipeline.checked_catalog(editing.content)  # make check passes
    # a draft: not on the site until someone switches it off
    admin.field("草稿").click()
    admin.publish()
    assert "draft" not in path.read_text(encoding="utf-8") or "draft: false" in path.read_text(encoding="utf-8")
    page = editing.get(f"stories/{path.stem}/")
    assert "社区党员志愿服务站揭牌" in page and "十名党员" in page


def test_an_activity_with_two_named_volunteers_and_an_uploaded_photo(admin, editing, tmp_path):
    photo = tmp_path / "yongyao-zixun.jpg"
    shutil.copy(CONTENT / "media" / "2010" / "shunshui-huanjing.jpg", photo)
    admin.open("collections/activity/new")
    admin.field("活动名称").fill("药监局在金桂苑开展用药咨询")
    admin.field("日期").fill("2010-11-20")
    admin.choose("组织单位", "药监", "上虞市食品药品监督管理局")  # found by its short name
    admin.choose("服务地点", "金桂苑社区", "金桂苑")  # found by an alias
    admin.choose("服务主题", "和谐", "和谐社会建设")
    admin.choose("服务方式", "集中", "集中服务")
    admin.page.get_by_role("button", name=re.compile("新增具名志愿者")).click()
    admin.choose("志愿者", "陈", "陈立群", 0)
    admin.page.get_by_role("button", name=re.compile("新增具名志愿者")).click()
    admin.choose("志愿者", "李文", "李文静", 1)
    admin.page.get_by_role("button", name=re.compile("新增照片")).click()
    admin.page.get_by_role("button", name="选择图片").click()
    admin.page.locator("input[type=file]").set_input_files(str(photo))
    admin.page.get_by_role("button", name="选用已选中项目").click()
    admin.field("图片说明").fill("党员义工为居民讲解安全用药")
    admin.publish()
    [path] = new_files(editing.content, "activities/2010/*.yml")
    assert path.stem.startswith("2010-11-20-")
    assert path.read_text(encoding="utf-8") == (
        "title: 药监局在金桂苑开展用药咨询\ndate: 2010-11-20\nunits:\n  - sy-yaojian\nplaces:\n  - jingui-yuan\n"
        "themes:\n  - hexie-shehui\nmode: jizhong\nvolunteers:\n  - who: chen-liqun\n  - who: li-wenjing\n"
        "photos:\n  - file: media/2010/yongyao-zixun.jpg\n    caption: 党员义工为居民讲解安全用药\n"
    )
    assert (editing.content / "media" / "2010" / "yongyao-zixun.jpg").read_bytes() == photo.read_bytes()
    pipeline.checked_catalog(editing.content)
    page = editing.get(f"activities/{path.stem}/")
    assert "陈立群" in page and "李文静" in page and "党员义工为居民讲解安全用药" in page
    assert admin.errors == []


def test_a_month_a_span_and_groups_are_written_as_the_contract_writes_them(admin, editing):
    rel = "activities/2010/yc-zaizhi-zaice.yml"
    admin.open("collections/activity/entries/2010/yc-zaizhi-zaice")
    mode = admin.page.get_by_label("日期 的写法", exact=True)
    assert mode.input_value() == "month" and admin.page.get_by_label("日期", exact=True).input_value() == "2010-06"
    mode.select_option("span")
    admin.page.get_by_label("日期 开始", exact=True).fill("2010-06-01")
    admin.page.get_by_label("日期 结束", exact=True).fill("2010-06-30")
    admin.page.get_by_role("button", name="添加一类人员").click()
    admin.page.get_by_label("人员类别", exact=True).nth(2).fill("入党积极分子")
    admin.page.get_by_label("人数", exact=True).nth(2).fill("30多")
    admin.publish()
    text = (editing.content / rel).read_text(encoding="utf-8")
    assert "date:\n  start: 2010-06-01\n  end: 2010-06-30\n" in text
    assert "  groups:\n    在职党员: 1402\n    在册党员: 10299\n    入党积极分子: 30多\n" in text
    [rec] = records_of(editing.content, rel)
    assert "2010-06-01" in str(rec["date"]) and "2010-06-30" in str(rec["date"])
    # the groups now exceed the total: a rule across fields, which the check (not the form) knows
    with pytest.raises(ContentError, match="各类人员合计 11731多 人，超过了总人数 11701 人"):
        pipeline.checked_catalog(editing.content)
    admin.field("总人数").fill("11800")
    admin.publish()
    pipeline.checked_catalog(editing.content)


def test_switching_a_volunteers_publish_on(admin, editing):
    rel = "volunteers/sun-meifang.md"
    assert "publish: true" not in (editing.content / rel).read_text(encoding="utf-8")
    with pytest.raises(OSError):
        editing.get("volunteers/sun-meifang/", timeout=0)
    admin.open("collections/volunteer/entries/sun-meifang")
    admin.field("本人同意公开姓名").click()
    admin.publish()
    assert "publish: true" in (editing.content / rel).read_text(encoding="utf-8")
    pipeline.checked_catalog(editing.content)
    assert "孙美芳" in editing.get("volunteers/sun-meifang/")


# ---- duty rosters: one file per campaign and unit, a list of days ---------------------------------

ROSTERS = "campaigns/yc-shihe-zhishou/duty"
SHIHE = "“世合赛”期间区级部门干部到结对社区值守"
DUTY_CSV = "stats/downloads/duty-yc-shihe-zhishou.csv"  # the preview's roster download: one row a unit and day


def day_item(admin: Admin, n: int):
    """The n-th item of the list of days: its top bar's last button removes it."""
    return admin.page.locator("[aria-roledescription=sortable]").nth(n).locator("xpath=following-sibling::button[1]")


def shown(editing: Editing, path: str, text: str, timeout: float = 60) -> str:
    """A preview page once it shows ``text`` (the rebuild after a save takes seconds)."""
    deadline = time.monotonic() + timeout
    while True:
        page = editing.get(path)
        if text in page or time.monotonic() > deadline:
            return page
        time.sleep(0.5)


def test_a_duty_roster_edited_in_the_editor_stays_the_list_of_its_days(admin, editing):
    """A unit's days in a campaign: the campaign and the unit shown from the file's place, not
    editable; a day changed, one removed, one added; the file is the contract's list of days."""
    rel = f"{ROSTERS}/yc-sifa.yml"
    original = (editing.content / rel).read_text(encoding="utf-8")
    page = admin.page
    # listed by unit and campaign folder; the campaigns' own files (same folder) are not rosters
    admin.open("collections/duty")
    page.get_by_text("yc-sifa（yc-shihe-zhishou/duty）", exact=True).wait_for()
    assert page.get_by_text(re.compile("（yc-shihe-zhishou/duty）$")).count() == 5
    assert page.get_by_text("星期六机关党员义工服务日").count() == 0
    admin.open("collections/campaign")  # and the campaigns list no roster
    page.get_by_text("星期六机关党员义工服务日", exact=True).wait_for()
    assert page.get_by_text(SHIHE, exact=True).count() == 1 and page.get_by_text("yc-sifa").count() == 0
    admin.open("collections/duty/entries/yc-shihe-zhishou/duty/yc-sifa")
    page.get_by_text("越城区司法局（示例）（yc-sifa）", exact=True).wait_for()
    assert page.get_by_text(f"{SHIHE}（yc-shihe-zhishou）", exact=True).is_visible()
    assert page.get_by_text("由文件的位置决定，不能在这里修改", exact=False).count() == 2
    # nothing to type a campaign or a unit into: a roster is not moved by the form
    assert page.get_by_label(re.compile("^(所属专项活动|值守单位)")).count() == 0
    assert admin.field("值守日期", 11).input_value() == "2010-07-26"
    # 7月26日 written again: removed, then added with its place and hours
    day_item(admin, 11).click()
    expect(page.locator("[aria-roledescription=sortable]")).to_have_count(11)
    # 7月17日: one more person, a named volunteer, a note
    admin.field("当天到岗人数", 2).fill("3")
    admin.choose("当天到岗的具名志愿者", "陈", "陈立群", 2)
    admin.field("备注", 2).fill("与社区在册党员一同巡查")
    page.get_by_role("button", name=re.compile("新增值守日")).click()
    admin.field("值守日期", 11).fill("2010-07-26")
    admin.field("当天到岗人数", 11).fill("2")
    admin.choose("值守地点", "清风", "清风社区（示例）", 11)
    admin.field("每人值守时长", 11).fill("4")
    admin.publish()
    text = (editing.content / rel).read_text(encoding="utf-8")
    expected = (
        original.split("\n", 1)[1]  # the file's first-line comment is not kept (comments are rewritten)
        .replace(
            "- date: 2010-07-17\n  people: 2\n",
            "- date: 2010-07-17\n  people: 3\n  who:\n    - chen-liqun\n  note: 与社区在册党员一同巡查\n",
        )
        .replace(
            "- date: 2010-07-26\n  people: 1\n", "- date: 2010-07-26\n  people: 2\n  place: yc-qingfeng\n  hours: 4\n"
        )
    )
    assert original.startswith("# ") and text == expected
    [roster] = records_of(editing.content, rel)
    assert (roster["campaign"], roster["unit"], len(roster["days"])) == ("yc-shihe-zhishou", "yc-sifa", 12)
    pipeline.checked_catalog(editing.content)
    rows = shown(editing, DUTY_CSV, "与社区在册党员一同巡查").splitlines()
    assert next(r for r in rows if ",yc-sifa," in r and ",2010-07-17," in r).endswith(
        ",3,陈立群,0,8,24,已值守,与社区在册党员一同巡查"
    )
    assert next(r for r in rows if ",yc-sifa," in r and ",2010-07-26," in r).endswith(
        ",清风社区（示例）,2,,0,4,8,已值守,"
    )
    # a campaign's file opened as a roster by a typed address: said so (and refused on saving)
    admin.open("collections/duty/entries/yc-shihe-zhishou")
    page.reload()
    page.get_by_text("content/campaigns/yc-shihe-zhishou.yml 不是值守排班的文件").first.wait_for()
    assert admin.errors == []


def test_a_new_duty_roster_is_placed_by_the_campaign_and_unit_chosen(admin, editing):
    """A roster made in the browser: the campaign and the unit chosen decide the file
    (campaigns/<campaign>/duty/<unit>.yml), which holds the days alone; a unit that has its
    roster already is refused (no second file with "-1" in its name)."""
    campaign = editing.content / "campaigns" / "yc-shihe-zhishou.yml"
    text = campaign.read_text(encoding="utf-8")
    campaign.write_text(text.replace("区财政局]", "区财政局, 建设局]"), encoding="utf-8")  # a new unit, no roster yet
    rosters = sorted(p.name for p in (editing.content / ROSTERS).iterdir())
    admin.open("collections/duty/new")
    page = admin.page
    admin.choose("所属专项活动", "世合赛", SHIHE)
    admin.choose("值守单位", "区司法局", "越城区司法局（示例）")
    page.get_by_text("已经有了（yc-shihe-zhishou/duty/yc-sifa）").wait_for()
    page.get_by_role("button", name="发布", exact=True).click()
    page.get_by_text("立即发布").click()
    page.get_by_text("这份值守排班已经有了，不能再新建").wait_for()
    page.wait_for_timeout(1000)
    assert sorted(p.name for p in (editing.content / ROSTERS).iterdir()) == rosters
    assert admin.errors == ["undefined"]  # Decap rejects the save of a form with errors, uncaught
    admin.errors.clear()
    admin.choose("值守单位", "建设局", "上虞市建设局")
    assert page.get_by_text("已经有了").count() == 0
    page.get_by_role("button", name=re.compile("新增值守日")).click()
    admin.field("值守日期").fill("2010-07-15")
    admin.field("当天到岗人数").fill("1")
    page.get_by_role("button", name=re.compile("新增值守日")).click()
    admin.field("值守日期", 1).fill("2010-07-16")
    admin.field("当天到岗人数", 1).fill("2多")
    admin.choose("当天到岗的具名志愿者", "陈", "陈立群", 1)
    admin.field("备注", 1).fill("新建的排班")
    admin.publish()
    rel = f"{ROSTERS}/sy-jianshe.yml"
    assert sorted(p.name for p in (editing.content / ROSTERS).iterdir()) == sorted([*rosters, "sy-jianshe.yml"])
    assert (editing.content / rel).read_text(encoding="utf-8") == (
        "- date: 2010-07-15\n  people: 1\n"
        "- date: 2010-07-16\n  people: 2多\n  who:\n    - chen-liqun\n  note: 新建的排班\n"
    )
    assert page.url.endswith("#/collections/duty/entries/yc-shihe-zhishou/duty/sy-jianshe")
    page.get_by_text("上虞市建设局（sy-jianshe）", exact=True).wait_for()  # saved: now fixed by its place
    [roster] = records_of(editing.content, rel)
    assert (roster["campaign"], roster["unit"], len(roster["days"])) == ("yc-shihe-zhishou", "sy-jianshe", 2)
    pipeline.checked_catalog(editing.content)
    rows = shown(editing, DUTY_CSV, "新建的排班").splitlines()
    assert len([r for r in rows if ",sy-jianshe,上虞市建设局," in r]) == 12  # every day of the period: 2 written
    assert "上虞市建设局" in shown(editing, "campaigns/yc-shihe-zhishou/", "上虞市建设局")  # on the coverage board
    assert admin.errors == []


def test_what_the_form_cannot_check_shows_in_the_terminal(editing):
    """A story naming a volunteer who has not consented: make check's message in make edit's
    terminal; removing it lets the preview recover."""
    rel = "content/stories/2010/2010-12-01-test.md"
    api(
        editing.api,
        "persistEntry",
        entry={"slug": "x", "path": rel, "raw": "---\ntitle: 稿件\ndate: 2010-12-01\n---\n赵磊在社区服务。\n"},
        assets=[],
        options=SAVE,
    )
    deadline = time.monotonic() + 60
    while "提到了未同意公开姓名的志愿者“赵磊”" not in editing.output():
        assert time.monotonic() < deadline, editing.output()[-3000:]
        time.sleep(0.5)
    assert "stories/2010/2010-12-01-test.md" in editing.output()
    api(editing.api, "deleteFile", path=rel, options={"commitMessage": "删除"})
    editing.get("stories/")


def test_every_file_made_in_the_editor_passes_the_check_and_builds(editing, tmp_path):
    site = tmp_path / "site"
    from conftest import build_site

    result = build_site(editing.content, site)
    assert result.returncode == 0, result.stdout + result.stderr
    made = new_files(editing.content, "*/*/*.*")
    assert made, "the tests above saved files through the editor"
    for path in made:
        folder = path.parent.parent.name
        assert (site / folder / path.stem / "index.html").is_file(), path


# ---- the editorial workflow --------------------------------------------------------------------


def git(repo: Path, *args) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def workflow(tmp_path):
    """A git repository of the demo, decap-server in git mode, and /admin/ with the editorial
    workflow (branch per entry) served as static files."""
    repo = tmp_path / "repo"
    shutil.copytree(CONTENT, repo / "content")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "-c", "user.name=测试", "-c", "user.email=t@example.org", "add", ".")
    git(repo, "-c", "user.name=测试", "-c", "user.email=t@example.org", "commit", "-qm", "demo")
    port = free_port()
    server = edit_server.decap_server(repo, port, mode="git", quiet=True)
    edit_server.wait_for_port(port, server)
    url = f"http://127.0.0.1:{port}/api/v1"
    admin_folder(tmp_path, {"kind": cms.LOCAL, "url": url, "workflow": True})
    web = serve(tmp_path / "www")
    yield repo, f"http://127.0.0.1:{web.server_address[1]}/admin/"
    web.shutdown()
    server.terminate()
    server.wait()


@pytest.mark.parametrize(
    ("kind", "button"), [("gitea", "Forgejo"), ("forgejo", "Forgejo"), ("gitlab", "GitLab"), ("github", "GitHub")]
)
def test_a_published_editor_loads_for_each_host_without_errors_or_outside_requests(browser, tmp_path, kind, button):
    """/admin/ as a site with site.yml's editor publishes it: the login page of that host, no
    configuration error, nothing loaded from elsewhere (the git host is asked only after login)."""
    www = admin_folder(
        tmp_path,
        {"kind": kind, "repository": "jgdgw/yigong", "server": "https://git.example.gov.cn", "app_id": "abc"},
    )
    web = serve(www)
    base = f"http://127.0.0.1:{web.server_address[1]}/"
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    errors, requests = [], []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(base + "admin/")
        page.get_by_role("button", name=re.compile(button)).wait_for()
        page.wait_for_timeout(1000)
        assert errors == []
        assert [u for u in requests if not u.startswith((base, "data:", "blob:"))] == []
    finally:
        context.close()
        web.shutdown()


def admin_folder(tmp_path: Path, editor: dict) -> Path:
    """/admin/ as the generator writes it, in a folder to serve."""
    www = tmp_path / "www"
    for out, source in cms.bundle_files().items():
        target = www / out
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(source)
    for name in ("index.html", "admin.js", "favicon.svg"):
        shutil.copy(cms.ADMIN_SOURCES / name, www / cms.OUT / name)
    (www / cms.OUT / "config.yml").write_text(cms.dumps(cms.config(editor)), encoding="utf-8")
    return www


def test_the_editorial_workflow_makes_a_branch_per_entry_and_merges_it(browser, workflow):
    repo, url = workflow
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: d.accept())  # "publish this entry?"
    try:
        page.goto(url)
        page.get_by_role("button", name="登录").click()
        page.get_by_text("栏目设置和登记表").first.wait_for()
        page.goto(url + "#/collections/story/new")
        page.get_by_label(re.compile("^标题")).fill("工作流程测试稿")
        page.get_by_label(re.compile("^正文")).fill("正文。\n")
        page.get_by_role("button", name="保存", exact=True).click()
        page.get_by_text("修改已保存").first.wait_for()
        branches = git(repo, "branch", "--list", "cms/*").split()
        assert [b for b in branches if b.startswith("cms/story/")], branches
        on_main = git(repo, "ls-tree", "-r", "--name-only", "main", "content/stories")
        assert f"content/stories/{TODAY.year}/" not in on_main  # not on main yet: on its branch
        # review done: ready, then publish (the merge)
        page.get_by_role("button", name=re.compile("状态")).click()
        page.get_by_text("就绪", exact=True).click()
        page.wait_for_timeout(1000)
        page.get_by_role("button", name="发布", exact=True).click()
        page.get_by_text("立即发布").click()
        deadline = time.monotonic() + 30
        while "工作流程测试稿" not in git(repo, "log", "-p", "-1", "main") and time.monotonic() < deadline:
            time.sleep(0.5)
        git(repo, "checkout", "-q", "main")
        [story] = new_files(repo / "content", f"stories/{TODAY.year}/*.md")
        assert "工作流程测试稿" in story.read_text(encoding="utf-8")
        assert "工作流程测试稿" in git(repo, "log", "-p", "-1", "main")
        assert git(repo, "branch", "--list", "cms/*").split() == []  # merged and removed
        assert errors == []
    finally:
        context.close()
