"""An asset tag never stands alone: loan and device pages say what the device is and where, and
a social worker goes from a device on loan to its loan (a technician sees only until when)."""

from __future__ import annotations

from tests.loans.loan_steps import lend
from tests.web.test_web_http import signed_in


async def test_loan_pages_show_category_make_model_and_site_next_to_the_tag(client, auth) -> None:
    await client.post(
        "/api/v1/sites", json={"code": "nord", "name": "Antenne Nord", "kind": "antenna"}, headers=auth.admin
    )
    loan = await lend(client, auth.social_worker, auth.technician, site="nord")
    api = (await client.get(f"/api/v1/loans/{loan['id']}", headers=auth.social_worker)).json()
    assert (api["device_category"], api["device_make"], api["device_model"], api["site_name"]) == (
        "laptop",
        "Dell",
        "Latitude 5490",
        "Antenne Nord",
    )
    await signed_in(client, auth.social_worker)
    page = (await client.get(f"/loans/{loan['id']}")).text
    assert "Ordinateur portable · Dell Latitude 5490" in page
    assert f'href="/devices/{loan["asset_tag"]}"' in page and "Antenne Nord" in page
    beneficiary = (await client.get(f"/beneficiaries/{loan['beneficiary_id']}")).text
    assert "Ordinateur portable · Dell Latitude 5490 · Antenne Nord" in beneficiary


async def test_a_social_worker_goes_from_a_device_on_loan_to_its_loan_a_technician_does_not(
    client, auth
) -> None:
    loan = await lend(client, auth.social_worker, auth.technician)
    tag = loan["asset_tag"]
    await signed_in(client, auth.social_worker)
    device = await client.get(f"/devices/{tag}")
    assert f'href="/loans/{loan["id"]}"' in device.text
    scanned = await client.get("/scan", params={"code": tag})
    assert f'href="/loans/{loan["id"]}"' in scanned.text
    client.cookies.clear()
    await signed_in(client, auth.technician)
    seen = await client.get(f"/devices/{tag}")
    assert seen.status_code == 200
    assert f'href="/loans/{loan["id"]}"' not in seen.text
    assert loan["beneficiary_name"] not in seen.text
    # Nor may a technician open the loan itself.
    assert (await client.get(f"/loans/{loan['id']}")).status_code == 403
