"""Every list of the API has the contract's shape: `{items, next_cursor}`, paged by `limit` and
`cursor`, every item exactly once across the pages."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient

from tests.helpers import act, intake


async def walk(client: AsyncClient, path: str, headers: dict[str, str], limit: int) -> list[list[Any]]:
    """Every page of a list, following its cursors to the end."""
    pages, cursor = [], None
    for _ in range(50):
        params = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        response = await client.get(path, params=params, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert set(body) == {"items", "next_cursor"}
        pages.append(body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            return pages
    raise AssertionError(f"{path} did not end")


async def test_a_device_history_pages_oldest_first(client, auth) -> None:
    tag = (await intake(client, auth.technician))["asset_tag"]
    for site in ("bus", "atelier", "bus"):
        await client.post(
            "/api/v1/sites", json={"code": site, "name": site, "kind": "workshop"}, headers=auth.admin
        )
        assert (await act(client, auth.technician, tag, "transfer", {"site": site})).status_code == 200
        assert (await act(client, auth.technician, tag, "receive_transfer")).status_code == 200
    pages = await walk(client, f"/api/v1/devices/{tag}/events", auth.technician, limit=3)
    assert [len(page) for page in pages] == [3, 3, 1]
    actions = [event["action"] for page in pages for event in page]
    assert actions == ["intake"] + ["transfer", "receive_transfer"] * 3
    ids = [event["id"] for page in pages for event in page]
    assert ids == sorted(ids)


async def test_users_and_sites_page_in_creation_order(client, auth) -> None:
    for code in ("nord", "sud", "bus"):
        response = await client.post(
            "/api/v1/sites", json={"code": code, "name": code, "kind": "antenna"}, headers=auth.admin
        )
        assert response.status_code == 201
    sites = await walk(client, "/api/v1/sites", auth.technician, limit=2)
    assert [site["code"] for page in sites for site in page] == ["nord", "sud", "bus"]
    users = await walk(client, "/api/v1/users", auth.admin, limit=3)
    assert [len(page) for page in users] == [3, 1]
    assert [user["username"] for page in users for user in page] == ["tech", "sw", "admin", "school1"]


async def test_a_stock_count_pages_its_scans_in_scan_order(client, auth) -> None:
    await client.post(
        "/api/v1/sites", json={"code": "atelier", "name": "Atelier", "kind": "workshop"}, headers=auth.admin
    )
    tags = [(await intake(client, auth.technician, site="atelier"))["asset_tag"] for _ in range(3)]
    count = await client.post("/api/v1/stock-counts", json={"site": "atelier"}, headers=auth.technician)
    assert count.status_code == 201, count.text
    count_id = count.json()["id"]
    for code in [*reversed(tags), "UNKNOWN-1"]:
        scanned = await client.post(
            f"/api/v1/stock-counts/{count_id}/scans", json={"code": code}, headers=auth.technician
        )
        assert scanned.status_code == 200
    pages = await walk(client, f"/api/v1/stock-counts/{count_id}/scans", auth.technician, limit=2)
    assert [scan["code"] for page in pages for scan in page] == [*reversed(tags), "UNKNOWN-1"]


async def test_bad_limits_and_cursors_are_refused_by_every_list(client, auth) -> None:
    tag = (await intake(client, auth.technician))["asset_tag"]
    for path, headers in [
        (f"/api/v1/devices/{tag}/events", auth.technician),
        ("/api/v1/users", auth.admin),
        ("/api/v1/sites", auth.technician),
    ]:
        for params in ({"limit": 0}, {"limit": 501}, {"cursor": "not-a-cursor"}):
            response = await client.get(path, params=params, headers=headers)
            assert response.status_code == 400, (path, params, response.text)
            assert response.json()["status_code"] == 400
