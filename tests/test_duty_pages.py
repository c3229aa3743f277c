"""Duty rosters on the site: the campaign's coverage board (symbol, word and colour in every
cell), its 督查 gap list, per-unit figures, a unit's and a place's duty days, the chronicle
entry, a volunteer's record, the downloads; a 51-unit board split into pages under 40 KiB that
neither scrolls the page sideways nor fails axe on a phone or a desktop."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import openpyxl
import pytest

import trees
from column import figures
from column.issues import ContentError
from conftest import build_site, open_page, serve, write_tree
from page_types import SCREENS, no_page_scroll
from test_a11y import AXE, violations
from test_duty_figures import FILES, ROSTER

CELLS = re.compile(r'<td class="([cgu])">([✓✗○])(.)</td>')


def plain(text: str) -> str:
    """A page as one line of text: table cells and list items apart, inline markup run together."""
    body = re.sub(r"</(td|th|li|p|h\d)>", " ", trees.page_html(text))
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", body)).split())


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return trees.run(tmp_path_factory.mktemp("duty-pages"), FILES)


@pytest.fixture(scope="module")
def pages(result):
    return {p.src: p.text for p in result.pages}


def board_rows(text: str) -> dict[str, str]:
    """Unit short name → its row of the board as symbols and words (✓到✗缺○待…)."""
    board = text.split('<div class="column-duty-board">', 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", board):
        name = plain(row.split("</th>", 1)[0])
        rows[name] = "".join(symbol + word for _, symbol, word in CELLS.findall(row))
    return rows


def test_the_board_shows_each_day_by_symbol_word_and_colour(pages):
    text = pages["campaigns/dongji.md"]
    assert board_rows(text) == {
        "药监局": "✓到✓到✗缺✓到✗缺✗缺○待○待○待○待",
        "市农业局": "✗缺" * 6 + "○待" * 4,
    }
    for cls, symbol, word in CELLS.findall(text):  # the colour class always goes with its symbol and word
        assert (cls, symbol, word) in {("c", "✓", "到"), ("g", "✗", "缺"), ("u", "○", "待")}
    head = re.search(r"<thead><tr><th scope=\"col\">单位</th>(.*?)</tr></thead>", text).group(1)
    assert trees.visible_text(head).split()[:3] == ["12月10日", "11日", "12日"]
    legend = trees.visible_text(text.split('class="column-duty-legend">', 1)[1].split("</p>", 1)[0])
    assert "✓到 已值守（当天至少2人到岗）" in legend and "✗缺 缺岗（不足2人，或没有登记）" in legend


def test_the_campaign_page_lists_the_gaps_and_the_figures(pages):
    text = pages["campaigns/dongji.md"]
    seen = plain(text)
    assert "2个单位有缺岗，共9天次" in seen
    assert "上虞市农业局：缺岗6天（12月10日、12月11日、12月12日、12月13日、12月14日、12月15日），覆盖率0%" in seen
    assert "上虞市食品药品监督管理局：缺岗3天（12月12日、12月14日、12月15日），覆盖率50%" in seen
    assert seen.index("上虞市农业局：缺岗") < seen.index("上虞市食品药品监督管理局：缺岗")  # most gaps first
    figs = dict(re.findall(r'<span data-fig="(duty:[^"]+)">([^<]*)</span>', text))
    assert figs["duty:dongji/coverage"] == "25%" and figs["duty:dongji/person-days"] == "8多"
    assert figs["duty:dongji.sy-yaojian/coverage"] == "50%" and figs["duty:dongji.sy-nongye/gaps"] == "6"
    assert '<span data-fig="campaign:dongji/activities">1</span>' in text  # counted once
    assert "服务旗帜接传制度" not in seen and "计划安排" not in seen  # no schedule: no schedule sections
    for name in ("duty-dongji.xlsx", "duty-dongji.csv", "duty-dongji-coverage.csv", "duty-dongji.json"):
        assert f'href="../../stats/downloads/{name}"' in text


def test_a_units_and_a_places_pages_show_their_duty_days(pages):
    unit = pages["units/sy-yaojian.md"]
    assert "冬季结对社区值守 2010年12月10日至19日 3/6 3 50% 8多 46" in plain(unit)
    assert board_rows(unit) == {"药监局": "✓到✓到✗缺✓到✗缺✗缺○待○待○待○待"}
    assert "赵磊" not in unit  # on duty on the 10th and the 12th: counted, never named
    # a place: the units on duty there, a dash on the days they were at another paired place
    jingui = pages["places/jingui.md"]
    assert board_rows(jingui) == {"药监局": "✓到✓到✗缺✗缺✗缺○待○待○待○待"}  # the 13th: at 银杏社区
    assert "<td>—</td>" in jingui.split('<div class="column-duty-board">')[1]
    # 银杏社区: 药监局 on the 13th only (dashes the other days), 市农业局 (its only paired place) every day
    assert board_rows(pages["places/yinxing.md"]) == {"药监局": "✓到", "市农业局": "✗缺" * 6 + "○待" * 4}


def test_the_chronicle_shows_the_campaign_once_with_its_coverage(pages):
    text = plain(pages["chronicle/2010.md"])
    assert text.count("冬季结对社区值守") == 1
    assert "2010年12月10日至19日 · 冬季结对社区值守（值守：2个单位，覆盖率25%，8多人次）" in text


def test_a_volunteers_record_has_their_duty(pages):
    text = plain(pages["volunteers/wang-fang.md"])
    assert "累计服务时长：12小时" in text and "★ 1星级志愿者" in text
    assert "2010年12月10日至11日 冬季结对社区值守 值守2天 12小时" in text
    assert "volunteers/zhao-lei.md" not in pages
    assert not [src for src, text in pages.items() if "赵磊" in text]


def test_the_downloads_hold_the_roster_and_the_coverage(result):
    files, cat = result.files, result.catalog
    cov = figures.duty_coverage(cat.get("campaign", "dongji"), cat)
    roster = list(csv.DictReader(io.StringIO(files["stats/downloads/duty-dongji.csv"].decode("utf-8-sig"))))
    assert len(roster) == 2 * 10
    first = roster[0]
    assert (first["单位编号"], first["日期"], first["到岗人数"], first["具名志愿者（仅公开姓名者）"]) == (
        "sy-yaojian",
        "2010-12-10",
        "2",
        "王芳",
    )
    assert first["未公开姓名的具名志愿者人数"] == "1" and first["情况"] == "已值守"
    assert [r["情况"] for r in roster[10:]] == ["缺岗"] * 6 + ["待值守"] * 4
    coverage = list(csv.DictReader(io.StringIO(files["stats/downloads/duty-dongji-coverage.csv"].decode("utf-8-sig"))))
    assert [(r["单位"], r["覆盖率"], r["值守人次"], r["缺岗日期"]) for r in coverage] == [
        ("上虞市食品药品监督管理局", "50%", "8多", "2010-12-12、2010-12-14、2010-12-15"),
        ("上虞市农业局", "0%", "0", "、".join(f"2010-12-{d}" for d in range(10, 16))),
        ("全部单位", str(cov.coverage), str(cov.person_days), ""),
    ]
    data = json.loads(files["stats/downloads/duty-dongji.json"])
    assert data["campaign"]["per_day"] == 2 and len(data["days"]) == 20
    assert data["coverage"][-1]["coverage"] == {"covered": 3, "days": 12, "percent": 25}
    assert data["coverage"][0]["person_days"] == {"value": 8, "approx": True, "text": "8多"}
    book = openpyxl.load_workbook(io.BytesIO(files["stats/downloads/duty-dongji.xlsx"]))
    assert book.sheetnames == ["值守排班", "覆盖情况", "统计口径"]
    board = book["值守排班"]  # the roster as an office keeps it: a row per unit, a column per day
    assert [c.value for c in board[3]][:6] == [
        "上虞市食品药品监督管理局",
        "✓已值守 2人：王芳",  # 赵磊 was there too: counted, not named
        "✓已值守 3多人：王芳",
        "✗缺岗 1人",
        "✓已值守 2人",
        "✗缺岗 0人",  # not recorded at all
    ]
    assert [c.value for c in board[3]][7:9] == ["○待值守 2人", "○待值守"]  # planned; not rostered yet
    assert board.cell(3, 4).fill.start_color.rgb.endswith("FBE3E3")
    assert book["覆盖情况"].cell(2, 9).number_format == '0"多"'
    for name, data in files.items():
        text = data.decode("utf-8", "replace") if name.endswith((".csv", ".json")) else ""
        assert "赵磊" not in text, name
    activities = files["stats/downloads/activities.csv"].decode("utf-8-sig")
    assert "dongji,冬季结对社区值守（值守）,2010-12-10/2010-12-19" in activities


def test_a_note_naming_an_unpublished_volunteer_stops_the_build(tmp_path):
    files = dict(FILES)
    files["campaigns/dongji/duty/sy-yaojian.yml"] = ROSTER.replace("hours: 4", "hours: 4\n  note: 赵磊临时顶岗")
    with pytest.raises(ContentError) as err:
        trees.run(tmp_path, files)
    [issue] = err.value.issues
    assert (issue.path, issue.line, issue.field) == ("campaigns/dongji/duty/sy-yaojian.yml", 10, "note")
    assert issue.message == "提到了未同意公开姓名的志愿者“赵磊”（原文：赵磊临时顶岗），网站上不能出现这个名字。"


# ---- a big campaign: 51 units × 12 days -----------------------------------------------------------


def big_tree(units: int = 51) -> dict:
    """51 units, each paired with a community of its own, on duty 12 days (two gaps each for the
    first three units); as_of inside the period."""
    places = trees.PLACES + "".join(
        f"- id: sq{n:02d}\n  name: 第{n}社区\n  kind: 社区\n  parent: shangyu\n" for n in range(1, units + 1)
    )
    unit_list = "".join(
        f"- id: bm{n:02d}\n  name: 区级部门{n}\n  short: 部门{n}\n  region: shangyu\n  paired_places: [sq{n:02d}]\n"
        for n in range(1, units + 1)
    )
    files = {
        "places.yml": places,
        "units.yml": trees.UNITS + unit_list,
        "campaigns/dahui.yml": "title: 大会期间结对社区值守\nunits: ["
        + ", ".join(f"bm{n:02d}" for n in range(1, units + 1))
        + "]\nduty: {start: 2010-12-06, end: 2010-12-17}\n",
    }
    for n in range(1, units + 1):
        days = [f"- date: 2010-12-{d:02d}\n  people: {0 if n <= 3 and d in (8, 9) else 1}\n" for d in range(6, 18)]
        files[f"campaigns/dahui/duty/bm{n:02d}.yml"] = "".join(days)
    return trees.tree(files)


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("big-duty")
    site = root / "site"
    done = build_site(write_tree(root / "content", big_tree()), site)
    assert done.returncode == 0, done.stdout + done.stderr
    return site


@pytest.mark.slow
def test_a_51_unit_board_is_split_into_pages_under_40_kib(big_site):
    campaign = (big_site / "campaigns/dahui/index.html").read_text(encoding="utf-8")
    assert 'href="duty/"' in campaign and 'href="duty/page/2/"' in campaign
    assert "column-duty-board" not in campaign  # the board is on its pages
    boards = [big_site / "campaigns/dahui/duty/index.html", big_site / "campaigns/dahui/duty/page/2/index.html"]
    assert not (big_site / "campaigns/dahui/duty/page/3/index.html").exists()
    units = []
    for path in boards:
        text = path.read_text(encoding="utf-8")
        units += re.findall(r'<th scope="row"><a href="[^"]*units/(bm\d\d)/">', text)
        assert "第 " in text and " / 2 页" in text
    assert units == [f"bm{n:02d}" for n in range(1, 52)]  # each unit once, in order
    sizes = {p.relative_to(big_site).as_posix(): p.stat().st_size for p in big_site.rglob("*.html")}
    assert {p: s for p, s in sizes.items() if s > 40 * 1024} == {}
    assert "部门1：缺岗2天（12月8日、12月9日），覆盖率" in plain(campaign)


@pytest.mark.browser
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_a_big_board_scrolls_in_its_box_and_passes_axe(browser, big_site, screen):
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make npm-setup` (npm ci) first")
    server = serve(big_site)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    pg = open_page(browser, url, **SCREENS[screen])
    try:
        pg.goto(url + "campaigns/dahui/duty/")
        pg.wait_for_load_state("load")
        width, viewport = no_page_scroll(pg)
        assert width <= viewport, f"the board page scrolls sideways on a {screen}: {width} > {viewport}"
        box = pg.evaluate("""() => {
          const table = document.querySelector(".column-duty-board table");
          const box = table.closest(".md-typeset__table, .md-typeset__scrollwrap");
          const head = table.querySelector("tbody th");
          box.scrollLeft = 10000;
          return {overflow: getComputedStyle(box).overflowX, wider: table.scrollWidth > box.clientWidth,
                  right: box.getBoundingClientRect().right, sticky: getComputedStyle(head).position,
                  headLeft: head.getBoundingClientRect().left - box.getBoundingClientRect().left};
        }""")
        assert box["overflow"] in ("auto", "scroll") and box["right"] <= viewport + 0.5
        if screen == "phone":  # twelve days do not fit: the table scrolls, the unit names stay
            assert box["wider"] and box["sticky"] == "sticky" and abs(box["headLeft"]) < 20
        found = violations(pg, AXE.read_text(encoding="utf-8"))
        assert found == [], "\n".join(found)
        assert pg.console_errors == [] and pg.external_requests == []
    finally:
        pg.context.close()
        server.shutdown()
