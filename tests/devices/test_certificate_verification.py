"""A log made by the real nwipe becomes the wipe and its certificate; the address printed on the
certificate (as text and QR code, read by a real decoder) confirms it without an account, and a
tampered address confirms nothing."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

import pypdfium2
import pytest
import zxingcpp

from inventory.devices.verification import ALPHABET, CODE_LENGTH, certificate_code, typed_code
from tests.devices.test_nwipe_real import loop_device, run_nwipe  # noqa: F401 - a fixture
from tests.helpers import PASSED_WIPE, act, intake
from tests.pdf_reading import pdf_text

LOGS = Path(__file__).parent / "nwipe_logs"


def qr_codes(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    found = []
    for page in document:
        image = page.render(scale=300 / 72).to_pil().convert("L")
        found += [
            result.text for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        ]
    document.close()
    return found


async def certificate_of(client, auth, tag: str, lang: str = "fr") -> bytes:
    response = await client.get(
        f"/api/v1/devices/{tag}/wipe-certificate.pdf", params={"lang": lang}, headers=auth.technician
    )
    assert response.status_code == 200, response.text
    return response.content


async def test_a_real_nwipe_log_becomes_a_certificate_whose_qr_code_verifies_it(
    client,
    auth,
    loop_device: str,  # noqa: F811 - the imported fixture
    tmp_path: Path,
) -> None:
    log = tmp_path / "nwipe.log"
    run_nwipe(loop_device, log, "--method=zero", "--verify=last")
    content = log.read_bytes()
    tag = (
        await intake(
            client,
            auth.technician,
            make="Lenovo",
            model="ThinkPad T480",
            serial_number="PF1ABCDE",
            donor="SPF Finances",
            donor_ref="INV-2026-0042",
        )
    )["asset_tag"]
    uploaded = await client.post(
        f"/api/v1/devices/{tag}/wipe-reports", files={"file": ("nwipe.log", content)}, headers=auth.technician
    )
    assert uploaded.status_code == 201, uploaded.text
    wipe = uploaded.json()["wipe"]
    assert wipe["result"] == "passed" and wipe["method"] == "overwrite-1-pass"

    pdf = await certificate_of(client, auth, tag)
    text = pdf_text(pdf)
    digest = hashlib.sha256(content).hexdigest()
    # The digest prints in groups of 8 hex digits; the organisation and the operator are named.
    assert digest in "".join(text.split())
    assert "CPAS Test" in text and "tech" in text
    (url,) = qr_codes(pdf)
    assert url == wipe["verification_url"]
    assert url in text.replace("\n", "")
    path = urlsplit(url).path
    number, code = path.split("/")[2:]
    assert number == wipe["certificate_number"]
    assert len(code) == CODE_LENGTH and set(code) <= set(ALPHABET)

    # No account: the address alone confirms the certificate and shows what the donor knows.
    page = await client.get(path, headers={"accept-language": "en"})
    assert page.status_code == 200
    body = page.text
    assert 'data-verification="valid"' in body
    for shown in (
        number,
        "Lenovo",
        "ThinkPad T480",
        "PF1ABCDE",
        "SPF Finances",
        "INV-2026-0042",
        digest,
        "Overwrite, 1 pass",
        "Last pass verified",
        "Passed",
    ):
        assert shown in body, shown
    # Never anyone's name: not the operator's (the test technician's username is "tech").
    assert not re.search(r"\btech\b", body)
    # Typed by a person: lower case, a dash, an O for a 0.
    typed = code.lower()[:5] + "-" + code.lower()[5:]
    assert 'data-verification="valid"' in (await client.get(f"/verify/{number}/{typed}")).text

    # A tampered address confirms nothing, and says nothing else.
    wrong_code = code[:-1] + ("0" if code[-1] != "0" else "1")
    other_number = number[:-1] + ("9" if number[-1] != "9" else "8")
    for tampered in (f"/verify/{number}/{wrong_code}", f"/verify/{other_number}/{code}", f"/verify/x/{code}"):
        refused = await client.get(tampered, headers={"accept-language": "en"})
        assert refused.status_code == 404
        assert 'data-verification="not-valid"' in refused.text
        for hidden in ("Lenovo", "PF1ABCDE", "SPF Finances", digest):
            assert hidden not in refused.text


@pytest.mark.parametrize(
    ("language", "valid", "not_valid"),
    [
        ("fr", "Ce certificat est valide", "Non valide."),
        ("nl", "Dit certificaat is geldig", "Niet geldig."),
        ("en", "This certificate is valid", "Not valid."),
    ],
)
async def test_the_verification_page_speaks_french_dutch_and_english(
    client, auth, language, valid, not_valid
):
    tag = (await intake(client, auth.technician))["asset_tag"]
    assert (await act(client, auth.technician, tag, "wipe", PASSED_WIPE)).status_code == 200
    (url,) = qr_codes(await certificate_of(client, auth, tag))
    path = urlsplit(url).path
    assert valid in (await client.get(path, headers={"accept-language": language})).text
    assert not_valid in (await client.get(path + "X", headers={"accept-language": language})).text


async def test_a_typed_wipe_has_a_verifiable_certificate_without_a_report(client, auth) -> None:
    tag = (await intake(client, auth.technician))["asset_tag"]
    assert (await act(client, auth.technician, tag, "wipe", PASSED_WIPE)).status_code == 200
    pdf = await certificate_of(client, auth, tag, "en")
    (url,) = qr_codes(pdf)
    page = await client.get(urlsplit(url).path)
    assert page.status_code == 200 and 'data-verification="valid"' in page.text


async def test_the_verification_page_is_rate_limited_per_address(client, auth) -> None:
    from inventory.accounts.throttle import PUBLIC_LOOKUP_FREE

    statuses = [
        (await client.get("/verify/RL-WC-000001/ABCDEFGHJK")).status_code
        for _ in range(PUBLIC_LOOKUP_FREE + 1)
    ]
    assert statuses[:PUBLIC_LOOKUP_FREE] == [404] * PUBLIC_LOOKUP_FREE
    assert statuses[-1] == 429


def test_the_code_is_ten_typeable_characters_that_change_with_the_content() -> None:
    first = certificate_code("secret", b"RL-WC-000001|a")
    assert len(first) == 10 and not set(first) & set("ILOU")
    assert certificate_code("secret", b"RL-WC-000001|b") != first
    assert certificate_code("other secret", b"RL-WC-000001|a") != first
    assert typed_code("o1l-i ab") == "0111AB"
