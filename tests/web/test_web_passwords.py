"""The web UI's password pages: changing one's own, the coordinator's reset, the forced change,
and the username rule on the user form."""

from __future__ import annotations

from inventory.accounts.tables import User
from tests.conftest import PASSWORD
from tests.web.test_web_http import CSRF, signed_in

NEW_PASSWORD = "a brand new passphrase for the desk"


async def test_a_user_changes_their_password_on_the_account_page(client, auth) -> None:
    token = await signed_in(client, auth.social_worker)
    form = await client.get("/account/password")
    assert form.status_code == 200
    assert "Mot de passe actuel" in form.text
    differ = await client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD + "!",
            "_csrf_token": token,
        },
    )
    assert differ.status_code == 400
    assert "Les deux nouveaux mots de passe diffèrent." in differ.text
    wrong = await client.post(
        "/account/password",
        data={
            "current_password": "not the password at all",
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
            "_csrf_token": token,
        },
    )
    assert wrong.status_code == 400
    assert "Le mot de passe actuel est incorrect." in wrong.text
    weak = await client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "qwerty123456",
            "confirm_password": "qwerty123456",
            "_csrf_token": token,
        },
    )
    assert weak.status_code == 400
    assert "fait partie des plus courants" in weak.text
    changed = await client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
            "_csrf_token": token,
        },
    )
    assert changed.status_code == 303
    assert changed.headers["location"] == "/account/password?done=changed"
    done = await client.get(changed.headers["location"])
    assert "Votre mot de passe a été changé." in done.text
    # This session goes on.
    assert (await client.get("/desk")).status_code == 200


async def test_the_coordinator_resets_a_password_and_the_user_must_change_it_first(client, auth) -> None:
    token = await signed_in(client, auth.admin)
    tech_id = auth.users["technician"]["id"]
    users = await client.get("/admin/users")
    assert f'action="/admin/users/{tech_id}/password-reset"' in users.text
    reset = await client.post(f"/admin/users/{tech_id}/password-reset", data={"_csrf_token": token})
    assert reset.status_code == 200
    assert reset.headers["cache-control"] == "no-store"
    assert "Mot de passe temporaire de tech" in reset.text
    temporary = reset.text.split('<code class="mono">')[1].split("</code>")[0]
    stored = await User.select(User.must_change_password).where(User.id == tech_id).first()
    assert stored["must_change_password"] is True

    client.cookies.clear()
    await client.get("/login")
    token = client.cookies[CSRF]
    logged_in = await client.post(
        "/login", data={"username": "tech", "password": temporary, "_csrf_token": token, "next": "/scan"}
    )
    assert logged_in.status_code == 303
    assert logged_in.headers["location"] == "/account/password"
    # Every other page leads back to the change.
    scan = await client.get("/scan")
    assert scan.status_code == 303 and scan.headers["location"] == "/account/password"
    form = await client.get("/account/password")
    assert "Votre mot de passe a été réinitialisé" in form.text
    changed = await client.post(
        "/account/password",
        data={
            "current_password": temporary,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
            "_csrf_token": client.cookies[CSRF],
        },
    )
    assert changed.status_code == 303
    assert (await client.get("/scan")).status_code == 200


async def test_the_user_form_applies_the_username_rule(client, auth) -> None:
    token = await signed_in(client, auth.admin)
    body = {"password": NEW_PASSWORD, "role": "technician", "language": "fr", "_csrf_token": token}
    cyrillic = await client.post("/admin/users", data={**body, "username": "mаrie"})
    assert cyrillic.status_code == 400
    assert "ne peut contenir que des lettres de a à z" in cyrillic.text
    weak = await client.post("/admin/users", data={**body, "username": "paul", "password": "aaaaaaaaaaaa"})
    assert weak.status_code == 400
    assert "caractères différents" in weak.text
    assert not await User.exists().where(User.username.is_in(["mаrie", "paul"]))
    wide = await client.post("/admin/users", data={**body, "username": "ＭＡＲＩＥ"})
    assert wide.status_code == 303
    assert await User.exists().where(User.username == "marie")
