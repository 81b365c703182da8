"""The device page lists its wipe certificates; the wipe form asks when the wipe started and ended."""

from __future__ import annotations

from inventory.devices.tables import Event
from tests.helpers import PASSED_WIPE, act, device_at
from tests.pdf_reading import pdf_text
from tests.web.test_web_http import signed_in


async def test_the_device_page_lists_each_certificate_with_its_own_link(client, auth) -> None:
    tag = await device_at(client, auth.technician, "wiped")
    await signed_in(client, auth.technician)
    page = await client.get(f"/devices/{tag}")
    assert page.status_code == 200
    assert "Certificats d&#39;effacement" in page.text or "Certificats d'effacement" in page.text
    link = f"/devices/{tag}/wipe-certificates/RL-WC-000001.pdf"
    assert f'href="{link}"' in page.text
    assert "couvre la garde actuelle" in page.text
    pdf = await client.get(link)
    assert pdf.status_code == 200 and "RL-WC-000001" in pdf_text(pdf.content)
    assert (await client.get(f"/devices/{tag}/wipe-certificate.pdf")).status_code == 200


async def test_the_wipe_form_is_prefilled_with_now_and_refuses_a_wipe_without_its_times(client, auth) -> None:
    tag = await device_at(client, auth.technician, "received")
    token = await signed_in(client, auth.technician)
    form = await client.get(f"/devices/{tag}/actions/wipe")
    assert form.status_code == 200
    assert 'name="started_at" type="datetime-local"\n    value="20' in form.text
    assert 'name="finished_at" type="datetime-local"\n    value="20' in form.text
    body = {"method": "nist-800-88-purge", "result": "passed", "verification": "none", "_csrf_token": token}
    refused = await client.post(f"/devices/{tag}/actions/wipe", data=body)
    assert refused.status_code == 400
    assert 'id="started_at-error"' in refused.text and 'id="finished_at-error"' in refused.text
    assert await Event.count().where(Event.action == "wipe") == 0
    times = {"started_at": "2026-11-20T09:00", "finished_at": "2026-11-20T10:30"}
    accepted = await client.post(f"/devices/{tag}/actions/wipe", data={**body, **times})
    assert accepted.status_code == 303
    pdf = await client.get(f"/devices/{tag}/wipe-certificate.pdf")
    assert "Délivré le 20 nov. 2026, 10:30:00" in pdf_text(pdf.content)


async def test_a_returned_device_page_says_no_wipe_covers_it(client, auth) -> None:
    from tests.devices.test_certificate import lend_and_return

    tag = (
        await client.post(
            "/api/v1/devices",
            json={"category": "laptop", "make": "Dell", "model": "X"},
            headers=auth.technician,
        )
    ).json()["asset_tag"]
    assert (await act(client, auth.technician, tag, "wipe", PASSED_WIPE)).status_code == 200
    await lend_and_return(client, auth, tag)
    await signed_in(client, auth.technician)
    page = await client.get(f"/devices/{tag}")
    assert "Aucun effacement depuis le dernier retour" in page.text
    assert (await client.get(f"/devices/{tag}/wipe-certificate.pdf")).status_code == 404
