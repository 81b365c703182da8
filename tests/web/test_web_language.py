"""Whose language a page speaks: the signed-in account's wins over the browser's."""

from __future__ import annotations

from inventory.accounts import service as accounts
from tests.web.test_web_http import CSRF, signed_in


async def test_the_accounts_language_wins_over_accept_language(client, auth) -> None:
    await accounts.set_language(auth.users["technician"]["id"], "nl")
    await signed_in(client, auth.technician)
    page = await client.get("/scan", headers={"Accept-Language": "fr-BE,fr;q=0.9"})
    assert 'lang="nl"' in page.text and "Scanpost" in page.text
    # Nor does a cookie left on a shared PC by someone else change it.
    client.cookies.set("relais_lang", "en")
    assert 'lang="nl"' in (await client.get("/scan")).text


async def test_switching_language_while_signed_in_changes_the_account(client, auth) -> None:
    await signed_in(client, auth.social_worker)
    switched = await client.post(
        "/language", data={"language": "en", "next": "/desk", "_csrf_token": client.cookies[CSRF]}
    )
    assert switched.status_code == 303
    me = await client.get("/api/v1/auth/me", headers=auth.social_worker)
    assert me.json()["language"] == "en"
    page = await client.get("/desk", headers={"Accept-Language": "nl"})
    assert 'lang="en"' in page.text
