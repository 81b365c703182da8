"""Label layouts as data: sheet and roll geometry in millimetres, and where each position sits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

A4 = (210.0, 297.0)


class UnknownLayout(ValueError):
    """No layout has that name."""


class Cell(NamedTuple):
    """A label's rectangle on its page in millimetres, from the page's top-left corner."""

    left: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class Layout:
    """One label stock. Positions are 1-based, left to right, then top to bottom."""

    name: str
    description: str
    page_width: float
    page_height: float
    label_width: float
    label_height: float
    columns: int = 1
    rows: int = 1
    left_margin: float = 0.0
    top_margin: float = 0.0
    horizontal_pitch: float = 0.0
    vertical_pitch: float = 0.0
    corner_radius: float = 0.0
    is_roll: bool = False

    @property
    def positions_per_page(self) -> int:
        return self.columns * self.rows

    def cell(self, position: int) -> Cell:
        """Where label `position` (1-based) sits on its page."""
        if not 1 <= position <= self.positions_per_page:
            raise ValueError(f"position {position} is outside 1..{self.positions_per_page} of {self.name}")
        row, column = divmod(position - 1, self.columns)
        return Cell(
            self.left_margin + column * self.horizontal_pitch,
            self.top_margin + row * self.vertical_pitch,
            self.label_width,
            self.label_height,
        )


def _roll(name: str, description: str, width: float, height: float, corner_radius: float) -> Layout:
    # The driver feeds one die-cut label per page, so the page is the label.
    return Layout(name, description, width, height, width, height, corner_radius=corner_radius, is_roll=True)


# Sheet geometry: the pitches are Avery's imperial ones where Avery uses them (66.04 mm = 2.6 in)
# and gLabels' templates (jimevins/glabels-qt, avery-iso-templates.xml) confirm: L7160 pitch
# 187.2 pt = 66.04 mm; L7651 pitch 115.09 pt = 40.60 mm, which Label Planet's LP65/38 sheet also
# gives with 4.75 mm side margins. The side margins are those that centre the grid on the
# 210 mm sheet, as the die-cut sheets are: L7160 (210 - 63.5 - 2 x 66.04) / 2 = 7.21 mm.
# Top margins centre the rows: (297 - 7 x 38.1) / 2 = 15.15 mm, (297 - 13 x 21.2) / 2 = 10.7 mm.
LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Layout(
            "a4-63x38",
            "A4 sheet, 21 labels of 63.5 x 38.1 mm (Avery L7160 and equivalents)",
            *A4,
            label_width=63.5,
            label_height=38.1,
            columns=3,
            rows=7,
            left_margin=7.21,
            top_margin=15.15,
            horizontal_pitch=66.04,
            vertical_pitch=38.1,
            corner_radius=1.8,
        ),
        Layout(
            "a4-38x21",
            "A4 sheet, 65 labels of 38.1 x 21.2 mm (Avery L7651 and equivalents)",
            *A4,
            label_width=38.1,
            label_height=21.2,
            columns=5,
            rows=13,
            left_margin=4.75,
            top_margin=10.7,
            horizontal_pitch=40.6,
            vertical_pitch=21.2,
            corner_radius=1.8,
        ),
        _roll("roll-62x29", "Roll of 62 x 29 mm die-cut labels (Brother DK-11209)", 62.0, 29.0, 1.5),
        _roll("roll-57x32", "Roll of 57 x 32 mm die-cut labels", 57.0, 32.0, 1.5),
    )
}


def get_layout(name: str) -> Layout:
    """The layout called `name`, or UnknownLayout listing the known names."""
    try:
        return LAYOUTS[name]
    except KeyError:
        known = ", ".join(sorted(LAYOUTS))
        raise UnknownLayout(f"unknown label layout {name!r}; known layouts: {known}") from None
