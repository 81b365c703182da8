"""Passwords people can change, coordinators can reset and operators can set; one policy for
passwords and one rule for usernames, wherever they are entered."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from inventory.accounts import policy
from inventory.accounts.passwords import verify_password
from inventory.accounts.tables import Token, User
from tests.accounts.test_throttle import let_time_pass
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
NEW_PASSWORD = "a brand new passphrase for the desk"


async def log_in(client, username: str, password: str = PASSWORD):
    return await client.post("/api/v1/auth/token", json={"username": username, "password": password})


def bearer(response) -> dict[str, str]:
    return {"Authorization": f"Bearer {response.json()['token']}"}


@pytest.mark.parametrize(
    ("password", "username"),
    [
        ("aaaaaaaaaaaa", "marie"),  # one character repeated
        ("abababababab", "marie"),  # too few different characters
        ("marie.dupont", "marie.dupont"),  # the username
        ("MARIE.DUPONT", "marie.dupont"),  # the username, whatever the case
        ("\u200b" * 12, "marie"),  # twelve zero-width spaces
        ("correct\u200bhorse battery", "marie"),  # a zero-width space inside
        ("correct horse\x00battery", "marie"),  # NUL
        ("correct horse\nbattery", "marie"),  # a line break
        ("qwerty123456", "marie"),  # among the 100,000 most common
        ("QWERTY123456", "marie"),  # the same, in capitals
        ("short one", "marie"),  # under twelve characters
        ("            ", "marie"),  # blank
        ("x" * 1025, "marie"),
    ],
)
def test_the_policy_refuses_weak_passwords(password: str, username: str) -> None:
    assert policy.password_problem(password, username) is not None


@pytest.mark.parametrize(
    "password",
    ["correct horse battery staple", "Schöne Grüße aus Brüssel", "ﬁve ﬁne ﬁsh ﬂy", "j'aime le café noir"],
)
def test_the_policy_accepts_passphrases(password: str) -> None:
    assert policy.password_problem(password, "marie") is None


def test_lengths_count_after_nfkc_normalisation() -> None:
    # Eleven characters as typed, twelve once the ligature is unfolded.
    assert len("ﬁrst choice") == 11
    assert policy.password_problem("ﬁrst choice", "marie") is None


def test_the_common_password_list_is_the_seclists_top_100000() -> None:
    common = policy.common_passwords()
    assert "qwerty123456" in common and "1qaz2wsx3edc" in common
    assert all(len(password) >= policy.MIN_PASSWORD_LENGTH for password in common)


@pytest.mark.parametrize(
    ("raw", "accepted"),
    [
        ("marie.dupont", "marie.dupont"),
        ("Marie.Dupont", "marie.dupont"),
        ("ｍａｒｉｅ", "marie"),  # full-width letters are the same letters
        ("jean_luc-2", "jean_luc-2"),
        ("mаrie", None),  # a Cyrillic а
        ("jean dupont", None),
        ("marie@cpas", None),
        ("ab", None),
        ("a" * 65, None),  # refused, never cut
        ("eve\x00", None),
    ],
)
def test_one_username_rule(raw: str, accepted: str | None) -> None:
    name = policy.normalise_username(raw)
    if accepted is None:
        assert policy.username_problem(name) is not None
    else:
        assert policy.username_problem(name) is None and name == accepted


def test_the_username_limit_is_the_column_length() -> None:
    assert policy.USERNAME_MAX_LENGTH == User.username.length


@pytest.mark.parametrize(
    ("username", "password", "field"),
    [
        ("marie.dupont", "aaaaaaaaaaaa", "password"),
        ("marie.dupont", "marie.dupont", "password"),
        ("marie.dupont", "\u200b" * 12, "password"),
        ("marie.dupont", "qwerty123456", "password"),
        ("mаrie", "a long enough passphrase", "username"),  # Cyrillic а
        ("ｍａｒｉｅ", "a long enough passphrase", "username"),  # the API wants the plain form
        ("a" * 80, "a long enough passphrase", "username"),
    ],
)
async def test_the_api_refuses_what_the_policy_refuses(client, auth, username, password, field) -> None:
    before = await User.count()
    body = {"username": username, "password": password, "role": "technician"}
    response = await client.post("/api/v1/users", json=body, headers=auth.admin)
    assert response.status_code == 400, response.text
    assert field in response.json()["detail"]
    assert await User.count() == before


async def test_a_user_changes_their_own_password(client, auth) -> None:
    first = await log_in(client, "sw")
    second = await log_in(client, "sw")
    assert (
        await client.post(
            "/api/v1/auth/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
        )
    ).status_code == 401
    changed = await client.post(
        "/api/v1/auth/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=bearer(first),
    )
    assert changed.status_code == 204, changed.text
    assert (await log_in(client, "sw")).status_code == 401
    assert (await log_in(client, "sw", NEW_PASSWORD)).status_code == 200
    # The session that changed it goes on; every other one ended.
    assert (await client.get("/api/v1/auth/me", headers=bearer(first))).status_code == 200
    assert (await client.get("/api/v1/auth/me", headers=bearer(second))).status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"current_password": "not my password at all", "new_password": NEW_PASSWORD}, "current_password"),
        ({"current_password": PASSWORD, "new_password": "aaaaaaaaaaaa"}, "new_password"),
        ({"current_password": PASSWORD, "new_password": "sw"}, "new_password"),
        ({"current_password": PASSWORD, "new_password": PASSWORD}, "new_password"),
        ({"current_password": PASSWORD}, "new_password"),
        ({"current_password": PASSWORD, "new_password": NEW_PASSWORD, "extra": 1}, "extra"),
    ],
)
async def test_a_refused_password_change_names_the_field_and_changes_nothing(
    client, auth, body, field
) -> None:
    before = await User.select(User.password_hash).where(User.username == "tech").first()
    response = await client.post("/api/v1/auth/password", json=body, headers=auth.technician)
    assert response.status_code == 400, response.text
    assert field in response.json()["detail"] or response.json().get("field") == field
    after = await User.select(User.password_hash).where(User.username == "tech").first()
    assert after == before


async def test_guessing_the_current_password_is_throttled(client, auth) -> None:
    for number in range(5):
        body = {"current_password": f"guess number {number}", "new_password": NEW_PASSWORD}
        assert (
            await client.post("/api/v1/auth/password", json=body, headers=auth.technician)
        ).status_code == 400
    await let_time_pass(-30)
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert (await client.post("/api/v1/auth/password", json=body, headers=auth.technician)).status_code == 429


async def test_a_coordinator_resets_a_password_and_the_user_must_change_it(client, auth) -> None:
    tech_id = auth.users["technician"]["id"]
    reset = await client.post(f"/api/v1/users/{tech_id}/password-reset", headers=auth.admin)
    assert reset.status_code == 200, reset.text
    temporary = reset.json()["temporary_password"]
    assert reset.json()["must_change_password"] is True
    assert policy.password_problem(temporary, "tech") is None
    # The old password and the old sessions are gone.
    assert (await client.get("/api/v1/devices", headers=auth.technician)).status_code == 401
    assert (await log_in(client, "tech")).status_code == 401
    # The temporary password opens only the password change.
    token = await log_in(client, "tech", temporary)
    assert token.status_code == 200 and token.json()["must_change_password"] is True
    refused = await client.get("/api/v1/devices", headers=bearer(token))
    assert refused.status_code == 403
    assert refused.json()["reason"] == "password_change_required"
    me = await client.get("/api/v1/auth/me", headers=bearer(token))
    assert me.status_code == 200 and me.json()["must_change_password"] is True
    body = {"current_password": temporary, "new_password": NEW_PASSWORD}
    assert (await client.post("/api/v1/auth/password", json=body, headers=bearer(token))).status_code == 204
    assert (await client.get("/api/v1/devices", headers=bearer(token))).status_code == 200
    users = (await client.get("/api/v1/users", headers=auth.admin)).json()["items"]
    assert [u["must_change_password"] for u in users if u["id"] == tech_id] == [False]


async def test_a_reset_can_set_the_temporary_password_the_coordinator_chose(client, auth) -> None:
    sw_id = auth.users["social_worker"]["id"]
    chosen = "temporary words for marie"
    reset = await client.post(
        f"/api/v1/users/{sw_id}/password-reset", json={"password": chosen}, headers=auth.admin
    )
    assert reset.status_code == 200 and reset.json()["temporary_password"] == chosen
    assert (await log_in(client, "sw", chosen)).status_code == 200
    weak = await client.post(
        f"/api/v1/users/{sw_id}/password-reset", json={"password": "qwerty123456"}, headers=auth.admin
    )
    assert weak.status_code == 400 and "password" in weak.json()["detail"]


@pytest.mark.parametrize("role", ["technician", "social_worker", "school"])
async def test_only_coordinators_reset_passwords(client, auth, role) -> None:
    admin_id = auth.users["admin"]["id"]
    path = f"/api/v1/users/{admin_id}/password-reset"
    assert (await client.post(path, headers=auth.of(role))).status_code == 403
    assert (await client.post(path)).status_code == 401
    stored = await User.select(User.must_change_password).where(User.id == admin_id).first()
    assert stored["must_change_password"] is False


async def test_a_coordinator_cannot_reset_their_own_password_or_an_unknown_user(client, auth) -> None:
    admin_id = auth.users["admin"]["id"]
    assert (
        await client.post(f"/api/v1/users/{admin_id}/password-reset", headers=auth.admin)
    ).status_code == 409
    assert (await client.post("/api/v1/users/424242/password-reset", headers=auth.admin)).status_code == 404
    assert (await client.get("/api/v1/devices", headers=auth.admin)).status_code == 200


def run_cli(database_url: str, tmp_path: Path, *arguments: str, password: str | None = None):
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "RELAIS_DATABASE_URL": database_url,
        "RELAIS_SECRET_KEY": "cli-test",
        "PYTHONPATH": str(ROOT),
    }
    if password is not None:
        environment["RELAIS_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-c", "import sys; from inventory.cli import main; sys.exit(main())", *arguments],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


async def test_the_cli_checks_usernames_by_the_same_rule(database_url, auth, tmp_path) -> None:
    for refused in ("mаrie", "jean dupont", "a" * 80):
        result = run_cli(
            database_url, tmp_path, "create-user", refused, "--role", "technician", password=NEW_PASSWORD
        )
        assert result.returncode == 2, result.stdout
        assert "username" in result.stderr
    weak = run_cli(
        database_url, tmp_path, "create-user", "marie", "--role", "technician", password="aaaaaaaaaaaa"
    )
    assert weak.returncode == 2 and "password" in weak.stderr
    assert await User.count().where(User.username.like("%a%a%a%a%a%a%a%a%")) == 0
    created = run_cli(
        database_url, tmp_path, "create-user", "ＭＡＲＩＥ", "--role", "technician", password=NEW_PASSWORD
    )
    assert created.returncode == 0, created.stderr
    assert await User.exists().where(User.username == "marie")


async def test_set_password_replaces_a_password_and_ends_sessions(
    client, auth, database_url, tmp_path
) -> None:
    result = run_cli(database_url, tmp_path, "set-password", "TECH", password=NEW_PASSWORD)
    assert result.returncode == 0, result.stderr
    assert "tech" in result.stdout
    assert (await client.get("/api/v1/auth/me", headers=auth.technician)).status_code == 401
    assert (await log_in(client, "tech", NEW_PASSWORD)).status_code == 200
    temporary = run_cli(database_url, tmp_path, "set-password", "sw", "--temporary", password=NEW_PASSWORD)
    assert temporary.returncode == 0, temporary.stderr
    stored = await User.select(User.must_change_password).where(User.username == "sw").first()
    assert stored["must_change_password"] is True
    for refused, word in (
        (("set-password", "nobody.here"), "nobody.here"),
        (("set-password", "admin"), "password"),
    ):
        result = run_cli(
            database_url, tmp_path, *refused, password="aaaaaaaaaaaa" if word == "password" else NEW_PASSWORD
        )
        assert result.returncode == 2 and word in result.stderr
    row = await User.select(User.password_hash).where(User.username == "admin").first()
    assert verify_password(row["password_hash"], PASSWORD)
    assert await Token.count().where(Token.revoked_at.is_null()) >= 1
