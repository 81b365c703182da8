"""A database written by a previous release upgrades to the current schema and loses nothing."""

from __future__ import annotations

from inventory import db
from tests.upgrades.conftest import Upgraded


async def _counts(tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        rows = await db.fetch(f'SELECT count(*) AS n FROM "{table}"')
        counts[table] = rows[0]["n"]
    return counts


# Tables a migration replaced on purpose, and where their rows went (tested on their own).
RETIRED_TABLES = {
    # Recent failures become login_throttle counters (tests/accounts/test_throttle.py).
    "login_failure": "login_throttle",
}


async def test_every_row_of_the_release_is_still_there_after_the_upgrade(upgraded: Upgraded) -> None:
    assert upgraded.before["device"] > 0 and upgraded.before["loan"] > 0
    kept = {table: count for table, count in upgraded.before.items() if table not in RETIRED_TABLES}
    after = await _counts(list(kept))
    lost = {table: (count, after[table]) for table, count in kept.items() if after[table] < count}
    assert lost == {}


async def test_the_upgraded_database_serves_the_release_users(upgraded: Upgraded) -> None:
    from inventory.accounts.passwords import verify_password
    from inventory.accounts.tables import User

    users = await User.select(User.username, User.password_hash, User.must_change_password).where(
        User.username == "sophie"
    )
    assert verify_password(users[0]["password_hash"], "release-demo-password-1")
    # Existing users are not asked to change their password by the upgrade.
    assert users[0]["must_change_password"] is False


async def test_the_wipe_flag_is_back_filled_from_each_devices_history(upgraded: Upgraded) -> None:
    """A device is covered when its latest passed wipe comes after its latest intake, return or
    found, replayed here in Python from the release's events; a repair never counts as a wipe."""
    events = await db.fetch("SELECT device, action, from_stage, to_stage FROM device_event ORDER BY id")
    expected: dict[int, bool] = {}
    for event in events:
        if event["action"] in ("intake", "return", "found"):
            expected[event["device"]] = False
        elif event["action"] == "wipe" and event["from_stage"] != "wiped" and event["to_stage"] == "wiped":
            expected[event["device"]] = True
    rows = await db.fetch("SELECT id, stage, wiped_since_custody_change AS wiped FROM device")
    stored = {row["id"]: bool(row["wiped"]) for row in rows}
    assert stored == {device_id: expected.get(device_id, False) for device_id in stored}
    # The demo has both kinds, and no device past its wipe without one but those repaired.
    assert True in stored.values() and False in stored.values()
    by_stage: dict[str, set[bool]] = {}
    for row in rows:
        by_stage.setdefault(row["stage"], set()).add(bool(row["wiped"]))
    assert by_stage["received"] == {False} and by_stage["returned"] == {False}
    assert by_stage["available"] == {True} and by_stage["on_loan"] == {True}


async def test_no_device_off_our_shelves_is_left_in_transit_after_the_upgrade(upgraded: Upgraded) -> None:
    rows = await db.fetch(
        "SELECT asset_tag FROM device WHERE transfer_to IS NOT NULL "
        "AND stage IN ('on_loan', 'allocated', 'lost', 'retired')"
    )
    assert rows == []


async def test_the_audit_of_the_upgraded_release_names_only_its_unproven_retirements(
    upgraded: Upgraded,
) -> None:
    """The release let a device be retired with no wipe and no proof of destruction; the audit
    says so of its three, and finds nothing else (the upgrade carried everything into the rules)."""
    from inventory.reporting.audit import Check, findings_of_register

    findings = await findings_of_register()
    assert [(finding.asset_tag, finding.check) for finding in findings] == [
        (tag, Check.WIPE) for tag in ("RL-000024", "RL-000025", "RL-000038")
    ]
    assert all("retired with no passed wipe since its intake" in finding.message for finding in findings)


async def test_reminders_of_the_release_are_carried_with_no_skip_and_the_sweep_runs(
    upgraded: Upgraded,
) -> None:
    from datetime import UTC, datetime

    from inventory.loans import reminders
    from inventory.loans.tables import Reminder

    rows = await Reminder.select(Reminder.status, Reminder.skip_reason, Reminder.superseded_by)
    assert rows and all(row["skip_reason"] is None and row["superseded_by"] is None for row in rows)
    assert {row["status"] for row in rows} <= {"scheduled", "sending", "sent", "failed", "cancelled"}
    report = await reminders.sweep(datetime(2030, 1, 1, tzinfo=UTC))
    assert report.failed == 0
    # Far past every due date: each loan's earlier pending steps were skipped for its latest.
    assert await Reminder.count().where(Reminder.status == "scheduled") == 0


async def test_the_wipe_certificates_of_the_release_are_listed_and_served(upgraded: Upgraded) -> None:
    from inventory.devices import service
    from inventory.devices.printing import wipe_certificate_pdf
    from inventory.devices.tables import WipeRecord

    passed = await WipeRecord.select(WipeRecord.device.asset_tag.as_alias("tag")).where(
        WipeRecord.result == "passed"
    )
    assert passed
    for tag in {row["tag"] for row in passed}:
        device, wipes = await service.wipe_certificates(tag)
        assert wipes
        assert await wipe_certificate_pdf(device, wipes[-1], "fr")


async def test_text_stored_by_the_release_is_brought_into_the_text_rules(upgraded: Upgraded) -> None:
    rows = await db.fetch("SELECT make, notes FROM device WHERE id = (SELECT min(id) FROM device)")
    assert rows[0]["make"] == "Dell Inc"
    assert rows[0]["notes"] == "ab"


async def test_free_text_accessories_become_kinds_and_unknown_words_are_kept(upgraded: Upgraded) -> None:
    """The release stored accessories as typed ("chargeur", "coque"): known words became kinds,
    the rest stayed as free text, returns before kinds have no list of what came back, and
    worklist entries may now have no loan (waiting-list entries)."""
    import json

    rows = await db.fetch("SELECT accessories, accessories_other, accessories_returned, status FROM loan")
    assert rows
    kinds = [
        json.loads(r["accessories"]) if isinstance(r["accessories"], str) else r["accessories"] for r in rows
    ]
    assert ["charger"] in kinds and ["charger", "case"] in kinds
    for row in rows:
        other = row["accessories_other"]
        assert (json.loads(other) if isinstance(other, str) else other) == []
        assert row["accessories_returned"] is None
    entries = await db.fetch("SELECT count(*) AS n FROM worklist_entry WHERE loan IS NULL")
    assert entries[0]["n"] == 0
    await db.fetch(
        "INSERT INTO worklist_entry (social_worker, action, kind, channel, created_at, done_by, resolution)"
        " SELECT id, 'device_available', '', 'worklist', created_at, '', '' FROM relais_user LIMIT 1"
    )


async def test_users_of_the_release_get_a_full_name_made_from_their_username(upgraded: Upgraded) -> None:
    rows = await db.fetch("SELECT username, full_name FROM relais_user ORDER BY id")
    assert rows and all(row["full_name"] for row in rows)
    names = {row["username"]: row["full_name"] for row in rows}
    assert names["sophie"] == "Sophie"
    for username, full_name in names.items():
        assert full_name.replace(" ", "").lower() == username.replace(".", "").replace("_", "").replace(
            "-", ""
        )


async def test_an_upgraded_database_with_users_opens_no_setup_address(upgraded: Upgraded) -> None:
    """The setup_token table arrives empty; a release's database has users, so `relais serve`
    issues no first-run address on it."""
    from inventory.setup import service as setup
    from inventory.setup.tables import SetupToken

    assert await SetupToken.count() == 0
    assert await setup.issue_token() is None
    assert await SetupToken.count() == 0


async def test_every_device_of_the_release_is_found_by_the_list_search(upgraded: Upgraded) -> None:
    """The search keys are back-filled and the search index (FTS5 on SQLite, built by the
    migration of 2026-12-07T09:00:00) holds them: each device is found by its model and its
    serial number, and by nothing it does not hold."""
    from inventory.devices import search
    from inventory.devices.search import DeviceFilter

    rows = await db.fetch("SELECT asset_tag, model, serial_number FROM device ORDER BY id")
    assert rows
    for row in rows:
        words = " ".join(filter(None, [row["model"], row["serial_number"]]))
        page = await search.find(DeviceFilter(q=words), per_page=500)
        assert row["asset_tag"] in {found.asset_tag for found in page.rows}
    assert (await search.find(DeviceFilter(q="no device holds this"))).total == 0
    if upgraded.backend == "sqlite":
        await db.fetch("INSERT INTO device_search (device_search) VALUES ('integrity-check')")


async def test_an_upgraded_database_keeps_nwipe_reports_and_verifies_release_certificates(
    upgraded: Upgraded,
) -> None:
    """The release kept no reports: the new table starts empty, a release device takes an nwipe
    log, and a release wipe's certificate gets a verification code that confirms it."""
    from pathlib import Path

    from inventory.accounts.roles import Role
    from inventory.accounts.service import CurrentUser
    from inventory.devices import wipe_reports
    from inventory.devices.rows import WIPE_COLUMNS, wipe_row
    from inventory.devices.tables import Device, WipeRecord

    assert (await db.fetch("SELECT count(*) AS n FROM wipe_report"))[0]["n"] == 0
    wipe = wipe_row(
        await WipeRecord.select(*WIPE_COLUMNS)
        .where(WipeRecord.result == "passed")
        .output(load_json=True)
        .first()
    )
    device = await Device.select(Device.asset_tag).where(Device.id == wipe.device).first()
    url = wipe_reports.verification_url(device["asset_tag"], wipe, None)
    number, code = url.rsplit("/", 2)[-2:]
    assert (await wipe_reports.verify(number, code)) is not None
    assert (await wipe_reports.verify(number, code[:-1] + ("0" if code[-1] != "0" else "1"))) is None

    received = await Device.select(Device.asset_tag).where(Device.stage == "received").first()
    log = Path(__file__).parents[1] / "devices" / "nwipe_logs" / "zero_verify_last.log"
    actor = CurrentUser(id=0, username="upgrade", role=Role.ADMIN)
    recorded = await wipe_reports.record(received["asset_tag"], log.read_bytes(), actor, filename="zero.log")
    assert recorded.transition.device.stage == "wiped"
    assert (await db.fetch("SELECT count(*) AS n FROM wipe_report"))[0]["n"] == 1


async def test_each_voucher_of_the_release_starts_its_history_and_a_cancelled_one_keeps_why(
    upgraded: Upgraded,
) -> None:
    """Every voucher gets its `issue` line from who issued it and when; the one the release
    cancelled gets its `cancel` line with the reason and date it kept; `version` counts them,
    and the history goes on from there."""
    from datetime import UTC, date, datetime, timedelta

    from inventory.accounts.roles import Role
    from inventory.accounts.service import CurrentUser
    from inventory.schools import service
    from inventory.schools.tables import Voucher, VoucherEvent

    vouchers = await Voucher.select(Voucher.id, Voucher.status, Voucher.version, Voucher.issued_at)
    lines = await VoucherEvent.select().order_by(VoucherEvent.id).output(load_json=True)
    assert len(vouchers) == upgraded.before["voucher"]
    issued = {line["voucher"]: line for line in lines if line["action"] == "issue"}
    assert set(issued) == {voucher["id"] for voucher in vouchers}
    assert all(issued[v["id"]]["at"] == v["issued_at"] for v in vouchers)
    [cancel] = [line for line in lines if line["action"] == "cancel"]
    assert cancel["data"]["reason"] == "école fermée" and cancel["actor"] == "coordination"
    assert cancel["at"] == datetime(2026, 12, 6, 16, tzinfo=UTC)
    assert {v["id"]: v["version"] for v in vouchers} == {
        v["id"]: 2 if v["status"] == "cancelled" else 1 for v in vouchers
    }
    admin = CurrentUser(id=0, username="upgrade", role=Role.ADMIN)
    open_voucher = next(v for v in vouchers if v["status"] != "cancelled")
    code = (await service.voucher_by_id(open_voucher["id"])).code
    await service.extend_voucher(code, date.today() + timedelta(days=400), admin, version=1)
    history = await service.voucher_history(code, admin)
    assert [line.action for line in history] == ["issue", "extend"]


async def test_every_reminder_of_the_release_is_carried_into_the_outbox_that_takes_matches(
    upgraded: Upgraded,
) -> None:
    """The outbox table was rebuilt (SQLite) or altered (PostgreSQL) so that a waiting-list match
    is a row with a reservation and no loan: every release row is there as it was, with its id,
    the worklist entries still name their reminders, the indexes are back, and the database
    takes a row of exactly one loan or one reservation, never neither nor both."""
    from pathlib import Path

    import pytest

    from tests.upgrades.conftest import REMINDERS, _sqlite_rows

    assert upgraded.reminders
    if upgraded.backend == "sqlite":  # as stored, not as the engine's converters read them
        after = _sqlite_rows(Path(upgraded.url.removeprefix("sqlite:///")), REMINDERS)
    else:
        after = await db.fetch(REMINDERS)
    assert after == upgraded.reminders
    orphans = await db.fetch(
        "SELECT count(*) AS n FROM worklist_entry w WHERE w.reminder IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM loan_reminder r WHERE r.id = w.reminder)"
    )
    assert orphans[0]["n"] == 0
    if upgraded.backend == "sqlite":
        rows = await db.fetch(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'loan_reminder'"
        )
    else:
        rows = await db.fetch("SELECT indexname AS name FROM pg_indexes WHERE tablename = 'loan_reminder'")
    names = {row["name"] for row in rows}
    assert {"loan_reminder_loan", "loan_reminder_claimable", "loan_reminder_reservation"} <= names

    await db.fetch(
        "INSERT INTO reservation (beneficiary, category, site, social_worker, status, needed_by, notes,"
        " requested_at, requested_by, closed_at, closed_by, cancel_reason, loan, updated_at)"
        " SELECT b.id, 'laptop', NULL, u.id, 'waiting', NULL, '', b.created_at, '', NULL, '', '', NULL,"
        " b.created_at FROM beneficiary b, relais_user u ORDER BY b.id, u.id LIMIT 1"
    )
    reservation = (await db.fetch("SELECT max(id) AS id FROM reservation"))[0]["id"]
    loan = (await db.fetch("SELECT min(id) AS id FROM loan"))[0]["id"]
    insert = (
        "INSERT INTO loan_reminder (loan, reservation, kind, offset_days, recipient, channel, language,"
        " due_at, status, attempts, last_error, created_at)"
        " SELECT {}, {}, 'device_available', 0, 'social_worker', 'worklist', 'fr', created_at,"
        " 'scheduled', 0, '', created_at FROM loan ORDER BY id LIMIT 1"
    )
    await db.fetch(insert, None, reservation)
    for loan_id, reservation_id in ((None, None), (loan, reservation)):
        with pytest.raises(Exception, match="(?i)check|constraint"):
            async with db.transaction():
                await db.fetch(insert, loan_id, reservation_id)
    with pytest.raises(Exception, match="(?i)foreign key"):
        async with db.transaction():
            await db.fetch(
                "INSERT INTO worklist_entry (reminder, social_worker, action, kind, channel, created_at,"
                " done_by, resolution) SELECT 999999, id, 'decide', '', 'worklist', created_at, '', ''"
                " FROM relais_user LIMIT 1"
            )


async def test_donors_and_schools_of_the_release_read_french_and_their_documents_follow_them(
    upgraded: Upgraded,
) -> None:
    """Each donor named on the release's devices gets a French record, each school French; set
    to Dutch, the donor's certificate and the school's voucher come out in Dutch."""
    from inventory.devices import donors, service
    from inventory.devices.printing import wipe_certificate_pdf
    from inventory.devices.schemas import DonorLanguage
    from inventory.devices.tables import WipeRecord
    from inventory.i18n import Language
    from inventory.schools.printing import vouchers_pdf
    from inventory.schools.service import voucher_by_id
    from inventory.schools.tables import School, Voucher
    from tests.pdf_reading import pdf_text

    named = {row["donor"] for row in await db.fetch("SELECT DISTINCT donor FROM device WHERE donor <> ''")}
    records = await db.fetch("SELECT name, language FROM donor")
    assert named and {row["name"] for row in records} == named
    assert {row["language"] for row in records} == {"fr"}
    assert {row["language"] for row in await School.select(School.language)} == {"fr"}

    wiped = (
        await WipeRecord.select(WipeRecord.device.asset_tag.as_alias("tag"))
        .where(WipeRecord.result == "passed")
        .first()
    )
    device, wipes = await service.wipe_certificates(wiped["tag"])
    assert "Certificaat" not in pdf_text(await wipe_certificate_pdf(device, wipes[-1]))
    await donors.set_language(DonorLanguage(name=device.donor, language=Language.NL))
    assert "Certificaat van gegevenswissing" in pdf_text(await wipe_certificate_pdf(device, wipes[-1]))

    voucher = await voucher_by_id((await Voucher.select(Voucher.id).first())["id"])
    assert "Chèque équipement" in pdf_text(await vouchers_pdf([voucher]))
    await School.update({School.language: "nl"}).where(School.id == voucher.school)
    voucher = await voucher_by_id(voucher.id)
    assert "Uitrustingscheque" in pdf_text(await vouchers_pdf([voucher]))
