"""Steps that fill a register through the service functions (no HTTP): the audit's tests and the
stateful property test share them."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from inventory import db
from inventory.accounts.roles import Role
from inventory.accounts.service import CurrentUser
from inventory.devices import service as devices
from inventory.devices.schemas import DeviceIntake, LabelAction, RefurbishAction, WipeAction
from inventory.devices.vocabulary import Category, ChecklistItem, WipeMethod, WipeResult
from inventory.loans import service as loans
from inventory.loans.schemas import BeneficiaryCreate, LoanCreate
from inventory.schools import redemptions
from inventory.schools import service as schools
from inventory.schools.schemas import ProgrammeCreate, RedemptionRequest, SchoolCreate, VoucherIssue
from inventory.sites import service as sites
from inventory.sites.tables import SiteKind
from tests.conftest import make_user

SITES = ("atelier", "antenne-nord", "epn-marolles")
_serials = itertools.count(1)


def wipe_action(
    result: WipeResult = WipeResult.PASSED, method: WipeMethod = WipeMethod.NIST_PURGE
) -> WipeAction:
    return WipeAction(
        method=method,
        result=result,
        tool="nwipe 0.37",
        storage_serials=["WD-WX41A1234567"],
        started_at=datetime(2026, 11, 20, 9, tzinfo=UTC),
        finished_at=datetime(2026, 11, 20, 10, tzinfo=UTC),
    )


REFURBISHMENT = RefurbishAction(
    checklist={item: "pass" for item in ChecklistItem}, grade="A", os="Linux Mint 22"
)


@dataclass
class Register:
    """An actor with every right, the sites, a beneficiary, a school and its voucher."""

    actor: CurrentUser
    beneficiary_id: int
    school_id: int
    voucher_code: str

    async def intake(self, site: str = "atelier") -> str:
        serial = f"SN-{next(_serials):07d}"
        intake = DeviceIntake(
            category=Category.LAPTOP, make="Dell", model="Latitude 5490", serial_number=serial, site=site
        )
        return (await devices.intake(intake, self.actor)).device.asset_tag

    async def available(self) -> str:
        tag = await self.intake()
        await devices.wipe(tag, wipe_action(), self.actor)
        await devices.refurbish(tag, REFURBISHMENT, self.actor)
        await devices.label(tag, LabelAction(), self.actor)
        return tag

    async def lend(self, tag: str) -> int:
        due_on = loans.today() + timedelta(days=30)
        loan = await loans.lend(
            LoanCreate(asset_tag=tag, beneficiary_id=self.beneficiary_id, due_on=due_on), self.actor
        )
        return loan.id

    async def request(self, quantity: int = 1) -> int:
        redemption = await redemptions.request_redemption(
            self.voucher_code, RedemptionRequest(quantity=quantity), self.actor
        )
        return redemption["id"]


_schools = itertools.count(1)


async def open_register(username: str = "coordinator") -> Register:
    """Users, sites, a beneficiary and a school with a voucher of many units, in a migrated database."""
    user = await make_user(username, Role.ADMIN)
    actor = CurrentUser(id=user["id"], username=username, role=Role.ADMIN, language="en")
    for code in SITES:
        await sites.create_site(code, code.title(), SiteKind.OTHER)
    return await add_parties(actor)


async def add_parties(actor: CurrentUser) -> Register:
    """A new beneficiary, school, programme and voucher (each example of the state machine has its own)."""
    number = next(_schools)
    beneficiary = await loans.create_beneficiary(
        BeneficiaryCreate(
            full_name=f"Beneficiary {number}", language="fr", consent_recorded_on=date(2026, 1, 5)
        ),
        actor,
    )
    school = await schools.create_school(
        SchoolCreate(name=f"School {number}", fase_number=f"{9000 + number}")
    )
    programme = await schools.create_programme(ProgrammeCreate(name=f"Plan {number}"))
    voucher = await schools.issue_voucher(
        VoucherIssue(
            programme_id=programme["id"],
            school_id=school["id"],
            quantity=500,
            expires_on=schools.today() + timedelta(days=365),
        ),
        actor,
    )
    return Register(actor, beneficiary.id, school["id"], voucher["code"])


async def fingerprint() -> tuple[Any, ...]:
    """Everything an action may write, to prove that a refused one wrote nothing."""
    queries = (
        "SELECT id, stage, version, site, transfer_to, school_id, loan_due_on FROM device ORDER BY id",
        "SELECT count(*) AS n, max(id) AS last FROM device_event",
        "SELECT count(*) AS n, max(id) AS last FROM wipe_record",
        "SELECT id, status, due_on FROM loan ORDER BY id",
        "SELECT id, status, reserved FROM redemption ORDER BY id",
        "SELECT id, released_at FROM redemption_device ORDER BY id",
        "SELECT id, remaining, status FROM voucher ORDER BY id",
    )
    state = []
    for sql in queries:
        state.append(tuple(tuple(row.values()) for row in await db.fetch(sql)))
    return tuple(state)


async def last_device_id() -> int:
    rows = await db.fetch("SELECT max(id) AS last FROM device")
    return rows[0]["last"] or 0
