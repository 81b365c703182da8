"""The reminder sweep: claim due reminders in the database, send each one once, record the outcome.

Exactly once, as far as a network allows. A sweep claims due rows in one short write
transaction (`FOR UPDATE SKIP LOCKED` on PostgreSQL; an IMMEDIATE transaction, so one writer at
a time, on SQLite): each claimed row becomes `sending` with the sweep's token and a lease in
`next_attempt_at`, so no other sweep, in this process or another, can claim it while the lease
runs. The sweep then sends outside any transaction and marks the row `sent` (only while its
token still holds the row) together with the row's worklist entry.

The trade-off: a process that dies after the mail server accepted a message but before the
`sent` mark committed leaves a `sending` row whose lease runs out; the next sweep sends it again.
We chose that (at least once across a crash, in a window of milliseconds) over losing a
reminder (at most once): a missed return reminder costs a device, a duplicate costs a second
e-mail, which carries the same Message-ID so that mail systems can fold it. Outside a crash
there are no duplicates: every send is bounded by SEND_TIMEOUT_SECONDS and a sweep stops using
a claim well before its lease ends (releasing what it has not sent), so a live sender is never
overtaken.

Reminders whose time passed while no sweep ran are due rows, but nobody gets two messages
about one loan at once: when several steps of a loan to the same recipient are due, only the
latest is sent and the earlier ones become `skipped` (`skip_reason` `superseded`,
`superseded_by` the one sent). Which step is the latest is read from the database, not from
the sweep's batch, so two sweeping processes that each claimed one of the steps agree on it.

The same outbox carries waiting-list matches: a row with a reservation and no loan, telling
the social worker that a device is ready for the person they put on the list (its worklist
entry, written with the row, names the device). It goes out as a loan's reminder does, once,
and is cancelled instead when, by the time it is sent, the reservation no longer waits
(fulfilled or cancelled) or its worklist entry was settled: the news would be stale. A
reservation has at most one open offer, so two matches about one person are never due at once.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import formataddr
from types import TracebackType
from uuid import uuid4

from piccolo.columns import Column
from piccolo.custom_types import Combinable

from inventory import db, metrics, offload
from inventory.accounts.policy import display_name
from inventory.accounts.roles import Role
from inventory.accounts.service import CurrentUser
from inventory.contributions import stop_requested
from inventory.errors import N_, NotFound
from inventory.loans import schedule
from inventory.loans.channels.mail import OutgoingMail, SmtpMailer, is_permanent
from inventory.loans.channels.sms import SmsError, SmsGateway, configured_gateway
from inventory.loans.letters import render_letters
from inventory.loans.messages import OfferContext, ReminderContext, offer_text, reminder_text, staff_text
from inventory.loans.rows import LOAN_REMINDER_COLUMNS, OFFER_COLUMNS, LoanReminderRow, OfferRow, OutboxRow
from inventory.loans.tables import Reminder, WorklistEntry
from inventory.loans.vocabulary import (
    Channel,
    LoanStatus,
    Recipient,
    ReminderStatus,
    ReservationStatus,
    SkipReason,
    WorklistAction,
)
from inventory.rows import typed
from inventory.settings import Settings, get_settings

# Only ids and error class names are logged: reminders concern beneficiaries, who never appear in logs.
log = logging.getLogger("relais.reminders")

_CLAIM = """
UPDATE loan_reminder
SET status = 'sending', claim_token = {{}}, claimed_at = {{}}, next_attempt_at = {{}},
    attempts = attempts + 1
WHERE id IN (
    SELECT id FROM loan_reminder
    WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= {{}}
    ORDER BY next_attempt_at
    LIMIT {{}}
    {lock}
)
RETURNING id
"""
CLAIM_POSTGRES = _CLAIM.format(lock="FOR UPDATE SKIP LOCKED")
CLAIM_SQLITE = _CLAIM.format(lock="")

# Claimed but not attempted: back to where it was, as if never claimed.
_RELEASE = """
UPDATE loan_reminder
SET status = CASE WHEN attempts > 1 THEN 'failed' ELSE 'scheduled' END,
    attempts = attempts - 1, claim_token = NULL, next_attempt_at = {{}}
