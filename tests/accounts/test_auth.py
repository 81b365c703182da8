"""Log-in, tokens, users and the security basics every response must have."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from inventory.accounts.tables import Token, User
from tests.accounts.test_throttle import let_time_pass
from tests.conftest import PASSWORD


async def log_in(client, username: str, password: str = PASSWORD):
    return await client.post("/api/v1/auth/token", json={"username": username, "password": password})


async def test_log_in_returns_a_bearer_token_that_works(client, auth) -> None:
    response = await log_in(client, "tech")
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["role"] == "technician"
    assert datetime.fromisoformat(body["expires_at"]) > datetime.now(UTC)
    me = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.json()["username"] == "tech"


async def test_tokens_are_stored_hashed_never_in_plain_text(client, auth) -> None:
    token = (await log_in(client, "tech")).json()["token"]
    digests = [row["digest"] for row in await Token.select(Token.digest)]
    assert token not in digests
    assert all(len(digest) == 64 for digest in digests)


async def test_wrong_password_and_unknown_user_get_the_same_401(client, auth) -> None:
    wrong = await log_in(client, "tech", "not the password at all")
    unknown = await log_in(client, "nobody", "not the password at all")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


async def test_repeated_failures_are_throttled(client, auth) -> None:
    for _ in range(5):
        assert (await log_in(client, "tech", "wrong password 123")).status_code == 401
    # The fifth failure made the next attempt wait a second; a slow machine may take that long
    # to send it, so the wait is made longer rather than the test racing the clock.
    await let_time_pass(-30)
    throttled = await log_in(client, "tech")
    assert throttled.status_code == 429
    assert 0 < int(throttled.headers["retry-after"]) <= 60
    # Another account is not affected.
    assert (await log_in(client, "sw")).status_code == 200
    # The API's document says so: a client generated from it expects the 429 and its header.
    document = (await client.get("/schema/openapi.json")).json()
    for path in ("/api/v1/auth/token", "/api/v1/auth/password"):
        declared = document["paths"][path]["post"]["responses"]["429"]
        assert declared["headers"]["Retry-After"]["schema"] == {"type": "integer", "minimum": 1}
        assert declared["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert throttled.json()["status_code"] == 429


async def test_revoked_token_stops_working_at_once(client, auth) -> None:
    token = (await log_in(client, "tech")).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert (await client.post("/api/v1/auth/logout", headers=headers)).status_code == 204
    assert (await client.get("/api/v1/devices", headers=headers)).status_code == 401


async def test_expired_token_is_refused(client, auth) -> None:
    await Token.update({Token.expires_at: datetime.now(UTC) - timedelta(seconds=1)}, force=True)
    assert (await client.get("/api/v1/devices", headers=auth.technician)).status_code == 401


async def test_deactivating_a_user_ends_its_tokens_and_log_in(client, auth) -> None:
    tech_id = auth.users["technician"]["id"]
    response = await client.patch(f"/api/v1/users/{tech_id}", json={"active": False}, headers=auth.admin)
    assert response.status_code == 200
    assert response.json()["active"] is False
    assert (await client.get("/api/v1/devices", headers=auth.technician)).status_code == 401
    assert (await log_in(client, "tech")).status_code == 401


async def test_admin_creates_users_with_policy_checked(client, auth) -> None:
    created = await client.post(
        "/api/v1/users",
        json={"username": "Marie.Dupont", "password": "a long enough pass", "role": "social_worker"},
        headers=auth.admin,
    )
    assert created.status_code == 201, created.text
    assert created.json()["username"] == "marie.dupont"
    assert "password" not in created.json()
    stored = await User.select(User.password_hash).where(User.username == "marie.dupont").first()
    assert stored["password_hash"].startswith("$argon2id$")
    assert (await log_in(client, "marie.dupont", "a long enough pass")).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "x1", "password": "a long enough pass", "role": "admin"}, "username"),
        ({"username": "bad name", "password": "a long enough pass", "role": "admin"}, "username"),
        ({"username": "short.pw", "password": "elevenchars", "role": "admin"}, "password"),
        ({"username": "no.role", "password": "a long enough pass", "role": "root"}, "role"),
        ({"username": "sch", "password": "a long enough pass", "role": "school"}, "school_id"),
        (
            {"username": "tech2", "password": "a long enough pass", "role": "technician", "school_id": 1},
            "school_id",
        ),
    ],
)
async def test_bad_user_is_400_naming_the_field(client, auth, body, field) -> None:
    before = await User.count()
    response = await client.post("/api/v1/users", json=body, headers=auth.admin)
    assert response.status_code == 400, response.text
    assert field in response.json()["detail"]
    assert await User.count() == before


async def test_duplicate_username_is_409(client, auth) -> None:
    body = {"username": "TECH", "password": "a long enough pass", "role": "technician"}
    assert (await client.post("/api/v1/users", json=body, headers=auth.admin)).status_code == 409


@pytest.mark.parametrize("role", ["technician", "social_worker", "school"])
async def test_only_admins_manage_users(client, auth, role) -> None:
    body = {"username": "someone", "password": "a long enough pass", "role": "technician"}
    assert (await client.post("/api/v1/users", json=body, headers=auth.of(role))).status_code == 403
    assert (await client.get("/api/v1/users", headers=auth.of(role))).status_code == 403
    assert (await client.post("/api/v1/users", json=body)).status_code == 401


async def test_an_admin_cannot_deactivate_their_own_account(client, auth) -> None:
    admin_id = auth.users["admin"]["id"]
    response = await client.patch(f"/api/v1/users/{admin_id}", json={"active": False}, headers=auth.admin)
    assert response.status_code == 409
    assert (await client.get("/api/v1/users", headers=auth.admin)).status_code == 200


async def test_a_school_user_needs_an_existing_school(client, auth) -> None:
    body = {"username": "ecole.a", "password": "a long enough pass", "role": "school", "school_id": 4242}
    response = await client.post("/api/v1/users", json=body, headers=auth.admin)
    assert response.status_code == 400
    assert "school_id" in response.json()["detail"]
    school = await client.post(
        "/api/v1/schools", json={"name": "École du Centre", "fase_number": "1234"}, headers=auth.admin
    )
    assert school.status_code == 201, school.text
    body["school_id"] = school.json()["id"]
    assert (await client.post("/api/v1/users", json=body, headers=auth.admin)).status_code == 201
