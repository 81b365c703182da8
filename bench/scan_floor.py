"""The floor for bench/scan.py: a bare Litestar app doing the same indexed scan lookup with the
same driver (aiosqlite), with no ORM, authentication, middleware or serialisation of our own.

Run by bench/scan.py as `uvicorn bench.scan_floor:app`; the database path comes from the
environment variable SCAN_FLOOR_DB, and SCAN_FLOOR_MODE picks how the driver is used:
`per-request` opens a connection for each request as Piccolo's SQLite engine does;
`shared` keeps one connection open for the life of the process.
"""

from __future__ import annotations

import os

import aiosqlite
from litestar import Litestar, Response, get

DB_PATH = os.environ.get("SCAN_FLOOR_DB", "var/bench-scan.sqlite3")
MODE = os.environ.get("SCAN_FLOOR_MODE", "per-request")
QUERY = "SELECT * FROM device WHERE asset_tag = ? OR serial_key = ? OR donor_ref_key = ? LIMIT 10"
_shared: list[aiosqlite.Connection] = []


async def _connection() -> aiosqlite.Connection:
    if MODE == "shared":
        if not _shared:
            connection = await aiosqlite.connect(DB_PATH)
            connection.row_factory = aiosqlite.Row
            _shared.append(connection)
        return _shared[0]
    connection = await aiosqlite.connect(DB_PATH)
    connection.row_factory = aiosqlite.Row
    return connection


@get("/scan/{code:str}")
async def scan(code: str) -> Response:
    key = code.strip().upper()
    connection = await _connection()
    try:
        cursor = await connection.execute(QUERY, (key, key, key))
        rows = await cursor.fetchall()
    finally:
        if MODE != "shared":
            await connection.close()
    if not rows:
        return Response({"detail": "not found"}, status_code=404)
    return Response({"device": dict(rows[0])})


app = Litestar(route_handlers=[scan])
