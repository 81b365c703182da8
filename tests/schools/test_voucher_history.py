"""A voucher's history: issued, its expiry date moved, cancelled with a reason, each a line
written with the change (who, when, what); read by the coordinator and by the voucher's own
school only; racing changes from one version: one acts, the other gets 409."""

from __future__ import annotations

import asyncio

import pytest

from inventory import db
from inventory.schools.tables import Voucher, VoucherEvent
from tests.schools.conftest import in_days, issue, request_units
from tests.web.test_web_http import signed_in


async def _history(client, headers, code: str) -> list[dict]:
    response = await client.get(f"/api/v1/vouchers/{code}/events", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_extending_then_cancelling_writes_one_line_each_with_who_and_what(
    client, auth, schools
) -> None:
    voucher = await issue(client, auth.admin, schools.programme["id"], schools.a["id"], quantity=2)
    code = voucher["code"]
    assert voucher["version"] == 1
    [issued] = await _history(client, auth.admin, code)
    assert (issued["action"], issued["actor"]) == ("issue", "admin")
    assert issued["data"]["quantity"] == 2 and issued["data"]["expires_on"] == in_days(60)

    extended = await client.patch(
        f"/api/v1/vouchers/{code}", json={"expires_on": in_days(200)}, headers=auth.admin
    )
    assert extended.status_code == 200 and extended.json()["version"] == 2
    cancelled = await client.post(
        f"/api/v1/vouchers/{code}/cancel", json={"reason": "école fermée"}, headers=auth.admin
    )
    assert cancelled.status_code == 200 and cancelled.json()["version"] == 3
    history = await _history(client, auth.admin, code)
    assert [line["action"] for line in history] == ["issue", "extend", "cancel"]
    assert history[1]["data"] == {
        "before": {"expires_on": in_days(60)},
        "after": {"expires_on": in_days(200)},
    }
    assert history[2]["data"]["reason"] == "école fermée"
    assert {line["actor"] for line in history} == {"admin"}


async def test_a_refused_change_writes_no_line(client, auth, schools) -> None:
    code = (await issue(client, auth.admin, schools.programme["id"], schools.a["id"]))["code"]
    past = await client.patch(
        f"/api/v1/vouchers/{code}", json={"expires_on": "2001-01-01"}, headers=auth.admin
    )
    assert past.status_code == 400
    assert (
        await client.post(f"/api/v1/vouchers/{code}/cancel", json={"reason": "x"}, headers=auth.admin)
    ).status_code == 200
    again = await client.post(f"/api/v1/vouchers/{code}/cancel", json={"reason": "y"}, headers=auth.admin)
    late = await client.patch(
        f"/api/v1/vouchers/{code}", json={"expires_on": in_days(90)}, headers=auth.admin
    )
    assert (again.status_code, late.status_code) == (409, 409)
    assert [line["action"] for line in await _history(client, auth.admin, code)] == ["issue", "cancel"]
    # The same date again changes nothing and says nothing.
    other = (await issue(client, auth.admin, schools.programme["id"], schools.a["id"]))["code"]
    same = await client.patch(
        f"/api/v1/vouchers/{other}", json={"expires_on": in_days(60)}, headers=auth.admin
    )
    assert same.status_code == 200 and same.json()["version"] == 1
    assert len(await _history(client, auth.admin, other)) == 1


async def test_the_history_is_the_coordinators_and_its_own_schools_only(client, auth, schools) -> None:
    code = (await issue(client, auth.admin, schools.programme["id"], schools.a["id"]))["code"]
    assert len(await _history(client, schools.school_a, code)) == 1
    assert (await client.get(f"/api/v1/vouchers/{code}/events", headers=schools.school_b)).status_code == 404
    for role in ("technician", "social_worker"):
        forbidden = await client.get(f"/api/v1/vouchers/{code}/events", headers=getattr(auth, role))
        assert forbidden.status_code == 403
    assert (await client.get(f"/api/v1/vouchers/{code}/events")).status_code == 401
    # Schools never change a voucher.
    refused = await client.post(
        f"/api/v1/vouchers/{code}/cancel", json={"reason": "nous"}, headers=schools.school_a
    )
    assert refused.status_code == 403


async def test_concurrent_cancel_and_extend_from_one_version_one_wins_the_other_gets_409(
    client, auth, schools
) -> None:
    for _ in range(3):
        voucher = await issue(client, auth.admin, schools.programme["id"], schools.a["id"])
        code, seen = voucher["code"], {"If-Match": str(voucher["version"]), **auth.admin}
        responses = await asyncio.gather(
            client.post(f"/api/v1/vouchers/{code}/cancel", json={"reason": "fermée"}, headers=seen),
            client.patch(f"/api/v1/vouchers/{code}", json={"expires_on": in_days(300)}, headers=seen),
        )
        assert sorted(r.status_code for r in responses) == [200, 409], [r.text for r in responses]
        loser = next(r for r in responses if r.status_code == 409).json()
        assert loser["reason"] in ("voucher_changed", "voucher_cancelled")
        history = await _history(client, auth.admin, code)
        assert len(history) == 2
        row = (
            await Voucher.select(Voucher.status, Voucher.expires_on, Voucher.version)
            .where(Voucher.code == code.replace("-", ""))
            .first()
        )
        assert row["version"] == 2
        if history[1]["action"] == "cancel":
            assert (row["status"], row["expires_on"].isoformat()) == ("cancelled", in_days(60))
        else:
            assert (row["status"], row["expires_on"].isoformat()) == ("issued", in_days(300))


async def test_an_if_match_naming_an_older_version_is_refused(client, auth, schools) -> None:
    code = (await issue(client, auth.admin, schools.programme["id"], schools.a["id"]))["code"]
    first = await client.patch(
        f"/api/v1/vouchers/{code}", json={"expires_on": in_days(100)}, headers={"If-Match": "1", **auth.admin}
    )
    assert first.status_code == 200
    stale = await client.post(
        f"/api/v1/vouchers/{code}/cancel", json={"reason": "x"}, headers={"If-Match": '"1"', **auth.admin}
    )
    assert stale.status_code == 409 and stale.json()["reason"] == "voucher_changed"
    # Requests taking units do not change the version the coordinator saw.
    assert (await request_units(client, schools.school_a, code, 1)).status_code == 201
    current = await client.post(
        f"/api/v1/vouchers/{code}/cancel", json={"reason": "x"}, headers={"If-Match": "2", **auth.admin}
    )
    assert current.status_code == 200


async def test_the_history_is_append_only(client, auth, schools) -> None:
    await issue(client, auth.admin, schools.programme["id"], schools.a["id"])
    with pytest.raises(Exception, match="append-only"):
        await db.fetch("UPDATE voucher_event SET actor = 'someone else'")
    with pytest.raises(Exception, match="append-only"):
        await db.fetch("DELETE FROM voucher_event")
    assert await VoucherEvent.count() == 1


async def test_the_voucher_page_and_the_school_show_the_history(client, auth, schools) -> None:
    code = (await issue(client, auth.admin, schools.programme["id"], schools.a["id"]))["code"]
    csrf = await signed_in(client, auth.admin)
    page = await client.get(f"/admin/vouchers/{code}")
    assert 'name="version" value="1"' in page.text
    moved = await client.post(
        f"/admin/vouchers/{code}/extend",
        data={"expires_on": in_days(200), "version": "1", "_csrf_token": csrf},
    )
    assert moved.status_code == 303
    # The cancel form was opened at version 1: the extension made it stale.
    stale = await client.post(
        f"/admin/vouchers/{code}/cancel", data={"reason": "école fermée", "version": "1", "_csrf_token": csrf}
    )
    assert stale.status_code == 409 and "quelqu" in stale.text
    cancelled = await client.post(
        f"/admin/vouchers/{code}/cancel", data={"reason": "école fermée", "version": "2", "_csrf_token": csrf}
    )
    assert cancelled.status_code == 303
    shown = (await client.get(f"/admin/vouchers/{code}")).text
    assert "data-voucher-history" in shown
    for words in ("Émis", "Date d’expiration déplacée", "Annulé", "école fermée"):
        assert words in shown, words
    client.cookies.clear()
    await signed_in(client, schools.school_a)
    home = (await client.get("/school")).text
    assert "data-voucher-history" in home and "école fermée" in home
