"""Asset labels and calibration pages rendered to PDF at exact millimetres."""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from labels.barcode import BarcodeTooSmall, bars_operators, bars_width, module_width_for, snap_to_dot
from labels.fitting import ASCENT, DESCENT, fit
from labels.fonts import CONDENSED, SANS, SANS_BOLD, register_fonts
from labels.layouts import Layout, get_layout
from labels.pdf_text import Line, TextOperators

# The asset tag is ASCII (Code 128 can carry nothing else), whose tallest glyph, the vertical
# bar, reaches 0.764 em in DejaVu.
TAG_ASCENT = 0.77
MIN_FONT_SIZE = 4.5
OUTLINE_WIDTH = 0.3
BARCODE_INSET = 0.5 * mm


class InvalidStartPosition(ValueError):
    """The first label's position does not exist on the layout."""


@dataclass(frozen=True)
class LabelContent:
    """What one label shows; every field is plain text, never markup."""

    asset_tag: str
    organisation: str
    line: str = ""
    category: str = ""
    model: str = ""


@dataclass(frozen=True)
class Slot:
    """One line of text on the label: its font, largest size and baseline above the label's bottom."""

    font: str
    size: float
    baseline: float


@dataclass(frozen=True)
class LabelPlan:
    """Where everything goes on one label, in points from the label's bottom-left corner.

    Computed once per run from the layout and which optional lines the run uses, so every label
    of a sheet has the same barcode height and the same text lines.
    """

    width: float
    height: float
    margin: float
    bars_bottom: float
    bars_height: float
    organisation: Slot | None
    tag: Slot
    line: Slot | None
    detail: Slot | None

    @property
    def text_width(self) -> float:
        return self.width - 2 * self.margin

    @property
    def barcode_width(self) -> float:
        """The box the barcode and its quiet zones fill: the quiet zones need only be white,
        not printable, so they may reach further out than the text, to half a millimetre of
        the edge (what a label may move on its backing), letting longer tags fit."""
        return float(self.width - 2 * BARCODE_INSET)


def render_labels(
    contents: Sequence[LabelContent],
    layout: str | Layout,
    start_position: int = 1,
    *,
    title: str = "",
) -> bytes:
    """PDF of `contents`, one per position from `start_position` on the first page, in order.
    `title` is the document's title in its reader's language (the caller translates it)."""
    layout = _resolve(layout)
    _check_start(layout, start_position)
    if not contents:
        raise ValueError("there are no labels to print")
    register_fonts()
    plan = plan_label(
        layout,
        organisation=any(content.organisation.strip() for content in contents),
        line=any(content.line.strip() for content in contents),
        detail=any((content.category + content.model).strip() for content in contents),
    )
    canvas, buffer = _new_canvas(layout, title or f"Asset labels ({layout.name})")
    painter = LabelPainter(canvas, layout, plan)
    for placements in _pages(contents, layout, start_position):
        painter.page(placements)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def plan_label(
    layout: Layout, *, organisation: bool = True, line: bool = True, detail: bool = True
) -> LabelPlan:
    """Stack the text lines from the top and bottom edges inwards; the barcode takes what is left."""
    width, height = layout.label_width * mm, layout.label_height * mm
    sizes = _font_sizes(layout.label_height)
    margin = _margin(layout) * mm
    gap = 0.25 * mm

    top = height - margin
    organisation_slot = None
    if organisation:
        organisation_slot = Slot(SANS_BOLD, sizes.organisation, top - ASCENT * sizes.organisation)
        top = organisation_slot.baseline - DESCENT * sizes.organisation - 2 * gap

    bottom = margin
    detail_slot = line_slot = None
    if detail:
        detail_slot = Slot(CONDENSED, sizes.detail, bottom + DESCENT * sizes.detail)
        bottom = detail_slot.baseline + ASCENT * sizes.detail + gap
    if line:
        line_slot = Slot(CONDENSED, sizes.line, bottom + DESCENT * sizes.line)
        bottom = line_slot.baseline + ASCENT * sizes.line + gap
    tag_slot = Slot(SANS_BOLD, sizes.tag, bottom + DESCENT * sizes.tag)
    bars_bottom = tag_slot.baseline + TAG_ASCENT * sizes.tag + 0.6 * mm
    return LabelPlan(
        width,
        height,
        margin,
        bars_bottom,
        top - bars_bottom,
        organisation_slot,
        tag_slot,
        line_slot,
        detail_slot,
    )


class FontSizes(NamedTuple):
    organisation: float
    tag: float
    line: float
    detail: float


def _font_sizes(label_height: float) -> FontSizes:
    """38 mm high labels get the large sizes, 21 mm ones the small sizes, heights between them
    sizes in proportion."""
    small, large = FontSizes(5.5, 7.0, 5.0, 5.0), FontSizes(8.0, 10.0, 7.0, 7.0)
    share = min(max((label_height - 21.2) / (38.1 - 21.2), 0.0), 1.0)
    return FontSizes(*(round(low + (high - low) * share, 1) for low, high in zip(small, large, strict=True)))


