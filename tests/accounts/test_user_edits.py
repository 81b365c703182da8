"""A coordinator corrects accounts: role, school, language, full name, active (PATCH
/api/v1/users/{id}), with the school checked to exist, and full names printed for staff."""

from __future__ import annotations

import pytest

from inventory.accounts.tables import Token, User
from tests.conftest import make_user


async def _school(client, auth, name: str = "École du Parc", fase: str = "1234") -> int:
    response = await client.post(
        "/api/v1/schools", json={"name": name, "fase_number": fase}, headers=auth.admin
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def test_a_school_user_created_with_a_school_that_does_not_exist_is_refused(client, auth) -> None:
    body = {"username": "ecole", "password": "correct horse battery staple", "role": "school"}
    response = await client.post("/api/v1/users", json={**body, "school_id": 1001}, headers=auth.admin)
    assert response.status_code == 400
    assert "1001" in response.json()["detail"]
    assert await User.count().where(User.username == "ecole") == 0


async def test_a_school_user_stuck_with_a_wrong_school_is_fixed_by_a_patch(client, auth) -> None:
    # As created before the check existed: school 1001 does not exist.
    stuck = await make_user("ecole", "school", school_id=1001)
    school_id = await _school(client, auth)
    refused = await client.patch(f"/api/v1/users/{stuck['id']}", json={"school_id": 1002}, headers=auth.admin)
    assert refused.status_code == 400 and "1002" in refused.json()["detail"]
    fixed = await client.patch(
        f"/api/v1/users/{stuck['id']}", json={"school_id": school_id}, headers=auth.admin
    )
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["school_id"] == school_id


async def test_role_language_full_name_and_active_change_and_only_those_sent(client, auth) -> None:
    tech_id = auth.users["technician"]["id"]
    response = await client.patch(
        f"/api/v1/users/{tech_id}",
        json={"role": "social_worker", "language": "nl", "full_name": " Jan Peeters "},
        headers=auth.admin,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["role"], body["language"], body["full_name"], body["active"]) == (
        "social_worker",
        "nl",
        "Jan Peeters",
        True,
    )
    # The token in hand now acts with the new role, at once.
    me = (await client.get("/api/v1/auth/me", headers=auth.technician)).json()
    assert (me["role"], me["language"], me["full_name"]) == ("social_worker", "nl", "Jan Peeters")
    assert (await client.post("/api/v1/devices", json={}, headers=auth.technician)).status_code == 403
    deactivated = await client.patch(f"/api/v1/users/{tech_id}", json={"active": False}, headers=auth.admin)
    assert deactivated.json()["active"] is False and deactivated.json()["full_name"] == "Jan Peeters"
    assert await Token.count().where((Token.user == tech_id) & Token.revoked_at.is_null()) == 0


async def test_a_school_user_moved_to_another_role_keeps_no_school(client, auth) -> None:
    school_user = auth.users["school"]
    response = await client.patch(
        f"/api/v1/users/{school_user['id']}", json={"role": "technician"}, headers=auth.admin
    )
    assert response.status_code == 200
    assert response.json()["school_id"] is None
    # ...and back to school staff needs a school.
    back = await client.patch(
        f"/api/v1/users/{school_user['id']}", json={"role": "school"}, headers=auth.admin
    )
    assert back.status_code == 400 and "school_id" in back.json()["detail"]
    school_id = await _school(client, auth)
    both = await client.patch(
        f"/api/v1/users/{school_user['id']}",
        json={"role": "school", "school_id": school_id},
        headers=auth.admin,
    )
    assert both.status_code == 200 and both.json()["school_id"] == school_id


async def test_a_coordinator_cannot_demote_or_deactivate_their_own_account(client, auth) -> None:
    admin_id = auth.users["admin"]["id"]
    demoted = await client.patch(f"/api/v1/users/{admin_id}", json={"role": "technician"}, headers=auth.admin)
    assert demoted.status_code == 409
    off = await client.patch(f"/api/v1/users/{admin_id}", json={"active": False}, headers=auth.admin)
    assert off.status_code == 409
    renamed = await client.patch(
        f"/api/v1/users/{admin_id}", json={"full_name": "Claire"}, headers=auth.admin
    )
    assert renamed.status_code == 200
    assert (await User.select(User.role).where(User.id == admin_id).first())["role"] == "admin"


@pytest.mark.parametrize(
    "body",
    [
        {"full_name": "Jan\x00"},
        {"full_name": "Jan\nPeeters"},
        {"full_name": "   "},
        {"full_name": "J" * 201},
        {"full_name": 42},
        {"role": "overlord"},
        {"role": None},
        {"language": "de"},
        {"active": "maybe"},
        {"school_id": "one"},
        {"school_id": 0},
        {"school_id": 2**40},
        {"school_id": 1},  # a technician has no school
        {"username": "renamed"},
        {"password": "a new password 123"},
        [],
        "x",
    ],
)
async def test_bad_account_changes_are_400_and_change_nothing(client, auth, body) -> None:
    tech_id = auth.users["technician"]["id"]
    before = await User.select().where(User.id == tech_id).first()
    response = await client.patch(f"/api/v1/users/{tech_id}", json=body, headers=auth.admin)
    assert response.status_code == 400, response.text
    assert await User.select().where(User.id == tech_id).first() == before


async def test_an_unknown_user_is_404(client, auth) -> None:
    response = await client.patch("/api/v1/users/999999", json={"full_name": "X"}, headers=auth.admin)
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["technician", "social_worker", "school"])
async def test_only_a_coordinator_edits_accounts(client, auth, role) -> None:
    target = auth.users["social_worker" if role != "social_worker" else "technician"]["id"]
    before = await User.select().where(User.id == target).first()
    response = await client.patch(f"/api/v1/users/{target}", json={"full_name": "Eve"}, headers=auth.of(role))
    assert response.status_code == 403
    assert (await client.patch(f"/api/v1/users/{target}", json={"full_name": "Eve"})).status_code == 401
    assert await User.select().where(User.id == target).first() == before


async def test_a_new_account_gets_the_full_name_typed_or_one_made_from_its_username(client, auth) -> None:
    body = {"password": "correct horse battery staple", "role": "technician"}
    typed = await client.post(
        "/api/v1/users", json={**body, "username": "mdupont", "full_name": "Marie Dupont"}, headers=auth.admin
    )
    assert typed.json()["full_name"] == "Marie Dupont"
    made = await client.post("/api/v1/users", json={**body, "username": "jean.de-smet"}, headers=auth.admin)
    assert made.status_code == 201
    assert made.json()["full_name"] == "Jean De Smet"
    listed = (await client.get("/api/v1/users", headers=auth.admin)).json()["items"]
    assert {"Marie Dupont", "Jean De Smet"} <= {user["full_name"] for user in listed}
