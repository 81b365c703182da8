"""A signature drawn at the desk: stored with the loan (a checked, size-limited PNG), printed on the
agreement (the PDF holds the image); a loan signed on paper has no image."""

from __future__ import annotations

import base64
import io
import struct
import zlib

from pypdf import PdfReader

from inventory.loans.tables import Loan
from tests.loans.loan_steps import lend, register


def _png(width: int = 120, height: int = 40) -> bytes:
    """A small black-on-white stroke, encoded by hand (no image library needed)."""
    rows = b""
    for y in range(height):
        row = bytearray(b"\x00" + b"\xff" * width)
        if y in (height // 2, height // 2 + 1):
            for x in range(10, width - 10):
                row[1 + x] = 0
        rows += bytes(row)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PNG = _png()
SIGNATURE = "data:image/png;base64," + base64.b64encode(PNG).decode()


def _images(pdf: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


async def test_the_signature_is_stored_and_printed_on_the_agreement(client, auth) -> None:
    sw = auth.social_worker
    loan = await lend(client, sw, auth.technician, signature=SIGNATURE)
    assert loan["signed"] is True
    stored = await Loan.select(Loan.signature_png, Loan.signed_at).where(Loan.id == loan["id"]).first()
    assert bytes(stored["signature_png"]) == PNG and stored["signed_at"] is not None
    history = (await client.get(f"/api/v1/loans/{loan['id']}/events", headers=sw)).json()["items"]
    assert history[0]["data"]["signed"] is True
    agreement = await client.get(f"/api/v1/loans/{loan['id']}/agreement.pdf", headers=sw)
    assert agreement.status_code == 200
    assert _images(agreement.content) == 1

    on_paper = await lend(client, sw, auth.technician)
    assert on_paper["signed"] is False
    paper = await client.get(f"/api/v1/loans/{on_paper['id']}/agreement.pdf", headers=sw)
    assert _images(paper.content) == 0


async def test_a_signature_that_is_not_a_whole_png_is_refused_and_nothing_is_lent(client, auth) -> None:
    from tests.helpers import device_at
    from tests.loans.loan_steps import in_days

    sw = auth.social_worker
    person = await register(client, sw)
    tag = await device_at(client, auth.technician, "available")
    damaged = bytearray(PNG)
    damaged[40] ^= 0xFF
    for signature in (
        "not base64 at all!",
        base64.b64encode(b"GIF89a" + b"\x00" * 30).decode(),
        base64.b64encode(bytes(damaged)).decode(),
        base64.b64encode(PNG[:-12]).decode(),  # no IEND
        base64.b64encode(_png(5000, 10)).decode(),
        "A" * 250_000,  # over the size limit
    ):
        response = await client.post(
            "/api/v1/loans",
            json={
                "asset_tag": tag,
                "beneficiary_id": person["id"],
                "due_on": in_days(30),
                "signature": signature,
            },
            headers=sw,
        )
        assert response.status_code == 400, response.text
    assert await Loan.count() == 0
