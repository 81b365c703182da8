"""What reminders and worklist entries say, in the recipient's language (pure: text in, text out)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from inventory.devices.vocabulary import Category
from inventory.documents import format_day
from inventory.i18n import NARROW_NO_BREAK_SPACE, gettext, ngettext
from inventory.loans.accessories import AccessoryKind
from inventory.loans.vocabulary import Channel, ReminderKind, WorklistAction


@dataclass(frozen=True)
class ReminderContext:
    """Everything a reminder to a beneficiary mentions."""

    kind: ReminderKind
    language: str
    organisation: str
    beneficiary_name: str
    beneficiary_reference: str
    asset_tag: str
    device: str
    due_on: date
    offset_days: int
    site_name: str = ""
    site_address: str = ""
    # The social worker the beneficiary deals with, as printed (full name, else username).
    social_worker_name: str = ""
    # The beneficiary's own postal address, when they gave one: letters go there.
    postal_address: str = ""


@dataclass(frozen=True)
class ReminderText:
    subject: str
    greeting: str
    paragraphs: tuple[str, ...]
    closing: str
    sms: str

    def plain(self) -> str:
        """The e-mail body."""
        return "\n\n".join([self.greeting, *self.paragraphs, self.closing]) + "\n"


def reminder_text(context: ReminderContext) -> ReminderText:
    locale = context.language

    def t(message: str, **values: object) -> str:
        return gettext(locale, message, **values)

    due = format_day(context.due_on, locale)
    days = abs(context.offset_days)
    values = {
        "device": context.device,
        "tag": context.asset_tag,
        "organisation": context.organisation,
        "due": due,
        "days": days,
    }

    def counted(singular: str, plural: str) -> str:
        return ngettext(locale, singular, plural, days, **values)

    if context.kind == ReminderKind.BEFORE_DUE:
        subject = t("Reminder: please return the %(device)s by %(due)s", **values)
        situation = counted(
            "The %(device)s (asset tag %(tag)s) that %(organisation)s lent you is due back on %(due)s, "
            "in %(days)s day.",
            "The %(device)s (asset tag %(tag)s) that %(organisation)s lent you is due back on %(due)s, "
            "in %(days)s days.",
        )
        sms = t("%(organisation)s: please return the %(device)s (%(tag)s) by %(due)s.", **values)
    elif context.kind == ReminderKind.DUE_DAY:
        subject = t("The %(device)s is due back today", **values)
        situation = t(
            "The %(device)s (asset tag %(tag)s) that %(organisation)s lent you is due back today, %(due)s.",
            **values,
        )
        sms = t("%(organisation)s: the %(device)s (%(tag)s) is due back today, %(due)s.", **values)
    else:
        subject = t("The %(device)s is overdue", **values)
        situation = counted(
            "The %(device)s (asset tag %(tag)s) that %(organisation)s lent you was due back on %(due)s, "
            "%(days)s day ago.",
            "The %(device)s (asset tag %(tag)s) that %(organisation)s lent you was due back on %(due)s, "
            "%(days)s days ago.",
        )
        sms = t(
            "%(organisation)s: the %(device)s (%(tag)s) was due back on %(due)s. Please return it.", **values
        )
    if context.site_name:
        site = f"{context.site_name} ({context.site_address})" if context.site_address else context.site_name
        where = t("Please bring it back, with its accessories, to %(site)s.", site=site)
    else:
        where = t("Please bring it back, with its accessories, to your social worker.")
    renew = t("If you still need it, talk to your social worker: the loan can be renewed.")
    return ReminderText(
        subject=subject,
        greeting=t("Dear %(name)s,", name=context.beneficiary_name),
        paragraphs=(situation, where, renew),
        closing=t(
            "Kind regards,\n%(organisation)s\nReference: %(reference)s",
            **values,
            reference=context.beneficiary_reference,
        ),
        # GSM-7, the SMS alphabet, has no narrow no-break space: one would make a French
        # reminder a Unicode SMS, of 70 characters a part instead of 160.
        sms=sms.replace(NARROW_NO_BREAK_SPACE, " "),
    )


def staff_text(context: ReminderContext) -> ReminderText:
    """An escalation or a decision e-mailed to the social worker, in their language.

    It names the loan by the beneficiary's reference and the asset tag, never by the person's
    name: staff mailboxes are read on phones and forwarded.
    """
    locale = context.language

    def t(message: str, **values: object) -> str:
        return gettext(locale, message, **values)

    days = abs(context.offset_days)
    values = {"tag": context.asset_tag, "reference": context.beneficiary_reference, "days": days}
    if context.kind == ReminderKind.DECISION:
        subject = ngettext(
            locale,
            "Decide about the loan of %(tag)s (%(reference)s): %(days)s day late",
            "Decide about the loan of %(tag)s (%(reference)s): %(days)s days late",
            days,
            **values,
        )
        action = WorklistAction.DECIDE
    else:
        subject = ngettext(
            locale,
            "The loan of %(tag)s (%(reference)s) is %(days)s day late",
            "The loan of %(tag)s (%(reference)s) is %(days)s days late",
            days,
            **values,
        )
        action = WorklistAction.CONTACT_BENEFICIARY
    return ReminderText(
        subject=subject,
        greeting=t("Hello,"),
        paragraphs=(
            t(
                "The %(device)s (asset tag %(tag)s) lent to beneficiary %(reference)s "
                "was due back on %(due)s.",
                device=context.device,
                tag=context.asset_tag,
                reference=context.beneficiary_reference,
                due=format_day(context.due_on, locale),
            ),
            worklist_message(action, Channel.EMAIL, context.offset_days, locale),
            t("It is in your worklist in Relais too."),
        ),
        closing=context.organisation,
        sms="",
    )


@dataclass(frozen=True)
class OfferContext:
    """A device ready for a waiting beneficiary, as e-mailed to their social worker."""

    language: str
    organisation: str
    beneficiary_reference: str
    category: str
    asset_tag: str
    device: str
    site_name: str = ""


def offer_text(context: OfferContext) -> ReminderText:
    """A waiting-list match e-mailed to the social worker, in their language.

    Like escalations, it names the beneficiary by reference only (never name nor address).
    """
    locale = context.language

    def t(message: str, **values: object) -> str:
        return gettext(locale, message, **values)

    values = {
        "category": in_sentence(Category.label_of(context.category, locale)),
        "reference": context.beneficiary_reference,
        "tag": context.asset_tag,
        "device": context.device,
        "site": context.site_name,
    }
    if context.site_name:
        ready = t(
            "The %(device)s (asset tag %(tag)s) is ready at %(site)s for beneficiary %(reference)s, "
            "first on the waiting list (%(category)s).",
            **values,
        )
    else:
        ready = t(
            "The %(device)s (asset tag %(tag)s) is ready for beneficiary %(reference)s, "
            "first on the waiting list (%(category)s).",
            **values,
        )
    return ReminderText(
        subject=t("Waiting list: %(tag)s is ready for %(reference)s", **values),
        greeting=t("Hello,"),
        paragraphs=(ready, t("Lend it from the waiting list in Relais. It is in your worklist too.")),
        closing=context.organisation,
        sms="",
    )


def channel_label(channel: Channel, locale: str) -> str:
    """The channel's display name within a sentence ("sent by e-mail"; SMS stays in capitals)."""
    name = Channel(channel).label(locale)
    return name if name.isupper() else name[:1].lower() + name[1:]


