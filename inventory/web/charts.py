"""Geometry of the dashboard's SVG charts, computed on the server: no chart library to download.

Pure functions from counts to rectangles and ticks; the templates only draw them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    fill: str
    series: str = ""
    # Taller than the scale (an outlier): drawn cut at the top, its value written above it.
    capped: bool = False


@dataclass(frozen=True)
class Tick:
    value: int
    position: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick] = field(default_factory=list)
    # Category labels of a column chart: (text, x of its centre).
    categories: list[tuple[str, float]] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    plot_left: float = 0
    plot_top: float = 0
    plot_bottom: float = 0
    # Some bars are outliers cut at the top of the scale (see outlier_cap).
    capped: bool = False

    @property
    def empty(self) -> bool:
        return not any(bar.value for bar in self.bars)


def nice_ticks(maximum: int, count: int = 4) -> list[int]:
    """Round tick values from 0 to at least `maximum` (1, 2 or 5 times a power of ten apart)."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    top = step * math.ceil(maximum / step)
    return list(range(0, top + 1, step))


# A value this many times the next one down is an outlier: it would flatten every other column.
OUTLIER_RATIO = 4


def outlier_cap(values: list[int]) -> int | None:
    """The value the scale stops at when a few values dwarf the others (one large import in a
    month), else None. Outliers are the largest values, at most a quarter of the non-zero ones,
    each run of them at least OUTLIER_RATIO times the next value down; the scale then fits the
    rest and each outlier is drawn cut, with its value written above it."""
    positive = sorted((value for value in values if value > 0), reverse=True)
    limit = len(positive) // 4
    for index in range(min(limit, len(positive) - 1)):
        if positive[index] > OUTLIER_RATIO * positive[index + 1]:
            return positive[index + 1]
    return None


def horizontal_bars(
    rows: list[tuple[str, int, str]],
    *,
    width: int = 480,
    row_height: int = 40,
    bar_height: int = 14,
) -> Chart:
    """One bar per (label, value, fill) under its label; the longest bar is the largest value.

    Labels sit above their bars rather than beside them, so that a long site name is never
    cut and the chart stays readable when a phone shrinks it.
    """
    top = max((value for _, value, _ in rows), default=0) or 1
    span = width
    bars = [
        Bar(
            label=text,
            value=value,
            x=0,
            y=index * row_height + row_height - bar_height - 6,
            width=max(2.0, round(span * value / top, 1)) if value else 0,
            height=bar_height,
            fill=fill,
        )
        for index, (text, value, fill) in enumerate(rows)
    ]
    return Chart(width=width, height=max(1, len(rows)) * row_height, bars=bars)


def grouped_columns(
    categories: list[str],
    series: list[tuple[str, list[int], str]],
    *,
    width: int = 960,
    height: int = 260,
    left: int = 44,
    bottom: int = 28,
    top: int = 12,
) -> Chart:
    """Columns per category, one per series side by side, over a scale with round ticks; a few
    outliers are cut at the top of the scale and labelled with their value (outlier_cap)."""
    maximum = max((max(values, default=0) for _, values, _ in series), default=0)
    cap = outlier_cap([value for _, values, _ in series for value in values])
    if cap is not None:
        maximum = cap
        # Room above the plot for the outliers' values.
        top = max(top, 28)
    ticks = nice_ticks(maximum)
    scale_top = ticks[-1] or 1
    plot_height = height - top - bottom
    group_width = (width - left) / max(1, len(categories))
    bar_width = group_width * 0.8 / max(1, len(series))
    bars: list[Bar] = []
    for group, category in enumerate(categories):
        for index, (name, values, fill) in enumerate(series):
            value = values[group]
            capped = value > scale_top
            # A cut column stands a little above the scale's top, so it reads as taller.
            bar_height = plot_height + min(top - 16, 8) if capped else plot_height * value / scale_top
            bars.append(
                Bar(
                    label=category,
                    value=value,
                    x=round(left + group * group_width + group_width * 0.1 + index * bar_width, 1),
                    y=round(top + plot_height - bar_height, 1),
                    width=round(bar_width - 1, 1),
                    height=round(bar_height, 1),
                    fill=fill,
                    series=name,
                    capped=capped,
                )
            )
    return Chart(
        width=width,
        height=height,
        bars=bars,
        ticks=[Tick(value, round(top + plot_height - plot_height * value / scale_top, 1)) for value in ticks],
        categories=[
            (category, round(left + group * group_width + group_width / 2, 1))
            for group, category in enumerate(categories)
        ],
        legend=[(name, fill) for name, _, fill in series],
        plot_left=left,
        plot_top=top,
        plot_bottom=top + plot_height,
        capped=any(bar.capped for bar in bars),
    )
