"""A realistic demo data set (`relais seed-demo`): sites, a user per role, donors' pallets
imported from spreadsheets, devices in every stage, loans, schools with vouchers, and a
stock count — all made through the services, as people would, so every event is real.

The figures are fixed (the report tests rely on them):
41 devices: received 6, wiped 4, refurbished 3, available 8, on_loan 6, returned 2, lost 1,
reserved 2, allocated 4, in_repair 2, retired 3; 9 loans (6 active, 2 returned, 1 lost);
3 schools, 1 programme, 3 vouchers (6 units).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from inventory.accounts import service as accounts
from inventory.accounts.roles import Role
from inventory.accounts.service import CurrentUser
from inventory.devices import imports, stocktake
from inventory.devices import service as devices
from inventory.devices.importing import Defaults
from inventory.devices.schemas import (
    DeviceIntake,
    RefurbishAction,
    RetireAction,
    WipeAction,
)
from inventory.devices.tables import Device
from inventory.devices.vocabulary import (
    Action,
    Category,
    ChecklistItem,
    CheckResult,
    Grade,
    Verification,
    WipeMethod,
    WipeResult,
)
from inventory.errors import N_, Conflict
from inventory.loans import service as loans
from inventory.loans.schemas import BeneficiaryCreate, LoanCreate
from inventory.loans.vocabulary import Language, ReturnCondition
from inventory.schools import redemptions
from inventory.schools import service as schools
from inventory.schools.schemas import (
    EquipmentRegistration,
    ProgrammeCreate,
    RedemptionRequest,
    SchoolCreate,
    VoucherIssue,
)
from inventory.sites import service as sites
from inventory.sites.tables import SiteKind

SITES = [
    ("atelier", "Atelier de reconditionnement", SiteKind.WORKSHOP, "Rue Haute 298A, 1000 Bruxelles"),
    ("antenne-nord", "Antenne sociale Nord", SiteKind.ANTENNA, "Rue de Laeken 101, 1000 Bruxelles"),
    ("antenne-sud", "Antenne sociale Sud", SiteKind.ANTENNA, "Rue Blaes 52, 1000 Bruxelles"),
    (
        "epn-marolles",
        "Espace numérique des Marolles",
        SiteKind.DIGITAL_SPACE,
        "Rue des Renards 8, 1000 Bruxelles",
    ),
    (
        "epn-laeken",
        "Espace numérique de Laeken",
        SiteKind.DIGITAL_SPACE,
        "Bd Émile Bockstael 246, 1020 Laeken",
    ),
    ("bus", "Bus numérique", SiteKind.BUS, ""),
    ("home-tilleuls", "Résidence Les Tilleuls", SiteKind.REST_HOME, "Av. des Tilleuls 12, 1000 Bruxelles"),
]
USERS = [
    ("coordination", Role.ADMIN, "fr"),
    ("amina", Role.TECHNICIAN, "fr"),
    ("lucas", Role.TECHNICIAN, "nl"),
    ("sophie", Role.SOCIAL_WORKER, "fr"),
    ("karim", Role.SOCIAL_WORKER, "fr"),
]
SCHOOLS = [
    (
        "École communale des Tilleuls",
        "1001",
        "Rue des Tilleuls 4, 1000 Bruxelles",
        "direction@tilleuls.example",
    ),
    ("Athénée Royal de Laeken", "2002", "Rue Champ de l'Église 50, 1020 Laeken", "secretariat@arl.example"),
    ("Institut Saint-Joseph", "3003", "Rue du Midi 120, 1000 Bruxelles", "info@isj.example"),
]
BENEFICIARIES = [
    ("Fatima El Amrani", Language.FR, "+32 470 12 34 56", None, "antenne-nord"),
    ("Jean Dupont", Language.FR, None, None, "antenne-sud"),
    ("Marie Claes", Language.NL, "+32 486 22 33 44", "marie.claes@example.org", "antenne-nord"),
    ("Mohammed Benali", Language.FR, "+32 465 98 76 54", None, "antenne-sud"),
    ("Olena Kovalenko", Language.EN, None, "olena.k@example.org", "antenne-nord"),
    ("Lucas Peeters", Language.NL, None, None, "antenne-sud"),
    ("Aïcha Diallo", Language.FR, "+32 479 11 22 33", None, "antenne-nord"),
    ("Stefan Popescu", Language.EN, "+32 488 55 66 77", None, "antenne-sud"),
    ("Nadia Haddad", Language.FR, None, None, "antenne-nord"),
]

# SPF Finances' pallet as their IT department sends it: Belgian Excel (semicolons,
# Windows-1252) with French headers. 20 laptops, 4 desktops, 2 monitors.
_SPF_MODELS = [("Dell", "Latitude 5490"), ("HP", "EliteBook 840 G5"), ("Lenovo", "ThinkPad T480")]


def spf_pallet() -> bytes:
    lines = ["Catégorie;Marque;Modèle;Numéro de série;N° d'inventaire;Mémoire (Go);Stockage;Remarques"]
    for number in range(20):
        make, model = _SPF_MODELS[number % 3]
        lines.append(
            f"Portable;{make};{model};SPF-LT-{number + 1:04d};FIN/{2019000 + number};8;256 Go SSD;"
            + ("Clavier AZERTY" if number % 2 else "")
        )
    for number in range(4):
        serial, inventory_number = f"SPF-PC-{number + 1:04d}", f"FIN/{2018500 + number}"
        lines.append(f"Ordinateur fixe;Fujitsu;Esprimo D556;{serial};{inventory_number};8;500 Go HDD;")
    for number in range(2):
        lines.append(f"Écran;Dell;P2219H;SPF-MON-{number + 1:04d};FIN/{2017300 + number};;;Pied abîmé")
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


REGION = "Région de Bruxelles-Capitale"


def region_delivery() -> bytes:
    """The Region's delivery, exported from its Snipe-IT: 4 tablets and 4 phones."""
    lines = ["Asset Tag,Serial Number,Model Name,Manufacturer,Category,Company,Notes,Status"]
    for number in range(4):
        tag, serial = f"RBC-T{number + 1:03d}", f"DMPX{40000 + number}"
        lines.append(f"{tag},{serial},iPad 6,Apple,Tablet,{REGION},,Ready")
    for number in range(4):
        lines.append(
            f"RBC-P{number + 1:03d},R58M{70000 + number},Galaxy A52,Samsung,Smartphone,"
            f'{REGION},"Écran fêlé, fonctionne",Ready'
        )
    return ("\n".join(lines) + "\n").encode()


