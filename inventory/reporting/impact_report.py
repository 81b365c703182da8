"""The yearly impact report for funders: key figures, charts by month, category and donor, and
what each voucher programme delivered. French unless asked otherwise."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from babel.dates import get_month_names
from babel.numbers import format_percent
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from inventory import offload
from inventory.devices.vocabulary import Category
from inventory.documents import BODY, HEADING, LABEL, SMALL, TITLE, build_pdf, format_day, para
from inventory.i18n import babel_locale, format_number, gettext, ngettext
from inventory.reporting import figures as reports
from inventory.reporting.schemas import ImpactFigures
from inventory.settings import get_settings
from labels.fonts import SANS, SANS_BOLD

WIDTH = 174 * mm  # A4 between the document's margins
PALETTE = [
    colors.HexColor("#1f6f8b"),
    colors.HexColor("#e08e2b"),
    colors.HexColor("#4c9a2a"),
    colors.HexColor("#9b3d8f"),
    colors.HexColor("#c23b22"),
    colors.HexColor("#7a7a7a"),
]
# The monthly chart's series: (flow, its caption).
MONTH_SERIES = (
    ("received", "Collected"),
    ("wiped", "Erased"),
    ("lent", "Lent"),
    ("allocated", "Allocated to schools"),
)
TOP_DONORS = 10
# The report's own gettext and number format, in its language.
Translate = Callable[..., str]
Format = Callable[[int], str]
CELL = ParagraphStyle("impact-cell", parent=BODY, fontSize=9, leading=11)
NUMBER = ParagraphStyle("impact-number", parent=CELL, alignment=TA_RIGHT)
HEAD = ParagraphStyle("impact-head", parent=LABEL, fontSize=8, leading=10)
HEAD_NUMBER = ParagraphStyle("impact-head-number", parent=HEAD, alignment=TA_RIGHT)


def render_impact_report(figures: ImpactFigures, *, organisation: str, locale: str = "fr") -> bytes:
    def t(message: str, **values: object) -> str:
        return gettext(locale, message, **values)

    def number(value: int) -> str:
        return format_number(value, locale)

    year = figures.year
    story: list[Flowable] = [
        para(t("Impact report %(year)s", year=year), TITLE),
        para(
            ngettext(
                locale,
                "From 1 January to 31 December %(year)s, %(organisation)s collected %(collected)s device "
                "from its donors, erased its data with a certificate, refurbished it and put "
                "it in the hands of people and schools who need it.",
                "From 1 January to 31 December %(year)s, %(organisation)s collected %(collected)s devices "
                "from its donors, erased their data with a certificate, refurbished them and put "
                "them in the hands of people and schools who need them.",
                figures.collected,
                year=year,
                organisation=organisation,
                collected=number(figures.collected),
            ),
            BODY,
        ),
        para(t("Key figures"), HEADING),
        _key_figures(figures, t, number),
        para(t("Month by month"), HEADING),
        _month_chart(figures, t, locale),
        para(t("Devices collected by category"), HEADING),
        _category_chart(figures, t, number, locale),
    ]
    story += _donor_section(figures, t, number)
    story += _programme_section(figures, t, number)
    story += [
        Spacer(1, 6 * mm),
        para(
            t(
                "Figures from the %(organisation)s register on %(date)s. A device counts once per "
                "step it went through in the year; wiped devices count those with a passed "
                "erasure and its certificate.",
                organisation=organisation,
                date=format_day(figures.generated_on, locale),
            ),
            SMALL,
        ),
    ]
    return build_pdf(
        story,
        title=t("Impact report %(year)s", year=year),
        organisation=organisation,
        footer=t("Impact report %(year)s", year=year),
    )


def _grid(
    rows: Sequence[Sequence[object]], widths: Sequence[float], *, header: bool = True, text_columns: int = 1
) -> Table:
    """A table whose first `text_columns` columns are text and the others numbers (right-aligned)."""

    def style_of(row: int, column: int) -> ParagraphStyle:
        if header and row == 0:
            return HEAD if column < text_columns else HEAD_NUMBER
        return CELL if column < text_columns else NUMBER

    cells = [[para(value, style_of(r, c)) for c, value in enumerate(row)] for r, row in enumerate(rows)]
    table = Table(cells, colWidths=list(widths), hAlign="LEFT", repeatRows=1 if header else 0)
    style = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM" if header else "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        style.append(("LINEBELOW", (0, 0), (-1, 0), 0.75, colors.grey))
    table.setStyle(TableStyle(style))
    return table


def _key_figures(figures: ImpactFigures, t: Translate, number: Format) -> Table:
    rows = [
        (t("Devices collected from donors"), figures.collected),
        (t("Devices wiped, with an erasure certificate"), figures.wiped),
        (t("Erasure certificates issued"), figures.certificates),
        (t("Devices refurbished"), figures.refurbished),
        (t("Loans to beneficiaries"), figures.loans_started),
        (t("People equipped through a loan"), figures.beneficiaries),
        (t("Devices returned"), figures.returned),
        (t("Devices allocated to schools"), figures.allocated),
        (t("Schools equipped"), figures.schools),
        (t("Devices recycled or retired"), figures.retired),
    ]
    return _grid([(label, number(value)) for label, value in rows], [110 * mm, 25 * mm], header=False)


def _month_chart(figures: ImpactFigures, t: Translate, locale: str) -> Flowable:
    series = [[getattr(month, flow) for month in figures.by_month] for flow, _ in MONTH_SERIES]
    if not any(any(values) for values in series):
        return para(t("Nothing happened this year yet."), BODY)
    names = get_month_names("abbreviated", locale=locale)
    drawing = Drawing(WIDTH, 78 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 22 * mm
    chart.width, chart.height = WIDTH - 16 * mm, 52 * mm
    chart.data = series
    chart.categoryAxis.categoryNames = [names[int(month.month[5:])] for month in figures.by_month]
    chart.categoryAxis.labels.fontName = SANS
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = SANS
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = True
    chart.groupSpacing = 3
    chart.barSpacing = 0.5
    for index in range(len(MONTH_SERIES)):
        chart.bars[index].fillColor = PALETTE[index]
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    drawing.add(_legend([t(caption) for _, caption in MONTH_SERIES], x=12 * mm, y=2 * mm, columns=4))
    return drawing


def _legend(captions: Sequence[str], *, x: float, y: float, columns: int) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName = SANS
    legend.fontSize = 8
    legend.alignment = "right"
    legend.columnMaximum = max(1, -(-len(captions) // columns))
    legend.boxAnchor = "sw"
    legend.deltax = 42 * mm
    legend.colorNamePairs = list(zip(PALETTE, captions, strict=False))
    return legend


def _category_chart(figures: ImpactFigures, t: Translate, number: Format, locale: str) -> Flowable:
    present = [(category, count) for category, count in figures.by_category.items() if count]
    if not present:
        return para(t("No device was collected this year."), BODY)
    drawing = Drawing(WIDTH, 55 * mm)
    pie = Pie()
    pie.x, pie.y = 8 * mm, 4 * mm
    pie.width = pie.height = 46 * mm
    pie.data = [count for _, count in present]
    pie.labels = None
    pie.slices.strokeColor = colors.white
    for index in range(len(present)):
        pie.slices[index].fillColor = PALETTE[index % len(PALETTE)]
    drawing.add(pie)
    total = sum(count for _, count in present)
    captions = [
        t(
            "%(category)s: %(count)s (%(share)s)",
            category=Category.label_of(category, locale),
            count=number(count),
            share=format_percent(count / total, locale=babel_locale(locale)),
        )
        for category, count in present
    ]
    legend = _legend(captions, x=70 * mm, y=10 * mm, columns=1)
    legend.boxAnchor = "sw"
    legend.columnMaximum = len(captions)
    drawing.add(legend)
    return drawing


def _donor_section(figures: ImpactFigures, t: Translate, number: Format) -> list[Flowable]:
    donors = figures.by_donor
    if not donors:
        return []
    top = donors[:TOP_DONORS]
    flowables: list[Flowable] = [para(t("Donors"), HEADING)]
    if any(donor.collected for donor in top):
        height = (10 + 7 * len(top)) * mm
        drawing = Drawing(WIDTH, height)
        chart = HorizontalBarChart()
        chart.x, chart.y = 60 * mm, 4 * mm
        chart.width, chart.height = WIDTH - 70 * mm, height - 8 * mm
        chart.data = [[donor.collected for donor in reversed(top)]]
        chart.categoryAxis.categoryNames = [_short(donor.donor, 34) for donor in reversed(top)]
        chart.categoryAxis.labels.fontName = SANS
        chart.categoryAxis.labels.fontSize = 7.5
        chart.valueAxis.labels.fontName = SANS
        chart.valueAxis.labels.fontSize = 7
        chart.valueAxis.valueMin = 0
        chart.bars[0].fillColor = PALETTE[0]
        chart.bars[0].strokeColor = None
        drawing.add(chart)
        drawing.add(String(0, height - 3 * mm, t("Devices collected"), fontName=SANS_BOLD, fontSize=8))
        flowables.append(drawing)
    header = [t("Donor"), t("Collected"), t("Erased"), t("Reconditioned"), t("Lent"), t("To schools")]
    rows = [
        (
            donor.donor,
            *(
                number(v)
                for v in (donor.collected, donor.wiped, donor.refurbished, donor.lent, donor.allocated)
            ),
        )
        for donor in donors
    ]
    flowables.append(_grid([header, *rows], [56 * mm, 23 * mm, 23 * mm, 28 * mm, 20 * mm, 24 * mm]))
    return flowables


def _programme_section(figures: ImpactFigures, t: Translate, number: Format) -> list[Flowable]:
    if not figures.by_programme:
        return []
    header = [
        t("Programme"),
        t("Funder"),
        t("Vouchers issued"),
        t("Units"),
        t("Devices handed over"),
        t("Bought by schools"),
        t("Schools"),
    ]
    rows = [
        (
            item.programme,
            item.funder or "—",
            *(
                number(value)
                for value in (
                    item.vouchers,
                    item.units,
                    item.devices_handed_over,
                    item.devices_registered,
                    item.schools,
                )
            ),
        )
        for item in figures.by_programme
    ]
    table = _grid(
        [header, *rows], [38 * mm, 32 * mm, 20 * mm, 16 * mm, 24 * mm, 24 * mm, 20 * mm], text_columns=2
    )
    return [KeepTogether([para(t("Voucher programmes for schools"), HEADING), table])]


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


# The years an impact report may cover: what the API and the dashboard both accept.
FIRST_YEAR, LAST_YEAR = 2000, 2100


async def impact_pdf(year: int, locale: str) -> bytes:
    """The yearly impact report of the register as it stands, rendered off the event loop: the
    one function behind the API's impact-<year>.pdf and the dashboard's download."""
    figures = await reports.impact_figures(year)
    return await offload.run(
        offload.Work.PRINT_BATCH,
        render_impact_report,
        figures,
        organisation=get_settings().org_name,
        locale=locale,
    )
