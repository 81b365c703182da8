"""Code 128 barcodes: module patterns, vector bars that decode at 300 dpi, and the platypus flowable."""

from __future__ import annotations

import io
import re
import string

import pytest
from barcode.codex import Code128
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from labels import BarcodeTooSmall, Code128Flowable, code128_modules, draw_code128
from labels.barcode import DOT, MIN_MODULE, QUIET_MODULES, bars_operators
from tests.labels.scanning import glyphs, print_gain, rasterise, scan

START_B = "11010010000"
START_C = "11010011100"
STOP = "1100011101011"


def draw_alone(value: str, width: float, height: float = 15 * mm, **options: float) -> tuple[bytes, float]:
    """A page holding one barcode box at (10 mm, 10 mm); returns the PDF and the module width."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width + 20 * mm, height + 20 * mm))
    module = draw_code128(canvas, value, 10 * mm, 10 * mm, width, height, **options)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue(), module


def bars_in(pdf: bytes) -> list[tuple[float, float, float, float]]:
    content = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data().decode()
    return [
        tuple(map(float, found)) for found in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re", content)
    ]


def test_modules_are_python_barcodes_pattern_from_start_to_stop() -> None:
    modules = code128_modules("RL-000123")
    assert modules == Code128("RL-000123").build()[0]
    assert modules.startswith(START_B)
    assert modules.endswith(STOP)
    assert set(modules) == {"0", "1"}
    # start, R, L, -, switch to C, 00, 01, 23, check character: 11 modules each, then the stop.
    assert len(modules) == 9 * 11 + 13


def test_all_digit_values_use_code_set_c() -> None:
    assert code128_modules("123456").startswith(START_C)
    assert len(code128_modules("123456")) == (1 + 3 + 1) * 11 + 13


@pytest.mark.parametrize("value", ["", "Łódź", "RL-00012é", "tag\u2014x"])
def test_values_code_128_cannot_carry_are_refused(value: str) -> None:
    with pytest.raises(ValueError):
        code128_modules(value)


@pytest.mark.parametrize("value", ["RL-000123", "RL-999999", "1", "12345", "ab-CD 9/x.y", "Z" * 20])
def test_a_drawn_barcode_decodes_at_300_dpi(value: str) -> None:
    pdf, _ = draw_alone(value, 70 * mm)
    [image] = rasterise(pdf)
    assert [found.text for found in scan(image)] == [value]


def test_module_width_is_whole_300_dpi_dots_and_at_least_the_minimum() -> None:
    for width in (34 * mm, 37.3 * mm, 47 * mm, 60.5 * mm, 90 * mm):
        _, module = draw_alone("RL-000123", width)
        assert module >= MIN_MODULE - 1e-9
        assert module / DOT == pytest.approx(round(module / DOT), abs=1e-9)


def test_bars_are_centred_with_ten_module_quiet_zones_inside_the_box() -> None:
    width = 52 * mm
    pdf, module = draw_alone("RL-000123", width)
    bars = bars_in(pdf)
    first_left = min(x for x, _, _, _ in bars)
    last_right = max(x + w for x, _, w, _ in bars)
    box_left, box_right = 10 * mm, 10 * mm + width
    assert first_left - box_left >= QUIET_MODULES * module - 1e-6
    assert box_right - last_right >= QUIET_MODULES * module - 1e-6
    # Centred to within the half dot that snapping the left edge to the dot grid may move it.
    assert abs((first_left - box_left) - (box_right - last_right)) <= DOT + 1e-6
    assert last_right - first_left == pytest.approx(len(code128_modules("RL-000123")) * module)


def test_every_bar_is_a_whole_number_of_modules_on_the_dot_grid() -> None:
    pdf, module = draw_alone("RL-000123", 41 * mm)
    for x, _, width, _ in bars_in(pdf):
        assert (width / module) == pytest.approx(round(width / module), abs=1e-3)
        # Three decimals in the PDF: on the grid to within a thousandth of a point.
        assert abs(x / DOT - round(x / DOT)) * DOT < 0.002


def test_a_box_too_narrow_for_three_dot_modules_is_refused_with_the_width_needed() -> None:
    modules = len(code128_modules("RL-000123")) + 2 * QUIET_MODULES
    just_enough = modules * MIN_MODULE
    draw_alone("RL-000123", just_enough)
    with pytest.raises(BarcodeTooSmall, match=r"needs 33\.5 mm"):
        draw_alone("RL-000123", just_enough - 0.1 * mm)


def test_barcode_too_small_is_a_value_error() -> None:
    assert issubclass(BarcodeTooSmall, ValueError)
    with pytest.raises(ValueError):
        draw_alone("RL-000123", 50 * mm, height=0)


def test_three_dot_modules_survive_print_gain_that_defeats_two_dot_modules() -> None:
    """Why the minimum is three dots: with a dot of ink spread, a dot of optical blur and
    noise, two-dot bars no longer decode while three-dot bars still do."""
    values = ["RL-000123", "RL-999871", "RL-420042"]

    def decoded(module_dots: int, value: str) -> bool:
        modules = len(code128_modules(value)) + 2 * QUIET_MODULES
        pdf, module = draw_alone(value, modules * module_dots * DOT + 0.01, min_module=DOT)
        assert module == pytest.approx(module_dots * DOT)
        [image] = rasterise(pdf)
        worn = print_gain(image, spread=1, blur=1.0, noise=30)
        return [found.text for found in scan(worn)] == [value]

    assert all(decoded(3, value) for value in values)
    assert not any(decoded(2, value) for value in values)


def draw_unsnapped(value: str, module_dots: float, offset: float) -> bytes:
    """Bars at a module of any width, starting `offset` points off the dot grid."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(80 * mm, 30 * mm))
    canvas.addLiteral(bars_operators(value, 10 * mm + 25 * DOT + offset, 10 * mm, module_dots * DOT, 10 * mm))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_snapping_modules_to_whole_dots_keeps_bars_that_print_thinner() -> None:
    """A module of 2.5 dots makes equal bars 2 or 3 dots wide; printed a dot thinner, many no
    longer decode. The whole-dot module chosen for the same box decodes every time."""
    values, offsets = ["RL-000123", "RL-999871", "RL-420042"], [0.0, 0.1, 0.37]

    def decodes(pdf: bytes, value: str) -> bool:
        [image] = rasterise(pdf)
        return [found.text for found in scan(print_gain(image, spread=-1, blur=0.01, noise=0))] == [value]

    fractional = [
        decodes(draw_unsnapped(value, 2.5, offset), value) for value in values for offset in offsets
    ]
    assert not all(fractional)
    for value in values:
        modules = len(code128_modules(value)) + 2 * QUIET_MODULES
        pdf, module = draw_alone(value, modules * 2.5 * DOT, min_module=DOT)
        assert module == pytest.approx(2 * DOT)
        assert decodes(pdf, value)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(alphabet=string.ascii_letters + string.digits + string.punctuation + " ", min_size=1, max_size=16)
)
def test_any_printable_ascii_value_round_trips(value: str) -> None:
    pdf, _ = draw_alone(value, 120 * mm)
    [image] = rasterise(pdf)
    assert [found.text for found in scan(image)] == [value]


