"""Label sheets and rolls: every barcode decodes at 300 dpi in its own cell, text stays inside."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from labels import (
    LAYOUTS,
    BarcodeTooSmall,
    CalibrationText,
    InvalidStartPosition,
    LabelContent,
    Layout,
    UnknownLayout,
    get_layout,
    render_calibration,
    render_labels,
)
from labels.fitting import ELLIPSIS, clean, fit
from labels.fonts import CONDENSED, SANS_BOLD, register_fonts
from labels.layouts import Cell
from labels.render import plan_label
from tests.labels.scanning import Glyph, glyphs, position_at, scan_pdf

HOSTILE = [
    LabelContent("RL-000101", "Łódź Żółć Ğüşiöç Œuvre", "<script>&amp;</b>", "Laptop", "M" * 200),
    LabelContent("RL-000102", "<b>Stichting Digitale Inclusie & Co</b>", "", "", ""),
    LabelContent(
        "RL-000103", "İstanbul Bilişim Derneği — Çağrı Merkezi", "Help-desk 02 123 45 67", "Tablet", "é" * 3
    ),
    LabelContent(
        "RL-000104", "x", "tab\there\nnewline\x00nul", "Ordinateur portable", "ThinkPad (T480) \\ ) ("
    ),
    LabelContent("RL-000105", "W" * 300, "Ŵ" * 300, "Ą" * 100, "ÿ" * 100),
    # The tallest and deepest ASCII glyphs a tag can have, right under the bars.
    LabelContent("Q|$@j", "Ǻ Ṻ ẞ Ầ Ợ", "", "", ""),
]


def sheet_of(count: int, start: int = 1) -> list[LabelContent]:
    return [
        LabelContent(
            f"RL-{number:06d}",
            "Digitaal Talent vzw",
            "Help-desk 02 123 45 67",
            "Laptop",
            "Lenovo ThinkPad T480",
        )
        for number in range(start, start + count)
    ]


def expected_places(layout: Layout, count: int, start_position: int = 1) -> list[tuple[int, int]]:
    """(page index, position) of each label in order."""
    places, page, position = [], 0, start_position
    for _ in range(count):
        places.append((page, position))
        position += 1
        if position > layout.positions_per_page:
            page, position = page + 1, 1
    return places


def assert_each_label_decodes_in_its_cell(
    pdf: bytes, layout: Layout, contents: list[LabelContent], start_position: int = 1
) -> None:
    pages = scan_pdf(pdf)
    places = expected_places(layout, len(contents), start_position)
    assert len(pages) == places[-1][0] + 1
    found = {
        (index, position_at(layout, scanned.x, scanned.y)): scanned.text
        for index, page in enumerate(pages)
        for scanned in page
    }
    expected = {place: content.asset_tag for place, content in zip(places, contents, strict=True)}
    assert found == expected
    assert sum(len(page) for page in pages) == len(contents)


def assert_text_stays_inside_labels_and_clear_of_the_bars(
    pdf: bytes, layout: Layout, **plan_options: bool
) -> None:
    """Every glyph's tight box lies inside its label's margins and above or below the band of
    the bars (which spans the label's width), by pdfium's own layout of the page."""
    plan = plan_label(layout, **plan_options)
    margin, tolerance = plan.margin / mm, 0.05
    band_top = layout.label_height - (plan.bars_bottom + plan.bars_height) / mm
    band_bottom = layout.label_height - plan.bars_bottom / mm
    pages = glyphs(pdf)
    assert all(pages), "a page without text"
    for page in pages:
        for glyph in page:
            cell = cell_holding(layout, glyph)
            left, right = glyph.left - cell.left, glyph.right - cell.left
            top, bottom = glyph.top - cell.top, glyph.bottom - cell.top
            assert left >= margin - tolerance and right <= cell.width - margin + tolerance, glyph
            assert top >= margin - tolerance and bottom <= cell.height - margin + tolerance, glyph
            assert bottom <= band_top + tolerance or top >= band_bottom - tolerance, glyph


def cell_holding(layout: Layout, glyph: Glyph) -> Cell:
    position = position_at(layout, (glyph.left + glyph.right) / 2, (glyph.top + glyph.bottom) / 2)
    assert position is not None, f"{glyph} is outside every label"
    return layout.cell(position)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


# Reading back


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=lambda layout: layout.name)
def test_every_label_decodes_at_300_dpi_in_its_own_cell(layout: Layout) -> None:
    contents = sheet_of(layout.positions_per_page if not layout.is_roll else 3)
    pdf = render_labels(contents, layout.name)
    assert_each_label_decodes_in_its_cell(pdf, layout, contents)


def test_starting_at_position_5_fills_the_first_sheet_then_starts_the_second_at_1() -> None:
    layout = get_layout("a4-63x38")
    contents = sheet_of(30)
    pdf = render_labels(contents, layout, start_position=5)
    pages = scan_pdf(pdf)
    assert [len(page) for page in pages] == [17, 13]
    assert_each_label_decodes_in_its_cell(pdf, layout, contents, start_position=5)
    first_page = {position_at(layout, scanned.x, scanned.y) for scanned in pages[0]}
    assert first_page == set(range(5, 22))


@pytest.mark.parametrize("start_position", [1, 13, 65])
def test_start_positions_on_the_small_sheet(start_position: int) -> None:
    layout = get_layout("a4-38x21")
    contents = sheet_of(70)
    pdf = render_labels(contents, layout, start_position=start_position)
    assert_each_label_decodes_in_its_cell(pdf, layout, contents, start_position)


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=lambda layout: layout.name)
def test_hostile_text_never_breaks_a_label(layout: Layout) -> None:
    pdf = render_labels(HOSTILE, layout)
    assert_each_label_decodes_in_its_cell(pdf, layout, HOSTILE)
    assert_text_stays_inside_labels_and_clear_of_the_bars(pdf, layout)
    text = text_of(pdf)
    assert "<script>&amp;</b>" in text
    assert "Łódź Żółć Ğüşiöç Œuvre" in text
    assert ELLIPSIS in text


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=lambda layout: layout.name)
def test_ordinary_labels_keep_their_text_inside_and_clear_of_the_bars(layout: Layout) -> None:
    pdf = render_labels(sheet_of(min(layout.positions_per_page, 25)), layout)
    assert_text_stays_inside_labels_and_clear_of_the_bars(pdf, layout)


def test_labels_without_optional_lines_keep_text_clear_of_taller_bars() -> None:
    layout = get_layout("a4-38x21")
    contents = [LabelContent(f"RL-{number:06d}", "") for number in range(1, 11)]
    pdf = render_labels(contents, layout)
    assert_each_label_decodes_in_its_cell(pdf, layout, contents)
    assert_text_stays_inside_labels_and_clear_of_the_bars(
        pdf, layout, organisation=False, line=False, detail=False
    )
    assert (
        plan_label(layout, organisation=False, line=False, detail=False).bars_height
        > plan_label(layout).bars_height
    )


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=lambda layout: layout.name)
def test_bars_keep_ten_module_quiet_zones_on_the_label(layout: Layout) -> None:
    contents = sheet_of(min(layout.positions_per_page, 10))
    reader = PdfReader(io.BytesIO(render_labels(contents, layout)))
    by_label: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for page_index, page in enumerate(reader.pages):
        for line in page.get_contents().get_data().decode("latin-1").splitlines():
            if line.endswith(" re"):
                x, y, width, height = (float(number) / mm for number in line.split()[:4])
                position = position_at(layout, x + width / 2, layout.page_height - y - height / 2)
                assert position is not None
                by_label.setdefault((page_index, position), []).append((x, width))
    assert len(by_label) == len(contents)
    for (_, position), bars in by_label.items():
        cell = layout.cell(position)
        module = min(width for _, width in bars)
        left = min(x for x, _ in bars)
        right = max(x + width for x, width in bars)
        assert left - cell.left >= 0.5 + 10 * module - 1e-3
        assert cell.left + cell.width - right >= 0.5 + 10 * module - 1e-3
        assert module >= 0.254 - 1e-3


def test_a_three_letter_prefix_fits_the_smallest_label() -> None:
    contents = [LabelContent(f"DTV-{number:06d}", "Org") for number in (1, 999999)]
    layout = get_layout("a4-38x21")
    assert_each_label_decodes_in_its_cell(render_labels(contents, layout), layout, contents)


def test_pdf_text_holds_every_asset_tag_and_the_label_lines() -> None:
    contents = sheet_of(25)
    text = text_of(render_labels(contents, "a4-63x38"))
    for content in contents:
        assert content.asset_tag in text
    assert "Digitaal Talent vzw" in text
    assert "Help-desk 02 123 45 67" in text
    assert "Laptop · Lenovo ThinkPad T480" in text


def test_markup_is_printed_as_written() -> None:
    label = LabelContent("RL-000001", "<b>Bold?</b> &amp; <i>", "<para>&lt;</para>")
    text = text_of(render_labels([label], "roll-62x29"))
    assert "<b>Bold?</b> &amp; <i>" in text
    assert "<para>&lt;</para>" in text


# The PDF itself


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=lambda layout: layout.name)
def test_pages_are_the_exact_size_of_the_stock(layout: Layout) -> None:
    reader = PdfReader(io.BytesIO(render_labels(sheet_of(3), layout)))
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(layout.page_width * mm, abs=0.01)
        assert float(page.mediabox.height) == pytest.approx(layout.page_height * mm, abs=0.01)
    assert len(reader.pages) == (3 if layout.is_roll else 1)


def test_metadata_names_relais_and_the_layout() -> None:
    metadata = PdfReader(io.BytesIO(render_labels(sheet_of(1), "a4-38x21"))).metadata
    assert metadata.creator == "Relais"
    assert "a4-38x21" in metadata.title


def test_a_layout_object_works_as_well_as_its_name() -> None:
    layout = get_layout("roll-57x32")
    assert scan_pdf(render_labels(sheet_of(1), layout)) == scan_pdf(render_labels(sheet_of(1), "roll-57x32"))


def test_a_thousand_labels_fill_the_pages_they_need() -> None:
    reader = PdfReader(io.BytesIO(render_labels(sheet_of(1000), "a4-63x38", start_position=21)))
    assert len(reader.pages) == 1 + 48


# Refusals


@pytest.mark.parametrize("start_position", [0, -3, 22, 100])
def test_a_start_position_outside_the_sheet_is_refused_with_the_range(start_position: int) -> None:
    with pytest.raises(InvalidStartPosition, match="from 1 to 21 on a4-63x38"):
        render_labels(sheet_of(1), "a4-63x38", start_position=start_position)


@pytest.mark.parametrize("start_position", ["5", 2.0, True, None])
def test_a_start_position_that_is_not_a_whole_number_is_refused(start_position: object) -> None:
    with pytest.raises(InvalidStartPosition):
        render_labels(sheet_of(1), "a4-63x38", start_position=start_position)  # type: ignore[arg-type]


def test_a_roll_only_starts_at_position_1() -> None:
    with pytest.raises(InvalidStartPosition, match="one label per page"):
        render_labels(sheet_of(1), "roll-62x29", start_position=2)


def test_invalid_start_position_is_a_value_error() -> None:
    assert issubclass(InvalidStartPosition, ValueError)


def test_an_empty_list_of_labels_is_refused() -> None:
    with pytest.raises(ValueError, match="no labels"):
        render_labels([], "a4-63x38")


def test_an_unknown_layout_is_refused() -> None:
    with pytest.raises(UnknownLayout, match="a4-63x38"):
        render_labels(sheet_of(1), "letter-30")


def test_an_asset_tag_too_long_for_the_label_names_the_label_width() -> None:
    with pytest.raises(BarcodeTooSmall, match="38.1 mm wide label"):
        render_labels([LabelContent("RELAIS-SCHOOL-000001", "Org")], "a4-38x21")


def test_an_asset_tag_code_128_cannot_carry_is_refused() -> None:
    with pytest.raises(ValueError, match="Code 128"):
        render_labels([LabelContent("RL-ÆØÅ", "Org")], "a4-63x38")


# Calibration


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=lambda layout: layout.name)
def test_the_calibration_page_numbers_every_position_and_says_not_to_scale(layout: Layout) -> None:
    pdf = render_calibration(layout.name)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert float(page.mediabox.width) == pytest.approx(layout.page_width * mm, abs=0.01)
    assert float(page.mediabox.height) == pytest.approx(layout.page_height * mm, abs=0.01)
    text = page.extract_text()
    assert "Print at 100% / actual size — do not scale" in text
    assert layout.name in text
    numbers = {int(word) for word in text.split() if word.isdigit()}
    assert set(range(1, layout.positions_per_page + 1)) <= numbers


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=lambda layout: layout.name)
def test_the_calibration_page_says_its_callers_words_whole_and_within_the_page(layout: Layout) -> None:
    """The caller translates (this package knows no language); a longer language is drawn
    smaller, never cut nor past the page's edge, its narrow no-break spaces kept."""
    warning = "Imprimez à 100\u202f% / taille réelle — sans mise à l'échelle, jamais, sous aucun prétexte"
    details = f"{layout.name}\u202f: " + "chaque contour doit tomber sur une étiquette ; " * 3
    pdf = render_calibration(layout, text=CalibrationText(warning, details.strip()))
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert warning.replace("\u202f", " ") in text.replace("\u202f", " ")
    [page] = glyphs(pdf)
    assert all(0 < glyph.left and glyph.right < layout.page_width for glyph in page)
    assert "Print at" not in text


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=lambda layout: layout.name)
def test_each_calibration_number_sits_in_its_own_outline(layout: Layout) -> None:
    [page] = glyphs(render_calibration(layout))
    digits_by_position: dict[int | None, str] = {}
    for glyph in page:
        if glyph.char.isdigit():
            position = position_at(layout, (glyph.left + glyph.right) / 2, (glyph.top + glyph.bottom) / 2)
            digits_by_position[position] = digits_by_position.get(position, "") + glyph.char
    for position in range(1, layout.positions_per_page + 1):
        assert digits_by_position[position].startswith(str(position))


