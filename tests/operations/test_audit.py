"""`relais audit`: a register built through the services is clean; every kind of planted
inconsistency (rows written directly, as a bug or a hand edit would) is found and named."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from inventory import db
from inventory.devices import service as devices
from inventory.devices.schemas import FinishRepairAction, FoundAction, LabelAction, RepairAction, RetireAction
from inventory.devices.tables import Device, Event
from inventory.devices.vocabulary import Stage
from inventory.loans import service as loans
from inventory.loans.tables import Loan
from inventory.loans.vocabulary import ReturnCondition
from inventory.reporting.audit import Check, findings_of_register
from inventory.schools import redemptions
from inventory.schools.tables import RedemptionDevice
from inventory.schools.vocabulary import ReturnReason
from inventory.sites.tables import Site
from tests.register_steps import REFURBISHMENT, Register, open_register, wipe_action

ROOT = Path(__file__).resolve().parents[2]


async def relais_audit(database_url: str, tmp_path: Path) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "RELAIS_DATABASE_URL": database_url,
        "RELAIS_SECRET_KEY": "test-secret-key-not-for-production",
        "PYTHONPATH": str(ROOT),
    }
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "inventory.cli", "audit", "--page-size", "3"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


async def device_id(tag: str) -> int:
    return (await devices.get_device(tag)).id


async def plant_event(
    tag: str, action: str, from_stage: str | None, to_stage: str, **details: object
) -> None:
    """An event written straight into the log, as a bug or a hand edit would (INSERT is allowed)."""
    await Event.insert(
        Event(
            device=await device_id(tag),
            action=action,
            from_stage=from_stage,
            to_stage=to_stage,
            actor="planted",
            at=datetime.now(UTC),
            details=details,
        )
    )


async def set_stage(tag: str, stage: str, *, wiped: bool | None = None) -> None:
    """The device row changed by hand; `wiped` sets the custody flag the stage rules read."""
    changes = {Device.stage: stage}
    if wiped is not None:
        changes[Device.wiped_since_custody_change] = wiped
    await Device.update(changes).where(Device.asset_tag == tag)


def lines_about(findings, tag: str) -> list[str]:
    return [finding.line() for finding in findings if finding.asset_tag == tag]


async def every_journey(register: Register) -> list[str]:
    """Devices in every stage, each through the path the services allow."""
    actor = register.actor
    tags = [await register.intake()]  # received
    wiped = await register.intake()
    await devices.wipe(wiped, wipe_action(), actor)
    tags.append(wiped)
    tags.append(await register.available())
    lent = await register.available()
    await register.lend(lent)
    tags.append(lent)
    returned = await register.available()
    await loans.give_back(await register.lend(returned), ReturnCondition.GOOD, "", actor)
    tags.append(returned)
    again = await register.available()
    await loans.give_back(await register.lend(again), ReturnCondition.GOOD, "", actor)
    await devices.wipe(again, wipe_action(), actor)
    await devices.refurbish(again, REFURBISHMENT, actor)
    await devices.label(again, LabelAction(), actor)
    await register.lend(again)
    tags.append(again)
    lost = await register.available()
    await loans.report_lost(await register.lend(lost), "stolen", actor)
    tags.append(lost)
    reserved, allocated = await register.available(), await register.available()
    waiting = await register.request(1)
    await redemptions.reserve_device(waiting, reserved, actor)
    handed = await register.request(1)
    await redemptions.reserve_device(handed, allocated, actor)
    await redemptions.hand_over(handed, actor)
    tags += [reserved, allocated]
    moved = await register.available()
    await devices.transfer(moved, "antenne-nord", actor)
    await devices.receive_transfer(moved, actor)
    await devices.transfer(moved, "epn-marolles", actor)
    tags.append(moved)
    retired = await register.intake()
    await devices.wipe(retired, wipe_action(), actor)
    await devices.retire(retired, RetireAction(reason="recycled"), actor)
    tags.append(retired)
    shredded = await register.intake()
    await devices.retire(
        shredded, RetireAction(reason="recycled", destruction_certificate_ref="RECY-2026-0042"), actor
    )
    tags.append(shredded)
    found = await register.available()
    await loans.report_lost(await register.lend(found), "stolen", actor)
    await devices.found(found, FoundAction(), actor)
    await devices.wipe(found, wipe_action(), actor)
    tags.append(found)
    repaired = await register.intake()
    await devices.send_to_repair(repaired, RepairAction(reason="hinge"), actor)
    await devices.finish_repair(repaired, FinishRepairAction(), actor)  # back to received
    await devices.wipe(repaired, wipe_action(), actor)
    await devices.send_to_repair(repaired, RepairAction(reason="disk"), actor)
    await devices.finish_repair(repaired, FinishRepairAction(storage_replaced=True), actor)
    tags.append(repaired)
    stayed = await register.available()
    await devices.transfer(stayed, "antenne-nord", actor)
    await devices.cancel_transfer(stayed, actor)
    await register.lend(stayed)
    tags.append(stayed)
    return tags


async def test_the_services_keep_the_custody_rule_the_audit_checks(database_url) -> None:
    """The journeys of the custody rule (repairs, found, proof of destruction) leave devices
    exactly where the audit's replay puts them."""
    register = await open_register()
    tags = await every_journey(register)
    stages_now = {tag: (await devices.get_device(tag)).stage for tag in tags[-4:]}
    assert list(stages_now.values()) == ["retired", "wiped", "received", "on_loan"]
    assert await findings_of_register() == []


