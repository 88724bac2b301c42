"""Bar charts as inline SVG, drawn from the same figures as the table beside them.

Charts are server-side SVG so they need no JavaScript, scale with the page
and print sharply. Each carries a <title> and a <desc> that reads out every
value, and series differ by pattern as well as colour (WCAG 1.4.1). Colours
come from CSS classes so the theme (and dark mode) decides them; geometry is
in presentation attributes, which a Content-Security-Policy without inline
styles still allows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from markupsafe import Markup, escape

WIDTH = 320  # print: viewBox units of the chart as an image
LABEL = 15  # height of a group's label line
BAR = 14
GAP = 4
GROUP_GAP = 10
VALUE_ROOM = 80  # print: kept free to the right of the longest bar for its value
SPAN = 72  # web: the longest bar's share of the column's width (%), the rest for its value
# Labels that run in time (2024년, 3월, 1분기, 2023): drawn in their order, not by size.
IN_TIME = re.compile(r"^\d{4}|\d+ ?(년|월|분기|반기)")


@dataclass
class Chart:
    title: str
    unit: str
    series: list[str]
    bars: Sequence[tuple[str, Sequence[Decimal | None]]] = field(default_factory=list)

    def drawable(self) -> bool:
        """Two values at least: one bar compares with nothing (its table says it)."""
        return sum(1 for _, values in self.bars if any(v and v > 0 for v in values)) >= 2

    def ordered(self) -> list[tuple[str, Sequence[Decimal | None]]]:
        """Largest first, as a reader compares; bars that run in time keep their order."""
        if all(IN_TIME.search(label) for label, _ in self.bars):
            return list(self.bars)
        return sorted(self.bars, key=lambda bar: -(bar[1][0] or 0) if bar[1] else 0)

    def heading(self, t: Callable[..., str] | None = None) -> str:
        """The title with its unit, as the chart shows it."""
        if not self.unit:
            return self.title
        return f"{self.title} ({t('unit_label')}: {self.unit})" if t else f"{self.title} ({self.unit})"


PRINT_STYLE = (
    "text{fill:#000;font-family:'Pretendard GOV',sans-serif;font-size:13px}.chart-title{font-weight:700}"
    ".bar.s0{fill:#333}"
    ".bar.s1{stroke:#333;stroke-width:1}.hatch-bg{fill:#fff}.hatch-line{fill:#333}"
)


def describe(chart: Chart, show: Callable[[object], str]) -> str:
    """Every value the chart draws, as one sentence for a text alternative."""
    return "; ".join(
        f"{label}: "
        + ", ".join(
            (f"{name} " if len(chart.series) > 1 else "") + show(v)
            for name, v in zip(chart.series, values, strict=False)
        )
        for label, values in chart.ordered()
    )


def svg(
    chart: Chart, uid: str, show: Callable[[object], str], standalone: bool = False, t: Callable[..., str] | None = None
) -> Markup:
    """The chart. On the web: a figure with a visible caption (title and unit), the bars as
    shares of the column's width, so the chart fills its column while its text stays the
    page's size. standalone (an image file, as print uses): fixed units, its own colours."""
    heading = chart.heading(t)
    top = 4 if not standalone else 26
    parts: list[str] = []
    if standalone:
        parts.append(f'<text x="0" y="16" class="chart-title">{escape(heading)}</text>')
    if len(chart.series) > 1:  # a legend; single-series charts are named by their title
        x = 0
        for i, name in enumerate(chart.series):
            parts.append(f'<rect x="{x}" y="{top}" width="14" height="14" {_fill(i, uid)}/>')
            parts.append(f'<text x="{x + 19}" y="{top + 12}">{escape(name)}</text>')
            x += 19 + 14 * len(name) + 16
        top += 26
    bars = chart.ordered()
    peak = max((v for _, values in bars for v in values if v is not None), default=Decimal(0))

    def along(share: float) -> str:  # a point along the bars' axis, 0 … 1 of the longest bar
        return f"{share * (WIDTH - VALUE_ROOM):.1f}" if standalone else f"{share * SPAN:.2f}%"

    y = top
    for label, values in bars:
        parts.append(f'<text x="0" y="{y + 12}" class="chart-label">{escape(label)}</text>')
        y += LABEL + 2
        for i, value in enumerate(values):
            share = max(float(value or 0) / float(peak), 0.0) if peak > 0 else 0.0
            if share:
                parts.append(f'<rect x="0" y="{y}" width="{along(share)}" height="{BAR}" {_fill(i, uid)}/>')
            parts.append(
                f'<text x="{along(share)}" dx="4" y="{y + 11}" class="chart-value">{escape(show(value))}</text>'
            )
            y += BAR + GAP
        y += GROUP_GAP
    height = y
    defs = (
        f'<desc id="{uid}-d">{escape(describe(chart, show))}</desc>'
        f'<defs><pattern id="{uid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" class="hatch-bg"/>'
        f'<rect width="3" height="6" class="hatch-line"/></pattern></defs>'
    )
    if standalone:  # colours cannot come from the page's CSS
        return Markup(
            f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
            f'aria-labelledby="{uid}-t {uid}-d" xmlns="http://www.w3.org/2000/svg"><style>{PRINT_STYLE}</style>'
            f'<title id="{uid}-t">{escape(heading)}</title>{defs}' + "".join(parts) + "</svg>"
        )
    return Markup(
        f'<figure class="chart-figure"><figcaption id="{uid}-t" class="chart-title">{escape(heading)}</figcaption>'
        f'<svg class="chart" width="100%" height="{height}" role="img" aria-labelledby="{uid}-t {uid}-d" '
        f'xmlns="http://www.w3.org/2000/svg">{defs}' + "".join(parts) + "</svg></figure>"
    )


def _fill(series: int, uid: str) -> str:
    # The first series is solid, the second hatched: told apart without colour.
    return f'class="bar s{series}"' if series % 2 == 0 else f'class="bar s{series}" fill="url(#{uid}-hatch)"'
