"""charts.py: static SVG bar charts with an accessible title and description."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import markdown

from column.charts import MAX_LABEL_CHARS, WIDTH, Bar, bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup) -> ET.Element:
    figure = ET.fromstring(str(markup))
    assert figure.tag == "figure"
    return figure


def test_chart_has_role_img_title_desc_and_one_bar_per_row():
    chart = bar_chart(
        "c1", "各服务主题参加人次", [Bar("城市提质", 89, "89"), Bar("平安世合", 24208, "24208多")], "人次"
    )
    svg = parse(chart).find(f"{SVG}svg")
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "c1-title c1-desc"
    assert svg.find(f"{SVG}title").text == "各服务主题参加人次" and svg.find(f"{SVG}title").get("id") == "c1-title"
    assert svg.find(f"{SVG}desc").text == "城市提质：89人次；平安世合：24208多人次"
    rects = svg.findall(f".//{SVG}rect")
    widths = [Decimal(r.get("width")) for r in rects]
    assert len(rects) == 2 and widths[0] < widths[1]
    # the longest bar ends where the value column starts, inside the view box
    x = Decimal(rects[1].get("x"))
    assert x + widths[1] < WIDTH
    texts = [t.text for t in svg.findall(f".//{SVG}text")]
    assert texts == ["城市提质", "89", "平安世合", "24208多"]


def test_bars_are_proportional_and_zero_draws_nothing():
    svg = parse(bar_chart("c", "t", [Bar("甲", 0, "0"), Bar("乙", 50, "50"), Bar("丙", 100, "100")])).find(f"{SVG}svg")
    widths = [Decimal(r.get("width")) for r in svg.findall(f".//{SVG}rect")]
    assert widths[0] == 0 and widths[2] == 2 * widths[1]


def test_empty_chart_is_still_valid_and_says_so():
    svg = parse(bar_chart("e", "空", [])).find(f"{SVG}svg")
    assert svg.find(f"{SVG}desc").text == "暂无数据" and svg.findall(f".//{SVG}rect") == []


def test_text_is_escaped_and_long_labels_shortened_but_described_in_full():
    label = "<script>alert(1)</script>很长很长的单位名称"
    chart = str(bar_chart("x", "A & B", [Bar(label, 1, "1")]))
    assert "<script>" not in chart and "&lt;script&gt;" in chart
    svg = parse(chart).find(f"{SVG}svg")
    assert svg.find(f"{SVG}title").text == "A & B"
    shown = svg.findall(f".//{SVG}text")[0].text
    assert shown.endswith("…") and len(shown) == MAX_LABEL_CHARS
    assert label in svg.find(f"{SVG}desc").text


def test_markdown_passes_the_chart_through_unchanged_and_it_is_deterministic():
    bars = [Bar("城市*提质*", 3, "3"), Bar("[链接](x)", 1, "1多")]
    chart = bar_chart("m", "标题", bars)
    assert chart == bar_chart("m", "标题", bars)
    assert "\n\n" not in chart  # one raw HTML block for Python-Markdown
    html = markdown.markdown(f"前文\n\n{chart}\n\n后文", extensions=["md_in_html", "tables", "attr_list"])
    assert str(chart) in html