def test_the_flowable_renders_in_a_document_and_decodes_with_its_text() -> None:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, title="Flowable test")
    story = [
        Paragraph("Data erasure certificate", getSampleStyleSheet()["Title"]),
        Spacer(1, 5 * mm),
        Code128Flowable("RL-WC-000042", width=80 * mm, height=16 * mm),
        Spacer(1, 5 * mm),
        Code128Flowable("RL-000007", width=48 * mm, height=11 * mm, human_readable=False),
    ]
    document.build(story)
    pdf = buffer.getvalue()
    [image] = rasterise(pdf)
    found = sorted(scan(image), key=lambda scanned: scanned.y)
    assert [scanned.text for scanned in found] == ["RL-WC-000042", "RL-000007"]
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "RL-WC-000042" in text
    assert "RL-000007" not in text


def test_the_flowable_sits_where_platypus_puts_it() -> None:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=30 * mm, topMargin=40 * mm)
    document.build([Code128Flowable("RL-000123", width=60 * mm, height=20 * mm)])
    [image] = rasterise(buffer.getvalue())
    [found] = scan(image)
    frame_padding = 6 / mm
    assert found.x == pytest.approx(30 + frame_padding + 30, abs=0.3)
    # The bars fill the flowable's height above the 8 pt line of text (10 pt with its leading).
    bars_height = 20 - 10 / mm
    assert found.y == pytest.approx(40 + frame_padding + bars_height / 2, abs=0.5)


def test_the_flowable_refuses_a_width_that_cannot_scan_when_built() -> None:
    with pytest.raises(BarcodeTooSmall):
        Code128Flowable("RL-000123", width=20 * mm, height=10 * mm)


def test_the_flowables_text_shrinks_to_the_barcode_width() -> None:
    value = "1234567890" * 2
    modules = len(code128_modules(value)) + 2 * QUIET_MODULES
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(
        [Code128Flowable(value, width=modules * MIN_MODULE, height=12 * mm)]
    )
    pdf = buffer.getvalue()
    [image] = rasterise(pdf)
    assert [found.text for found in scan(image)] == [value]
    [page] = glyphs(pdf)
    assert "".join(glyph.char for glyph in page) == value
    left = min(glyph.left for glyph in page)
    right = max(glyph.right for glyph in page)
    assert right - left <= modules * MIN_MODULE / mm
