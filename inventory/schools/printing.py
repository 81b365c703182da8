"""Printing vouchers and delivery notes in their school's language, drawn off the event loop."""

from __future__ import annotations

from collections.abc import Sequence

from inventory.offload import Work
from inventory.offload import run as offload
from inventory.schools.delivery_note import render_delivery_note
from inventory.schools.rows import DeliveryNote, VoucherRow
from inventory.schools.service import now
from inventory.schools.voucher_pdf import render_vouchers
from inventory.settings import get_settings


async def vouchers_pdf(vouchers: Sequence[VoucherRow], override: str | None = None) -> bytes:
    """One page per voucher, each in its school's language unless the download asks for
    another (`override`); a batch is drawn by a worker process, a single voucher by a thread."""
    settings = get_settings()
    return await offload(
        Work.PRINT_BATCH if len(vouchers) > 1 else Work.DOCUMENT,
        render_vouchers,
        vouchers,
        organisation=settings.org_name,
        address=settings.base_url,
        override=override,
        timezone=settings.timezone,
        printed_at=now(),
    )


async def delivery_note_pdf(note: DeliveryNote, override: str | None = None) -> bytes:
    """The delivery note of a hand-over, in the school's language unless `override` names another."""
    settings = get_settings()
    return await offload(
        Work.DOCUMENT,
        render_delivery_note,
        note,
        organisation=settings.org_name,
        override=override,
        timezone=settings.timezone,
    )
