"""The SQLite engine's reader connections: handed over in the order asked for, never lost."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3

from inventory import db


async def test_readers_are_handed_over_first_come_first_served_and_never_lost(tmp_path) -> None:
    engine = db.engine_for_url(f"sqlite:///{tmp_path / 'pool.sqlite3'}")
    assert isinstance(engine, db.RelaisSQLiteEngine)
    try:
        held = [await engine.acquire() for _ in range(engine.READERS)]
        served: list[str] = []

        async def reader(name: str) -> None:
            connection = await engine.acquire()
            served.append(name)
            await asyncio.sleep(0)
            await engine.release(connection)

        first = asyncio.create_task(reader("first"))
        await asyncio.sleep(0)
        cancelled = asyncio.create_task(reader("cancelled"))
        await asyncio.sleep(0)
        second = asyncio.create_task(reader("second"))
        await asyncio.sleep(0)
        cancelled.cancel()
        await engine.release(held.pop())
        # A newcomer arriving while others wait queues behind them.
        late = asyncio.create_task(reader("late"))
        await asyncio.gather(first, second, late, return_exceptions=False)
        assert served == ["first", "second", "late"]
        await engine.release(held.pop())
        # Every connection came back: as many can be taken at once as there are readers.
        again = [await asyncio.wait_for(engine.acquire(), 1) for _ in range(engine.READERS)]
        assert len({id(connection) for connection in again}) == engine.READERS
        for connection in again:
            await engine.release(connection)
        rows = await engine._run_in_new_connection("SELECT 1 AS one")
        assert [dict(row) for row in rows] == [{"one": 1}]
    finally:
        await db.stop(engine)


async def test_statements_share_idle_readers_but_never_run_inside_a_transaction(tmp_path) -> None:
    engine = db.engine_for_url(f"sqlite:///{tmp_path / 'pool.sqlite3'}")
    assert isinstance(engine, db.RelaisSQLiteEngine)

    async def count(connection=None) -> int:
        sql = "SELECT count(*) AS n FROM item"
        rows = await (connection.execute_fetchall(sql) if connection else engine._run_in_new_connection(sql))
        return dict(rows[0])["n"]

    try:
        await engine.run_ddl("PRAGMA journal_mode = WAL")
        await engine._run_in_new_connection("CREATE TABLE item (x INTEGER)")
        readers = [await engine.acquire() for _ in range(engine.READERS)]
        for connection in readers:
            await engine.release(connection)

        # Statements alone run on the open readers, many at once, each answered.
        assert await asyncio.gather(*(count() for _ in range(20))) == [0] * 20

        # A read transaction holds a reader and sees its snapshot...
        async with engine.transaction() as snapshot:
            assert await count(snapshot.connection) == 0
            # (written by another connection, as another process would)
            with contextlib.closing(sqlite3.connect(tmp_path / "pool.sqlite3")) as other:
                other.execute("INSERT INTO item (x) VALUES (1)")
                other.commit()
            assert await count(snapshot.connection) == 0
            # ...while statements outside it never land in it: every one sees the new row.
            assert await asyncio.gather(*(count() for _ in range(20))) == [1] * 20

        # With every reader held by a transaction, a statement waits for one, then runs.
        held = [engine.transaction() for _ in range(engine.READERS)]
        for transaction in held:
            await transaction.__aenter__()
        waiting = asyncio.create_task(count())
        await asyncio.sleep(0.05)
        assert not waiting.done()
        await held.pop().__aexit__(None, None, None)
        assert await asyncio.wait_for(waiting, 1) == 1
        await held.pop().__aexit__(None, None, None)
    finally:
        await db.stop(engine)
