"""Shared steps of the operations tests: donor spreadsheets and uploads."""

from __future__ import annotations

from collections.abc import Sequence

from httpx import AsyncClient, Response

FRENCH_HEADER = ("Catégorie", "Marque", "Modèle", "Numéro de série", "N° d'inventaire", "Remarques")


def spreadsheet(
    rows: Sequence[Sequence[str]],
    header: Sequence[str] = FRENCH_HEADER,
    *,
    delimiter: str = ";",
    encoding: str = "cp1252",
) -> bytes:
    """A CSV as Excel writes it (semicolons and Windows-1252 in Belgium, by default)."""

    def line(cells: Sequence[str]) -> str:
        quoted = (
            '"' + cell.replace('"', '""') + '"' if delimiter in cell or '"' in cell else cell
            for cell in cells
        )
        return delimiter.join(quoted)

    return ("\r\n".join([line(header), *(line(row) for row in rows)]) + "\r\n").encode(encoding)


def laptops(count: int, *, prefix: str = "SN", make: str = "Dell") -> list[list[str]]:
    return [
        ["Portable", make, "Latitude 5490", f"{prefix}{n:05d}", f"INV-{n:05d}", ""]
        for n in range(1, count + 1)
    ]


async def upload(
    client: AsyncClient, headers: dict[str, str], content: bytes, *, dry_run: bool, **params: str
) -> Response:
    path = "/api/v1/imports/devices/preview" if dry_run else "/api/v1/imports/devices"
    return await client.post(
        path, content=content, headers={**headers, "content-type": "text/csv"}, params=params
    )
