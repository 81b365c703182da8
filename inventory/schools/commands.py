"""The `relais` subcommands of schools, collected by inventory/cli.py."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date
from pathlib import Path

from inventory.contributions import Commands, run_with_database
from inventory.i18n import ngettext

COMMANDS = Commands()
command = COMMANDS.command


def _issue_arguments(parser: argparse.ArgumentParser) -> None:
    from inventory.devices.vocabulary import Category
    from inventory.i18n import LOCALES
    from inventory.numbers import RowId
    from inventory.schools.schemas import Quantity
    from inventory.text import argument

    parser.add_argument("--programme-id", type=argument(RowId), required=True)
    schools = parser.add_mutually_exclusive_group(required=True)
    schools.add_argument(
        "--school-id", type=argument(RowId), action="append", dest="school_ids", help="repeat for each school"
    )
    schools.add_argument("--all-schools", action="store_true", help="one voucher for every school")
    parser.add_argument("--quantity", type=argument(Quantity), required=True, help="devices per voucher")
    parser.add_argument("--expires-on", type=date.fromisoformat, required=True, help="YYYY-MM-DD")
    parser.add_argument("--category", choices=[c.value for c in Category], default=None)
    parser.add_argument("--pdf", type=Path, required=True, help="where to write the PDF of every voucher")
    parser.add_argument(
        "--lang",
        choices=LOCALES,
        default=None,
        help="one language for all (default: each school's)",
    )


@command(
    "issue-vouchers",
    "issue one voucher per school of a list and write them all to one PDF for posting",
    _issue_arguments,
)
def issue_vouchers(arguments: argparse.Namespace) -> int:
    import msgspec

    from inventory.accounts.roles import Role
    from inventory.accounts.service import CurrentUser
    from inventory.errors import DomainError
    from inventory.schools import codes, service
    from inventory.schools.schemas import VoucherBatchIssue
    from inventory.schools.voucher_pdf import render_vouchers
    from inventory.settings import get_settings

    # The command line is the operator's own authority; events and rows name who ran it.
    actor = CurrentUser(id=0, username=f"cli:{getpass.getuser()}"[:64], role=Role.ADMIN)

    async def work() -> tuple[dict, list[dict]]:
        school_ids = arguments.school_ids
        if arguments.all_schools:
            school_ids = await service.all_school_ids()
        request = msgspec.convert(
            {
                "programme_id": arguments.programme_id,
                "school_ids": school_ids,
                "quantity": arguments.quantity,
                "expires_on": arguments.expires_on,
                "category": arguments.category,
            },
            VoucherBatchIssue,
        )
        return await service.issue_batch(request, actor)

    try:
        batch, vouchers = run_with_database(work)
    except msgspec.ValidationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except DomainError as error:
        print(f"error: {error.detail}", file=sys.stderr)
        return 2
    settings = get_settings()
    pdf = render_vouchers(
        vouchers,
        organisation=settings.org_name,
        address=settings.base_url,
        override=arguments.lang,
        timezone=settings.timezone,
        printed_at=service.now(),
    )
    arguments.pdf.parent.mkdir(parents=True, exist_ok=True)
    arguments.pdf.write_bytes(pdf)
    for voucher in vouchers:
        print(f"{codes.display(voucher['code'])}\t{voucher['school']}\t{voucher['school_name']}")
    print(
        ngettext(
            "en",
            "issued %(num)s voucher in batch %(batch)s; PDF written to %(pdf)s",
            "issued %(num)s vouchers in batch %(batch)s; PDF written to %(pdf)s",
            len(vouchers),
            batch=batch["id"],
            pdf=arguments.pdf,
        )
    )
    return 0


def _expire_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD, default today")


@command("expire-vouchers", "mark expired the vouchers whose last day has passed", _expire_arguments)
def expire_vouchers(arguments: argparse.Namespace) -> int:
    from inventory.schools import service

    expired = run_with_database(lambda: service.expire_vouchers(arguments.today))
    for code in expired:
        print(code)
    print(ngettext("en", "expired %(num)s voucher", "expired %(num)s vouchers", len(expired)))
    return 0