def _margin(layout: Layout) -> float:
    """Millimetres kept blank inside each edge: sheets move by about a millimetre in office
    printers, and thermal printers cannot print the outermost 1.5 mm of a die-cut label."""
    if layout.is_roll:
        return 1.5
    return 1.0 if layout.label_height < 30 else 1.5


def _resolve(layout: str | Layout) -> Layout:
    return layout if isinstance(layout, Layout) else get_layout(layout)


def _check_start(layout: Layout, start_position: int) -> None:
    last = layout.positions_per_page
    if (
        isinstance(start_position, bool)
        or not isinstance(start_position, int)
        or not 1 <= start_position <= last
    ):
        if layout.is_roll:
            raise InvalidStartPosition(
                f"a roll ({layout.name}) prints one label per page: the start position must be 1, "
                f"not {start_position!r}"
            )
        raise InvalidStartPosition(
            f"the start position must be a whole number from 1 to {last} on {layout.name} "
            f"({layout.columns} columns x {layout.rows} rows, counted left to right, then top to "
            f"bottom), not {start_position!r}"
        )


def _pages(
    contents: Sequence[LabelContent], layout: Layout, start_position: int
) -> Iterator[list[tuple[int, LabelContent]]]:
    """(position, content) pairs page by page; only the first page skips used positions."""
    per_page = layout.positions_per_page
    position, page = start_position, []
    for content in contents:
        page.append((position, content))
        position += 1
        if position > per_page:
            yield page
            position, page = 1, []
    if page:
        yield page


def _new_canvas(layout: Layout, title: str) -> tuple[Canvas, io.BytesIO]:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(layout.page_width * mm, layout.page_height * mm))
    canvas.setTitle(title)
    canvas.setCreator("Relais")
    canvas.setAuthor("Relais")
    canvas.setSubject(f"{layout.description}; print at 100 % (actual size)")
    return canvas, buffer


def _cell_origin(layout: Layout, position: int) -> tuple[float, float]:
    """Bottom-left corner of a position's label in PDF points (origin at the page's bottom-left)."""
    cell = layout.cell(position)
    return cell.left * mm, (layout.page_height - cell.top - cell.height) * mm


class LabelPainter:
    """Draws the labels of one run onto its canvas, page by page."""

    def __init__(self, canvas: Canvas, layout: Layout, plan: LabelPlan) -> None:
        self.canvas, self.layout, self.plan = canvas, layout, plan
        self.text = TextOperators(canvas)
        self._fixed: dict[tuple[str, str, str, str], tuple[Line, ...]] = {}
        self._origins = {
            position: _cell_origin(layout, position) for position in range(1, layout.positions_per_page + 1)
        }

    def page(self, placements: list[tuple[int, LabelContent]]) -> None:
        """All bars and all text of the page written as PDF operators in two blocks: one
        reportlab call per bar and per line of text is what makes a thousand labels slow."""
        bars: list[str] = []
        shown: list[str] = []
        self.text.begin()
        for position, content in placements:
            left, bottom = self._origins[position]
            bars.append(self._bars(content.asset_tag, left, bottom))
            shown.append(self._text(content, left, bottom))
        self.canvas.saveState()
        self.canvas.addLiteral("\n".join(bars))
        self.canvas.addLiteral("BT\n" + "\n".join(shown) + "\nET")
        self.canvas.restoreState()

    def _bars(self, asset_tag: str, left: float, bottom: float) -> str:
        plan = self.plan
        try:
            module = module_width_for(asset_tag, plan.barcode_width)
        except BarcodeTooSmall as error:
            raise BarcodeTooSmall(f"{error}, on a {plan.width / mm:.1f} mm wide label") from error
        x = snap_to_dot(left + (plan.width - bars_width(asset_tag, module)) / 2)
        return bars_operators(asset_tag, x, bottom + plan.bars_bottom, module, plan.bars_height)

    def _text(self, content: LabelContent, left: float, bottom: float) -> str:
        plan = self.plan
        key = (content.organisation, content.line, content.category, content.model)
        fixed = self._fixed.get(key)
        if fixed is None:
            fixed = self._fixed[key] = self._fixed_lines(content)
        # The operators move from line to line: the order they are made in is the order shown.
        shown = self.text.show_lines(fixed, left, bottom) if fixed else ""
        tag = fit(content.asset_tag, plan.tag.font, plan.tag.size, MIN_FONT_SIZE, plan.text_width, TAG_ASCENT)
        x = left + (plan.width - tag.width) / 2
        return f"{shown} {self.text.show(plan.tag.font, tag.size, tag.text, x, bottom + plan.tag.baseline)}"

    def _fixed_lines(self, content: LabelContent) -> tuple[Line, ...]:
        """The lines other than the asset tag, fitted and centred once for all the labels that
        repeat them, relative to the label's bottom-left corner."""
        plan = self.plan
        detail = " · ".join(part.strip() for part in (content.category, content.model) if part.strip())
        lines = []
        for slot, value in (
            (plan.organisation, content.organisation),
            (plan.line, content.line),
            (plan.detail, detail),
        ):
            if slot is not None and value:
                fitted = fit(value, slot.font, slot.size, MIN_FONT_SIZE, plan.text_width)
                if fitted.text:
                    x = (plan.width - fitted.width) / 2
                    lines.append(Line(slot.font, fitted.size, fitted.text, x, slot.baseline))
        return tuple(lines)


