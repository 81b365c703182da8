"""Label printing for registered devices over HTTP and from the command line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from inventory.devices.schemas import LabelLayout
from inventory.devices.tables import Event
from labels import LAYOUTS
from tests.helpers import device_at, intake
from tests.operations.operation_steps import spreadsheet, upload
from tests.pdf_reading import decoded_barcodes, pdf_pages, pdf_text


def test_the_api_offers_exactly_the_layouts_the_labels_package_draws() -> None:
    assert set(LabelLayout.__args__) == set(LAYOUTS)


async def test_labels_print_in_order_and_every_barcode_scans(client, auth) -> None:
    tags = [(await intake(client, auth.technician, model=f"Latitude {n}"))["asset_tag"] for n in range(4)]
    events = await Event.count()
    response = await client.post(
        "/api/v1/labels",
        json={"asset_tags": [t.lower() for t in tags], "layout": "a4-63x38", "start_position": 20},
        headers=auth.technician,
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert pdf_pages(response.content) == 2  # positions 20 and 21, then two on a new sheet
    scanned = decoded_barcodes(response.content)
    assert sorted(scanned[0]) == sorted(tags[:2]) and sorted(scanned[1]) == sorted(tags[2:])
    assert "CPAS Test" in pdf_text(response.content)
    assert await Event.count() == events  # printing changes no stage


async def test_the_largest_batch_of_2000_labels_prints_on_full_sheets(client, auth) -> None:
    """A donor's pallet registered from its spreadsheet, every label printed in one request."""
    rows = [["Portable", "Dell", "Latitude 5490", f"SN{n:05d}", "", ""] for n in range(1, 2001)]
    imported = await upload(client, auth.technician, spreadsheet(rows), dry_run=False)
    assert imported.status_code == 201, imported.text[:500]
    tags = [f"RL-{n:06d}" for n in range(1, 2001)]
    response = await client.post(
        "/api/v1/labels", json={"asset_tags": tags, "layout": "a4-38x21"}, headers=auth.technician
    )
    assert response.status_code == 200, response.text[:500]
    assert pdf_pages(response.content) == 31  # 65 labels a sheet: 30 full sheets and 50 labels
    scanned = decoded_barcodes(response.content)
    assert sorted(scanned[0]) == tags[:65]
    assert sorted(scanned[-1]) == tags[1950:]
    assert sum(len(page) for page in scanned) == 2000


async def test_unknown_tags_are_all_listed_and_nothing_is_rendered(client, auth) -> None:
    tag = (await intake(client, auth.technician))["asset_tag"]
    response = await client.post(
        "/api/v1/labels", json={"asset_tags": [tag, "RL-999998", "nope"]}, headers=auth.technician
    )
    assert response.status_code == 400
    assert response.json()["unknown_asset_tags"] == ["RL-999998", "NOPE"]
    assert "RL-999998" in response.json()["detail"] and "NOPE" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"asset_tags": []}, "asset_tags"),
        ({"asset_tags": ["RL-000001"] * 2001}, "asset_tags"),
        ({"asset_tags": ["RL-000001"], "layout": "a5-huge"}, "layout"),
        ({"asset_tags": ["RL-000001"], "start_position": 0}, "start_position"),
        ({"asset_tags": ["RL-000001"], "layout": "a4-63x38", "start_position": 22}, "start_position"),
        ({"asset_tags": ["RL-000001"], "layout": "roll-62x29", "start_position": 2}, "start_position"),
    ],
)
async def test_bad_label_requests_are_400_naming_the_field(client, auth, body, field) -> None:
    await intake(client, auth.technician)
    response = await client.post("/api/v1/labels", json=body, headers=auth.technician)
    assert response.status_code == 400, response.text
    assert field in response.json()["detail"]


@pytest.mark.parametrize(
    ("role", "status"), [("technician", 200), ("admin", 200), ("social_worker", 403), ("school", 403)]
)
async def test_only_the_workshop_prints_labels(client, auth, role, status) -> None:
    tag = await device_at(client, auth.technician, "refurbished")
    assert (await client.post("/api/v1/labels", json={"asset_tags": [tag]})).status_code == 401
    response = await client.post("/api/v1/labels", json={"asset_tags": [tag]}, headers=auth.of(role))
    assert response.status_code == status


