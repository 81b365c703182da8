"""A database written by a previous release upgrades to the current schema and loses nothing."""

from __future__ import annotations

from inventory import db
from tests.upgrades.conftest import Upgraded


async def _counts(tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        rows = await db.fetch(f'SELECT count(*) AS n FROM "{table}"')
        counts[table] = rows[0]["n"]
    return counts


async def test_every_row_of_the_release_is_still_there_after_the_upgrade(upgraded: Upgraded) -> None:
    assert upgraded.before["device"] > 0 and upgraded.before["loan"] > 0
    after = await _counts(list(upgraded.before))
    lost = {table: (count, after[table]) for table, count in upgraded.before.items() if after[table] < count}
    assert lost == {}


async def test_the_upgraded_database_serves_the_release_users(upgraded: Upgraded) -> None:
    from inventory.accounts.passwords import verify_password
    from inventory.accounts.tables import User

    users = await User.select(User.username, User.password_hash).where(User.username == "sophie")
    assert verify_password(users[0]["password_hash"], "release-demo-password-1")


async def test_the_upgraded_release_database_passes_the_audit(upgraded: Upgraded) -> None:
    from inventory.operations.audit import findings_of_register

    findings = await findings_of_register()
    assert [finding.line() for finding in findings] == []
