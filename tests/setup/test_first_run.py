"""The first run over HTTP, on SQLite and PostgreSQL: a one-time setup address creates the
first coordinator, signs them in, and is 404 afterwards; two at once: exactly one wins."""

from __future__ import annotations

import asyncio

import httpx

from inventory.accounts.roles import Role
from inventory.accounts.tables import User
from inventory.setup import service as setup
from inventory.setup.tables import SetupToken
from tests.conftest import make_user

CSRF = "relais_csrf"
SESSION = "relais_session"
GOOD = {
    "username": "Coordination",
    "full_name": "Nadia El Amrani",
    "language": "nl",
    "password": "the bus leaves at nine sharp",
    "confirm_password": "the bus leaves at nine sharp",
}


async def _form(client: httpx.AsyncClient, token: str) -> httpx.Response:
    page = await client.get(f"/setup/{token}")
    assert page.status_code == 200, page.text
    return page


async def test_the_setup_address_creates_the_first_coordinator_and_signs_them_in(client) -> None:
    token = await setup.issue_token()
    assert token is not None and len(token) >= 40
    page = await _form(client, token)
    for field in ("username", "full_name", "language", "password", "confirm_password"):
        assert f'name="{field}"' in page.text
    answer = await client.post(f"/setup/{token}", data={**GOOD, "_csrf_token": client.cookies[CSRF]})
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/dashboard"
    assert answer.headers["set-cookie"].startswith(f"{SESSION}=")
    users = await User.select(User.username, User.role, User.language)
    assert users == [{"username": "coordination", "role": Role.ADMIN, "language": "nl"}]
    if setup.FULL_NAME_COLUMN is not None:
        stored = await User.select(setup.FULL_NAME_COLUMN).first()
        assert list(stored.values()) == ["Nadia El Amrani"]
    # Signed in: the dashboard opens with the new session.
    assert (await client.get("/dashboard")).status_code == 200
    # The address is spent: the page is gone, a second submission is refused.
    assert (await client.get(f"/setup/{token}")).status_code == 404
    again = await client.post(
        f"/setup/{token}", data={**GOOD, "username": "second", "_csrf_token": client.cookies[CSRF]}
    )
    assert again.status_code == 409
    assert await User.count() == 1
    # And a start with a user issues no token at all.
    assert await setup.issue_token() is None


async def test_the_token_is_stored_only_as_a_digest_and_unknown_ones_are_404(client) -> None:
    token = await setup.issue_token()
    assert token is not None
    stored = await SetupToken.select(SetupToken.digest)
    assert stored == [{"digest": setup.digest(token)}]
    assert token not in str(stored)
    assert (await client.get("/setup/" + "x" * 43)).status_code == 404
    assert (await client.get("/setup/not%0Aa%20token")).status_code in (400, 404)
    await client.get(f"/setup/{token}")
    forged = await client.post("/setup/" + "x" * 43, data={**GOOD, "_csrf_token": client.cookies[CSRF]})
    assert forged.status_code == 404
    assert await User.count() == 0


async def test_a_weak_password_or_a_bad_field_is_refused_and_the_address_stays_open(client) -> None:
    token = await setup.issue_token()
    assert token is not None
    await _form(client, token)
    csrf = client.cookies[CSRF]
    weak = await client.post(
        f"/setup/{token}",
        data={**GOOD, "password": "password1234", "confirm_password": "password1234", "_csrf_token": csrf},
    )
    assert weak.status_code == 400
    assert "mot de passe" in weak.text.lower()  # the policy's refusal, in French
    differ = await client.post(
        f"/setup/{token}", data={**GOOD, "confirm_password": "something else entirely", "_csrf_token": csrf}
    )
    assert differ.status_code == 400
    bad = await client.post(
        f"/setup/{token}",
        data={**GOOD, "username": "x", "full_name": "two\nlines", "language": "de", "_csrf_token": csrf},
    )
    assert bad.status_code == 400
    for field in ("username", "full_name", "language"):
        assert f'id="{field}-error"' in bad.text
    missing = await client.post(f"/setup/{token}", data={"_csrf_token": csrf})
    assert missing.status_code == 400
    assert await User.count() == 0
    assert await setup.is_open(token)


async def test_an_account_made_otherwise_closes_the_setup_address(client) -> None:
    token = await setup.issue_token()
    assert token is not None
    # Meanwhile the log-in page tells a newcomer where to look.
    assert "Aucun compte n'existe encore" in (await client.get("/login")).text
    await make_user("admin", Role.ADMIN)
    assert (await client.get(f"/setup/{token}")).status_code == 404
    assert "Aucun compte n'existe encore" not in (await client.get("/login")).text


async def test_two_submissions_at_once_create_exactly_one_account(client) -> None:
    """Two people with the same address, and two with addresses from two starts: one wins."""
    first, second = await setup.issue_token(), await setup.issue_token()
    assert first and second and first != second
    await _form(client, first)
    csrf = client.cookies[CSRF]
    submissions = [
        client.post(f"/setup/{token}", data={**GOOD, "username": f"coord{n}", "_csrf_token": csrf})
        for n, token in enumerate([first, first, second, second])
    ]
    answers = await asyncio.gather(*submissions)
    assert sorted(answer.status_code for answer in answers) == [303, 409, 409, 409]
    assert await User.count() == 1
    assert not await setup.is_open(first) and not await setup.is_open(second)
