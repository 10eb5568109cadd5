"""Inline SVG bar charts, drawn at build time from a figure's breakdown.

The chart is a `<figure>` whose caption names it; the `<svg role="img">` is
labelled by that caption and by its `<desc>`, which spells out every number,
so a screen reader hears the data. The page also shows the same numbers as a
table. Labels are kept whole (a label too long for the chart runs off its
edge; the table shows it in full). Every string is escaped by Markupsafe.
Colours come from CSS (see docs/assets/explainer.css), so light and dark work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

LABEL_HEIGHT = 18
BAR_HEIGHT = 20
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + 10
BAR_WIDTH = 300
WIDTH = BAR_WIDTH + 50


@dataclass(frozen=True)
class Bar:
    label: str
    value: int


def describe(title: str, bars: Sequence[Bar], unit: str | None) -> str:
    """The chart in words, for screen readers: `North: 7 cracks; South: 5 cracks`."""
    suffix = f" {unit}" if unit else ""
    return f"{title}. " + "; ".join(f"{bar.label}: {bar.value}{suffix}" for bar in bars) + "."


def bar_chart(chart_id: str, title: str, bars: Sequence[Bar], unit: str | None = None) -> Markup:
    """A captioned horizontal bar chart as inline SVG, each bar under its label; scales to its container."""
    largest = max((bar.value for bar in bars), default=0) or 1
    height = ROW_HEIGHT * len(bars)
    rows = [_row(number, bar, largest) for number, bar in enumerate(bars)]
    return Markup(
        '<figure class="xp-chart-figure"><figcaption id="{id}-title">{title}</figcaption>'
        '<svg class="xp-chart" id="{id}" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet">'
        '<desc id="{id}-desc">{desc}</desc>{rows}</svg></figure>'
    ).format(
        id=chart_id,
        width=WIDTH,
        height=height,
        title=title,
        desc=describe(title, bars, unit),
        rows=Markup("").join(rows),
    )


def _row(number: int, bar: Bar, largest: int) -> Markup:
    top = number * ROW_HEIGHT
    bar_top = top + LABEL_HEIGHT + 2
    length = max(round(BAR_WIDTH * bar.value / largest), 2 if bar.value else 0)
    return Markup(
        '<g class="xp-chart-row">'
        '<text class="xp-chart-label" x="0" y="{label_y}">{label}</text>'
        '<rect class="xp-chart-bar" x="0" y="{bar_top}" width="{length}" height="{bar_height}" rx="2"></rect>'
        '<text class="xp-chart-value" x="{value_x}" y="{value_y}">{value}</text>'
        "</g>"
    ).format(
        label_y=top + LABEL_HEIGHT - 4,
        label=bar.label,
        bar_top=bar_top,
        length=length,
        bar_height=BAR_HEIGHT,
        value_x=length + 6,
        value_y=bar_top + BAR_HEIGHT - 5,
        value=bar.value,
    )
