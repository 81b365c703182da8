"""CSV exports from the web UI, over HTTP on SQLite and PostgreSQL: each role's pages link to
the exports it may download and to no other, another role's export is refused, the files are
the API's (a school's own rows, no beneficiary for a technician) and formulas come out
neutralised."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

import pytest

from inventory.reporting.exports import EXPORTS
from inventory.settings import get_settings
from tests.helpers import intake
from tests.web.test_web_http import arrange_a_little_of_everything, signed_in

# The pages of each role and the exports they offer.
PAGE_EXPORTS = {
    "technician": {
        "/scan": {"devices", "events", "wipes", "loans", "sites"},
        "/intake": {"devices", "imports"},
        "/intake/import": {"devices", "imports"},
        "/scan/counts": {"stock-counts"},
        "/redemptions": {"redemptions"},
    },
    "social_worker": {
        "/scan": {"devices", "events", "loans", "sites"},
        "/desk": {"loans", "beneficiaries"},
    },
    "school": {"/school": {"vouchers", "redemptions", "equipment", "schools"}},
    "admin": {
        "/dashboard": set(EXPORTS),
        "/admin/schools": {"vouchers", "redemptions", "equipment", "schools", "programmes"},
        "/desk": {"loans", "beneficiaries"},
    },
}
# What each role may download (inventory/reporting/exports.py); the coordinator, everything.
MAY_EXPORT = {
    "technician": {"devices", "events", "sites", "wipes", "stock-counts", "imports", "loans", "redemptions"},
    "social_worker": {"devices", "events", "sites", "loans", "beneficiaries"},
    "school": {"vouchers", "redemptions", "equipment", "schools"},
    "admin": set(EXPORTS),
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def read_csv(content: bytes, delimiter: str = ";") -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "a BOM, for Excel to read UTF-8"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


def linked_exports(page: str) -> set[str]:
    names = set(re.findall(r'href="/exports/([a-z-]+)\.csv"', page))
    assert names == set(re.findall(r'href="/exports/([a-z-]+)\.csv\?delimiter=comma"', page))
    return names


@pytest.mark.parametrize("role", list(PAGE_EXPORTS))
async def test_each_role_is_offered_its_exports_and_refused_the_others(client, auth, role: str) -> None:
    await arrange_a_little_of_everything(client, auth)
    await signed_in(client, auth.of(role))
    for path, offered in PAGE_EXPORTS[role].items():
        page = await client.get(path)
        assert page.status_code == 200, path
        assert linked_exports(page.text) == offered, path
    today = datetime.now(get_settings().tz).date().isoformat()
    for name in EXPORTS:
        response = await client.get(f"/exports/{name}.csv")
        if name in MAY_EXPORT[role]:
            assert response.status_code == 200, name
            assert response.headers["content-type"] == "text/csv; charset=utf-8"
            assert response.headers["content-disposition"] == (f'attachment; filename="{name}-{today}.csv"')
            assert response.headers["cache-control"] == "no-store"
            header = response.content.decode("utf-8-sig").splitlines()[0]
            assert response.content.startswith(b"\xef\xbb\xbf") and ";" in header, name
        else:
            assert response.status_code == 403, name
            assert response.headers["content-type"].startswith("text/html")
            assert "Accès refusé" in response.text


async def test_a_web_export_is_the_apis_file_with_semicolons_for_excel_and_formulas_neutralised(
    client, auth
) -> None:
    await intake(client, auth.technician, make='=HYPERLINK("http://evil.example","clic")', donor="@Evil")
    await signed_in(client, auth.technician)
    excel = await client.get("/exports/devices.csv")
    [row] = read_csv(excel.content)
    assert (row["make"], row["donor"]) == ('\'=HYPERLINK("http://evil.example","clic")', "'@Evil")
    for line in read_csv(excel.content):
        assert not any(value.startswith(FORMULA_STARTS) for value in line.values())
    # The very file of the API's export, by the same function, in either separator.
    api = "/api/v1/exports/devices.csv"
    same = await client.get(api, params={"delimiter": "semicolon"}, headers=auth.technician)
    assert excel.content == same.content
    comma = await client.get("/exports/devices.csv", params={"delimiter": "comma"})
    assert comma.content == (await client.get(api, headers=auth.technician)).content
    assert read_csv(comma.content, ",")[0]["make"].startswith("'=")


async def test_the_rows_are_scoped_as_in_the_api(client, auth) -> None:
    arranged = await arrange_a_little_of_everything(client, auth)
    other = await client.post(
        "/api/v1/schools", json={"name": "École 2", "fase_number": "222"}, headers=auth.admin
    )
    programme = (await client.get("/api/v1/programmes", headers=auth.admin)).json()["items"][0]
    theirs = await client.post(
        "/api/v1/vouchers",
        json={
            "programme_id": programme["id"],
            "school_id": other.json()["id"],
            "quantity": 1,
            "expires_on": "2031-01-31",
        },
        headers=auth.admin,
    )
    assert theirs.status_code == 201, theirs.text

    # A technician knows until when a device is lent, never to whom.
    await signed_in(client, auth.technician)
    loans = await client.get("/exports/loans.csv")
    assert loans.content.decode("utf-8-sig").splitlines()[0] == "id;asset_tag;status;due_on"
    assert "Dupont" not in loans.text and "B-" not in loans.text
    await signed_in(client, auth.social_worker)
    [loan] = read_csv((await client.get("/exports/loans.csv")).content)
    assert (loan["asset_tag"], loan["beneficiary_name"]) == (arranged["tag"], "Zoë <b>Dupont</b>")

    # A school, its own vouchers, requests and record only.
    await signed_in(client, auth.school)
    vouchers = read_csv((await client.get("/exports/vouchers.csv")).content)
    assert [v["code"] for v in vouchers] == [arranged["code"]]
    requests = read_csv((await client.get("/exports/redemptions.csv")).content)
    assert [(r["id"], r["school"]) for r in requests] == [(str(arranged["redemption"]), "École 1")]
    assert [s["name"] for s in read_csv((await client.get("/exports/schools.csv")).content)] == ["École 1"]
    await signed_in(client, auth.admin)
    every = read_csv((await client.get("/exports/vouchers.csv")).content)
    assert sorted(v["code"] for v in every) == sorted([arranged["code"], theirs.json()["code"]])


async def test_an_unknown_export_or_format_is_not_found_and_strangers_must_log_in(client, auth) -> None:
    assert (await client.get("/exports/devices.csv")).headers[
        "location"
    ] == "/login?next=%2Fexports%2Fdevices.csv"
    await signed_in(client, auth.admin)
    for path in ("/exports/users.csv", "/exports/devices.xlsx", "/exports/devices"):
        response = await client.get(path)
        assert response.status_code == 404, path
        assert "Introuvable" in response.text
    wrong = await client.get("/exports/devices.csv", params={"delimiter": "tab"})
    assert wrong.status_code == 400 and "Demande non valide" in wrong.text
