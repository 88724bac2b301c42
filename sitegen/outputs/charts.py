"""Bar charts as inline SVG, drawn from the same figures as the table beside them.

Charts are server-side SVG so they need no JavaScript, scale with the page
and print sharply. Each carries a <title> and a <desc> that reads out every
value, and series differ by pattern as well as colour (WCAG 1.4.1). Colours
come from CSS classes so the theme (and dark mode) decides them; geometry is
in presentation attributes, which a Content-Security-Policy without inline
styles still allows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from markupsafe import Markup, escape

WIDTH = 320  # viewBox units, drawn at most 400 px wide: text stays 12-16 px from phone to desktop
LABEL = 15  # height of a group's label line
BAR = 14
GAP = 4
GROUP_GAP = 10
VALUE_ROOM = 80  # kept free to the right of the longest bar for its value


@dataclass
class Chart:
    title: str
    unit: str
    series: list[str]
    bars: Sequence[tuple[str, Sequence[Decimal | None]]] = field(default_factory=list)

    def drawable(self) -> bool:
        return any(v for _, values in self.bars for v in values if v and v > 0)


PRINT_STYLE = (
    "text{fill:#000;font-family:'Pretendard GOV',sans-serif;font-size:13px}.bar.s0{fill:#333}"
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
        for label, values in chart.bars
    )


def svg(chart: Chart, uid: str, show: Callable[[object], str], standalone: bool = False) -> Markup:
    top = 4
    parts: list[str] = []
    if len(chart.series) > 1:  # a legend; single-series charts are named by their title
        x = 0
        for i, name in enumerate(chart.series):
            parts.append(f'<rect x="{x}" y="{top}" width="14" height="14" {_fill(i, uid)}/>')
            parts.append(f'<text x="{x + 19}" y="{top + 12}">{escape(name)}</text>')
            x += 19 + 14 * len(name) + 16
        top += 26
    peak = max((v for _, values in chart.bars for v in values if v is not None), default=Decimal(0))
    scale = (WIDTH - VALUE_ROOM) / float(peak) if peak > 0 else 0.0
    y = top
    for label, values in chart.bars:
        parts.append(f'<text x="0" y="{y + 12}" class="chart-label">{escape(label)}</text>')
        y += LABEL + 2
        for i, value in enumerate(values):
            width = max(float(value or 0) * scale, 0.0)
            if width:
                parts.append(f'<rect x="0" y="{y}" width="{width:.1f}" height="{BAR}" {_fill(i, uid)}/>')
            parts.append(f'<text x="{width + 4:.1f}" y="{y + 11}" class="chart-value">{escape(show(value))}</text>')
            y += BAR + GAP
        y += GROUP_GAP
    height = y
    unit = f" ({chart.unit})" if chart.unit else ""
    # Standalone (an image file, as print uses): colours cannot come from the page's CSS.
    style = f"<style>{PRINT_STYLE}</style>" if standalone else ""
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{uid}-t {uid}-d" xmlns="http://www.w3.org/2000/svg">{style}'
        f'<title id="{uid}-t">{escape(chart.title)}{escape(unit)}</title>'
        f'<desc id="{uid}-d">{escape(describe(chart, show))}</desc>'
        f'<defs><pattern id="{uid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" class="hatch-bg"/>'
        f'<rect width="3" height="6" class="hatch-line"/></pattern></defs>' + "".join(parts) + "</svg>"
    )


def _fill(series: int, uid: str) -> str:
    # The first series is solid, the second hatched: told apart without colour.
    return f'class="bar s{series}"' if series % 2 == 0 else f'class="bar s{series}" fill="url(#{uid}-hatch)"'
