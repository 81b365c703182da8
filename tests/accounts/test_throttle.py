"""Log-in throttling: atomic under a burst, fair to the real user, blind to whether a user exists,
per client address (through trusted proxies only), purged by the scheduler; and Argon2 never
on the event loop."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import ipaddress
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import httpx
import pytest

from inventory import offload
from inventory.accounts import jobs, passwords, throttle
from inventory.accounts.tables import LoginThrottle, Token
from inventory.settings import LoginThrottleSettings, get_settings
from tests.conftest import PASSWORD, TEST_HOST, settings_for


async def log_in(client: httpx.AsyncClient, username: str, password: str = PASSWORD, **headers: str):
    return await client.post(
        "/api/v1/auth/token", json={"username": username, "password": password}, headers=headers
    )


@contextlib.asynccontextmanager
async def client_from(
    database_url: str, address: str, **overrides: object
) -> AsyncIterator[httpx.AsyncClient]:
    """A client whose requests come from `address` (the socket's peer), with these settings."""
    from inventory.app import create_app

    app = create_app(settings_for(database_url, **overrides), manage_engine=False)
    transport = httpx.ASGITransport(app=app, client=(address, 40123))
    async with httpx.AsyncClient(transport=transport, base_url=f"http://{TEST_HOST}") as client:
        yield client


async def let_time_pass(seconds: int) -> None:
    """Every counter as if `seconds` had passed since its attempts (negative: a longer wait, so
    a test does not depend on how long a hash took)."""
    window = timedelta(minutes=get_settings().login.window_minutes)
    for row in await LoginThrottle.select():
        # A counter with no wait (its wait ends when its last attempt was made) keeps none.
        if seconds < 0 and row["blocked_until"] <= row["expires_at"] - window:
            continue
        await LoginThrottle.update(
            {
                LoginThrottle.blocked_until: row["blocked_until"] - timedelta(seconds=seconds),
                LoginThrottle.expires_at: row["expires_at"] - timedelta(seconds=seconds),
            }
        ).where(LoginThrottle.id == row["id"])


async def username_counter(username: str) -> dict | None:
    return (
        await LoginThrottle.select()
        .where(
            (LoginThrottle.kind == "username")
            & (LoginThrottle.key_digest == throttle.username_digest(username))
        )
        .first()
    )


async def test_150_simultaneous_attempts_for_one_user_check_at_most_the_free_ones(client, auth) -> None:
    attempts = [log_in(client, "tech", f"wrong guess number {n}") for n in range(149)]
    attempts.append(log_in(client, "tech"))  # the right password, sent last
    answers = await asyncio.gather(*attempts)
    statuses = Counter(answer.status_code for answer in answers)
    checked = statuses[401] + statuses[200]
    assert checked <= LoginThrottleSettings().username_free, statuses
    assert statuses[200] == 0, statuses
    # Refused by the throttle (429), or before it when the queue of password checks is full
    # (503, inventory/offload.py: 33 log-ins in progress at most): none is checked.
    assert statuses[429] + statuses[503] == 150 - checked, statuses
    assert all(0 < int(a.headers["retry-after"]) <= 60 for a in answers if a.status_code == 429)
    assert all(0 < int(a.headers["retry-after"]) for a in answers if a.status_code == 503)
    counter = await username_counter("tech")
    assert counter["attempts"] == checked


async def test_a_stranger_slows_a_user_down_but_never_locks_them_out_for_long(database_url, auth) -> None:
    async with (
        client_from(database_url, "203.0.113.7") as stranger,
        client_from(database_url, "198.51.100.20") as owner,
    ):
        # A stranger guesses for a long time, as fast as the throttle lets them: past the free
        # attempts, a check only after each wait.
        answers = []
        for number in range(16):
            answer = await log_in(stranger, "tech", f"guess number {number}")
            answers.append(answer.status_code)
            if answer.status_code == 429:
                assert int(answer.headers["retry-after"]) <= 60
                await let_time_pass(61)
        assert answers[:5] == [401] * 5
        assert all(
            (first, second) != (401, 401) for first, second in zip(answers[5:], answers[6:], strict=False)
        ), answers
        # Checked or refused, the next attempt leaves the username waiting.
        assert (await log_in(stranger, "tech", "one more guess")).status_code in (401, 429)
        blocked_until = (await username_counter("tech"))["blocked_until"]
        # Hammering while refused does not make the wait longer.
        for number in range(10):
            assert (await log_in(stranger, "tech", f"more {number}")).status_code == 429
        assert (await username_counter("tech"))["blocked_until"] == blocked_until
        # The owner, elsewhere, waits at most a minute, then gets in.
        waiting = await log_in(owner, "tech", "a typo in the password")
        if waiting.status_code == 429:
            assert int(waiting.headers["retry-after"]) <= 60
        await let_time_pass(60)
        assert (await log_in(owner, "tech")).status_code == 200
        # Success starts the username afresh.
        assert await username_counter("tech") is None


async def test_unknown_usernames_are_throttled_like_real_ones(client, auth) -> None:
    for username in ("tech", "nobody.here"):
        for number in range(5):
            assert (await log_in(client, username, f"guess number {number}")).status_code == 401
    await let_time_pass(-30)
    real = await log_in(client, "tech", "guess number 6")
    unknown = await log_in(client, "nobody.here", "guess number 6")
    assert real.status_code == unknown.status_code == 429
    assert real.json() == unknown.json()
    assert all(0 < int(answer.headers["retry-after"]) <= 60 for answer in (real, unknown))


async def test_one_address_is_throttled_across_usernames(database_url, auth) -> None:
    rules = LoginThrottleSettings(address_free=3)
    async with (
        client_from(database_url, "192.0.2.44", login=rules) as guesser,
        client_from(database_url, "192.0.2.45", login=rules) as colleague,
    ):
        for username in ("anna", "bert", "carla"):
            assert (await log_in(guesser, username, "spray one password")).status_code == 401
        await let_time_pass(-30)
        refused = await log_in(guesser, "dirk", "spray one password")
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1
        # Another address is not affected.
        assert (await log_in(colleague, "tech")).status_code == 200


async def test_a_success_starts_the_username_afresh(database_url, auth) -> None:
    async with client_from(
        database_url, "192.0.2.50", login=LoginThrottleSettings(username_free=2)
    ) as client:
        assert (await log_in(client, "tech", "one typo here")).status_code == 401
        assert (await log_in(client, "tech")).status_code == 200
        assert (await log_in(client, "tech", "another typo here")).status_code == 401
        assert (await log_in(client, "tech", "and another typo")).status_code == 401
        await let_time_pass(-30)
        assert (await log_in(client, "tech", "a third typo")).status_code == 429


async def test_forwarded_addresses_count_only_through_a_trusted_proxy(database_url, auth) -> None:
    rules = LoginThrottleSettings(address_free=2, username_free=100)
    proxies = (ipaddress.ip_network("10.0.0.0/8"),)
    async with (
        client_from(database_url, "10.0.0.5", login=rules, trusted_proxies=proxies) as proxy,
        client_from(database_url, "192.0.2.99", login=rules, trusted_proxies=proxies) as direct,
    ):
        behind = {"x-forwarded-for": "203.0.113.1"}
        for number in range(2):
            assert (await log_in(proxy, f"user{number}", "wrong password", **behind)).status_code == 401
        await let_time_pass(-30)
        assert (await log_in(proxy, "user9", "wrong password", **behind)).status_code == 429
        # Another client behind the same proxy has its own counter.
        other = {"x-forwarded-for": "203.0.113.2"}
        assert (await log_in(proxy, "user9", "wrong password", **other)).status_code == 401
        # A client that is not a trusted proxy cannot choose its address by a header.
        for number in range(2):
            forged = {"x-forwarded-for": f"198.51.100.{number}"}
            assert (await log_in(direct, f"user{number}", "wrong password", **forged)).status_code == 401
        await let_time_pass(-30)
        forged = {"x-forwarded-for": "198.51.100.77"}
        assert (await log_in(direct, "user9", "wrong password", **forged)).status_code == 429


def _connection(peer: str, *forwarded: str) -> SimpleNamespace:
    headers = [(b"x-forwarded-for", value.encode()) for value in forwarded]
    return SimpleNamespace(scope={"client": (peer, 5000), "headers": headers})


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("192.0.2.1", ("203.0.113.9",), "192.0.2.1"),  # not a proxy: the header is ignored
        ("10.0.0.5", ("203.0.113.9",), "203.0.113.9"),
        ("10.0.0.5", ("198.51.100.1, 203.0.113.9, 10.0.0.7",), "203.0.113.9"),  # hops read from the right
        ("10.0.0.5", ("198.51.100.1", "203.0.113.9"), "203.0.113.9"),  # two headers, in order
        ("10.0.0.5", ("not-an-address",), "10.0.0.5"),
        ("10.0.0.5", ("203.0.113.9, garbage",), "10.0.0.5"),
        ("10.0.0.5", (), "10.0.0.5"),
    ],
)
def test_the_client_address_is_the_peer_unless_a_trusted_proxy_names_another(
    peer, forwarded, expected
) -> None:
    settings = settings_for("sqlite:///unused", trusted_proxies=(ipaddress.ip_network("10.0.0.0/8"),))
    assert throttle.client_address(_connection(peer, *forwarded), settings) == expected