def in_sentence(name: str) -> str:
    """A display name inside a sentence: "Chargeur" -> "chargeur", "4G dongle" unchanged."""
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


def accessory_names(codes: Sequence[str], locale: str) -> str:
    """ "charger, mouse" in `locale`, for sentences."""
    return ", ".join(in_sentence(AccessoryKind.label_of(code, locale)) for code in codes)


def worklist_message(
    action: WorklistAction,
    channel: Channel,
    offset_days: int,
    locale: str,
    *,
    accessories_missing: Sequence[str] = (),
    category: str = "",
    site: str = "",
) -> str:
    """The line a social worker reads in their worklist, in their own language."""
    days = abs(offset_days)
    if action == WorklistAction.ACCESSORIES_MISSING:
        return gettext(
            locale,
            "The device came back without: %(missing)s. Ask the beneficiary to bring it back.",
            missing=accessory_names(accessories_missing, locale),
        )
    if action == WorklistAction.DEVICE_AVAILABLE:
        what = Category.label_of(category, locale)
        if site:
            return gettext(
                locale,
                "A device (%(category)s) is ready at %(site)s for the first person on the waiting "
                "list: lend it.",
                category=in_sentence(what),
                site=site,
            )
        return gettext(
            locale,
            "A device (%(category)s) is ready for the first person on the waiting list: lend it.",
            category=in_sentence(what),
        )
    if action == WorklistAction.PRINT_LETTER:
        return gettext(locale, "Print the reminder letter and give or post it to the beneficiary.")
    if action == WorklistAction.CONTACT_BENEFICIARY:
        return ngettext(
            locale,
            "The device is %(days)s day late: contact the beneficiary.",
            "The device is %(days)s days late: contact the beneficiary.",
            days,
            days=days,
        )
    if action == WorklistAction.DECIDE:
        return ngettext(
            locale,
            "The device is %(days)s day late: renew the loan, recover the device or report it lost.",
            "The device is %(days)s days late: renew the loan, recover the device or report it lost.",
            days,
            days=days,
        )
    if action == WorklistAction.DELIVERY_FAILED:
        return gettext(
            locale,
            "The reminder could not be sent by %(channel)s: reach the beneficiary another way.",
            channel=channel_label(channel, locale),
        )
    return gettext(locale, "A reminder was sent by %(channel)s.", channel=channel_label(channel, locale))
