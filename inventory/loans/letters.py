"""The printed reminder letters: one page per letter, each in its beneficiary's language."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from inventory.documents import BODY, LABEL, SMALL, build_pdf, format_day, para
from inventory.i18n import gettext
from inventory.loans.messages import ReminderContext, reminder_text
from inventory.loans.printable import visual


def _letter(context: ReminderContext, printed_on: date) -> list[Flowable]:
    locale = context.language
    text = reminder_text(context)
    recipient = [visual(context.beneficiary_name), context.beneficiary_reference]
    if context.postal_address:
        recipient.extend(visual(line) for line in context.postal_address.splitlines())
    elif context.site_name:
        recipient.append(gettext(locale, "c/o %(site)s", site=context.site_name))
        if context.site_address:
            recipient.append(context.site_address)
    return [
        para(format_day(printed_on, locale), SMALL),
        Spacer(1, 8 * mm),
        para("\n".join(recipient), BODY),
        Spacer(1, 12 * mm),
        para(text.subject, LABEL),
        Spacer(1, 6 * mm),
        para(visual(text.greeting), BODY),
        Spacer(1, 3 * mm),
        *[item for paragraph in text.paragraphs for item in (para(paragraph, BODY), Spacer(1, 3 * mm))],
        Spacer(1, 4 * mm),
        para(text.closing, BODY),
        *(
            [
                Spacer(1, 2 * mm),
                para(gettext(locale, "Your social worker: %(name)s", name=context.social_worker_name), SMALL),
            ]
            if context.social_worker_name
            else []
        ),
    ]


def render_letters(letters: Sequence[ReminderContext], *, organisation: str, printed_on: date) -> bytes:
    """A batch to print and post or hand over; `letters` must not be empty."""
    story: list[Flowable] = []
    for position, context in enumerate(letters):
        if position:
            story.append(PageBreak())
        story.extend(_letter(context, printed_on))
    return build_pdf(
        story,
        title=gettext("fr", "Reminder letters"),
        organisation=organisation,
        # Each page goes to someone else in their own language: no shared footer text.
        footer="",
    )
