"""What loans install on the parts below them (devices, metrics), which cannot import loans.

Called through inventory/hooks.py by the composition roots (app.py, cli.py) as they start.
"""

from __future__ import annotations

from inventory import metrics
from inventory.devices import service as devices
from inventory.loans import reminders, service, waiting_list


def install() -> None:
    # A lost device found again: the loan that lost it records the day, in the same transaction.
    devices.when_found(service.date_found_loan)
    # A device that becomes available: the first person waiting for one is offered it.
    devices.when_available(waiting_list.offer_device)
    # /metrics reports the reminders waiting to be sent.
    metrics.observe_outbox(reminders.outbox_state)