WHERE claim_token = {{}} AND status = 'sending' AND id IN ({ids})
"""

# The match's worklist entry: whether it is still open, and the device that is ready.
OFFER_ENTRY_COLUMNS: tuple[Column, ...] = (
    WorklistEntry.reminder,
    WorklistEntry.done_at.as_alias("offer_done_at"),
    WorklistEntry.device.asset_tag.as_alias("asset_tag"),
    WorklistEntry.device.make.as_alias("make"),
    WorklistEntry.device.model.as_alias("model"),
    WorklistEntry.device._.site._.name.as_alias("site_name"),
)


@dataclass
class SweepReport:
    """What one sweep did; `sent` counts by channel."""

    sent: collections.Counter[Channel] = field(default_factory=collections.Counter)
    failed: int = 0
    gave_up: int = 0
    cancelled: int = 0
    # Earlier steps of a loan not sent because a later one to the same recipient was due too.
    skipped: int = 0
    # Left for a later sweep, unattempted, because their channel was down during this one.
    deferred: int = 0
    # Claims that another sweep took over after their lease ran out (should stay 0).
    superseded: int = 0

    def sent_by_channel(self) -> dict[str, int]:
        return {channel.value: self.sent.get(channel, 0) for channel in Channel}

    @property
    def total_sent(self) -> int:
        return sum(self.sent.values())


def language_of(row: OutboxRow) -> str:
    """The recipient's language: the beneficiary's, or the social worker's for escalations
    (and for waiting-list matches, which are for the social worker)."""
    if isinstance(row, OfferRow) or row.recipient == Recipient.SOCIAL_WORKER:
        return row.social_worker_language or "fr"
    return row.beneficiary_language


def reminder_context(row: LoanReminderRow, organisation: str) -> ReminderContext:
    return ReminderContext(
        kind=row.kind,
        language=language_of(row),
        organisation=organisation,
        beneficiary_name=row.beneficiary_name,
        beneficiary_reference=row.beneficiary_reference,
        asset_tag=row.asset_tag,
        device=f"{row.make} {row.model}",
        due_on=row.due_on,
        offset_days=row.offset_days,
        site_name=row.site_name or "",
        site_address=row.site_address or "",
        social_worker_name=display_name(row.social_worker_full_name, row.social_worker_username),
        postal_address=row.postal_address or "",
    )


def offer_context(row: OfferRow, organisation: str) -> OfferContext:
    return OfferContext(
        language=language_of(row),
        organisation=organisation,
        beneficiary_reference=row.beneficiary_reference,
        category=row.category,
        asset_tag=row.asset_tag,
        device=f"{row.make} {row.model}",
        site_name=row.site_name or "",
    )


def still_wanted(row: OutboxRow) -> bool:
    """A loan's reminder while the loan runs; a match while the person waits and its worklist
    entry is open."""
    if isinstance(row, OfferRow):
        return row.reservation_status == ReservationStatus.WAITING and row.offer_open
    return row.loan_status == LoanStatus.ACTIVE


class Dispatcher:
    """The channels of one sweep: an SMTP session and an SMS gateway, when configured."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # "CPAS de Bruxelles <relais@...>": people recognise the organisation, not the address.
        sender = formataddr((settings.org_name, settings.mail_from))
        self.mailer = SmtpMailer(settings.smtp_url, sender) if settings.smtp_url else None
        self.sms: SmsGateway | None = configured_gateway(settings)
        self.mail_domain = settings.mail_from.rpartition("@")[2] or "localhost"
        self.failures_in_a_row: collections.Counter[Channel] = collections.Counter()

    def is_down(self, channel: Channel) -> bool:
        return self.failures_in_a_row[channel] >= schedule.CHANNEL_DOWN_AFTER

    def outcome(self, channel: Channel, error: BaseException | None) -> None:
        """Count transient failures in a row; a refused recipient says nothing about the server."""
        if error is None:
            self.failures_in_a_row[channel] = 0
        elif not _is_permanent(error):
            self.failures_in_a_row[channel] += 1

    async def __aenter__(self) -> Dispatcher:
        return self

    async def __aexit__(
        self,
        exception_type: type[BaseException] | None,
        exception: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.mailer is not None:
            await self.mailer.close()
        if self.sms is not None:
            await self.sms.close()

    def channel_for(self, row: OutboxRow) -> Channel:
        # A match is for the social worker: nothing of a beneficiary's channels.
        loan = row if isinstance(row, LoanReminderRow) else None
        return schedule.choose_channel(
            row.recipient,
            email=loan.email if loan else None,
            phone=loan.phone if loan else None,
            smtp_configured=self.mailer is not None,
            sms_configured=self.sms is not None,
            staff_email=row.social_worker_email,
        )

    async def send(self, channel: Channel, row: OutboxRow) -> None:
        """Deliver by e-mail or SMS; a letter or a worklist line is delivered by its worklist entry."""
        if channel not in (Channel.EMAIL, Channel.SMS):
            return
        if isinstance(row, OfferRow) or row.recipient == Recipient.SOCIAL_WORKER:
            if channel == Channel.EMAIL and self.mailer is not None:
                if isinstance(row, OfferRow):
                    staff = offer_text(offer_context(row, self.settings.org_name))
                    about = f"reservation-{row.reservation_id}"
                else:
                    staff = staff_text(reminder_context(row, self.settings.org_name))
                    about = f"loan-{row.loan_id}"
                await self.mailer.send(
                    OutgoingMail(
                        to=_address(row.social_worker_email),
                        subject=staff.subject,
                        body=staff.plain(),
                        language=language_of(row),
                        message_id=f"<reminder-{row.id}.{about}@{self.mail_domain}>",
                    )
                )
            return
        text = reminder_text(reminder_context(row, self.settings.org_name))
        if channel == Channel.EMAIL and self.mailer is not None:
            await self.mailer.send(
                OutgoingMail(
                    to=_address(row.email),
                    subject=text.subject,
                    body=text.plain(),
                    language=language_of(row),
                    message_id=f"<reminder-{row.id}.loan-{row.loan_id}@{self.mail_domain}>",
                )
            )
        elif channel == Channel.SMS and self.sms is not None:
            await self.sms.send(_address(row.phone), text.sms)


def _address(value: str | None) -> str:
    """The e-mail address or phone number of the channel chosen: `choose_channel` chooses a
    channel only when its address is there, so a missing one is a fault, recorded as a failure."""
    if not value:
        raise ValueError("no address for the channel chosen")
    return value


async def claim(at: datetime, token: str, limit: int) -> list[int]:
    """Take up to `limit` due reminders for this sweep; no other sweep gets them while the lease runs."""
    statement = CLAIM_POSTGRES if db.is_postgres(db.current_engine()) else CLAIM_SQLITE
    async with db.transaction():
        rows = await Reminder.raw(statement, token, at, at + schedule.CLAIM_LEASE, at, limit)
    return sorted(row["id"] for row in rows)


async def release(ids: list[int], token: str, at: datetime) -> None:
    placeholders = ", ".join("{}" for _ in ids)
    async with db.transaction():
        await Reminder.raw(_RELEASE.format(ids=placeholders), at, token, *ids)


async def _load(ids: list[int]) -> dict[int, OutboxRow]:
    """What sending needs of each claimed reminder, read in one query per batch (and two more
    when the batch holds waiting-list matches)."""
    rows = await Reminder.select(*LOAN_REMINDER_COLUMNS).where(
        Reminder.id.is_in(ids) & Reminder.loan.is_not_null()
    )
    loaded: dict[int, OutboxRow] = {row["id"]: typed(row, LoanReminderRow) for row in rows}
    offers = await Reminder.select(*OFFER_COLUMNS).where(
        Reminder.id.is_in(ids) & Reminder.reservation.is_not_null()
    )
    if offers:
        entries = await WorklistEntry.select(*OFFER_ENTRY_COLUMNS).where(
            WorklistEntry.reminder.is_in([offer["id"] for offer in offers])
        )
        by_reminder = {entry["reminder"]: entry for entry in entries}
        for offer in offers:
            entry = by_reminder.get(offer["id"])
            device = entry or {"asset_tag": "", "make": "", "model": "", "site_name": ""}
            loaded[offer["id"]] = typed(
                {
                    **offer,
                    **{name: device[name] for name in ("asset_tag", "make", "model", "site_name")},
                    "offer_open": entry is not None and entry["offer_done_at"] is None,
                },
                OfferRow,
            )
    return loaded


async def _latest_due_steps(
    rows: Mapping[int, OutboxRow], at: datetime
) -> dict[schedule.StepKey, tuple[int, int]]:
    """The latest due step of each loan and recipient of the batch, whoever claimed it."""
    loan_ids = sorted({row.loan_id for row in rows.values() if isinstance(row, LoanReminderRow)})
    if not loan_ids:
        return {}
    siblings = await Reminder.select(
        Reminder.id,
        Reminder.loan,
        Reminder.recipient,
        Reminder.offset_days,
        Reminder.due_at,
        Reminder.loan.due_on.as_alias("due_on"),
    ).where(
        Reminder.loan.is_in(loan_ids)
        & (Reminder.due_at <= at)
        & (Reminder.status != ReminderStatus.CANCELLED)
    )
    return schedule.latest_due_steps(siblings, get_settings().tz)


def _ours(reminder_id: int, token: str) -> Combinable:
    return (
        (Reminder.id == reminder_id)
        & (Reminder.claim_token == token)
        & (Reminder.status == ReminderStatus.SENDING)
    )


async def _add_worklist_entry(
    row: LoanReminderRow, channel: Channel, action: WorklistAction, at: datetime
) -> None:
    await WorklistEntry.insert(
        WorklistEntry(
            loan=row.loan_id,
            reminder=row.id,
            social_worker=row.social_worker_id,
            action=action,
            kind=row.kind,
            channel=channel,
            created_at=at,
        )
    )


async def _record_sent(row: OutboxRow, token: str, channel: Channel, at: datetime) -> bool:
    async with db.transaction():
        marked = (
            await Reminder.update(
                {
                    Reminder.status: ReminderStatus.SENT,
                    Reminder.sent_at: at,
                    Reminder.next_attempt_at: None,
                    Reminder.channel: channel,
                    Reminder.language: language_of(row),
                    Reminder.last_error: "",
                }
            )
            .where(_ours(row.id, token))
            .returning(Reminder.id)
        )
        # A match's worklist entry was written with it.
        if marked and isinstance(row, LoanReminderRow):
            action = schedule.worklist_action(row.kind, channel)
            await _add_worklist_entry(row, channel, action, at)
    return bool(marked)


def _error_text(error: BaseException) -> str:
    detail = str(error).strip()
    name = type(error).__name__
    return (f"{name}: {detail}" if detail else name)[:1000]


def _is_permanent(error: BaseException) -> bool:
    return is_permanent(error) or (isinstance(error, SmsError) and error.permanent)


async def _record_failure(
    row: OutboxRow, token: str, channel: Channel, error: BaseException, at: datetime
) -> bool:
    """Failed: retried after a back-off, or given up (permanent error, too many attempts)."""
    retry = None if _is_permanent(error) else schedule.retry_at(row.attempts, at)
    async with db.transaction():
        marked = (
            await Reminder.update(
                {
                    Reminder.status: ReminderStatus.FAILED,
                    Reminder.next_attempt_at: retry,
                    Reminder.channel: channel,
                    Reminder.language: language_of(row),
                    Reminder.last_error: _error_text(error),
                }
            )
            .where(_ours(row.id, token))
            .returning(Reminder.id)
        )
        # A match given up on is still in the worklist, as its own entry.
        if marked and retry is None and isinstance(row, LoanReminderRow):
            await _add_worklist_entry(row, channel, WorklistAction.DELIVERY_FAILED, at)
    return retry is None


async def _record_cancelled(row: OutboxRow, token: str, at: datetime) -> None:
    """The loan ended (or the reservation closed, its offer was settled) between the claim and
    the send: nothing goes out."""
    async with db.transaction():
        await Reminder.update(
            {
                Reminder.status: ReminderStatus.CANCELLED,
                Reminder.cancelled_at: at,
                Reminder.next_attempt_at: None,
            }
        ).where(_ours(row.id, token))


async def _record_skipped(row: OutboxRow, token: str, instead: int) -> None:
    async with db.transaction():
        await Reminder.update(
            {
                Reminder.status: ReminderStatus.SKIPPED,
                Reminder.skip_reason: SkipReason.SUPERSEDED,
                Reminder.superseded_by: instead,
                Reminder.next_attempt_at: None,
            }
        ).where(_ours(row.id, token))


async def _process(
    reminder_id: int,
    row: OutboxRow | None,
    token: str,
    clock: Callable[[], datetime],
    dispatcher: Dispatcher,
    report: SweepReport,
    latest: Mapping[schedule.StepKey, tuple[int, int]],
) -> None:
    if row is None or row.claim_token != token or row.status != ReminderStatus.SENDING:
        report.superseded += 1
        return
    if not still_wanted(row):
        await _record_cancelled(row, token, clock())
        report.cancelled += 1
        metrics.record_reminder("cancelled", "none")
        return
    instead = (
        None
        if isinstance(row, OfferRow)
        else schedule.superseded_by(reminder_id, row.loan_id, row.recipient, row.offset_days, latest)
    )
    if instead is not None:
        await _record_skipped(row, token, instead)
        report.skipped += 1
        metrics.record_reminder("skipped", dispatcher.channel_for(row).value)
        return
    channel = dispatcher.channel_for(row)
    if dispatcher.is_down(channel):
        await release([reminder_id], token, clock() + schedule.RETRY_DELAYS[0])
        report.deferred += 1
        return
    try:
        async with asyncio.timeout(schedule.SEND_TIMEOUT_SECONDS):
            await dispatcher.send(channel, row)
    except Exception as error:  # whatever a channel raises is recorded on the reminder and retried
        dispatcher.outcome(channel, error)
        gave_up = await _record_failure(row, token, channel, error, clock())
        report.failed += 1
        report.gave_up += int(gave_up)
        metrics.record_reminder("failed", channel.value)
        log.warning(
            "reminder %s: %s failed on attempt %s (%s)%s",
            reminder_id,
            channel.value,
            row.attempts,
            type(error).__name__,
            ", given up" if gave_up else "",
        )
        return
    dispatcher.outcome(channel, None)
    if not await _record_sent(row, token, channel, clock()):
        report.superseded += 1
        log.warning("reminder %s was sent after its claim had passed to another sweep", reminder_id)
    report.sent[channel] += 1
    metrics.record_reminder("sent", channel.value)


async def sweep(now: datetime | None = None, *, batch_size: int = schedule.CLAIM_BATCH_SIZE) -> SweepReport:
    """Send every reminder due at `now` (default: the clock), claiming them batch by batch."""
    started_at = now or datetime.now(UTC)
    origin = time.monotonic()

    def clock() -> datetime:
        # `now` is "as if": time moves on from it, so sent_at and leases stay in order.
        return started_at + timedelta(seconds=time.monotonic() - origin)

    token = uuid4().hex
    report = SweepReport()
    budget = schedule.CLAIM_LEASE.total_seconds() - schedule.LEASE_MARGIN_SECONDS
    async with Dispatcher(get_settings()) as dispatcher:
        # A stopping process (SIGTERM) claims nothing more and releases what it has not sent.
        while not stop_requested() and (ids := await claim(clock(), token, batch_size)):
            claimed = time.monotonic()
            rows = await _load(ids)
            latest = await _latest_due_steps(rows, clock())
            for position, reminder_id in enumerate(ids):
                if time.monotonic() - claimed > budget or stop_requested():
                    await release(ids[position:], token, clock())
                    break
                await _process(reminder_id, rows.get(reminder_id), token, clock, dispatcher, report, latest)
    if report.total_sent or report.failed or report.deferred or report.skipped:
        log.info(
            "reminder sweep: sent %s, failed %s (given up %s), deferred %s, skipped %s",
            report.sent_by_channel(),
            report.failed,
            report.gave_up,
            report.deferred,
            report.skipped,
        )
    return report


async def outbox_state(at: datetime) -> tuple[int, datetime | None]:
    """How many reminders are due at `at` and not sent yet (scheduled, or failed and due for
    another attempt), and since when the oldest of them is due (metrics)."""
    rows = await db.fetch(
        "SELECT COUNT(*) AS backlog, MIN(next_attempt_at) AS oldest FROM loan_reminder "
        "WHERE status IN ({}, {}) AND next_attempt_at <= {}",
        ReminderStatus.SCHEDULED.value,
        ReminderStatus.FAILED.value,
        at,
    )
    oldest = rows[0]["oldest"]
    if isinstance(oldest, str):  # SQLite returns the stored text
        oldest = datetime.fromisoformat(oldest)
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)
    return int(rows[0]["backlog"] or 0), oldest


