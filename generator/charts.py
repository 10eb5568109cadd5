"""Bar charts drawn as HTML tables, from a figure's breakdown.

The chart *is* its data table: a captioned `<table>` whose rows each hold a label,
a bar and the number, so a screen reader reads a table and a sighted reader sees
bars, and the numbers are never shown twice. Labels are text at the page's own
size at every width (an SVG scales its text with the drawing). Bar lengths are
the only computed values; every string is escaped by Markupsafe. Colours come
from CSS (see docs/assets/explainer.css), so light and dark both work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

NOTHING = Markup("")


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    cite: Markup = NOTHING


def bar_chart(title: str, bars: Sequence[Bar], total: int | None = None, unit: str | None = None) -> Markup:
    """A captioned table of bars, longest bar = largest value, with an optional total row."""
    largest = max((bar.value for bar in bars), default=0) or 1
    rows = Markup("").join(_row(bar, largest) for bar in bars)
    foot = Markup("")
    if total is not None:
        foot = Markup('<tfoot><tr><th scope="row">Total</th><td><span class="xp-bar-value">{}</span></td></tr></tfoot>')
        foot = foot.format(total)
    return Markup(
        '<div class="xp-chart"><table class="xp-bars"><caption>{title}</caption>'
        '<thead><tr><th scope="col">Part</th><th scope="col">{unit}</th></tr></thead>'
        "<tbody>{rows}</tbody>{foot}</table></div>"
    ).format(title=title, unit=unit or "Number", rows=rows, foot=foot)


def _row(bar: Bar, largest: int) -> Markup:
    share = round(100 * bar.value / largest, 1)
    return Markup(
        '<tr><th scope="row">{label}</th><td><span class="xp-bar" style="width: {share}%"></span>'
        '<span class="xp-bar-value">{value}</span>{cite}</td></tr>'
    ).format(label=bar.label, share=share, value=bar.value, cite=bar.cite)
