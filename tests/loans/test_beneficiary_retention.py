"""Retention: personal fields are anonymised after the configured period following the last closed
loan; loans, reminders and device history remain."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from inventory.devices.tables import Event
from inventory.loans import service
from inventory.loans.schedule import add_months
from inventory.loans.tables import Beneficiary, Loan
from tests.live_server import ROOT
from tests.loans.loan_steps import lend, local_moment, local_today, register


def months_from_today(months: int, days: int = 0) -> datetime:
    return local_moment(add_months(local_today(), months) + timedelta(days=days), 12)


async def test_personal_fields_are_anonymised_after_the_retention_period(client, auth) -> None:
    sw = auth.social_worker
    returned = await register(
        client, sw, full_name="Łucja Kowalska", phone="0470 11 22 33", email="l@example.org"
    )
    borrowing = await register(client, sw, full_name="Still Borrowing")
    never_lent = await register(client, sw, full_name="Never Lent")
    loan = await lend(client, sw, auth.technician, beneficiary=returned, notes="vit chez sa sœur")
    await client.post(
        f"/api/v1/loans/{loan['id']}/return", json={"condition": "good", "notes": "ok"}, headers=sw
    )
    await lend(client, sw, auth.technician, beneficiary=borrowing)
    events = await Event.count()

    # Default retention: 24 months after the last closed loan (or the registration).
    assert await service.anonymise_expired(months_from_today(24, days=-1)) == 0
    assert await service.anonymise_expired(months_from_today(24, days=1)) == 2
    assert await service.anonymise_expired(months_from_today(30)) == 0  # done once

    gone = (await client.get(f"/api/v1/beneficiaries/{returned['id']}", headers=sw)).json()
    assert gone["anonymised"] is True
    assert (gone["full_name"], gone["phone"], gone["email"]) == ("—", None, None)
    assert gone["reference"] == returned["reference"]
    assert (await client.get(f"/api/v1/beneficiaries/{never_lent['id']}", headers=sw)).json()[
        "anonymised"
    ] is True
    kept = (await client.get(f"/api/v1/beneficiaries/{borrowing['id']}", headers=sw)).json()
    assert (kept["anonymised"], kept["full_name"]) == (False, "Still Borrowing")
    assert (await client.get("/api/v1/beneficiaries?q=kowalska", headers=sw)).json()["items"] == []

    # The loan and the device history stay; the loan's free text, which may name people, does not.
    history = (await client.get(f"/api/v1/loans/{loan['id']}", headers=sw)).json()
    assert (history["status"], history["asset_tag"], history["beneficiary_reference"]) == (
        "returned",
        loan["asset_tag"],
        returned["reference"],
    )
    assert (history["notes"], history["closing_notes"], history["beneficiary_name"]) == ("", "", "—")
    assert await Loan.count() == 2
    assert await Event.count() == events
    agreement = await client.get(f"/api/v1/loans/{loan['id']}/agreement.pdf", headers=sw)
    assert agreement.status_code == 200


async def test_a_shorter_retention_and_the_command_line(client, auth, database_url, tmp_path) -> None:
    sw = auth.social_worker
    person = await register(client, sw)
    loan = await lend(client, sw, auth.technician, beneficiary=person)
    await client.post(f"/api/v1/loans/{loan['id']}/report-lost", json={}, headers=sw)
    environment = {
        **os.environ,
        "RELAIS_DATABASE_URL": database_url,
        "RELAIS_RETENTION_MONTHS": "6",
        "RELAIS_SECRET_KEY": "retention-test",
        "PYTHONPATH": str(ROOT),
    }
    command = [
        sys.executable,
        "-c",
        "import sys; from inventory.cli import main; sys.exit(main())",
        "anonymise",
    ]
    early = add_months(local_today(), 6).isoformat() + "T00:00:00"
    late = (add_months(local_today(), 6) + timedelta(days=1)).isoformat() + "T12:00:00+01:00"
    for moment, expected in ((early, "anonymised: 0"), (late, "anonymised: 1")):
        result = subprocess.run(
            [*command, "--now", moment],
            env=environment,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        assert result.stdout.strip() == expected
    row = await Beneficiary.select().where(Beneficiary.id == person["id"]).first()
    assert row["anonymised_at"] is not None
    assert row["anonymised_at"] > datetime.now(UTC)  # as of the --now given
