"""The coordinator's dashboard over HTTP, on both databases: the impact report downloaded with a
browser session for a chosen year and language, and the monthly chart readable past an import."""

from __future__ import annotations

from datetime import date

import pytest

from tests.pdf_reading import pdf_text
from tests.web.test_web_http import signed_in


async def test_a_logged_in_coordinator_downloads_the_impact_report_in_the_chosen_language(
    client, auth
) -> None:
    await signed_in(client, auth.admin)
    dashboard = await client.get("/dashboard")
    assert 'action="/dashboard/impact.pdf"' in dashboard.text
    year = date.today().year
    assert f'<option value="{year}">{year}</option>' in dashboard.text
    french = await client.get("/dashboard/impact.pdf", params={"year": year})
    assert french.status_code == 200, french.text
    assert french.headers["content-type"] == "application/pdf"
    assert f"Rapport d'impact {year}" in pdf_text(french.content)
    dutch = await client.get("/dashboard/impact.pdf", params={"year": year - 1, "lang": "nl"})
    assert f"Impactverslag {year - 1}" in pdf_text(dutch.content)
    # The same document as the API's.
    api = await client.get(f"/api/v1/reports/impact-{year}.pdf", headers=auth.admin)
    assert pdf_text(api.content) == pdf_text(french.content)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"year": "1999"},
        {"year": "2101"},
        {"year": "next"},
        {"year": "2026", "lang": "de"},
        {"year": "20\x0026"},
    ],
)
async def test_a_bad_year_or_language_is_a_400(client, auth, params) -> None:
    await signed_in(client, auth.admin)
    assert (await client.get("/dashboard/impact.pdf", params=params)).status_code == 400


@pytest.mark.parametrize("role", ["technician", "social_worker", "school"])
async def test_only_the_coordinator_gets_the_impact_report(client, auth, role) -> None:
    assert (await client.get("/dashboard/impact.pdf", params={"year": 2026})).status_code in (303, 401)
    await signed_in(client, auth.of(role))
    assert (await client.get("/dashboard/impact.pdf", params={"year": 2026})).status_code == 403


async def test_the_monthly_chart_cuts_a_large_import_and_keeps_its_table(client, auth) -> None:
    """Sixty-eight devices arrive this month by import, while a few are wiped, made available and
    lent: the import's column is cut and labelled, the others stay readable, and the table keeps
    every number."""
    from tests.helpers import act
    from tests.loans.loan_steps import lend

    for n in range(66):
        response = await client.post(
            "/api/v1/devices",
            json={"category": "laptop", "make": "Dell", "model": f"M{n}"},
            headers=auth.technician,
        )
        assert response.status_code == 201
    for tag in ("RL-000001", "RL-000002"):
        wiped = await act(
            client, auth.technician, tag, "wipe", {"method": "nist-800-88-purge", "result": "passed"}
        )
        assert wiped.status_code == 200
    for _ in range(2):
        await lend(client, auth.social_worker, auth.technician)
    # This month: 68 received, 4 wiped, 2 made available, 2 lent.
    await signed_in(client, auth.admin)
    dashboard = await client.get("/dashboard")
    assert dashboard.status_code == 200
    assert 'data-capped="68"' in dashboard.text
    assert "Une colonne coupée en zigzag" in dashboard.text
    assert "<td>68</td>" in dashboard.text
