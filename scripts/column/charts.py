"""Static SVG bar charts: readable without JavaScript, with an accessible <title> and <desc>.

A chart is inline SVG inside a <figure>, written on as few lines as possible and without blank
lines so that Python-Markdown passes it through as one raw HTML block. The numbers it draws are
the figures module's; every page that shows a chart also shows the same data as a table.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

WIDTH = 640
ROW = 28
BAR = 18
FONT = 14
VALUE_SPACE = 96  # room right of the longest bar for its value
MAX_LABEL_CHARS = 12


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | Decimal  # drawn length
    text: str  # shown value, e.g. "300多"


def _label(text: str) -> str:
    return text if len(text) <= MAX_LABEL_CHARS else text[: MAX_LABEL_CHARS - 1] + "…"


def _width(text: str) -> int:
    """Approximate rendered width: CJK characters are square, others about half."""
    return sum(FONT if ord(c) > 0x2E7F else FONT // 2 + 1 for c in text)


def _num(x) -> str:
    text = f"{Decimal(x).quantize(Decimal('0.1')):f}"
    return text[:-2] if text.endswith(".0") else text


def bar_chart(chart_id: str, title: str, bars: list[Bar], measure: str = "") -> Markup:
    """Horizontal bars, one per row; ``measure`` follows each value in the description."""
    labels = [_label(b.label) for b in bars]
    label_w = max([_width(x) for x in labels] + [FONT * 2]) + 10
    area = WIDTH - label_w - VALUE_SPACE
    top = max([b.value for b in bars] + [0])
    height = ROW * len(bars) + 8
    desc = "；".join(f"{b.label}：{b.text}{measure}" for b in bars) or "暂无数据"
    parts = [
        f'<figure class="column-chart"><svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" font-size="{FONT}">',
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    for i, (bar, label) in enumerate(zip(bars, labels)):
        y = 4 + i * ROW
        length = Decimal(area) * Decimal(bar.value) / Decimal(top) if top else Decimal(0)
        baseline = _num(y + Decimal(BAR) / 2 + FONT * Decimal("0.35"))
        parts.append(
            f'<g><text x="{label_w - 8}" y="{baseline}" text-anchor="end" fill="currentColor">{escape(label)}</text>'
            f'<rect class="column-chart-bar" x="{label_w}" y="{y + (ROW - BAR) // 2}" width="{_num(length)}" '
            f'height="{BAR}" fill="#c62828"/>'
            f'<text x="{_num(label_w + length + 6)}" y="{baseline}" fill="currentColor">{escape(bar.text)}</text></g>'
        )
    parts.append(f'</svg><figcaption>{escape(title)}</figcaption></figure>')
    return Markup("\n".join(parts))