PASSED_WIPE = WipeAction(
    method=WipeMethod.NIST_PURGE,
    result=WipeResult.PASSED,
    tool="nwipe 0.37",
    passes=1,
    verification=Verification.LAST_PASS,
    storage_serials=[],
)
FAILED_WIPE = WipeAction(
    method=WipeMethod.NIST_PURGE, result=WipeResult.FAILED, tool="nwipe 0.37", notes="secteurs défectueux"
)
PHONE_WIPE = WipeAction(
    method=WipeMethod.FACTORY_RESET, result=WipeResult.PASSED, verification=Verification.NONE
)


@dataclass
class DemoResult:
    password: str
    users: dict[str, str] = field(default_factory=dict)  # username -> role
    devices: int = 0


async def seed_demo(password: str | None = None, *, today: date | None = None) -> DemoResult:
    """Fill an empty database with the demo set; refuse one that already holds devices."""
    if await Device.count():
        raise Conflict(N_("the database already holds devices: seed-demo only fills an empty one"))
    password = password or secrets.token_urlsafe(12)
    result = DemoResult(password=password)
    today = today or schools.today()
    for code, name, kind, address in SITES:
        await sites.create_site(code, name, kind, address)
    people: dict[str, CurrentUser] = {}
    for username, role, language in USERS:
        user = await accounts.create_user(username, password, role, None, language)
        people[username] = CurrentUser(id=user["id"], username=username, role=role, language=language)
        result.users[username] = role.value
    admin, amina, lucas = people["coordination"], people["amina"], people["lucas"]
    tags = await _collect(amina, lucas)
    await _workshop(tags, amina, lucas)
    await _loans(tags, people["sophie"], people["karim"], amina, today)
    school_users = await _schools(tags, admin, amina, password, today)
    result.users.update(school_users)
    await _stock_count(tags, lucas)
    result.devices = await Device.count()
    return result