async def test_a_register_built_through_the_services_is_clean(database_url, tmp_path) -> None:
    register = await open_register()
    tags = await every_journey(register)
    assert await findings_of_register(page_size=2) == []
    audited = await relais_audit(database_url, tmp_path)
    assert audited.returncode == 0, audited.stdout + audited.stderr
    assert audited.stdout.startswith(f"audited {len(tags)} devices, ")
    assert audited.stdout.rstrip().endswith(": no inconsistency")


async def test_a_device_given_back_by_a_school_is_in_no_custody(database_url) -> None:
    register = await open_register()
    tag = await register.available()
    redemption = await register.request(1)
    await redemptions.reserve_device(redemption, tag, register.actor)
    await redemptions.hand_over(redemption, register.actor)
    await redemptions.return_device(register.school_id, tag, ReturnReason.BROKEN, "", register.actor)
    assert await findings_of_register() == []
    # ...and once wiped again it can go to another school.
    await devices.wipe(tag, wipe_action(), register.actor)
    await devices.refurbish(tag, REFURBISHMENT, register.actor)
    await devices.label(tag, LabelAction(), register.actor)
    await redemptions.reserve_device(await register.request(1), tag, register.actor)
    assert await findings_of_register() == []


async def test_a_stored_stage_its_events_do_not_lead_to_is_found(database_url, tmp_path) -> None:
    register = await open_register()
    clean = await register.available()
    tag = await register.intake()
    await devices.wipe(tag, wipe_action(), register.actor)
    await set_stage(tag, Stage.AVAILABLE)
    findings = await findings_of_register()
    assert lines_about(findings, tag) == [
        f"{tag}: [stage] stored stage is 'available' but its events lead to 'wiped'"
    ]
    assert lines_about(findings, clean) == []
    audited = await relais_audit(database_url, tmp_path)
    assert audited.returncode == 1
    output = audited.stdout.splitlines()
    assert output[0] == f"{tag}: [stage] stored stage is 'available' but its events lead to 'wiped'"
    assert output[-1].startswith("audited 2 devices, 6 events, 0 loans and 0 school lines in ")
    assert output[-1].endswith(": 1 inconsistency on 1 device (stage: 1)")


async def test_an_event_the_stage_machine_refuses_is_found(database_url) -> None:
    register = await open_register()
    tag = await register.intake()
    await plant_event(tag, "label", "received", "available")
    await set_stage(tag, Stage.AVAILABLE)
    [finding] = await findings_of_register()
    assert finding.check == Check.HISTORY
    assert "'label' is not allowed on a device that is 'received'" in finding.message


async def test_an_event_that_does_not_follow_the_previous_one_is_found(database_url) -> None:
    register = await open_register()
    tag = await register.available()
    await plant_event(tag, "retire", "received", "retired", reason="recycled")
    await set_stage(tag, Stage.RETIRED)
    [finding] = await findings_of_register()
    assert finding.check == Check.HISTORY
    assert "recorded from 'received' but the device was 'available'" in finding.message