async def pending_letters_pdf(actor: CurrentUser, printed_on: date) -> bytes:
    """The PDF of the letters waiting to be printed (the API's and the desk's), rendered in a
    worker process; NotFound when there is none."""
    letters = await pending_letters(actor)
    if not letters:
        raise NotFound(N_("no reminder letters to print"))
    return await offload.run(
        offload.Work.PRINT_BATCH,
        render_letters,
        letters,
        organisation=get_settings().org_name,
        printed_on=printed_on,
    )


async def pending_letters(actor: CurrentUser) -> list[ReminderContext]:
    """The letters waiting to be printed: open `print_letter` entries of the caller's worklist."""
    scope = WorklistEntry.done_at.is_null() & (WorklistEntry.action == WorklistAction.PRINT_LETTER)
    if actor.role != Role.ADMIN:
        scope = scope & (WorklistEntry.social_worker == actor.id)
    ids = [row["reminder"] for row in await WorklistEntry.select(WorklistEntry.reminder).where(scope)]
    if not ids:
        return []
    rows = await Reminder.select(*LOAN_REMINDER_COLUMNS).where(Reminder.id.is_in(ids)).order_by(Reminder.id)
    organisation = get_settings().org_name
    return [reminder_context(typed(row, LoanReminderRow), organisation) for row in rows]