# Fitting text


def test_text_that_fits_keeps_its_size() -> None:
    register_fonts()
    assert fit("Laptop", CONDENSED, 7, 4.5, 100) == ("Laptop", 7, stringWidth("Laptop", CONDENSED, 7))


def test_text_that_does_not_fit_shrinks_before_it_is_cut() -> None:
    register_fonts()
    text = "Digitaal Talent vzw"
    width = stringWidth(text, SANS_BOLD, 6)
    fitted = fit(text, SANS_BOLD, 8, 4.5, width)
    assert fitted.text == text
    assert 5.9 <= fitted.size <= 6
    assert fitted.width <= width


def test_text_too_long_at_the_smallest_size_is_cut_with_an_ellipsis() -> None:
    register_fonts()
    fitted = fit("M" * 200, CONDENSED, 7, 4.5, 100)
    assert fitted.size == 4.5
    assert fitted.text.endswith(ELLIPSIS)
    assert fitted.text[:-1] == "M" * (len(fitted.text) - 1)
    assert fitted.width <= 100
    assert stringWidth(fitted.text[:-1] + "M" + ELLIPSIS, CONDENSED, 4.5) > 100


def test_cleaning_turns_controls_into_single_spaces_and_composes_accents() -> None:
    assert clean("  tab\there\nnew\x00line\u200b ") == "tab here new line"
    assert clean("Lo\u0301dz\u0301") == "Lódź"
    assert clean("\ud800lone surrogate") == "lone surrogate"


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(max_size=300),
    width=st.floats(min_value=1, max_value=200),
    font=st.sampled_from([SANS_BOLD, CONDENSED]),
)
def test_fitted_text_never_exceeds_its_width(text: str, width: float, font: str) -> None:
    register_fonts()
    fitted = fit(text, font, 8, 4.5, width)
    assert 4.5 <= fitted.size <= 8
    assert fitted.width <= width + 1e-9
    assert fitted.width == pytest.approx(stringWidth(fitted.text, font, fitted.size))
    cleaned = clean(text)
    assert (
        fitted.text == cleaned
        or fitted.text == ""
        or (fitted.text.endswith(ELLIPSIS) and cleaned.startswith(fitted.text[:-1]))
    )
