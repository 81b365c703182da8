"""The layout table: sheet and roll geometry, positions, and looking layouts up by name."""

from __future__ import annotations

import dataclasses

import pytest

from labels import LAYOUTS, Layout, UnknownLayout, get_layout

SHEETS = [layout for layout in LAYOUTS.values() if not layout.is_roll]
ROLLS = [layout for layout in LAYOUTS.values() if layout.is_roll]


def test_the_table_holds_exactly_the_four_supported_stocks() -> None:
    assert sorted(LAYOUTS) == ["a4-38x21", "a4-63x38", "roll-57x32", "roll-62x29"]
    assert all(name == layout.name for name, layout in LAYOUTS.items())


@pytest.mark.parametrize(
    ("name", "label", "grid"),
    [
        ("a4-63x38", (63.5, 38.1), (3, 7)),
        ("a4-38x21", (38.1, 21.2), (5, 13)),
        ("roll-62x29", (62.0, 29.0), (1, 1)),
        ("roll-57x32", (57.0, 32.0), (1, 1)),
    ],
)
def test_label_sizes_and_grids_match_the_stock(
    name: str, label: tuple[float, float], grid: tuple[int, int]
) -> None:
    layout = get_layout(name)
    assert (layout.label_width, layout.label_height) == label
    assert (layout.columns, layout.rows) == grid
    assert layout.positions_per_page == grid[0] * grid[1]


def test_avery_l7160_geometry() -> None:
    layout = get_layout("a4-63x38")
    assert (layout.page_width, layout.page_height) == (210.0, 297.0)
    assert layout.top_margin == 15.15
    assert layout.horizontal_pitch == 66.04
    assert layout.vertical_pitch == 38.1


def test_avery_l7651_geometry() -> None:
    layout = get_layout("a4-38x21")
    assert (layout.page_width, layout.page_height) == (210.0, 297.0)
    assert layout.top_margin == 10.7
    assert layout.left_margin == 4.75
    assert layout.horizontal_pitch == 40.6
    assert layout.vertical_pitch == 21.2


@pytest.mark.parametrize("layout", SHEETS, ids=lambda layout: layout.name)
def test_the_last_label_of_a_sheet_fits_inside_the_page(layout: Layout) -> None:
    last = layout.cell(layout.positions_per_page)
    assert last.left + last.width <= layout.page_width
    assert last.top + last.height <= layout.page_height


@pytest.mark.parametrize("layout", SHEETS, ids=lambda layout: layout.name)
def test_sheet_grids_are_centred_on_the_page_as_die_cut_sheets_are(layout: Layout) -> None:
    last = layout.cell(layout.positions_per_page)
    right_margin = layout.page_width - (last.left + last.width)
    bottom_margin = layout.page_height - (last.top + last.height)
    assert right_margin == pytest.approx(layout.left_margin, abs=0.01)
    assert bottom_margin == pytest.approx(layout.top_margin, abs=0.01)


@pytest.mark.parametrize("layout", SHEETS, ids=lambda layout: layout.name)
def test_neighbouring_labels_never_overlap(layout: Layout) -> None:
    assert layout.horizontal_pitch >= layout.label_width
    assert layout.vertical_pitch >= layout.label_height


@pytest.mark.parametrize("layout", ROLLS, ids=lambda layout: layout.name)
def test_a_roll_page_is_one_label(layout: Layout) -> None:
    assert (layout.page_width, layout.page_height) == (layout.label_width, layout.label_height)
    assert layout.positions_per_page == 1
    assert layout.cell(1) == (0.0, 0.0, layout.label_width, layout.label_height)


def test_positions_run_left_to_right_then_top_to_bottom_from_one() -> None:
    layout = get_layout("a4-63x38")
    assert layout.cell(1)[:2] == (layout.left_margin, layout.top_margin)
    assert layout.cell(2)[:2] == (layout.left_margin + 66.04, layout.top_margin)
    assert layout.cell(3)[:2] == (layout.left_margin + 2 * 66.04, layout.top_margin)
    assert layout.cell(4)[:2] == (layout.left_margin, layout.top_margin + 38.1)
    assert layout.cell(21)[:2] == pytest.approx(
        (layout.left_margin + 2 * 66.04, layout.top_margin + 6 * 38.1)
    )


@pytest.mark.parametrize("position", [0, -1, 22])
def test_positions_outside_the_sheet_are_refused(position: int) -> None:
    with pytest.raises(ValueError, match="outside 1..21"):
        get_layout("a4-63x38").cell(position)


def test_an_unknown_layout_name_lists_the_known_ones() -> None:
    with pytest.raises(UnknownLayout) as raised:
        get_layout("a4-99x99")
    message = str(raised.value)
    assert "a4-99x99" in message
    for name in LAYOUTS:
        assert name in message
    assert isinstance(raised.value, ValueError)


def test_layouts_are_frozen_data() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        get_layout("a4-63x38").rows = 8  # type: ignore[misc]
