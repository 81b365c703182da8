"""The rules around vouchers: what is refused and why, expiry, extension, cancellation, the
school's purchases and returns, and the command line."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from inventory.devices.tables import Device, Event
from inventory.schools import jobs
from inventory.schools.tables import Programme, Redemption, RedemptionDevice, School, Voucher, VoucherBatch
from tests.helpers import device_at
from tests.pdf_reading import decoded_barcodes, pdf_pages
from tests.schools.conftest import in_days, issue, request_units

ROOT = Path(__file__).parents[2]


def field_of(response) -> str:
    """The field a 400 names: `field` for a rule, the field in the message for a malformed body."""
    body = response.json()
    assert response.status_code == 400, response.text
    if body.get("field"):
        return body["field"]
    return " ".join(f"{error['field']} {error['message']}" for error in body["errors"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"fase_number": "1234"}, "name"),
        ({"name": "", "fase_number": "1234"}, "name"),
        ({"name": "École", "fase_number": "12A4"}, "fase_number"),
        ({"name": "École", "fase_number": "1234", "contact_email": "nobody"}, "contact_email"),
        ({"name": "École", "fase_number": "1234", "colour": "red"}, "colour"),
    ],
)
async def test_a_bad_school_field_is_a_400_naming_it(client, auth, body, field) -> None:
    response = await client.post("/api/v1/schools", json=body, headers=auth.admin)
    assert field in field_of(response)
    assert await School.count() == 0


async def test_a_fase_number_belongs_to_one_school(client, auth, schools) -> None:
    again = await client.post(
        "/api/v1/schools", json={"name": "Copie", "fase_number": " 1001 "}, headers=auth.admin
    )
    assert again.status_code == 409
    assert schools.a["name"] in again.json()["detail"]
    moved = await client.patch(
        f"/api/v1/schools/{schools.b['id']}", json={"fase_number": "1001"}, headers=auth.admin
    )
    assert moved.status_code == 409
    assert await School.count() == 2


async def test_school_exists_answers_for_user_validation(schools) -> None:
    from inventory.schools.service import school_exists

    assert await school_exists(schools.a["id"]) is True
    assert await school_exists(999) is False


async def test_a_programme_cannot_end_before_it_starts(client, auth, schools) -> None:
    body = {"name": "P", "starts_on": "2027-01-10", "ends_on": "2027-01-01"}
    assert (
        field_of(await client.post("/api/v1/programmes", json=body, headers=auth.admin)).split()[0]
        == "ends_on"
    )
    patched = await client.patch(
        f"/api/v1/programmes/{schools.programme['id']}",
        json={"starts_on": "2027-06-01", "ends_on": "2027-01-01"},
        headers=auth.admin,
    )
    assert field_of(patched).split()[0] == "ends_on"
    assert await Programme.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"quantity": 0}, "quantity"),
        ({"quantity": "two"}, "quantity"),
        ({"expires_on": "2020-01-01"}, "expires_on"),
        ({"expires_on": "soon"}, "expires_on"),
        ({"programme_id": 999}, "programme_id"),
        ({"school_id": 999}, "school_id"),
        ({"category": "toaster"}, "category"),
    ],
)
async def test_a_bad_voucher_field_is_a_400_naming_it(client, auth, schools, change, field) -> None:
    body = {
        "programme_id": schools.programme["id"],
        "school_id": 1,
        "quantity": 2,
        "expires_on": in_days(9),
        **change,
    }
    assert field in field_of(await client.post("/api/v1/vouchers", json=body, headers=auth.admin))
    assert await Voucher.count() == 0


async def test_a_mistyped_code_is_a_400_that_says_typo(client, auth, schools) -> None:
    code = (await issue(client, auth.admin, schools.programme["id"], 1))["code"]
    swapped = code[1] + code[0] + code[2:]
    if swapped == code:
        swapped = code[:5] + code[6] + code[5] + code[7:]
    response = await client.get(f"/api/v1/vouchers/{swapped}", headers=auth.school)
    assert field_of(response).split()[0] == "code"
    assert "typo" in response.json()["detail"]
    assert (await client.get("/api/v1/vouchers/HELLO", headers=auth.school)).status_code == 400


async def test_asking_for_more_than_remains_is_refused_and_takes_nothing(client, auth, schools) -> None:
    code = (await issue(client, auth.admin, schools.programme["id"], 1, quantity=3))["code"]
    response = await request_units(client, auth.school, code, 4)
    assert response.status_code == 409
    assert "4 asked for, 3 left" in response.json()["detail"]
    assert field_of(await request_units(client, auth.school, code, 0)).split()[0] == "quantity"
    assert await Redemption.count() == 0
    assert (await client.get(f"/api/v1/vouchers/{code}", headers=auth.school)).json()["remaining"] == 3


async def test_a_voucher_past_its_day_is_refused_before_and_after_the_expiry_job(
    client, auth, schools
) -> None:
    code = (await issue(client, auth.admin, schools.programme["id"], 1, quantity=3))["code"]
    other = (await issue(client, auth.admin, schools.programme["id"], 1, quantity=3))["code"]
    await Voucher.update({Voucher.expires_on: date.today() - timedelta(days=2)}).where(
        Voucher.code == code.replace("-", "")
    )
    refused = await request_units(client, auth.school, code, 1)
    assert refused.status_code == 409 and "expired" in refused.json()["detail"]

    assert await jobs.expire_vouchers() == 1
    assert await jobs.expire_vouchers() == 0
    assert [job.name for job in jobs.JOBS] == ["schools.expire_vouchers"]
    assert (await client.get(f"/api/v1/vouchers/{code}", headers=auth.school)).json()["status"] == "expired"
    assert (await client.get(f"/api/v1/vouchers/{other}", headers=auth.school)).json()["status"] == "issued"
    listed = await client.get("/api/v1/vouchers", params={"status": "expired"}, headers=auth.school)
    assert [v["code"] for v in listed.json()["items"]] == [code]
    assert (await request_units(client, auth.school, code, 1)).status_code == 409
    bought = await client.post(
        f"/api/v1/vouchers/{code}/equipment",
        json={"category": "phone", "make": "Fairphone", "model": "5"},
        headers=auth.school,
    )
    assert bought.status_code == 409
    assert await Device.count() == 0

    # The coordinator gives the school more time: the voucher is usable again.
    assert (
        field_of(
            await client.patch(
                f"/api/v1/vouchers/{code}", json={"expires_on": "2020-01-01"}, headers=auth.admin
            )
        )
        == "expires_on"
    )
    extended = await client.patch(
        f"/api/v1/vouchers/{code}", json={"expires_on": in_days(30)}, headers=auth.admin
    )
    assert extended.status_code == 200
    assert extended.json()["status"] == "issued"
    assert (await request_units(client, auth.school, code, 1)).status_code == 201


async def test_cancelling_a_voucher_cancels_its_open_requests_and_frees_their_devices(
    client, auth, schools
) -> None:
    code = (await issue(client, auth.admin, schools.programme["id"], 1, quantity=4))["code"]
    handed = (await request_units(client, auth.school, code, 1)).json()
    first = await device_at(client, auth.technician, "available")
    await client.post(
        f"/api/v1/redemptions/{handed['id']}/reserve", json={"asset_tag": first}, headers=auth.technician
    )
    await client.post(f"/api/v1/redemptions/{handed['id']}/hand-over", headers=auth.technician)
    pending = (await request_units(client, auth.school, code, 2)).json()
    second = await device_at(client, auth.technician, "available")
    await client.post(
        f"/api/v1/redemptions/{pending['id']}/reserve", json={"asset_tag": second}, headers=auth.technician
    )
    events = await Event.count()

    no_reason = await client.post(f"/api/v1/vouchers/{code}/cancel", json={}, headers=auth.admin)
    assert "reason" in field_of(no_reason)
    cancelled = await client.post(
        f"/api/v1/vouchers/{code}/cancel", json={"reason": "school merged"}, headers=auth.admin
    )
    assert cancelled.status_code == 200, cancelled.text
    assert (cancelled.json()["status"], cancelled.json()["remaining"]) == ("cancelled", 3)
    assert cancelled.json()["cancel_reason"] == "school merged"
    assert await Event.count() == events + 1  # the one unreserve
    request = (await client.get(f"/api/v1/redemptions/{pending['id']}", headers=auth.school)).json()
    assert (request["status"], request["reserved"]) == ("cancelled", 0)
    assert request["cancel_reason"] == "voucher cancelled: school merged"
    assert request["devices"][0]["released_at"] is not None
    assert (await client.get(f"/api/v1/devices/{second}", headers=auth.technician)).json()[
        "stage"
    ] == "available"
    # What was handed over stays with the school.
    assert (await client.get(f"/api/v1/devices/{first}", headers=auth.technician)).json()[
        "stage"
    ] == "allocated"
    assert (await client.get(f"/api/v1/redemptions/{handed['id']}", headers=auth.school)).json()[
        "status"
    ] == "handed_over"

    assert (
        await client.post(f"/api/v1/vouchers/{code}/cancel", json={"reason": "again"}, headers=auth.admin)
    ).status_code == 409
    refused = await request_units(client, auth.school, code, 1)
    assert refused.status_code == 409 and "cancelled" in refused.json()["detail"]
    assert (
        await client.patch(f"/api/v1/vouchers/{code}", json={"expires_on": in_days(5)}, headers=auth.admin)
    ).status_code == 409


async def test_a_fully_handed_over_voucher_has_nothing_to_cancel(client, auth, schools) -> None:
    code = (await issue(client, auth.admin, schools.programme["id"], 1, quantity=1))["code"]
    bought = await client.post(
        f"/api/v1/vouchers/{code}/equipment",
        json={"category": "laptop", "make": "HP", "model": "250"},
        headers=auth.school,
    )
    assert bought.status_code == 201
    response = await client.post(f"/api/v1/vouchers/{code}/cancel", json={"reason": "x"}, headers=auth.admin)
    assert response.status_code == 409
    assert (await client.get(f"/api/v1/vouchers/{code}", headers=auth.admin)).json()["status"] == "redeemed"


async def test_a_wrongly_scanned_device_can_be_taken_off_a_request(client, auth, schools) -> None:
    code = (await issue(client, auth.admin, schools.programme["id"], 1, quantity=2))["code"]
    rid = (await request_units(client, auth.school, code, 1)).json()["id"]
    tag = await device_at(client, auth.technician, "available", serial_number="WRONG-1")
    assert (
        await client.post(
            f"/api/v1/redemptions/{rid}/reserve", json={"asset_tag": "wrong-1"}, headers=auth.technician
        )
    ).status_code == 200
    events = await Event.count()
    response = await client.post(
        f"/api/v1/redemptions/{rid}/unreserve", json={"asset_tag": tag}, headers=auth.technician
    )
    assert response.status_code == 200, response.text
    assert response.json()["reserved"] == 0
    assert response.json()["devices"][0]["released_at"] is not None
    assert await Event.count() == events + 1
    assert (await client.get(f"/api/v1/devices/{tag}", headers=auth.technician)).json()[
        "stage"
    ] == "available"
    again = await client.post(
        f"/api/v1/redemptions/{rid}/unreserve", json={"asset_tag": tag}, headers=auth.technician
    )
    assert again.status_code == 409
    # Released, the device can be reserved again, for this request or another.
    assert (
        await client.post(
            f"/api/v1/redemptions/{rid}/reserve", json={"asset_tag": tag}, headers=auth.technician
        )
    ).status_code == 200
    assert await RedemptionDevice.count() == 2


async def test_only_available_programme_stock_can_be_reserved(client, auth, schools) -> None:
    code = (await issue(client, auth.admin, schools.programme["id"], 1, quantity=3))["code"]
    rid = (await request_units(client, auth.school, code, 1)).json()["id"]
    wiped = await device_at(client, auth.technician, "wiped")
    response = await client.post(
        f"/api/v1/redemptions/{rid}/reserve", json={"asset_tag": wiped}, headers=auth.technician
    )
    assert response.status_code == 409
    assert response.json()["allowed_actions"] == ["refurbish", "send_to_repair", "retire", "transfer"]
    bought = await client.post(
        f"/api/v1/vouchers/{code}/equipment",
        json={"category": "laptop", "make": "HP", "model": "250"},
        headers=auth.school,
    )
    school_owned = bought.json()["device"]["asset_tag"]
    response = await client.post(
        f"/api/v1/redemptions/{rid}/reserve", json={"asset_tag": school_owned}, headers=auth.technician
    )
    assert response.status_code == 409
    unknown = await client.post(
        f"/api/v1/redemptions/{rid}/reserve", json={"asset_tag": "RL-999999"}, headers=auth.technician
    )
    assert unknown.status_code == 404
    assert (
        await client.post(f"/api/v1/redemptions/{rid}/reserve", json={}, headers=auth.technician)
    ).status_code == 400
    assert (await client.get(f"/api/v1/redemptions/{rid}", headers=auth.admin)).json()["reserved"] == 0


async def test_handed_over_and_cancelled_requests_are_final(client, auth, schools) -> None:
    code = (await issue(client, auth.admin, schools.programme["id"], 1, quantity=3))["code"]
    rid = (await request_units(client, auth.school, code, 1)).json()["id"]
    assert (
        await client.post(f"/api/v1/redemptions/{rid}/cancel", json={}, headers=auth.school)
    ).status_code == 200
    tag = await device_at(client, auth.technician, "available")
    for action, body in (("reserve", {"asset_tag": tag}), ("hand-over", None), ("cancel", {})):
        response = await client.post(f"/api/v1/redemptions/{rid}/{action}", json=body, headers=auth.admin)
        assert response.status_code == 409, (action, response.text)
    assert (await client.get(f"/api/v1/vouchers/{code}", headers=auth.school)).json()["remaining"] == 3


async def test_equipment_must_match_the_voucher_and_a_duplicate_takes_no_unit(client, auth, schools) -> None:
    code = (await issue(client, auth.admin, schools.programme["id"], 1, quantity=2, category="tablet"))[
        "code"
    ]
    url = f"/api/v1/vouchers/{code}/equipment"
    wrong = await client.post(
        url, json={"category": "laptop", "make": "HP", "model": "250"}, headers=auth.school
    )
    assert field_of(wrong).split()[0] == "category"
    tablet = {"category": "tablet", "make": "Apple", "model": "iPad", "serial_number": "DMPX1"}
    assert (await client.post(url, json=tablet, headers=auth.school)).status_code == 201
    duplicate = await client.post(url, json=tablet, headers=auth.school)
    assert duplicate.status_code == 409
    assert "RL-000001" in duplicate.json()["detail"]
    voucher = (await client.get(f"/api/v1/vouchers/{code}", headers=auth.school)).json()
    assert voucher["remaining"] == 1
    assert await Redemption.count() == 1 and await Device.count() == 1


async def test_a_school_gives_back_only_what_is_allocated_to_it(client, auth, schools) -> None:
    code = (await issue(client, auth.admin, schools.programme["id"], 1, quantity=2))["code"]
    bought = await client.post(
        f"/api/v1/vouchers/{code}/equipment",
        json={"category": "laptop", "make": "HP", "model": "250"},
        headers=auth.school,
    )
    tag = bought.json()["device"]["asset_tag"]
    url = f"/api/v1/schools/1/devices/{tag}/return"
    assert (
        field_of(await client.post(url, json={"reason": "lost"}, headers=auth.school)).split()[0] == "reason"
    )
    # Its own purchase, reported broken, goes to the workshop and stays the school's.
    response = await client.post(url, json={"reason": "broken"}, headers=auth.school)
    assert response.status_code == 200, response.text
    device = (await client.get(f"/api/v1/devices/{tag}", headers=auth.admin)).json()
    assert (device["stage"], device["school_id"]) == ("returned", 1)
    again = await client.post(url, json={"reason": "broken"}, headers=auth.school)
    assert again.status_code == 409
    assert "allocated" in again.json()["detail"]
    unknown = await client.post(
        "/api/v1/schools/1/devices/RL-424242/return", json={"reason": "broken"}, headers=auth.school
    )
    assert unknown.status_code == 404


async def test_a_batch_with_unknown_or_repeated_schools_issues_nothing(client, auth, schools) -> None:
    body = {"programme_id": schools.programme["id"], "quantity": 1, "expires_on": in_days(9)}
    unknown = await client.post(
        "/api/v1/voucher-batches", json={**body, "school_ids": [1, 77, 88]}, headers=auth.admin
    )
    assert field_of(unknown).split()[0] == "school_ids"
    assert unknown.json()["unknown"] == [77, 88]
    repeated = await client.post(
        "/api/v1/voucher-batches", json={**body, "school_ids": [1, 2, 1]}, headers=auth.admin
    )
    assert field_of(repeated).split()[0] == "school_ids"
    empty = await client.post("/api/v1/voucher-batches", json={**body, "school_ids": []}, headers=auth.admin)
    assert "school_ids" in field_of(empty)
    assert await Voucher.count() == 0 and await VoucherBatch.count() == 0


async def test_lists_page_with_a_cursor(client, auth, schools) -> None:
    codes = [(await issue(client, auth.admin, schools.programme["id"], 1))["code"] for _ in range(5)]
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/api/v1/vouchers", params=params, headers=auth.school)).json()
        seen += [v["code"] for v in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == codes
    assert (
        await client.get("/api/v1/vouchers", params={"limit": 501}, headers=auth.school)
    ).status_code == 400
    assert (
        await client.get("/api/v1/redemptions", params={"cursor": "garbage"}, headers=auth.school)
    ).status_code == 400


async def run_cli(database_url: str, workdir: Path, *arguments: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        # Not `-m inventory.cli`: the domains register their commands on the imported module.
        "-c",
        "import sys; from inventory.cli import main; sys.exit(main())",
        *arguments,
        cwd=workdir,
        env={
            **os.environ,
            "RELAIS_DATABASE_URL": database_url,
            "PYTHONPATH": str(ROOT),
            "RELAIS_ORG_NAME": "Ville",
        },
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    return process.returncode, out.decode(), err.decode()


async def test_relais_issue_vouchers_issues_a_batch_and_writes_one_pdf(
    client, auth, schools, database_url, tmp_path
) -> None:
    pdf = tmp_path / "vouchers.pdf"
    code, out, err = await run_cli(
        database_url,
        tmp_path,
        "issue-vouchers",
        "--programme-id", str(schools.programme["id"]),
        "--all-schools",
        "--quantity", "2",
        "--category", "laptop",
        "--expires-on", in_days(45),
        "--pdf", str(pdf),
    )  # fmt: skip
    assert code == 0, err
    issued = (await client.get("/api/v1/vouchers", headers=auth.admin)).json()["items"]
    assert len(issued) == 2
    assert all(v["issued_by"].startswith("cli:") and v["batch_id"] == issued[0]["batch_id"] for v in issued)
    for voucher in issued:
        assert voucher["code"] in out
    assert "issued 2 vouchers" in out
    assert pdf_pages(pdf.read_bytes()) == 2
    assert sorted(v for page in decoded_barcodes(pdf.read_bytes()) for v in page) == sorted(
        v["code"].replace("-", "") for v in issued
    )

    code, out, err = await run_cli(
        database_url, tmp_path, "issue-vouchers", "--programme-id", "1", "--school-id", "9",
        "--quantity", "1", "--expires-on", in_days(5), "--pdf", str(tmp_path / "none.pdf"),
    )  # fmt: skip
    assert code == 2
    assert "unknown schools: 9" in err
    assert not (tmp_path / "none.pdf").exists()


async def test_relais_expire_vouchers_marks_past_vouchers(
    client, auth, schools, database_url, tmp_path
) -> None:
    voucher = await issue(client, auth.admin, schools.programme["id"], 1)
    code, out, err = await run_cli(database_url, tmp_path, "expire-vouchers", "--today", in_days(61))
    assert code == 0, err
    assert voucher["code"] in out and "expired 1 voucher" in out
    assert (await client.get(f"/api/v1/vouchers/{voucher['code']}", headers=auth.admin)).json()[
        "status"
    ] == "expired"
