"""What schools install on the domains below them, which cannot import schools themselves.

Called through inventory/hooks.py by the composition roots (app.py, cli.py) as they start.
"""

from __future__ import annotations

from inventory.accounts import service as accounts
from inventory.devices import service as devices
from inventory.schools import redemptions, service


def install() -> None:
    # A school's POST /api/v1/devices registers equipment bought with its voucher.
    devices.handle_school_intake(redemptions.intake_from_devices_api)
    # A device reserved or handed over on a voucher for one category keeps that category.
    devices.before_correct(redemptions.refuse_category_change)
    # An admin creating a school user names an existing school.
    accounts.recognise_schools(service.school_exists)
