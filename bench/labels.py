"""Benchmark: 1,000 asset labels on a4-63x38 through render_labels, against a bare reportlab floor.

    .venv/bin/python bench/labels.py [--labels 1000] [--runs 21]

The floor is the least work that yields the same barcodes: python-barcode's Code 128 patterns,
and the same bars (same module widths, same positions) written into the same kind of reportlab
PDF (A4 pages, compressed), with no text, fonts, fitting or layout logic. Its geometry is
computed before the clock starts; the script checks that both PDFs hold exactly the same bars.
Each side runs --runs times in this process, alternating, render_labels with its caches
emptied first. The headline is the best run of each side (wall clock), the figure least
disturbed by other work on a shared machine; medians and CPU times are printed beside it.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import reportlab
from barcode.codex import Code128
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

sys.path.insert(0, str(Path(__file__).parent.parent))
from labels import LabelContent, get_layout, render_labels  # noqa: E402
from labels.barcode import code128_modules, module_width_for, snap_to_dot  # noqa: E402
from labels.fitting import fit  # noqa: E402
from labels.render import plan_label  # noqa: E402

LAYOUT = "a4-63x38"


def tags(count: int) -> list[str]:
    return [f"RL-{number:06d}" for number in range(1, count + 1)]


def contents(count: int) -> list[LabelContent]:
    models = ["Lenovo ThinkPad T480", "Dell Latitude 7490", "HP EliteBook 840 G5", "Apple MacBook Air (2017)"]
    return [
        LabelContent(
            tag, "Digitaal Talent vzw", "Help-desk 02 123 45 67", "Laptop", models[index % len(models)]
        )
        for index, tag in enumerate(tags(count))
    ]


def floor_geometry(count: int) -> list[tuple[str, float, float, float, float]]:
    """(tag, left of first bar, bottom, module, height) per label, as render_labels places them."""
    layout = get_layout(LAYOUT)
    plan = plan_label(layout)
    placed = []
    for index, tag in enumerate(tags(count)):
        cell = layout.cell(index % layout.positions_per_page + 1)
        left, bottom = cell.left * mm, (layout.page_height - cell.top - cell.height) * mm
        module = module_width_for(tag, plan.barcode_width)
        width = len(Code128(tag).build()[0]) * module
        x = snap_to_dot(left + (plan.width - width) / 2)
        placed.append((tag, x, bottom + plan.bars_bottom, module, plan.bars_height))
    return placed


def render_floor(placed: list[tuple[str, float, float, float, float]]) -> bytes:
    """The bars alone: encode each tag with python-barcode, write its bars, one path a page."""
    per_page = get_layout(LAYOUT).positions_per_page
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(210 * mm, 297 * mm))
    for first in range(0, len(placed), per_page):
        operators = []
        for tag, x, y, module, height in placed[first : first + per_page]:
            modules = Code128(tag).build()[0]
            for bar in re.finditer("1+", modules):
                start, width = bar.start() * module, len(bar.group()) * module
                operators.append(f"{x + start:.3f} {y:.3f} {width:.3f} {height:.3f} re")
        canvas.saveState()
        canvas.addLiteral("0 g\n" + "\n".join(operators) + "\nf")
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def bars_of(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [
        line
        for page in reader.pages
        for line in page.get_contents().get_data().decode().split("\n")
        if line.endswith(" re")
    ]


def forget_caches() -> None:
    """Each timed render starts as for tags it never saw, as a real print run does."""
    for cached in (code128_modules, fit):
        cached.cache_clear()


class Timings:
    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def run(self, action: Callable[[], bytes]) -> bytes:
        forget_caches()
        wall, cpu = time.perf_counter(), time.process_time()
        pdf = action()
        self.wall.append(time.perf_counter() - wall)
        self.cpu.append(time.process_time() - cpu)
        return pdf

    def summary(self) -> str:
        runs = ", ".join(f"{seconds:.3f}" for seconds in self.wall)
        return (
            f"best {min(self.wall):.3f} s, median {statistics.median(self.wall):.3f} s, "
            f"best CPU {min(self.cpu):.3f} s  (runs: {runs})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=21)
    arguments = parser.parse_args()

    labels, placed = contents(arguments.labels), floor_geometry(arguments.labels)
    # One untimed round each: font files, module imports and first-call caches are start-up costs.
    render_labels(labels[:21], LAYOUT)
    render_floor(placed[:21])

    rendered, floor = Timings(), Timings()
    for _ in range(arguments.runs):
        render_pdf = rendered.run(lambda: render_labels(labels, LAYOUT))
        floor_pdf = floor.run(lambda: render_floor(placed))
    if bars_of(render_pdf) != bars_of(floor_pdf):
        raise SystemExit("the floor does not draw the same bars as render_labels")

    bars = len(bars_of(floor_pdf))
    print(f"labels:        {arguments.labels} on {LAYOUT}, {bars} bars, {arguments.runs} runs each")
    print(f"render_labels: {rendered.summary()}")
    print(f"floor:         {floor.summary()}")
    print(
        f"ratio:         {min(rendered.wall) / min(floor.wall):.2f} best to best "
        f"({statistics.median(rendered.wall) / statistics.median(floor.wall):.2f} median to median, "
        f"{min(rendered.cpu) / min(floor.cpu):.2f} CPU)"
    )
    print(f"PDF sizes:     {len(render_pdf):,} and {len(floor_pdf):,} bytes")
    print(
        f"machine:       nproc {len(os.sched_getaffinity(0))}, Python {platform.python_version()}, "
        f"reportlab {reportlab.Version}, {platform.machine()}"
    )


if __name__ == "__main__":
    main()