def test_ipv6_clients_are_counted_by_their_64_network() -> None:
    assert throttle.address_digest("2001:db8:1:2::1") == throttle.address_digest("2001:db8:1:2:ffff::9")
    assert throttle.address_digest("2001:db8:1:2::1") != throttle.address_digest("2001:db8:1:3::1")
    assert throttle.address_digest("::ffff:192.0.2.1") == throttle.address_digest("192.0.2.1")


async def test_the_scheduler_purges_expired_counters_and_dead_tokens(client, auth) -> None:
    now = datetime.now(UTC)
    await throttle.attempt("old.user", "192.0.2.1", now=now - timedelta(days=2))
    await throttle.attempt("recent.user", "192.0.2.2", now=now)
    tech_id = auth.users["technician"]["id"]
    expired = Token(digest="e" * 64, user=tech_id, created_at=now, expires_at=now - timedelta(seconds=1))
    revoked = Token(
        digest="r" * 64, user=tech_id, created_at=now, expires_at=now + timedelta(hours=1), revoked_at=now
    )
    await Token.insert(expired, revoked)
    live_before = await Token.count().where(Token.expires_at > now)
    assert "accounts.purge_expired" in {job.name for job in jobs.JOBS}
    await jobs.purge_expired()
    remaining = {(row["kind"], row["key_digest"]) for row in await LoginThrottle.select()}
    assert ("username", throttle.username_digest("recent.user")) in remaining
    assert ("username", throttle.username_digest("old.user")) not in remaining
    assert await Token.count().where(Token.digest.is_in(["e" * 64, "r" * 64])) == 0
    assert await Token.count() == live_before - 1  # the revoked one was among the live
    # The tokens of the role fixtures still work.
    assert (await client.get("/api/v1/auth/me", headers=auth.technician)).status_code == 200