async def _collect(amina: CurrentUser, lucas: CurrentUser) -> list[str]:
    """Three donors: two spreadsheets imported, a handful of phones registered by hand.
    Returns the asset tags in order; tags[0] is device 1 of the plan in the module docstring."""
    await imports.run_import(
        spf_pallet(),
        amina,
        filename="SPF Finances - palette 2026-03.csv",
        defaults=Defaults(donor="SPF Finances", batch="SPF-2026-03", site="atelier"),
    )
    await imports.run_import(
        region_delivery(),
        lucas,
        filename="rbc-snipeit-export.csv",
        defaults=Defaults(batch="RBC-2026-04", site="atelier"),
    )
    for number in range(6):
        await devices.intake(
            DeviceIntake(
                category=Category.PHONE,
                make="Apple",
                model="iPhone 8",
                serial_number=f"F2LX{81000 + number}",
                donor="Proximus",
                donor_ref=f"PXS-{5000 + number}",
                batch="PXS-2026-05",
                site="atelier",
            ),
            lucas,
        )
    rows = await Device.select(Device.asset_tag).order_by(Device.id)
    return [row["asset_tag"] for row in rows]


def _checklist() -> dict[ChecklistItem, CheckResult]:
    return {item: CheckResult.PASS for item in ChecklistItem}


async def _make_available(
    tag: str, actor: CurrentUser, *, phone: bool = False, stop: str = "available"
) -> None:
    await devices.wipe(tag, PHONE_WIPE if phone else PASSED_WIPE, actor)
    if stop == "wiped":
        return
    grade = Grade.A if int(tag[-1]) % 3 else Grade.B
    await devices.refurbish(
        tag, RefurbishAction(checklist=_checklist(), grade=grade, os="Linux Mint 22"), actor
    )
    if stop == "refurbished":
        return
    await devices.transition(tag, Action.LABEL, actor)


def device(tags: list[str], number: int) -> str:
    """Device `number` (1-based) of the plan."""
    return tags[number - 1]


# Tablets and phones (27 to 40) are wiped by a factory reset; phones are 31 to 40.
MOBILES = set(range(27, 41))
PHONES = set(range(31, 41))


async def _workshop(tags: list[str], amina: CurrentUser, lucas: CurrentUser) -> None:
    for number in (1, 2, 3, 4, 5, 27, 28, 31, 32, 6, 7, 8, 9, 10, 11, 12, 13, 21, 29, 30, 33, 34):
        await _make_available(device(tags, number), amina, phone=number in MOBILES)
    for number in (14, 22, 35):
        await _make_available(device(tags, number), lucas, phone=number in MOBILES, stop="refurbished")
    for number in (15, 23, 36, 37, 17):
        await _make_available(device(tags, number), lucas, phone=number in MOBILES, stop="wiped")
    await devices.transition(
        device(tags, 16), Action.SEND_TO_REPAIR, amina, details={"reason": "Ne démarre pas"}
    )
    await devices.transition(
        device(tags, 17), Action.SEND_TO_REPAIR, amina, details={"reason": "Charnière cassée"}
    )
    # Never wiped here: they leave with the recycler's certificate of destruction as proof.
    for number, reason in ((25, "recycled"), (24, "beyond_repair"), (38, "parts")):
        proof = RetireAction(reason=reason, destruction_certificate_ref=f"RECUPEL-2026-{1000 + number}")
        await devices.retire(device(tags, number), proof, amina)
    await devices.wipe(device(tags, 18), FAILED_WIPE, amina)
    for number, site in (
        (11, "antenne-nord"),
        (12, "antenne-nord"),
        (29, "antenne-nord"),
        (13, "epn-marolles"),
        (33, "epn-marolles"),
    ):
        await devices.transfer(device(tags, number), site, lucas)
        await devices.receive_transfer(device(tags, number), lucas)


