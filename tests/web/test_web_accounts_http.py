"""The coordinator's account pages over HTTP, on both databases: a school chosen from a list and
checked to exist, an account's role, school, language, full name and status edited with the
API's rules, and no one else reaching these pages."""

from __future__ import annotations

import pytest

from inventory.accounts.tables import User
from tests.conftest import make_user
from tests.web.test_web_http import signed_in

PASSPHRASE = "a long enough passphrase"


async def _school(client, auth, name: str, fase: str) -> int:
    response = await client.post(
        "/api/v1/schools", json={"name": name, "fase_number": fase}, headers=auth.admin
    )
    return response.json()["id"]


async def test_the_new_account_form_offers_schools_by_name_and_refuses_one_that_does_not_exist(
    client, auth
) -> None:
    school_id = await _school(client, auth, "Athénée Royal", "5501")
    csrf = await signed_in(client, auth.admin)
    form = (await client.get("/admin/users")).text
    assert f'<option value="{school_id}">Athénée Royal (FASE 5501)</option>' in form
    assert 'type="number"' not in form.split('id="f-school_id"')[0][-200:]
    refused = await client.post(
        "/admin/users",
        data={
            "username": "ecole",
            "password": PASSPHRASE,
            "role": "school",
            "school_id": "1001",
            "_csrf_token": csrf,
        },
    )
    assert refused.status_code == 400
    assert 'id="school_id-error"' in refused.text and "1001" in refused.text
    assert await User.count().where(User.username == "ecole") == 0
    created = await client.post(
        "/admin/users",
        data={
            "username": "ecole",
            "password": PASSPHRASE,
            "role": "school",
            "school_id": str(school_id),
            "full_name": "Anne Direction",
            "_csrf_token": csrf,
        },
    )
    assert created.status_code == 303, created.text
    row = await User.select(User.school_id, User.full_name).where(User.username == "ecole").first()
    assert row == {"school_id": school_id, "full_name": "Anne Direction"}


async def test_a_school_user_stuck_with_a_wrong_school_is_fixed_from_its_edit_page(client, auth) -> None:
    stuck = await make_user("ecole", "school", school_id=1001)
    school_id = await _school(client, auth, "École des Tilleuls", "7701")
    csrf = await signed_in(client, auth.admin)
    listed = (await client.get("/admin/users")).text
    assert "École 1001 inconnue" in listed
    page = await client.get(f"/admin/users/{stuck['id']}/edit")
    assert page.status_code == 200
    assert "école numéro 1001, qui n’existe pas" in page.text
    form = {
        "full_name": "Anne Direction",
        "role": "school",
        "language": "fr",
        "active": ["false", "true"],
        "_csrf_token": csrf,
    }
    empty = await client.post(f"/admin/users/{stuck['id']}/edit", data={**form, "school_id": ""})
    assert empty.status_code == 400 and 'id="school_id-error"' in empty.text
    wrong = await client.post(f"/admin/users/{stuck['id']}/edit", data={**form, "school_id": "1002"})
    assert wrong.status_code == 400 and 'id="school_id-error"' in wrong.text
    fixed = await client.post(f"/admin/users/{stuck['id']}/edit", data={**form, "school_id": str(school_id)})
    assert fixed.status_code == 303, fixed.text
    row = await User.select(User.school_id, User.full_name, User.active).where(User.id == stuck["id"]).first()
    assert row == {"school_id": school_id, "full_name": "Anne Direction", "active": True}


async def test_role_language_and_status_change_and_an_unticked_box_deactivates(client, auth) -> None:
    csrf = await signed_in(client, auth.admin)
    tech_id = auth.users["technician"]["id"]
    response = await client.post(
        f"/admin/users/{tech_id}/edit",
        data={
            "full_name": "Tom Vandenberghe",
            "role": "social_worker",
            "school_id": "",
            "language": "nl",
            "active": "false",
            "_csrf_token": csrf,
        },
    )
    assert response.status_code == 303, response.text
    row = (
        await User.select(User.role, User.language, User.active, User.full_name)
        .where(User.id == tech_id)
        .first()
    )
    assert row == {
        "role": "social_worker",
        "language": "nl",
        "active": False,
        "full_name": "Tom Vandenberghe",
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("full_name", ""),
        ("full_name", "N" * 201),
        ("full_name", "Jan\tPeeters"),
        ("role", "overlord"),
        ("language", "de"),
        ("school_id", "abc"),
        ("school_id", "-3"),
    ],
)
async def test_bad_fields_are_named_and_nothing_changes(client, auth, field, value) -> None:
    csrf = await signed_in(client, auth.admin)
    sw_id = auth.users["social_worker"]["id"]
    before = await User.select().where(User.id == sw_id).first()
    form = {
        "full_name": "Sophie",
        "role": "social_worker",
        "school_id": "",
        "language": "fr",
        "active": "true",
    }
    response = await client.post(
        f"/admin/users/{sw_id}/edit", data={**form, field: value, "_csrf_token": csrf}
    )
    assert response.status_code == 400, response.text
    assert f'id="{field}-error"' in response.text
    assert await User.select().where(User.id == sw_id).first() == before


async def test_a_nul_in_the_form_is_a_400(client, auth) -> None:
    csrf = await signed_in(client, auth.admin)
    sw_id = auth.users["social_worker"]["id"]
    response = await client.post(
        f"/admin/users/{sw_id}/edit",
        data={"full_name": "So\x00phie", "role": "social_worker", "_csrf_token": csrf},
    )
    assert response.status_code == 400


async def test_a_coordinator_cannot_demote_themselves_from_the_form(client, auth) -> None:
    csrf = await signed_in(client, auth.admin)
    admin_id = auth.users["admin"]["id"]
    response = await client.post(
        f"/admin/users/{admin_id}/edit",
        data={
            "full_name": "Claire",
            "role": "technician",
            "language": "fr",
            "active": "true",
            "_csrf_token": csrf,
        },
    )
    assert response.status_code == 409
    assert "propre rôle" in response.text


@pytest.mark.parametrize("role", ["technician", "social_worker", "school"])
async def test_only_a_coordinator_opens_or_posts_account_pages(client, auth, role) -> None:
    target = auth.users["admin"]["id"]
    csrf = await signed_in(client, auth.of(role))
    assert (await client.get(f"/admin/users/{target}/edit")).status_code == 403
    posted = await client.post(
        f"/admin/users/{target}/edit", data={"full_name": "Eve", "role": "admin", "_csrf_token": csrf}
    )
    assert posted.status_code == 403
    assert (await User.select(User.full_name).where(User.id == target).first())["full_name"] != "Eve"


async def test_an_unknown_account_is_404(client, auth) -> None:
    await signed_in(client, auth.admin)
    assert (await client.get("/admin/users/999999/edit")).status_code == 404