async def test_argon2_runs_in_one_worker_thread_at_a_time_while_the_loop_goes_on(database_url) -> None:
    ticks = 0
    most_in_flight = 0

    async def heartbeat() -> None:
        nonlocal ticks, most_in_flight
        while True:
            ticks += 1
            most_in_flight = max(most_in_flight, offload.limiter(offload.Work.PASSWORD).borrowed_tokens)
            await asyncio.sleep(0)

    beating = asyncio.create_task(heartbeat())
    try:
        results = await asyncio.gather(
            *(passwords.verify_password_async(None, f"guess {n}") for n in range(6))
        )
    finally:
        beating.cancel()
    assert results == [False] * 6
    assert most_in_flight == offload.PLACEMENTS[offload.Work.PASSWORD].at_once == 1
    # Six hashes ran and the loop kept turning meanwhile (on the loop it would not have turned).
    assert ticks > 100


MIGRATION = "inventory.accounts.piccolo_migrations.accounts_2026_12_06t19_00_00_000000"


async def test_the_upgrade_carries_recent_failures_into_throttle_counters(database_url) -> None:
    from piccolo.columns import Timestamptz, Varchar
    from piccolo.table import Table

    from inventory import db
    from inventory.errors import TooManyAttempts

    class LoginFailure(Table):  # the table as the previous release had it
        username_key = Varchar(length=64, index=True)
        at = Timestamptz()

    LoginFailure._meta.db = db.current_engine()
    await LoginFailure.create_table()
    try:
        now = datetime.now(UTC)
        last = now - timedelta(minutes=1)
        recent = [LoginFailure(username_key="marie", at=last - timedelta(minutes=m)) for m in range(6)]
        await LoginFailure.insert(*recent, LoginFailure(username_key="bob", at=now - timedelta(hours=3)))
        migration = importlib.import_module(MIGRATION)
        assert await migration.carry_over_failures(now) == 1
        counter = await username_counter("marie")
        # Six failures: the next attempt waits 2 s after the last one, under the new rules.
        assert counter["attempts"] == 6
        assert counter["blocked_until"] == last + timedelta(seconds=2)
        with pytest.raises(TooManyAttempts):
            await throttle.attempt("Marie", "192.0.2.1", now=last + timedelta(seconds=1))
        await throttle.attempt("Marie", "192.0.2.1", now=last + timedelta(seconds=3))
        # Failures older than the window count under no rule any more.
        assert await username_counter("bob") is None
    finally:
        await LoginFailure.alter().drop_table()


async def test_the_upgrade_stores_usernames_in_their_normalised_form(database_url) -> None:
    from inventory.accounts.roles import Role
    from inventory.accounts.tables import User
    from tests.conftest import make_user

    await make_user("ｊｕｌｉｅ", Role.TECHNICIAN)
    await make_user("anne", Role.TECHNICIAN)
    await make_user("ＡＮＮＥ", Role.TECHNICIAN)
    migration = importlib.import_module(MIGRATION)
    assert await migration.normalise_usernames() == 1
    names = {row["username"] for row in await User.select(User.username)}
    # The one whose normal form another user holds keeps its name (and is logged).
    assert names == {"julie", "anne", "ＡＮＮＥ"}
