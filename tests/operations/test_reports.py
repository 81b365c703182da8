"""The report figures against the demo data set (whose counts are known), and the yearly impact
report read back from its PDF."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from inventory.operations.demo import seed_demo
from inventory.reporting import figures as reports
from tests.pdf_reading import pdf_pages, pdf_text

BRUSSELS = ZoneInfo("Europe/Brussels")


def test_events_fall_in_the_local_month() -> None:
    # 23:30 UTC on 30 November is already December in Brussels; 22:30 is not.
    assert reports.local_month("2026-11-30 23", BRUSSELS) == "2026-12"
    assert reports.local_month("2026-11-30 22", BRUSSELS) == "2026-11"
    assert reports.month_start(2026, 7, BRUSSELS) == datetime(2026, 6, 30, 22, tzinfo=UTC)
    assert reports.months_back(date(2026, 2, 14), 3) == ["2025-12", "2026-01", "2026-02"]


@pytest.fixture
async def demo(database_url: str):
    return await seed_demo("demo password 2026")


async def test_summary_counts_match_the_demo_data_set(client, auth, demo) -> None:
    response = await client.get("/api/v1/reports/summary", headers=auth.admin)
    assert response.status_code == 200, response.text
    summary = response.json()
    devices = summary["devices"]
    assert devices["total"] == 41
    assert devices["by_stage"] == {
        "received": 6,
        "wiped": 4,
        "refurbished": 3,
        "available": 8,
        "on_loan": 6,
        "returned": 2,
        "reserved": 2,
        "allocated": 4,
        "in_repair": 2,
        "retired": 3,
        "lost": 1,
    }
    assert devices["by_category"] == {
        "laptop": 21,
        "desktop": 4,
        "tablet": 4,
        "phone": 10,
        "monitor": 2,
        "other": 0,
    }
    assert [(s["key"], s["count"]) for s in devices["by_site"]] == [
        ("atelier", 35),
        ("antenne-nord", 3),
        ("epn-marolles", 2),
        ("", 1),
    ]
    assert [(d["label"], d["count"]) for d in devices["by_donor"]] == [
        ("SPF Finances", 26),
        ("Région de Bruxelles-Capitale", 8),
        ("Proximus", 6),
        ("Informatique Bruxelles SRL", 1),
    ]
    this_month = devices["by_month"][-1]
    assert len(devices["by_month"]) == 12
    # Donations only (the school's own purchase is not collected); passed wipes only.
    assert this_month == {
        "month": datetime.now(BRUSSELS).strftime("%Y-%m"),
        "received": 40,
        "wiped": 30,
        "refurbished": 25,
        "lent": 9,
        "returned": 2,
        "allocated": 3,
        "retired": 3,
    }
    assert all(month["received"] == 0 for month in devices["by_month"][:-1])
    assert summary["loans"] == {"active": 6, "overdue": 0, "returned": 2, "lost": 1}
    vouchers = summary["vouchers"]
    assert (vouchers["issued"], vouchers["units"]) == (3, 6)
    assert vouchers["by_status"] == {
        "issued": 0,
        "partially_redeemed": 0,
        "redeemed": 3,
        "expired": 0,
        "cancelled": 0,
    }
    [programme] = vouchers["by_programme"]
    assert {
        k: programme[k]
        for k in ("name", "vouchers", "units", "units_requested", "devices_handed_over", "devices_registered")
    } == {
        "name": "Plan de relance numérique",
        "vouchers": 3,
        "units": 6,
        "units_requested": 6,
        "devices_handed_over": 3,
        "devices_registered": 1,
    }
    assert [
        (s["name"], s["devices_handed_over"], s["devices_registered"]) for s in vouchers["by_school"]
    ] == [
        ("Athénée Royal de Laeken", 0, 0),
        ("Institut Saint-Joseph", 0, 1),
        ("École communale des Tilleuls", 3, 0),
    ]
    assert [(w["donor"], w["devices_wiped"], w["certificates"]) for w in summary["wipes_by_donor"]] == [
        ("SPF Finances", 19, 19),
        ("Région de Bruxelles-Capitale", 8, 8),
        ("Proximus", 3, 3),
    ]


async def test_impact_figures_of_the_year(demo) -> None:
    year = datetime.now(BRUSSELS).year
    figures = await reports.impact_figures(year)
    assert (figures.collected, figures.wiped, figures.certificates, figures.refurbished) == (40, 30, 30, 25)
    assert (figures.lent, figures.loans_started, figures.beneficiaries, figures.returned) == (9, 9, 9, 2)
    assert (figures.allocated, figures.schools, figures.retired) == (3, 2, 3)
    assert figures.by_category == {
        "laptop": 20,
        "desktop": 4,
        "tablet": 4,
        "phone": 10,
        "monitor": 2,
        "other": 0,
    }
    assert [(d.donor, d.collected, d.wiped, d.lent, d.allocated) for d in figures.by_donor] == [
        ("SPF Finances", 26, 19, 5, 3),
        ("Région de Bruxelles-Capitale", 8, 8, 4, 0),
        ("Proximus", 6, 3, 0, 0),
    ]
    [programme] = figures.by_programme
    assert (
        programme.vouchers,
        programme.units,
        programme.devices_handed_over,
        programme.devices_registered,
        programme.schools,
    ) == (3, 6, 3, 1, 2)
    previous = await reports.impact_figures(year - 1)
    assert (previous.collected, previous.lent, previous.by_programme[0].vouchers) == (0, 0, 0)


async def test_impact_report_pdf_reads_back_in_french_by_default(client, auth, demo) -> None:
    year = datetime.now(BRUSSELS).year
    response = await client.get(f"/api/v1/reports/impact-{year}.pdf", headers=auth.admin)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    # Words as a reader sees them, whatever line breaks the extraction makes.
    text = " ".join(pdf_text(response.content).split())
    assert f"Rapport d'impact {year}" in text
    assert "CPAS Test a collecté 40 appareils" in text
    for line in (
        "Appareils collectés auprès des donateurs 40",
        "Certificats d'effacement délivrés 30",
        "Prêts aux bénéficiaires 9",
        "Appareils attribués aux écoles 3",
        "Écoles équipées 2",
    ):
        assert line in text, line
    assert "SPF Finances 26 19 16 5 3" in text
    assert "Plan de relance numérique" in text and "Ville de Bruxelles" in text
    # The charts' captions are drawn too.
    assert "Ordinateur portable : 20 (50 %)" in text  # French sets the colon apart
    assert pdf_pages(response.content) >= 2
    dutch = " ".join(
        pdf_text(
            (await client.get(f"/api/v1/reports/impact-{year}.pdf?lang=nl", headers=auth.admin)).content
        ).split()
    )
    assert f"Impactverslag {year}" in dutch and "Ingezameld" in dutch


async def test_reports_are_for_admins(client, auth, database_url) -> None:
    for url in ("/api/v1/reports/summary", "/api/v1/reports/impact-2026.pdf"):
        assert (await client.get(url)).status_code == 401
        for role in ("technician", "social_worker", "school"):
            assert (await client.get(url, headers=auth.of(role))).status_code == 403
        assert (await client.get(url, headers=auth.admin)).status_code == 200
    for document, status in (("impact-1999.pdf", 400), ("impact-26.pdf", 404), ("other.pdf", 404)):
        assert (await client.get(f"/api/v1/reports/{document}", headers=auth.admin)).status_code == status
    empty = " ".join(
        pdf_text((await client.get("/api/v1/reports/impact-2030.pdf", headers=auth.admin)).content).split()
    )
    assert "Rien ne s'est encore passé cette année." in empty
