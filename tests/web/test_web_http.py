"""The web UI over HTTP, on SQLite and PostgreSQL: sessions, CSRF, languages, refusals, forms
that name every bad field, and the htmx answers of batch scanning."""

from __future__ import annotations

import io
import re

import httpx
import pytest
from markupsafe import escape
from pypdf import PdfReader

from inventory.accounts import service as accounts
from inventory.accounts.roles import Role
from inventory.devices.tables import Device, Event
from inventory.errors import Conflict
from inventory.i18n import translations
from tests.conftest import PASSWORD, TEST_HOST, settings_for
from tests.helpers import device_at, speaking

SESSION = "relais_session"
CSRF = "relais_csrf"


def session_of(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


async def signed_in(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    """Use a role's token as its session cookie, and fetch a page for the CSRF cookie."""
    client.cookies.set(SESSION, session_of(headers), domain=TEST_HOST)
    await client.get("/login")
    return client.cookies[CSRF]


async def test_log_in_sets_an_http_only_session_and_log_out_revokes_it(client, auth) -> None:
    page = await client.get("/login")
    assert page.status_code == 200
    assert 'lang="fr"' in page.text and "Se connecter" in page.text
    token = client.cookies[CSRF]
    response = await client.post(
        "/login", data={"username": "tech", "password": PASSWORD, "_csrf_token": token}
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/scan"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie
    assert (await client.get("/scan")).status_code == 200

    session = client.cookies[SESSION]
    out = await client.post("/logout", data={"_csrf_token": token})
    assert out.status_code == 303 and out.headers["location"] == "/login"
    # The token itself is revoked: a copy of the cookie no longer opens anything.
    client.cookies.set(SESSION, session, domain=TEST_HOST)
    again = await client.get("/scan")
    assert again.status_code == 303
    assert again.headers["location"] == "/login?next=%2Fscan"


async def test_a_wrong_password_shows_the_form_again_and_https_makes_cookies_secure(
    database_url, auth
) -> None:
    from inventory.app import create_app

    app = create_app(settings_for(database_url, https=True), manage_engine=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=f"https://{TEST_HOST}") as client:
        await client.get("/login")
        token = client.cookies[CSRF]
        wrong = await client.post(
            "/login", data={"username": "tech", "password": "nope", "_csrf_token": token}
        )
        assert wrong.status_code == 401
        assert "Nom d&#39;utilisateur ou mot de passe incorrect." in wrong.text
        assert 'value="tech"' in wrong.text
        right = await client.post(
            "/login",
            data={"username": "admin", "password": PASSWORD, "_csrf_token": token, "next": "/admin/sites"},
        )
        assert right.status_code == 303 and right.headers["location"] == "/admin/sites"
        assert "Secure" in right.headers["set-cookie"]


async def test_the_language_follows_accept_language_then_the_switch(client, auth) -> None:
    """Before sign-in: Accept-Language, then the switch's cookie."""
    dutch = await client.get("/login", headers={"Accept-Language": "nl-BE,nl;q=0.9,fr;q=0.5"})
    assert 'lang="nl"' in dutch.text and "Aanmelden" in dutch.text
    english = await client.get("/login", headers={"Accept-Language": "de-DE, en;q=0.8"})
    assert 'lang="en"' in english.text and "Log in" in english.text
    assert 'lang="fr"' in (await client.get("/login", headers={"Accept-Language": "de"})).text

    switch = await client.post(
        "/language", data={"language": "nl", "next": "/login?next=X", "_csrf_token": client.cookies[CSRF]}
    )
    assert switch.status_code == 303 and switch.headers["location"] == "/login?next=X"
    assert "relais_lang=nl" in switch.headers["set-cookie"]
    chosen = await client.get("/login", headers={"Accept-Language": "en"})
    assert 'lang="nl"' in chosen.text
    # Only local paths are followed after a switch.
    away = await client.post(
        "/language", data={"language": "en", "next": "//evil.example/", "_csrf_token": client.cookies[CSRF]}
    )
    assert away.headers["location"] == "/"


async def test_strangers_are_sent_to_the_log_in_page_while_the_api_keeps_its_401(client, auth) -> None:
    page = await client.get("/scan/batch?action=wipe")
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=%2Fscan%2Fbatch%3Faction%3Dwipe"
    partial = await client.get("/scan?code=RL-1", headers={"HX-Request": "true"})
    assert partial.headers["hx-redirect"].startswith("/login?next=")
    api = await client.get("/api/v1/devices")
    assert api.status_code == 401 and api.json()["status_code"] == 401
    # The session cookie is not a credential for the API (CSRF has no hold there).
    client.cookies.set(SESSION, session_of(auth.admin), domain=TEST_HOST)
    assert (await client.get("/api/v1/devices")).status_code == 401
    assert (await client.get("/static/relais.css")).status_code == 200


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("technician", "/dashboard"),
        ("technician", "/admin/users"),
        ("social_worker", "/intake"),
        ("social_worker", "/scan/batch"),
        ("school", "/scan"),
        ("school", "/dashboard"),
        ("technician", "/waiting-list"),
        ("school", "/waiting-list"),
        ("technician", "/desk/lend"),
    ],
)
async def test_a_page_of_another_role_is_refused(client, auth, role: str, path: str) -> None:
    await signed_in(client, auth.of(role))
    response = await client.get(path)
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")
    assert "Accès refusé" in response.text


async def test_a_post_without_the_csrf_token_is_refused_and_writes_nothing(client, auth) -> None:
    await signed_in(client, auth.technician)
    body = {"category": "laptop", "make": "Dell", "model": "Latitude"}
    refused = await client.post("/intake", data=body)
    assert refused.status_code == 403
    assert "Ce formulaire a expiré" in refused.text
    forged = await client.post("/intake", data={**body, "_csrf_token": "a" * 128})
    assert forged.status_code == 403
    assert await Device.count() == 0
    accepted = await client.post("/intake", data={**body, "_csrf_token": client.cookies[CSRF]})
    assert accepted.status_code == 303
    assert accepted.headers["location"] == "/devices/RL-000001?done=intake"
    assert await Device.count() == 1


async def test_the_intake_form_names_every_bad_field_and_keeps_what_was_typed(client, auth) -> None:
    token = await signed_in(client, auth.technician)
    response = await client.post(
        "/intake",
        data={
            "category": "toaster",
            "make": " ",
            "model": "<b>Latitude</b>",
            "specs.ram_gb": "lots",
            "specs.screen_inches": "999",
            "_csrf_token": token,
        },
    )
    assert response.status_code == 400
    for field in ("category", "make", "specs.ram_gb", "specs.screen_inches"):
        assert f'id="{field}-error"' in response.text, field
    assert 'id="model-error"' not in response.text
    assert "Ce champ est obligatoire." in response.text
    assert "Ce nombre est hors des limites." in response.text
    assert 'value="&lt;b&gt;Latitude&lt;/b&gt;"' in response.text
    assert await Device.count() == 0


async def test_a_batch_scan_answers_a_fragment_with_its_tally_and_a_sound_cue(client, auth) -> None:
    tag = await device_at(client, auth.technician, "received", serial_number="SN-42")
    token = await signed_in(client, auth.technician)
    preset = {
        "action": "wipe",
        "method": "nist-800-88-purge",
        "result": "passed",
        "tool": "nwipe 0.37",
        "verification": "last-pass",
        "ok": "3",
        "refused": "1",
        "_csrf_token": token,
    }
    headers = {"HX-Request": "true", "HX-Target": "batch-log"}
    accepted = await client.post("/scan/batch/run", data={**preset, "code": " sn-42 "}, headers=headers)
    assert accepted.status_code == 200
    assert "<html" not in accepted.text
    assert 'data-outcome="ok"' in accepted.text and tag in accepted.text
    assert re.search(r'id="batch-tally"[^>]*hx-swap-oob="true"', accepted.text)
    assert 'name="ok" value="4"' in accepted.text and 'name="refused" value="1"' in accepted.text
    assert '"outcome":"ok"' in accepted.headers["hx-trigger-after-settle"].replace(" ", "")
    events = (
        await Event.select(Event.action, Event.details).where(Event.action == "wipe").output(load_json=True)
    )
    assert len(events) == 1 and events[0]["details"]["tool"] == "nwipe 0.37"

    again = await client.post("/scan/batch/run", data={**preset, "code": tag}, headers=headers)
    assert 'data-outcome="refused"' in again.text
    assert "Effacement des données n&#39;est pas possible maintenant." in again.text
    assert '"outcome":"refused"' in again.headers["hx-trigger-after-settle"].replace(" ", "")
    assert await Event.count().where(Event.action == "wipe") == 1

    # Without htmx (no JavaScript), the same post renders the whole batch page.
    plain = await client.post("/scan/batch/run", data={**preset, "code": "nothing-here"})
    assert plain.status_code == 200 and "<html" in plain.text and "Code inconnu" in plain.text


async def test_an_invalid_batch_setting_is_shown_on_the_setup_form(client, auth) -> None:
    await signed_in(client, auth.technician)
    response = await client.get(
        "/scan/batch/run", params={"action": "wipe", "method": "magnets", "passes": "-1"}
    )
    assert response.status_code == 400
    assert 'id="method-error"' in response.text and 'id="passes-error"' in response.text


async def test_the_coordinator_sees_counts_and_manages_users_and_sites(client, auth) -> None:
    await device_at(client, auth.technician, "available")
    await device_at(client, auth.technician, "wiped")
    token = await signed_in(client, auth.admin)
    dashboard = await client.get("/dashboard")
    assert dashboard.status_code == 200
    assert dashboard.text.count("<svg") == 3
    assert re.search(
        r'<span class="kpi__value">2</span><span class="kpi__label">appareils enregistrés', dashboard.text
    )
    assert "Disponible\u202f: 1" in dashboard.text and "Effacé\u202f: 1" in dashboard.text

    site = await client.post(
        "/admin/sites", data={"code": "bus", "name": "Bus numérique", "kind": "bus", "_csrf_token": token}
    )
    assert site.status_code == 303
    duplicate = await client.post(
        "/admin/sites", data={"code": "bus", "name": "Autre", "kind": "bus", "_csrf_token": token}
    )
    assert duplicate.status_code == 409
    assert "Bus numérique" in (await client.get("/admin/sites")).text

    user = await client.post(
        "/admin/users",
        data={
            "username": "nadia",
            "password": "a long enough passphrase",
            "role": "social_worker",
            "language": "nl",
            "_csrf_token": token,
        },
    )
    assert user.status_code == 303
    bad = await client.post(
        "/admin/users", data={"username": "x", "password": "", "role": "pilot", "_csrf_token": token}
    )
    assert bad.status_code == 400
    for field in ("username", "password", "role"):
        assert f'id="{field}-error"' in bad.text
    users = (await client.get("/admin/users")).text
    assert "nadia" in users


async def test_labels_are_drawn_by_the_api_function_and_unknown_tags_are_named(client, auth) -> None:
    tag = await device_at(client, auth.technician, "refurbished")
    token = await signed_in(client, auth.technician)
    form = await client.get("/labels")
    assert re.search(rf'name="tags" value="{tag}" checked', form.text)

    # Ticked and typed again: printed once.
    body = {"tags": tag, "more_tags": f"{tag.lower()}\n", "layout": "a4-38x21", "start_position": "7"}
    printed = await client.post("/labels", data={**body, "_csrf_token": token})
    assert printed.status_code == 200
    assert printed.headers["content-type"] == "application/pdf"
    text = PdfReader(io.BytesIO(printed.content)).pages[0].extract_text()
    assert text.count(tag) == 1 and "CPAS Test" in text

    unknown = await client.post(
        "/labels", data={"more_tags": f"{tag} RL-999999, XX-1", "layout": "a4-63x38", "_csrf_token": token}
    )
    assert unknown.status_code == 400
    assert "Numéros d&#39;inventaire inconnus\u202f: RL-999999, XX-1." in unknown.text
    assert 'id="more_tags-error"' in unknown.text
    beyond = await client.post("/labels", data={**body, "start_position": "66", "_csrf_token": token})
    assert beyond.status_code == 400 and 'id="start_position-error"' in beyond.text

    calibration = await client.get("/labels/calibration", params={"layout": "roll-62x29"})
    assert calibration.status_code == 200 and calibration.content.startswith(b"%PDF")
    assert (await client.get("/labels/calibration", params={"layout": "a5-nope"})).status_code == 404


async def arrange_a_little_of_everything(client, auth) -> dict[str, object]:
    """A device on loan, one reserved for a school's request, one available: every page has rows."""
    lent = await device_at(client, auth.technician, "available", serial_number="EVERY-1")
    reserved = await device_at(client, auth.technician, "available", serial_number="EVERY-2")
    await device_at(client, auth.technician, "refurbished", serial_number="EVERY-3")
    person = await client.post(
        "/api/v1/beneficiaries",
        json={"full_name": "Zoë <b>Dupont</b>", "language": "fr", "consent_recorded_on": "2026-11-01"},
        headers=auth.social_worker,
    )
    loan = await client.post(
        "/api/v1/loans",
        json={"asset_tag": lent, "beneficiary_id": person.json()["id"], "due_on": "2027-03-01"},
        headers=auth.social_worker,
    )
    assert loan.status_code == 201, loan.text
    school = await client.post(
        "/api/v1/schools", json={"name": "École 1", "fase_number": "111"}, headers=auth.admin
    )
    assert school.json()["id"] == 1  # the `school` test user belongs to school 1
    programme = await client.post("/api/v1/programmes", json={"name": "Relance"}, headers=auth.admin)
    voucher = await client.post(
        "/api/v1/vouchers",
        json={
            "programme_id": programme.json()["id"],
            "school_id": 1,
            "quantity": 2,
            "expires_on": "2031-01-31",
        },
        headers=auth.admin,
    )
    assert voucher.status_code == 201, voucher.text
    code = voucher.json()["code"]
    redemption = await client.post(
        f"/api/v1/vouchers/{code}/redemptions", json={"quantity": 1}, headers=auth.school
    )
    await client.post(
        f"/api/v1/redemptions/{redemption.json()['id']}/reserve",
        json={"asset_tag": reserved},
        headers=auth.technician,
    )
    return {
        "tag": lent,
        "loan": loan.json()["id"],
        "beneficiary": person.json()["id"],
        "code": code,
        "redemption": redemption.json()["id"],
    }


PAGES = {
    "technician": [
        "/scan",
        "/scan?code={tag}",
        "/devices/{tag}",
        "/scan/batch?action=refurbish",
        "/scan/batch/run?action=label",
        "/intake",
        "/intake/batch",
        "/intake/import",
        "/scan/counts",
        "/labels",
        "/redemptions",
        "/redemptions/{redemption}",
        "/devices/{tag}/actions/transfer",
    ],
    "social_worker": [
        "/desk",
        "/beneficiaries",
        "/beneficiaries?q=zoe",
        "/beneficiaries/new",
        "/beneficiaries/{beneficiary}",
        "/beneficiaries/{beneficiary}/edit",
        "/desk/lend",
        "/desk/lend?card=dupont",
        "/desk/lend?beneficiary={beneficiary}",
        "/desk/return?code={tag}",
        "/desk/return?returned={loan}",
        "/loans/{loan}",
        "/waiting-list",
        "/waiting-list?category=laptop",
    ],
    "school": ["/school", "/redemptions/{redemption}", "/school/vouchers/{code}/equipment"],
    "admin": [
        "/dashboard",
        "/admin/users",
        "/admin/sites",
        "/admin/schools",
        "/desk",
        "/scan?code={tag}",
        "/scan/counts",
        "/intake/import",
    ],
}


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
async def test_every_page_renders_for_its_role_in_every_language(client, auth, language: str) -> None:
    ids = await arrange_a_little_of_everything(client, auth)
    await speaking(auth, language)
    for role, paths in PAGES.items():
        await signed_in(client, auth.of(role))
        for path in paths:
            response = await client.get(path.format(**ids), headers={"Accept-Language": language})
            assert response.status_code == 200, (role, path, response.text[-500:])
            assert f'<html lang="{language}">' in response.text
            # User text is escaped everywhere it shows.
            assert "<b>Dupont</b>" not in response.text, (role, path)
    pdfs = {
        "technician": [f"/devices/{ids['tag']}/wipe-certificate.pdf"],
        "social_worker": [
            f"/loans/{ids['loan']}/agreement.pdf",
            f"/beneficiaries/{ids['beneficiary']}/card.pdf",
        ],
        "school": [f"/school/vouchers/{ids['code']}/voucher.pdf"],
        "admin": [f"/admin/vouchers/{ids['code']}/voucher.pdf"],
    }
    for role, paths in pdfs.items():
        await signed_in(client, auth.of(role))
        for path in paths:
            response = await client.get(path, headers={"Accept-Language": language})
            assert response.status_code == 200, (role, path)
            assert response.content.startswith(b"%PDF")


async def test_log_in_is_throttled_after_repeated_failures(client, auth) -> None:
    await client.get("/login")
    token = client.cookies[CSRF]
    for _ in range(5):
        failed = await client.post(
            "/login", data={"username": "tech", "password": "guess", "_csrf_token": token}
        )
        assert failed.status_code == 401
    # Even the right password waits now: guessing cannot go on at full speed.
    throttled = await client.post(
        "/login", data={"username": "tech", "password": PASSWORD, "_csrf_token": token}
    )
    assert throttled.status_code == 429
    assert "Trop de tentatives échouées. Réessayez dans 1 s." in throttled.text
    assert SESSION not in throttled.headers.get("set-cookie", "")


async def test_a_log_in_beyond_the_queue_of_password_checks_is_answered_503(
    client, auth, monkeypatch
) -> None:
    import asyncio
    import threading

    import anyio

    from inventory import offload
    from tests.accounts.test_password_queue import HashWatch

    # One place in the queue of password checks, held by a log-in whose hash is held.
    monkeypatch.setitem(
        offload.PLACEMENTS, offload.Work.PASSWORD, offload.Placement(in_process=False, at_once=1, waiting=0)
    )
    release = threading.Event()
    HashWatch(monkeypatch, release)
    await client.get("/login")
    token = client.cookies[CSRF]
    holding = asyncio.create_task(
        client.post("/api/v1/auth/token", json={"username": "nobody", "password": "a wrong guess"})
    )
    try:
        with anyio.fail_after(60):  # a bound against a hang, not a measurement
            while offload.limiter(offload.Work.PASSWORD).borrowed_tokens < 1:
                await asyncio.sleep(0.01)
        busy = await client.post(
            "/login", data={"username": "tech", "password": PASSWORD, "_csrf_token": token}
        )
    finally:
        release.set()
    assert (await holding).status_code == 401
    assert busy.status_code == 503
    assert int(busy.headers["retry-after"]) >= 1
    assert "Trop de connexions en même temps. Réessayez dans un instant." in busy.text
    assert SESSION not in busy.headers.get("set-cookie", "")


async def test_the_worklist_prints_letters_and_ticks_entries_off(client, auth) -> None:
    from datetime import UTC, datetime, timedelta

    from inventory.loans import reminders

    tag = await device_at(client, auth.technician, "available")
    person = await client.post(
        "/api/v1/beneficiaries",
        json={"full_name": "Sans E-mail", "language": "nl", "consent_recorded_on": "2026-11-01"},
        headers=auth.social_worker,
    )
    due = (datetime.now(UTC) + timedelta(days=20)).date()
    await client.post(
        "/api/v1/loans",
        json={"asset_tag": tag, "beneficiary_id": person.json()["id"], "due_on": due.isoformat()},
        headers=auth.social_worker,
    )
    # The sweeps of a week before and of the due day (run ahead of time): no e-mail, no SMS
    # gateway, so a letter each (one sweep finding both due would send only the latest).
    week_before = due - timedelta(days=7)
    await reminders.sweep(datetime(week_before.year, week_before.month, week_before.day, 12, tzinfo=UTC))
    await reminders.sweep(datetime(due.year, due.month, due.day, 12, tzinfo=UTC))
    token = await signed_in(client, auth.social_worker)
    desk = await client.get("/desk")
    # The reminder a week before and the one of the due day: two letters to print.
    assert "Imprimer 2 lettres" in desk.text and "Sans E-mail" in desk.text
    letters = await client.get("/desk/letters.pdf")
    assert letters.status_code == 200 and letters.content.startswith(b"%PDF")
    entries = re.findall(r'name="ids" value="(\d+)"', desk.text)
    assert len(entries) == 2
    done = await client.post("/desk/worklist/done", data={"ids": entries, "_csrf_token": token})
    assert done.status_code == 303 and done.headers["location"] == "/desk?done=worklist"
    assert "Sans E-mail" not in (await client.get("/desk")).text
    # Another social worker's entries are not theirs to tick: nothing happens, 404.
    other = await client.post("/desk/worklist/done", data={"ids": "999999", "_csrf_token": token})
    assert other.status_code == 404


@pytest.mark.parametrize("language", ["fr", "nl"])
async def test_a_domain_refusal_is_shown_in_the_users_language(client, auth, language: str) -> None:
    """A refusal with no reason code of its own reaches the page translated, values filled in."""
    await accounts.create_user("nadia", "a long enough passphrase", Role.SOCIAL_WORKER)
    with pytest.raises(Conflict) as refused:
        await accounts.create_user("nadia", "a long enough passphrase", Role.SOCIAL_WORKER)
    expected = translations(language).gettext(refused.value.message) % refused.value.values
    assert expected != refused.value.detail and "nadia" in expected
    await speaking(auth, language)

    token = await signed_in(client, auth.admin)
    again = await client.post(
        "/admin/users",
        data={
            "username": "nadia",
            "password": "a long enough passphrase",
            "role": "social_worker",
            "_csrf_token": token,
        },
        headers={"Accept-Language": language},
    )
    assert again.status_code == 409
    assert str(escape(expected)) in again.text
    assert str(escape(refused.value.detail)) not in again.text


async def test_a_page_of_something_that_does_not_exist_says_so_in_the_users_language(client, auth) -> None:
    await signed_in(client, auth.technician)
    missing = await client.get("/labels/calibration", params={"layout": "nope"})
    assert missing.status_code == 404
    assert str(escape("Aucun format d'étiquettes « nope »")) in missing.text
    await speaking(auth, "nl")
    dutch = await client.get("/devices/RL-000001/actions/juggle")
    assert dutch.status_code == 404 and "Geen handeling „juggle”" in dutch.text


async def test_the_lend_steps_write_nothing_until_the_confirmation(client, auth) -> None:
    """Scan and review post forms, yet nothing is stored before the last step; a device that
    cannot be lent is refused at the scan step, with the reason next to the scan field."""
    from inventory.loans.tables import Loan

    token = await signed_in(client, auth.social_worker)
    site = {"code": "antenne-nord", "name": "Antenne Nord", "kind": "antenna"}
    assert (await client.post("/api/v1/sites", json=site, headers=auth.admin)).status_code == 201
    tag = await device_at(client, auth.technician, "available", serial_number="STEPS-1", site="antenne-nord")
    not_ready = await device_at(client, auth.technician, "wiped", serial_number="STEPS-2")
    person = await client.post(
        "/api/v1/beneficiaries",
        json={"full_name": "Steps", "language": "fr", "consent_recorded_on": "2026-11-01"},
        headers=auth.social_worker,
    )
    form = {"beneficiary_id": str(person.json()["id"]), "_csrf_token": token}
    refused = await client.post("/desk/lend/device", data={**form, "asset_tag": not_ready})
    assert refused.status_code == 409 and 'id="asset_tag-error"' in refused.text
    details = await client.post("/desk/lend/device", data={**form, "asset_tag": tag.lower()})
    assert details.status_code == 200 and 'name="due_on"' in details.text, details.text[-3000:]
    assert "Antenne Nord" in details.text  # the device's site by its name, not its code
    bad_date = await client.post(
        "/desk/lend/review", data={**form, "asset_tag": tag, "due_on": "2001-01-01", "accessories": "charger"}
    )
    assert bad_date.status_code == 400 and 'id="due_on-error"' in bad_date.text
    review = await client.post(
        "/desk/lend/review", data={**form, "asset_tag": tag, "due_on": "2027-03-01", "accessories": "charger"}
    )
    assert review.status_code == 200 and "data-signature-pad" in review.text
    assert await Loan.count() == 0
    confirmed = await client.post(
        "/loans",
        data={
            **form,
            "asset_tag": tag,
            "due_on": "2027-03-01",
            "accessories": "charger",
            "signature": "nope",
        },
    )
    assert confirmed.status_code == 400 and await Loan.count() == 0
    confirmed = await client.post(
        "/loans", data={**form, "asset_tag": tag, "due_on": "2027-03-01", "accessories": "charger"}
    )
    assert confirmed.status_code == 303 and await Loan.count() == 1


async def test_the_device_page_shows_the_accessories_its_last_loan_did_not_bring_back(client, auth) -> None:
    tag = await device_at(client, auth.technician, "available", serial_number="MISSING-1")
    person = await client.post(
        "/api/v1/beneficiaries",
        json={"full_name": "Missing", "language": "fr", "consent_recorded_on": "2026-11-01"},
        headers=auth.social_worker,
    )
    loan = await client.post(
        "/api/v1/loans",
        json={
            "asset_tag": tag,
            "beneficiary_id": person.json()["id"],
            "due_on": "2027-03-01",
            "accessories": ["charger", "mouse"],
        },
        headers=auth.social_worker,
    )
    await client.post(
        f"/api/v1/loans/{loan.json()['id']}/return",
        json={"condition": "good", "accessories_returned": ["mouse"]},
        headers=auth.social_worker,
    )
    await signed_in(client, auth.technician)
    page = await client.get(f"/devices/{tag}")
    assert page.status_code == 200
    assert re.search(r"data-accessories-missing>\s*Chargeur\s*<", page.text)
    assert "Missing" not in page.text  # the technician never learns who had it


async def test_the_return_result_line_warns_only_when_something_is_wrong(client, auth) -> None:
    person = await client.post(
        "/api/v1/beneficiaries",
        json={"full_name": "Result Line", "language": "fr", "consent_recorded_on": "2026-11-01"},
        headers=auth.social_worker,
    )
    outcomes = {}
    for serial, returned in (
        ("LINE-GOOD", {"condition": "good", "accessories_returned": ["charger"]}),
        ("LINE-MISSING", {"condition": "good", "accessories_returned": []}),
        ("LINE-DAMAGED", {"condition": "damaged", "accessories_returned": ["charger"]}),
    ):
        tag = await device_at(client, auth.technician, "available", serial_number=serial)
        loan = await client.post(
            "/api/v1/loans",
            json={
                "asset_tag": tag,
                "beneficiary_id": person.json()["id"],
                "due_on": "2027-03-01",
                "accessories": ["charger"],
            },
            headers=auth.social_worker,
        )
        back = await client.post(
            f"/api/v1/loans/{loan.json()['id']}/return", json=returned, headers=auth.social_worker
        )
        assert back.status_code == 200
        await signed_in(client, auth.social_worker)
        page = await client.get(f"/desk/return?returned={loan.json()['id']}")
        assert page.status_code == 200
        [line] = re.findall(r'<div class="alert (alert--\w+) result-line"', page.text)
        outcomes[serial] = line
    assert outcomes == {
        "LINE-GOOD": "alert--success",
        "LINE-MISSING": "alert--warning",
        "LINE-DAMAGED": "alert--warning",
    }