async def test_a_loan_after_a_return_without_a_new_wipe_is_found(database_url, tmp_path) -> None:
    register = await open_register()
    tag = await register.available()
    await loans.give_back(await register.lend(tag), ReturnCondition.GOOD, "", register.actor)
    # A forged wipe (its certificate has no wipe record), then the workshop steps, then a loan.
    await plant_event(tag, "wipe", "returned", "wiped", result="passed", certificate_number="RL-WC-999999")
    await plant_event(tag, "refurbish", "wiped", "refurbished")
    await plant_event(tag, "label", "refurbished", "available")
    await set_stage(tag, Stage.AVAILABLE, wiped=True)  # the flag forged too, or the service refuses
    await register.lend(tag)
    findings = await findings_of_register()
    messages = [(finding.check, finding.message) for finding in findings]
    assert messages[0][0] == Check.WIPE
    assert "certificate 'RL-WC-999999' no passed wipe record of this device has" in messages[0][1]
    assert messages[1][0] == Check.WIPE
    assert "(lend on " in messages[1][1] and "no passed wipe since its return on " in messages[1][1]
    assert messages[2] == (
        Check.STAGE,
        "stored flag says a passed wipe covers its custody since its last intake, return or found; "
        "its events say otherwise",
    )
    assert len(messages) == 3
    audited = await relais_audit(database_url, tmp_path)
    assert audited.returncode == 1
    assert audited.stdout.splitlines()[-1].endswith("(stage: 1, wipe: 2)")


async def test_a_reservation_without_a_wipe_since_intake_is_found(database_url) -> None:
    register = await open_register()
    tag = await register.intake()
    # The hole of issue 12: a repair that "finished" into wiped with no wipe at all.
    await plant_event(tag, "send_to_repair", "received", "in_repair", reason="screen")
    await plant_event(tag, "finish_repair", "in_repair", "wiped")
    await plant_event(tag, "refurbish", "wiped", "refurbished")
    await plant_event(tag, "label", "refurbished", "available")
    await set_stage(tag, Stage.AVAILABLE, wiped=True)
    await redemptions.reserve_device(await register.request(1), tag, register.actor)
    findings = await findings_of_register()
    wipe_findings = [f for f in findings if f.check == Check.WIPE]
    assert len(wipe_findings) == 1
    assert "(reserve on " in wipe_findings[0].message
    assert "no passed wipe since its intake on " in wipe_findings[0].message
    # The repair that "finished" into wiped is named where it happened.
    assert any(
        f.check == Check.HISTORY
        and "recorded to 'wiped' where the stage machine gives 'received'" in f.message
        for f in findings
    )


async def test_a_pending_transfer_or_a_site_no_event_shows_is_found(database_url) -> None:
    register = await open_register()
    pending, moved = await register.available(), await register.available()
    north = (await Site.select(Site.id).where(Site.code == "antenne-nord").first())["id"]
    await Device.update({Device.transfer_to: north}).where(Device.asset_tag == pending)
    await devices.transfer(moved, "epn-marolles", register.actor)
    await devices.receive_transfer(moved, register.actor)
    await Device.update({Device.site: north}).where(Device.asset_tag == moved)
    findings = await findings_of_register()
    assert [f.line() for f in findings] == [
        f"{pending}: [site] stored pending transfer is to 'antenne-nord' but its events say '-'",
        f"{moved}: [site] stored site is 'antenne-nord' but its last transfer arrived at 'epn-marolles'",
    ]


async def test_a_device_in_two_custodies_is_found(database_url, tmp_path) -> None:
    register = await open_register()
    tag = await register.available()
    loan_id = await register.lend(tag)
    redemption_id = await register.request(1)
    await RedemptionDevice.insert(
        RedemptionDevice(
            redemption=redemption_id,
            device=await device_id(tag),
            asset_tag=tag,
            reserved_at=datetime.now(UTC),
            reserved_by="planted",
        )
    )
    lines = lines_about(await findings_of_register(), tag)
    assert lines == [
        f"{tag}: [custody] in 2 custodies at once: active loan {loan_id}, "
        f"reservation for redemption {redemption_id}",
        f"{tag}: [custody] redemption {redemption_id} lists it but it has no reserve event",
        f"{tag}: [custody] reservation {redemption_id} is open but its events leave it 'on_loan'",
    ]
    audited = await relais_audit(database_url, tmp_path)
    assert audited.returncode == 1
    assert audited.stdout.splitlines()[-1].endswith("3 inconsistencies on 1 device (custody: 3)")


async def test_a_loan_written_without_its_lend_event_is_found(database_url) -> None:
    register = await open_register()
    tag = await register.available()
    today = loans.today()
    rows = await Loan.insert(
        Loan(
            device=await device_id(tag),
            beneficiary=register.beneficiary_id,
            social_worker=register.actor.id,
            starts_on=today,
            due_on=today + timedelta(days=30),
            status="active",
            created_at=datetime.now(UTC),
            updated_at=datetime.now(UTC),
        )
    ).returning(Loan.id)
    loan_id = rows[0]["id"]
    assert lines_about(await findings_of_register(), tag) == [
        f"{tag}: [custody] loan {loan_id} (active) has no lend event",
        f"{tag}: [custody] loan {loan_id} is open but its events leave it 'available'",
    ]