async def _loans(
    tags: list[str], sophie: CurrentUser, karim: CurrentUser, amina: CurrentUser, today: date
) -> None:
    beneficiary_ids = []
    for index, (name, language, phone, email, site) in enumerate(BENEFICIARIES):
        worker = sophie if site == "antenne-nord" else karim
        created = await loans.create_beneficiary(
            BeneficiaryCreate(
                full_name=name,
                language=language,
                consent_recorded_on=today - timedelta(days=index),
                phone=phone,
                email=email,
                site=site,
            ),
            worker,
        )
        beneficiary_ids.append((created.id, worker))
    lent = {}
    for index, number in enumerate((1, 2, 3, 4, 5, 27, 28, 31, 32)):
        beneficiary_id, worker = beneficiary_ids[index]
        loan = await loans.lend(
            LoanCreate(
                asset_tag=device(tags, number),
                beneficiary_id=beneficiary_id,
                due_on=today + timedelta(days=30 + 15 * (index % 4)),
                accessories=["charger"] if number not in PHONES else ["charger", "case"],
            ),
            worker,
        )
        lent[number] = (loan.id, worker)
    await loans.give_back(lent[1][0], ReturnCondition.GOOD, "", lent[1][1])
    await loans.give_back(lent[27][0], ReturnCondition.DAMAGED, "Écran rayé", amina)
    await loans.report_lost(lent[31][0], "Volé dans le tram, déclaration de police faite", lent[31][1])


async def _schools(
    tags: list[str], admin: CurrentUser, amina: CurrentUser, password: str, today: date
) -> dict[str, str]:
    school_ids = []
    users: dict[str, str] = {}
    for name, fase, address, email in SCHOOLS:
        school = await schools.create_school(
            SchoolCreate(name=name, fase_number=fase, address=address, contact_email=email)
        )
        school_ids.append(school["id"])
        username = f"ecole-{fase}"
        await accounts.create_user(username, password, Role.SCHOOL, school["id"], "fr")
        users[username] = Role.SCHOOL.value
    programme = await schools.create_programme(
        ProgrammeCreate(
            name="Plan de relance numérique",
            funder="Ville de Bruxelles",
            starts_on=date(today.year, 1, 1),
            ends_on=date(today.year + 1, 6, 30),
        )
    )
    expires = today + timedelta(days=180)
    vouchers = [
        await schools.issue_voucher(
            VoucherIssue(
                programme_id=programme["id"],
                school_id=school_ids[index],
                quantity=quantity,
                expires_on=expires,
                category=Category.LAPTOP,
            ),
            admin,
        )
        for index, quantity in enumerate((3, 2, 1))
    ]
    handed = await redemptions.request_redemption(vouchers[0]["code"], RedemptionRequest(quantity=3), admin)
    for number in (6, 7, 8):
        await redemptions.reserve_device(handed["id"], device(tags, number), amina)
    await redemptions.hand_over(handed["id"], amina)
    reserved = await redemptions.request_redemption(vouchers[1]["code"], RedemptionRequest(quantity=2), admin)
    for number in (9, 10):
        await redemptions.reserve_device(reserved["id"], device(tags, number), amina)
    await redemptions.register_equipment(
        vouchers[2]["code"],
        EquipmentRegistration(
            category=Category.LAPTOP,
            make="Lenovo",
            model="ThinkPad E14 Gen 5",
            serial_number="PF4XK2Z9",
            supplier="Informatique Bruxelles SRL",
            invoice_ref="F-2026-0412",
        ),
        admin,
    )
    return users


async def _stock_count(tags: list[str], lucas: CurrentUser) -> None:
    """The count at the northern antenna: one device missing, one from the Marolles on the
    shelf (misplaced), an unknown sticker."""
    count = await stocktake.open_count("antenne-nord", lucas, "Inventaire trimestriel")
    for code in (device(tags, 11), device(tags, 29), device(tags, 13), "INCONNU-42"):
        await stocktake.record_scan(count.id, code, lucas)
    await stocktake.close_count(count.id, lucas)
