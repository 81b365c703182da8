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


async def test_the_worklist_says_what_each_device_is_and_where(client, auth) -> None:
    await client.post(
        "/api/v1/sites", json={"code": "nord", "name": "Antenne Nord", "kind": "antenna"}, headers=auth.admin
    )
    sw = auth.social_worker
    loan = await lend(client, sw, auth.technician, site="nord", accessories=["charger"])
    returned = await client.post(
        f"/api/v1/loans/{loan['id']}/return",
        json={"condition": "good", "accessories_returned": []},
        headers=sw,
    )
    assert returned.status_code == 200, returned.text
    [item] = (await client.get("/api/v1/worklist", headers=sw)).json()["items"]
    assert (item["device_category"], item["device_make"], item["device_model"], item["site_name"]) == (
        "laptop",
        "Dell",
        "Latitude 5490",
        "Antenne Nord",
    )
    await signed_in(client, sw)
    desk = (await client.get("/desk")).text
    assert f'<span class="mono">{loan["asset_tag"]}</span> <span class="device-context muted">' in desk
    assert "Ordinateur portable · Dell Latitude 5490 · Antenne Nord" in desk


async def test_school_portal_and_redemption_pages_show_the_device_beside_its_tag(client, auth) -> None:
    from tests.helpers import device_at

    site = await client.post(
        "/api/v1/sites",
        json={"code": "atelier", "name": "Atelier central", "kind": "workshop"},
        headers=auth.admin,
    )
    assert site.status_code == 201, site.text
    school = (
        await client.post(
            "/api/v1/schools", json={"name": "École des Tilleuls", "fase_number": "1001"}, headers=auth.admin
        )
    ).json()
    programme = (await client.post("/api/v1/programmes", json={"name": "Plan"}, headers=auth.admin)).json()
    voucher = (
        await client.post(
            "/api/v1/vouchers",
            json={
                "programme_id": programme["id"],
                "school_id": school["id"],
                "quantity": 1,
                "expires_on": "2099-01-01",
            },
            headers=auth.admin,
        )
    ).json()
    redemption = (
        await client.post(
            f"/api/v1/vouchers/{voucher['code']}/redemptions", json={"quantity": 1}, headers=auth.school
        )
    ).json()
    tag = await device_at(client, auth.technician, "available", site="atelier")
    reserved = await client.post(
        f"/api/v1/redemptions/{redemption['id']}/reserve", json={"asset_tag": tag}, headers=auth.technician
    )
    assert reserved.status_code == 200, reserved.text
    assert reserved.json()["devices"][0]["site_name"] == "Atelier central"
    context = "Ordinateur portable · Dell Latitude 5490 · Atelier central"
    csrf = await signed_in(client, auth.technician)
    assert context in (await client.get(f"/redemptions/{redemption['id']}")).text
    handed = await client.post(f"/redemptions/{redemption['id']}/hand-over", data={"_csrf_token": csrf})
    assert handed.status_code == 303
    assert context in (await client.get(handed.headers["location"])).text
    client.cookies.clear()
    await signed_in(client, auth.school)
    home = (await client.get("/school")).text
    assert f'<span class="mono">{tag}</span> <span class="device-context muted">{context}' in home
    assert context in (await client.get(f"/redemptions/{redemption['id']}")).text