async def test_the_audit_reads_one_snapshot(database_url) -> None:
    """A device registered while the audit pages through the register is not half-seen."""
    from inventory.reporting import audit

    register = await open_register()
    for _ in range(3):
        await register.available()
    async with audit.snapshot() as fetch:
        first = await audit.read_page(fetch, 0, 2)
        late = await register.intake()
        await devices.wipe(late, wipe_action(), register.actor)
        rest = await audit.read_page(fetch, first[-1].id, 10)
    assert [len(record.events) for record in first + rest] == [4, 4, 4]
    assert late not in {record.asset_tag for record in first + rest}
    assert db.current_engine() is not None


async def test_the_upgrade_releases_the_lines_of_devices_schools_gave_back(database_url) -> None:
    """Before this release a school's return left its line open; the migration closes it."""
    import importlib

    upgrade = importlib.import_module(
        "inventory.schools.piccolo_migrations.schools_2026_12_06t19_30_00_000000"
    )
    register = await open_register()
    given_back, kept = await register.available(), await register.available()
    redemption = await register.request(2)
    for tag in (given_back, kept):
        await redemptions.reserve_device(redemption, tag, register.actor)
    await redemptions.hand_over(redemption, register.actor)
    await redemptions.return_device(register.school_id, given_back, ReturnReason.BROKEN, "", register.actor)
    *_, handed = await redemptions.delivery_note_parts(redemption, register.actor)
    assert sorted(line["asset_tag"] for line in handed) == sorted([given_back, kept])  # still delivered
    await RedemptionDevice.update({RedemptionDevice.released_at: None}).where(
        RedemptionDevice.asset_tag == given_back
    )
    [finding] = await findings_of_register()
    assert (
        finding.line()
        == f"{given_back}: [custody] allocation {redemption} is open but its events leave it 'returned'"
    )
    await upgrade.release_returned_lines()
    assert await findings_of_register() == []
    lines = {row["asset_tag"]: row for row in await RedemptionDevice.select()}
    assert lines[kept]["released_at"] is None
    assert lines[given_back]["released_by"] == "upgrade"
    assert lines[given_back]["released_at"] >= lines[given_back]["reserved_at"]


async def test_a_retirement_without_wipe_or_proof_is_found(database_url) -> None:
    register = await open_register()
    tag = await register.intake()
    await plant_event(tag, "retire", "received", "retired", reason="recycled")
    await set_stage(tag, Stage.RETIRED)
    [finding] = await findings_of_register()
    assert finding.check == Check.WIPE
    assert "retired with no passed wipe since its intake on " in finding.message
    assert finding.message.endswith("and no destruction certificate reference")


async def test_a_stored_wipe_flag_its_events_do_not_give_is_found(database_url) -> None:
    register = await open_register()
    tag = await register.intake()
    await set_stage(tag, Stage.RECEIVED, wiped=True)
    assert [finding.line() for finding in await findings_of_register()] == [
        f"{tag}: [stage] stored flag says a passed wipe covers its custody since its last intake, "
        "return or found; its events say otherwise"
    ]


async def test_a_loan_while_in_transit_is_found(database_url) -> None:
    register = await open_register()
    tag = await register.available()
    await devices.transfer(tag, "antenne-nord", register.actor)
    await plant_event(tag, "lend", "available", "on_loan", loan_id=None)
    await set_stage(tag, Stage.ON_LOAN)
    await Device.update({Device.transfer_to: None}).where(Device.asset_tag == tag)
    findings = [finding.message for finding in await findings_of_register()]
    assert any("'lend' while in transit to 'antenne-nord'" in message for message in findings)


async def test_corrections_in_a_history_are_no_inconsistency(database_url) -> None:
    """A `correct` event records the stage the device had, before and after: the replay follows."""
    from inventory.devices.schemas import DeviceCorrection

    register = await open_register()
    tag = await register.intake()
    await devices.correct(tag, DeviceCorrection(reason="typo", model="Latitude 7490"), register.actor)
    await devices.wipe(tag, wipe_action(), register.actor)
    await devices.correct(tag, DeviceCorrection(reason="donor", donor="SPF Finances"), register.actor)
    await devices.refurbish(tag, REFURBISHMENT, register.actor)
    await devices.label(tag, LabelAction(), register.actor)
    await register.lend(tag)
    assert await findings_of_register() == []
