"""downloads.py: CSV, JSON and the XLSX year-end assessment — right figures, sorted rows, no
unpublished names, and the same bytes from the same content."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import openpyxl
import pytest

import trees
from column import downloads, urls

UNITS = (
    trees.UNITS
    + """\
- id: sy-jiaoyu
  name: 上虞市教育局
  short: 教育局
  region: shangyu
"""
)

FILES = {
    "units.yml": UNITS,
    "volunteers/chen-liqun.md": trees.volunteer("陈立群", publish=True),
    "volunteers/sun-meifang.md": trees.volunteer("孙美芳"),
    "campaigns/yigongri.yml": """\
title: 星期六义工服务日
flag_relay: true
schedule:
  - {unit: 药监局, date: 2010-06-12}
  - {unit: 市农业局, date: 2010-06-12}
  - {unit: 教育局, date: 2010-06-19}
""",
    "activities/2010/yj-anquan.yml": """\
title: 联合宣传
date: 2010-06-12
campaign: 星期六义工服务日
units: [药监局, 市农业局]
places: [金桂苑]
themes: [和谐社会建设]
mode: 集中服务
participants: {total: 10}
hours: 2
served: 120
volunteers:
  - who: 陈立群
  - who: 孙美芳
flag: {received: 2010-06-07, returned: 2010-06-14}
report: {submitted: 2010-06-21}
""",
    "activities/2010/ny-nongji.yml": """\
title: 农技推广
date: 2010-03
units: [市农业局]
places: [金桂苑]
themes: [和谐社会建设]
mode: 集中服务
participants: {total: 5}
served: 200多
""",
}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return trees.run(tmp_path_factory.mktemp("dl"), FILES)


def csv_rows(data: bytes) -> list[dict]:
    assert data.startswith("\ufeff".encode())  # Excel on Chinese Windows needs the BOM
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_pipeline_publishes_every_download(result):
    names = {"activities.csv", "activities.json", "units.csv", "units.json", "assessment-2010.xlsx"}
    assert set(result.files) == {urls.download_path(n) for n in names} | {"sitemap.xml", "sitemap.xml.gz"}


def test_activities_csv_oldest_first_with_approximate_quantities(result):
    rows = csv_rows(result.files[urls.download_path("activities.csv")])
    assert [r["编号"] for r in rows] == ["ny-nongji", "yj-anquan"]
    first, joint = rows
    assert first["日期"] == "2010-03" and first["开始日期"] == "2010-03-01" and first["服务群众（人次）"] == "200多"
    assert joint["组织单位"] == "上虞市食品药品监督管理局、上虞市农业局"
    assert joint["参加人次"] == "10" and joint["服务时长（小时）"] == "20"
    assert joint["具名志愿者（仅公开姓名者）"] == "陈立群" and joint["未公开姓名的具名志愿者人数"] == "1"
    assert joint["网页"] == "activities/yj-anquan/"


def test_activities_json_keeps_the_approximation_flag(result):
    data = json.loads(result.files[urls.download_path("activities.json")])
    assert data["as_of"] == "2010-12-15"
    first = data["activities"][0]
    assert first["served"] == {"value": 200, "approx": True, "text": "200多"}
    assert data["activities"][1]["person_hours"] == 20


def test_unit_figures_count_joint_activities_for_each_unit(result):
    rows = csv_rows(result.files[urls.download_path("units.csv")])
    by = {(r["单位编号"], r["年份"]): r for r in rows}
    assert [r["年份"] for r in rows] == ["2010"] * 3 + ["全部"] * 3
    nongye = by[("sy-nongye", "全部")]
    assert (nongye["活动次数"], nongye["参加人次"], nongye["服务群众（人次）"]) == ("2", "15", "320多")
    yaojian = by[("sy-yaojian", "2010")]
    assert (yaojian["活动次数"], yaojian["参加人次"]) == ("1", "10")
    # flag back 06-14 (on time), report 06-21: the Monday after the deadline
    assert (yaojian["旗帜按时交回率"], yaojian["小结按时上报率"], yaojian["已完成但迟交"]) == ("100%", "0%", "1")
    jiaoyu = by[("sy-jiaoyu", "2010")]
    assert (jiaoyu["逾期未开展"], jiaoyu["旗帜应交回次数"], jiaoyu["旗帜按时交回率"]) == ("1", "1", "0%")
    data = json.loads(result.files[urls.download_path("units.json")])
    [row] = [u for u in data["units"] if (u["unit"], u["year"]) == ("sy-yaojian", 2010)]
    assert row["flag_rate"] == {"on_time": 1, "due": 1, "percent": 100}
    assert row["participants"] == {"value": 10, "approx": False, "text": "10"}


def test_xlsx_year_end_assessment_per_unit(result):
    wb = openpyxl.load_workbook(io.BytesIO(result.files[urls.download_path("assessment-2010.xlsx")]))
    ws = wb["2010年终考核"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert rows[0][:5] == ("单位", "活动次数", "参加人次", "服务时长（小时）", "服务群众（人次）")
    by = {r[0]: r for r in rows[1:]}
    assert by["上虞市农业局"][1:6] == (2, 15, 20, 320, 1)
    assert by["上虞市食品药品监督管理局"][9:11] == (1, 0)  # on-time rates as fractions
    assert by["上虞市教育局"][9] == 0
    total = by["合计（联合活动只计一次）"]
    assert total[1:5] == (2, 15, 20, 320)
    # 320 is "320多": the number stays a number, the cell shows the approximation
    approx_cell = ws.cell(row=[r[0] for r in ws.iter_rows(values_only=True)].index("上虞市农业局") + 1, column=5)
    assert approx_cell.number_format == '0"多"'
    assert "统计口径" in wb.sheetnames
    assert wb.properties.created.date().isoformat() == "2010-12-15"


def test_downloads_never_name_an_unpublished_volunteer(result):
    for path, data in result.files.items():
        if path.endswith(".gz"):
            continue  # sitemap.xml.gz: sitemap.xml, gzipped
        if path.endswith(".xlsx"):
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                text = "".join(z.read(n).decode("utf-8") for n in z.namelist())
        else:
            text = data.decode("utf-8")
        assert "孙美芳" not in text, path
    assert "陈立群" in result.files[urls.download_path("activities.csv")].decode("utf-8-sig")


def test_downloads_are_byte_identical_across_builds(result, tmp_path):
    again = trees.run(tmp_path, FILES)
    assert again.files == result.files
    with zipfile.ZipFile(io.BytesIO(result.files[urls.download_path("assessment-2010.xlsx")])) as z:
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_files_helper_matches_the_pipeline(result):
    every = downloads.files(result.catalog) | downloads.duty_files(result.catalog)
    assert every == {k: v for k, v in result.files.items() if k.startswith("stats/")}
