"""The dashboard's chart geometry: one month that dwarfs the others no longer flattens them."""

from __future__ import annotations

from inventory.web.charts import OUTLIER_RATIO, grouped_columns, outlier_cap

MONTHS = [f"M{n}" for n in range(12)]


def test_a_large_import_in_one_month_is_capped_and_the_others_keep_their_height() -> None:
    received = [12, 9, 15, 11, 2000, 14, 10, 8, 13, 12, 9, 11]
    wiped = [10, 8, 12, 9, 14, 13, 9, 7, 12, 11, 8, 10]
    chart = grouped_columns(MONTHS, [("received", received, "#000"), ("wiped", wiped, "#111")])
    assert chart.capped
    capped = [bar for bar in chart.bars if bar.capped]
    assert [(bar.label, bar.value) for bar in capped] == [("M4", 2000)]
    # The scale fits the ordinary months: the tallest of them fills most of the plot.
    assert chart.ticks[-1].value < 50
    plot = chart.plot_bottom - chart.plot_top
    ordinary = max(bar.height for bar in chart.bars if not bar.capped)
    assert ordinary > plot * 0.5
    # The cut column still stands tallest.
    assert capped[0].height > ordinary


def test_ordinary_months_are_drawn_to_scale_with_nothing_capped() -> None:
    chart = grouped_columns(MONTHS, [("received", [5, 8, 12, 30, 25, 9, 4, 7, 18, 22, 11, 6], "#000")])
    assert not chart.capped and not any(bar.capped for bar in chart.bars)
    assert chart.ticks[-1].value >= 30


def test_the_outlier_rule() -> None:
    assert outlier_cap([]) is None
    assert outlier_cap([0, 0, 0]) is None
    # Too few values to call one an outlier.
    assert outlier_cap([1000, 1, 2]) is None
    assert outlier_cap([1000, 10, 9, 8, 7, 6, 5, 4]) == 10
    # Two large months together are both outliers when they are a quarter or less of the values.
    assert outlier_cap([900, 800, 10, 9, 8, 7, 6, 5]) == 10
    # Just under the ratio: no cap.
    assert outlier_cap([OUTLIER_RATIO * 10, 10, 9, 8, 7, 6, 5, 4]) is None