async def test_calibration_page_for_each_layout(client, auth) -> None:
    for layout in LAYOUTS:
        response = await client.get(
            "/api/v1/labels/calibration.pdf", params={"layout": layout}, headers=auth.technician
        )
        assert response.status_code == 200
        assert pdf_pages(response.content) >= 1


async def test_the_command_line_prints_the_same_labels(client, auth, database_url, tmp_path) -> None:
    tags = [(await intake(client, auth.technician))["asset_tag"] for _ in range(2)]
    output = tmp_path / "labels.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "inventory.cli", "labels", *tags, "--layout", "a4-38x21", "-o", str(output)],
        env={"RELAIS_DATABASE_URL": database_url, "RELAIS_SECRET_KEY": "t", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(decoded_barcodes(output.read_bytes())[0]) == sorted(tags)


async def test_a_tag_too_wide_for_the_smallest_labels_is_a_clear_400(client, auth) -> None:
    from inventory.settings import get_settings, use_settings

    use_settings(get_settings().with_overrides(asset_tag_prefix="BXLDIGITAL"))
    tag = (await intake(client, auth.technician))["asset_tag"]
    response = await client.post(
        "/api/v1/labels", json={"asset_tags": [tag], "layout": "a4-38x21"}, headers=auth.technician
    )
    assert response.status_code == 400, response.text
    assert "layout" in response.json()["detail"]


def pdf_title(pdf: bytes) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    return str(PdfReader(BytesIO(pdf)).metadata.title)


async def test_the_label_pdfs_title_is_in_the_readers_language(client, auth) -> None:
    from inventory.accounts.tables import User
    from tests.web.test_web_http import signed_in

    tag = (await intake(client, auth.technician))["asset_tag"]
    body = {"asset_tags": [tag], "layout": "a4-63x38"}
    french = await client.post("/api/v1/labels", json=body, headers=auth.technician)
    assert pdf_title(french.content) == "Étiquettes d'inventaire (a4-63x38)"
    calibration = await client.get("/api/v1/labels/calibration.pdf", headers=auth.technician)
    assert pdf_title(calibration.content) == "Page d'étalonnage (a4-63x38)"
    await User.update({User.language: "nl"}).where(User.username == "tech")
    dutch = await client.post("/api/v1/labels", json=body, headers=auth.technician)
    assert pdf_title(dutch.content) == "Inventarisetiketten (a4-63x38)"
    token = await signed_in(client, auth.technician)
    web = await client.post(
        "/labels", data={"tags": tag, "layout": "roll-62x29", "start_position": "1", "_csrf_token": token}
    )
    assert web.status_code == 200, web.text
    assert pdf_title(web.content) == "Inventarisetiketten (roll-62x29)"


async def test_the_calibration_pages_instructions_are_in_the_readers_language(client, auth) -> None:
    """Not only its title: what the page tells the person at the printer is in their language,
    on a sheet (below the grid) and on a roll (inside the label)."""
    from inventory.accounts.tables import User
    from tests.web.test_web_http import signed_in

    def read(response) -> str:
        assert response.status_code == 200, response.text
        return " ".join(pdf_text(response.content).replace("\u202f", " ").split())

    sheet = read(await client.get("/api/v1/labels/calibration.pdf", headers=auth.technician))
    assert "Imprimez à 100 % / taille réelle — sans mise à l'échelle" in sheet
    assert (
        "a4-63x38 : Planche A4, 21 étiquettes de 63,5 × 38,1 mm (Avery L7160 et équivalents). "
        "Chaque croix mesure 10 mm ; chaque contour doit tomber sur une étiquette."
    ) in sheet
    assert "Print at 100%" not in sheet
    roll = read(
        await client.get(
            "/api/v1/labels/calibration.pdf", params={"layout": "roll-57x32"}, headers=auth.technician
        )
    )
    assert "roll-57x32 ; la croix mesure 10 mm" in roll
    await User.update({User.language: "nl"}).where(User.username == "tech")
    dutch = read(await client.get("/api/v1/labels/calibration.pdf", headers=auth.technician))
    assert "Afdrukken op 100% / ware grootte — niet schalen" in dutch
    assert "Elk kruis is 10 mm breed; elke omtrek moet op een etiket vallen." in dutch
    await signed_in(client, auth.technician)
    web = read(await client.get("/labels/calibration", params={"layout": "roll-62x29"}))
    assert "roll-62x29; het kruis is 10 mm breed" in web