@dataclass(frozen=True)
class CalibrationText:
    """What a calibration page says, in its reader's language: this package knows no language,
    so its caller translates. `details` names the layout and says how to check it."""

    warning: str
    details: str


def english_calibration_text(layout: Layout) -> CalibrationText:
    """The calibration page's words when its caller gives none."""
    if layout.is_roll:
        details = f"{layout.name}; the cross is 10 mm across"
    else:
        details = (
            f"{layout.name}: {layout.description}. "
            "Each cross is 10 mm across; each outline should sit on a label."
        )
    return CalibrationText("Print at 100% / actual size — do not scale", details)


def render_calibration(
    layout: str | Layout, *, title: str = "", text: CalibrationText | None = None
) -> bytes:
    """One page with every label outline at its exact position, its number and a 10 mm cross
    with millimetre ticks, to print on plain paper and hold against a sheet of labels. `title`
    is the document's title and `text` its instructions, both in its reader's language
    (English when not given)."""
    layout = _resolve(layout)
    register_fonts()
    canvas, buffer = _new_canvas(layout, title or f"Calibration page ({layout.name})")
    canvas.setLineWidth(OUTLINE_WIDTH)
    number_size = 9.0 if layout.label_height >= 30 else 7.0
    for position in range(1, layout.positions_per_page + 1):
        left, bottom = _cell_origin(layout, position)
        _draw_outline(canvas, layout, left, bottom)
        canvas.setFont(SANS_BOLD, number_size)
        canvas.drawString(
            left + 2 * mm, bottom + layout.label_height * mm - 2 * mm - number_size * 0.76, str(position)
        )
        _draw_cross(canvas, left + layout.label_width * mm / 2, bottom + layout.label_height * mm / 2)
    _draw_instructions(canvas, layout, text or english_calibration_text(layout))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_outline(canvas: Canvas, layout: Layout, left: float, bottom: float) -> None:
    # A roll's outline is the page edge, where half a stroke would be cut off: draw it inside.
    inset = OUTLINE_WIDTH / 2 if layout.is_roll else 0.0
    canvas.roundRect(
        left + inset,
        bottom + inset,
        layout.label_width * mm - 2 * inset,
        layout.label_height * mm - 2 * inset,
        layout.corner_radius * mm,
    )


def _draw_cross(canvas: Canvas, x: float, y: float) -> None:
    """10 mm across both ways with a tick every millimetre: measure it to check the scale."""
    half = 5 * mm
    path = canvas.beginPath()
    path.moveTo(x - half, y)
    path.lineTo(x + half, y)
    path.moveTo(x, y - half)
    path.lineTo(x, y + half)
    for step in range(-5, 6):
        tick = (0.9 if step % 5 == 0 else 0.5) * mm
        path.moveTo(x + step * mm, y - tick)
        path.lineTo(x + step * mm, y + tick)
        path.moveTo(x - tick, y + step * mm)
        path.lineTo(x + tick, y + step * mm)
    canvas.drawPath(path, stroke=1, fill=0)


def _draw_instructions(canvas: Canvas, layout: Layout, text: CalibrationText) -> None:
    """Sheets: the warning above the grid and the details below it, close to the labels, since
    office printers cannot print the outer 4 to 5 mm of a page. Rolls: both inside the label."""
    centre = layout.page_width * mm / 2
    if layout.is_roll:
        room = layout.page_width * mm - 2 * mm
        _set_font(canvas, SANS_BOLD, 5.0, room, text.warning)
        canvas.drawCentredString(centre, 1.5 * mm + 7.0, text.warning)
        _set_font(canvas, SANS, 5.0, room, text.details)
        canvas.drawCentredString(centre, 1.5 * mm + 1.5, text.details)
        return
    room = layout.page_width * mm - 20 * mm
    grid_top = (layout.page_height - layout.top_margin) * mm
    last = layout.cell(layout.positions_per_page)
    grid_bottom = (layout.page_height - last.top - last.height) * mm
    size = _set_font(canvas, SANS_BOLD, 7.0, room, text.warning)
    canvas.drawCentredString(centre, grid_top + 1.2 * mm + size * DESCENT, text.warning)
    size = _set_font(canvas, SANS, 6.0, room, text.details)
    canvas.drawCentredString(centre, grid_bottom - 1.2 * mm - size * ASCENT, text.details)


def _set_font(canvas: Canvas, font: str, size: float, room: float, line: str) -> float:
    """`font` at `size`, or smaller when `line` is wider than `room` (a longer language): an
    instruction is drawn whole and as given, never cut nor cleaned (a French narrow no-break
    space stays one). Returns the size set."""
    width = stringWidth(line, font, size)
    if width > room:
        size = math.floor(size * room / width * 10) / 10
    canvas.setFont(font, size)
    return size
