"""The device and loan lists over HTTP, on SQLite and PostgreSQL: who may see what, filters,
accent-insensitive search, paging, the exact-scan shortcut, the CSV of a filter and labels."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest

from inventory.accounts.roles import Role
from inventory.accounts.service import CurrentUser
from inventory.devices import service as devices
from inventory.devices.schemas import DeviceIntake
from inventory.loans import service as loans
from inventory.loans.tables import Loan
from tests.helpers import device_at
from tests.web.test_web_http import signed_in

TECH = CurrentUser(id=1, username="tech", role=Role.TECHNICIAN, school_id=None)


async def _register(count: int, **fields) -> list[str]:
    tags = []
    for n in range(count):
        body = {"category": "laptop", "make": "Dell", "model": "Latitude 5490", **fields}
        if "serial_number" not in fields:
            body["serial_number"] = f"BULK{n:05d}-{fields.get('batch', '')}"
        transition = await devices.intake(DeviceIntake(**body), TECH)
        tags.append(transition.device.asset_tag)
    return tags


def table_tags(html: str) -> list[str]:
    return re.findall(r'<a class="mono" href="/devices/(RL-\d+)">', html)


@pytest.mark.parametrize(
    ("role", "status"), [("technician", 200), ("social_worker", 200), ("admin", 200), ("school", 403)]
)
async def test_the_device_list_is_for_staff_only(client, auth, role, status) -> None:
    await signed_in(client, auth.of(role))
    assert (await client.get("/devices")).status_code == status
    assert (await client.get("/devices.csv")).status_code == status


async def test_the_device_list_asks_who_is_there(client, auth) -> None:
    response = await client.get("/devices?q=dell")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


async def test_search_is_case_and_accent_insensitive_and_filters_combine(client, auth) -> None:
    [hp] = await _register(1, make="HP", model="EliteBook 840", donor="Société Générale", batch="SG-2026")
    [dell] = await _register(1, make="Dell", model="Latitude", donor="SPF Finances", batch="SPF-1")
    [phone] = await _register(1, category="phone", make="Samsung", model="Galaxy", donor="SPF Finances")
    await signed_in(client, auth.admin)

    for q in ("societe generale", "SOCIÉTÉ", "elitebook", "sg-2026", "hp soc"):
        page = await client.get("/devices", params={"q": q})
        assert page.status_code == 200, q
        assert table_tags(page.text) == [hp], q
    assert set(table_tags((await client.get("/devices", params={"q": "spf"})).text)) == {dell, phone}
    filtered = await client.get("/devices", params={"donor": "SPF Finances", "category": "phone"})
    assert table_tags(filtered.text) == [phone]
    assert "1 appareil" in filtered.text
    assert table_tags((await client.get("/devices", params={"stage": "wiped"})).text) == []
    assert "Aucun appareil" in (await client.get("/devices", params={"stage": "wiped"})).text
    # A value no select offers is a clear 400, not an empty list.
    assert (await client.get("/devices", params={"stage": "melted"})).status_code == 400
    assert (await client.get("/devices", params={"sort": "price"})).status_code == 400


async def test_pages_sorting_and_the_counts_of_the_filter(client, auth) -> None:
    tags = await _register(55, batch="P")
    wiped = await device_at(client, auth.admin, "wiped", batch="P", serial_number="W1")
    await signed_in(client, auth.technician)
    first = await client.get("/devices", params={"batch": "P"})
    assert "56 appareils" in first.text
    assert table_tags(first.text) == [wiped, *reversed(tags)][:50]  # newest first
    assert "Page 1 sur 2" in first.text
    second = await client.get("/devices", params={"batch": "P", "page": 2})
    assert table_tags(second.text) == list(reversed(tags))[49:]
    # The stage counts of the filter, each a link that narrows it.
    assert re.search(r'href="/devices\?stage=wiped&amp;batch=P".*?>1<', first.text, re.S)
    assert table_tags((await client.get("/devices", params={"batch": "P", "stage": "wiped"})).text) == [wiped]
    ascending = await client.get("/devices", params={"batch": "P", "sort": "asset_tag"})
    assert table_tags(ascending.text)[:3] == tags[:3]
    descending = await client.get("/devices", params={"batch": "P", "sort": "-asset_tag"})
    assert table_tags(descending.text)[0] == wiped


async def test_htmx_swaps_the_results_and_a_scanned_code_opens_its_device(client, auth) -> None:
    [tag] = await _register(1, donor_ref="INV-77", serial_number="5CG1234XYZ")
    await _register(1, serial_number="5CG1234XYZ0")
    await signed_in(client, auth.technician)
    partial = await client.get("/devices", params={"q": "latitude"}, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in partial.text and 'id="device-table"' in partial.text
    for code in (tag, tag.lower(), "inv-77", " 5cg1234xyz "):
        found = await client.get("/devices", params={"q": code})
        assert found.status_code == 303, code
        assert found.headers["location"] == f"/devices/{tag}"
    htmx = await client.get("/devices", params={"q": tag}, headers={"HX-Request": "true"})
    assert htmx.headers.get("hx-redirect") == f"/devices/{tag}"
    # While typing, a code that is one device's but part of another's lists both.
    typing = await client.get("/devices", params={"q": "5cg1234xyz"}, headers={"HX-Request": "true"})
    assert typing.status_code == 200 and "hx-redirect" not in typing.headers
    assert len(table_tags(typing.text)) == 2
    assert (await client.get("/devices", params={"q": "5cg1234"})).status_code == 200


async def test_the_filter_exports_as_csv_and_prints_as_labels(client, auth) -> None:
    mine = await _register(3, batch="L-1", donor="Ville de Liège")
    await _register(2, batch="L-2")
    await signed_in(client, auth.admin)
    download = await client.get("/devices.csv", params={"q": "liege"})
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    assert sorted(row["asset_tag"] for row in rows) == sorted(mine)
    assert "search_key" not in rows[0]
    labels = await client.get("/devices/labels", params={"batch": "L-1"})
    assert labels.status_code == 303
    assert labels.headers["location"] == "/labels?" + "&".join(f"tags={tag}" for tag in mine)
    await signed_in(client, auth.social_worker)
    assert (await client.get("/devices/labels", params={"batch": "L-1"})).status_code == 403


async def _loans(client, auth) -> dict[str, dict]:
    """Three loans: one due in three days, one overdue by five days, one returned."""
    made = {}
    for name, reference_name in (("soon", "Zoë Lefèvre"), ("late", "Çağrı Öztürk"), ("back", "Jan Peeters")):
        tag = await device_at(client, auth.admin, "available", serial_number=f"L-{name}", make="Lenovo")
        person = await client.post(
            "/api/v1/beneficiaries",
            json={
                "full_name": reference_name,
                "language": "fr",
                "consent_recorded_on": loans.today().isoformat(),
            },
            headers=auth.social_worker,
        )
        assert person.status_code == 201, person.text
        due = loans.today() + timedelta(days=3 if name == "soon" else 30)
        loan = await client.post(
            "/api/v1/loans",
            json={"asset_tag": tag, "beneficiary_id": person.json()["id"], "due_on": due.isoformat()},
            headers=auth.social_worker,
        )
        assert loan.status_code == 201, loan.text
        made[name] = {**loan.json(), "asset_tag": tag, "reference": person.json()["reference"]}
    late = loans.today() - timedelta(days=5)
    await Loan.update({Loan.due_on: late, Loan.starts_on: late - timedelta(days=10)}).where(
        Loan.id == made["late"]["id"]
    )
    back = await client.post(
        f"/api/v1/loans/{made['back']['id']}/return", json={"condition": "good"}, headers=auth.social_worker
    )
    assert back.status_code == 200, back.text
    return made


async def test_loan_views_filters_and_search(client, auth) -> None:
    made = await _loans(client, auth)
    await signed_in(client, auth.social_worker)
    active = await client.get("/loans")
    assert active.status_code == 200
    assert "Zoë Lefèvre" in active.text and "Çağrı Öztürk" in active.text and "Jan Peeters" not in active.text
    assert "Lenovo" in active.text
    overdue = await client.get("/loans", params={"view": "overdue"})
    rows = re.findall(r"<tr>\s*<td>.*?</tr>", overdue.text, re.S)
    assert len(rows) == 1 and "Çağrı Öztürk" in rows[0]
    assert '<td class="num">5</td>' in rows[0]
    soon = await client.get("/loans", params={"view": "due_soon"})
    assert "Zoë Lefèvre" in soon.text and "Çağrı" not in soon.text
    assert "Jan Peeters" in (await client.get("/loans", params={"view": "returned"})).text
    assert "Aucun prêt" in (await client.get("/loans", params={"view": "lost"})).text
    # Search by name (any accents), reference or asset tag; filter by social worker.
    for q in ("cagri", "ÖZTÜRK", made["late"]["reference"], made["late"]["asset_tag"]):
        found = await client.get("/loans", params={"view": "active", "q": q})
        assert "Çağrı Öztürk" in found.text and "Zoë" not in found.text, q
    assert "Zoë" in (await client.get("/loans", params={"social_worker": "sw"})).text
    assert "Aucun prêt" in (await client.get("/loans", params={"social_worker": "tech"})).text
    assert (await client.get("/loans", params={"view": "everything"})).status_code == 400


async def test_a_technicians_loan_list_names_no_beneficiary_and_a_school_gets_none(client, auth) -> None:
    made = await _loans(client, auth)
    await signed_in(client, auth.technician)
    listed = await client.get("/loans", params={"view": "overdue"})
    assert listed.status_code == 200
    assert made["late"]["asset_tag"] in listed.text
    assert "Çağrı" not in listed.text and made["late"]["reference"] not in listed.text
    assert 'name="social_worker"' not in listed.text
    # Searching by name finds nothing: only asset tags are searched for a technician.
    assert made["late"]["asset_tag"] not in (await client.get("/loans", params={"q": "cagri"})).text
    await signed_in(client, auth.school)
    assert (await client.get("/loans")).status_code == 403
