"""Static SVG bar charts: readable without JavaScript, with an accessible <title> and <desc>.

A chart is inline SVG inside a <figure>, written on as few lines as possible and without blank
lines so that Python-Markdown passes it through as one raw HTML block. The numbers it draws are
the figures module's; every page that shows a chart also shows the same data as a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

# Each row is a label above its bar, the value at the bar's end: the chart stays readable when a
# phone scales it down to its width (no column of labels squeezing the bars).
WIDTH = 400
FONT = 14
LABEL = 18  # label line height
BAR = 14
GAP = 8
ROW = LABEL + BAR + GAP
VALUE_SPACE = 64  # room right of the longest bar for its value
MAX_LABEL_CHARS = 24


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | Decimal  # drawn length
    text: str  # shown value, e.g. "300多"


def _label(text: str) -> str:
    return text if len(text) <= MAX_LABEL_CHARS else text[: MAX_LABEL_CHARS - 1] + "…"


def _num(x) -> str:
    text = f"{Decimal(x).quantize(Decimal('0.1')):f}"
    return text[:-2] if text.endswith(".0") else text


def bar_chart(chart_id: str, title: str, bars: list[Bar], measure: str = "") -> Markup:
    """Horizontal bars, one per row; ``measure`` follows each value in the description."""
    area = WIDTH - VALUE_SPACE
    top = max([b.value for b in bars] + [0])
    height = ROW * len(bars) + 4
    desc = "；".join(f"{b.label}：{b.text}{measure}" for b in bars) or "暂无数据"
    parts = [
        f'<figure class="column-chart"><svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" font-size="{FONT}" fill="currentColor">',
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    # Texts inherit the text colour from <svg>, bars their red from one group: a statistics page
    # draws ~70 bars, so each row is written with as few attributes as it needs.
    rects = []
    for i, bar in enumerate(bars):
        y = 2 + i * ROW
        length = Decimal(area) * Decimal(bar.value) / Decimal(top) if top else Decimal(0)
        bar_y = y + LABEL
        parts.append(
            f'<text y="{y + FONT}">{escape(_label(bar.label))}</text>'
            f'<text x="{_num(length + 6)}" y="{bar_y + BAR - 2}">{escape(bar.text)}</text>'
        )
        rects.append(f'<rect x="0" y="{bar_y}" width="{_num(length)}" height="{BAR}"/>')
    if rects:
        parts.append(f'<g class="column-chart-bars" fill="#c62828">{"".join(rects)}</g>')
    parts.append(f"</svg><figcaption>{escape(title)}</figcaption></figure>")
    return Markup("\n".join(parts))
