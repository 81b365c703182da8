"""The custody rule in the web UI, over HTTP on SQLite and PostgreSQL: the device page says it in
one sentence, its buttons are the allowed actions, and the forms of the new actions work."""

from __future__ import annotations

import re

import pytest

from inventory.devices.tables import Device, Event
from inventory.i18n import translations
from inventory.loans.tables import Loan
from tests.helpers import act, device_at, device_lost, speaking
from tests.web.test_web_http import CSRF, signed_in

RULE = (
    "A device goes to a beneficiary or a school only after a passed wipe recorded since it last came in "
    "(intake, return, found); a repair never replaces that wipe."
)


def buttons(html: str, tag: str) -> list[str]:
    return re.findall(rf'href="/devices/{tag}/actions/(\w+)"', html)


@pytest.fixture(autouse=True)
async def sites(client, auth) -> None:
    for code in ("workshop", "bus"):
        await client.post(
            "/api/v1/sites", json={"code": code, "name": code.title(), "kind": "workshop"}, headers=auth.admin
        )


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
async def test_the_device_page_states_the_custody_rule_in_the_users_language(client, auth, language) -> None:
    tag = await device_at(client, auth.technician, "received")
    await signed_in(client, auth.technician)
    await speaking(auth, language)
    page = await client.get(f"/devices/{tag}", headers={"Accept-Language": language})
    assert page.status_code == 200
    sentence = translations(language).gettext(RULE) if language != "en" else RULE
    assert sentence.replace("'", "&#39;") in page.text or sentence in page.text


async def test_a_lost_device_offers_found_and_a_found_one_offers_the_wipe(client, auth) -> None:
    tag = await device_lost(client, auth)
    await signed_in(client, auth.technician)
    page = await client.get(f"/devices/{tag}")
    assert buttons(page.text, tag) == ["found", "retire"]
    form = await client.get(f"/devices/{tag}/actions/found")
    assert form.status_code == 200
    done = await client.post(
        f"/devices/{tag}/actions/found", data={"notes": "au guichet", "_csrf_token": client.cookies[CSRF]}
    )
    assert done.status_code == 303, done.text
    after = await client.get(f"/devices/{tag}")
    assert buttons(after.text, tag)[0] == "wipe"
    assert "Non\u202f: à effacer avant de le confier à quiconque" in after.text
    loan_id = (await Loan.select(Loan.id).where(Loan.device.asset_tag == tag))[0]["id"]
    await signed_in(client, auth.social_worker)
    loan_page = await client.get(f"/loans/{loan_id}")
    assert "Appareil retrouvé le" in loan_page.text


async def test_a_device_in_transit_offers_receive_and_cancel_but_not_label_or_retire(client, auth) -> None:
    tag = await device_at(client, auth.technician, "refurbished", site="workshop")
    assert (await act(client, auth.technician, tag, "transfer", {"site": "bus"})).status_code == 200
    await signed_in(client, auth.technician)
    page = await client.get(f"/devices/{tag}")
    shown = buttons(page.text, tag)
    assert {"receive_transfer", "cancel_transfer"} <= set(shown)
    assert "label" not in shown and "retire" not in shown
    cancelled = await client.post(
        f"/devices/{tag}/actions/cancel_transfer", data={"_csrf_token": client.cookies[CSRF]}
    )
    assert cancelled.status_code == 303
    assert (await Device.select(Device.transfer_to).where(Device.asset_tag == tag))[0]["transfer_to"] is None


async def test_retiring_an_unwiped_device_from_the_web_asks_for_the_destruction_certificate(
    client, auth
) -> None:
    tag = await device_at(client, auth.technician, "received")
    await signed_in(client, auth.technician)
    form = await client.get(f"/devices/{tag}/actions/retire")
    assert re.search(r'name="destruction_certificate_ref"[^>]*required', form.text)
    before = await Event.count()
    refused = await client.post(
        f"/devices/{tag}/actions/retire", data={"reason": "recycled", "_csrf_token": client.cookies[CSRF]}
    )
    assert refused.status_code == 409
    assert "certificat de destruction du recycleur" in refused.text
    assert await Event.count() == before
    retired = await client.post(
        f"/devices/{tag}/actions/retire",
        data={
            "reason": "recycled",
            "destruction_certificate_ref": "RECUPEL-2026-0042",
            "_csrf_token": client.cookies[CSRF],
        },
    )
    assert retired.status_code == 303, retired.text
    history = await client.get(f"/devices/{tag}")
    assert "Certificat de destruction" in history.text and "RECUPEL-2026-0042" in history.text
    wiped = await device_at(client, auth.technician, "wiped")
    other = await client.get(f"/devices/{wiped}/actions/retire")
    assert not re.search(r'name="destruction_certificate_ref"[^>]*required', other.text)


async def test_finishing_a_repair_with_a_replaced_disk_from_the_web_sends_it_back_to_be_wiped(
    client, auth
) -> None:
    tag = await device_at(client, auth.technician, "available")
    assert (await act(client, auth.technician, tag, "send_to_repair", {"reason": "disk"})).status_code == 200
    await signed_in(client, auth.technician)
    done = await client.post(
        f"/devices/{tag}/actions/finish_repair",
        data={"notes": "SSD neuf", "storage_replaced": "true", "_csrf_token": client.cookies[CSRF]},
    )
    assert done.status_code == 303, done.text
    row = (await Device.select().where(Device.asset_tag == tag))[0]
    assert (row["stage"], row["wiped_since_custody_change"]) == ("received", False)
