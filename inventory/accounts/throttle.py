"""Log-in throttling: growing delays per username and per client address, counted atomically.

Every password check first records an attempt against the client's address, then against the
username, each in ONE statement (an upsert that counts the attempt only if it is allowed now
and returns whether it was). So a burst of simultaneous attempts cannot all slip past a check
that reads the counter before the slow password hash: the database hands out the attempts one
by one. An attempt is counted before its password is known (it is a failure until proven
otherwise); success then takes it back.

Each counter allows some free attempts, then makes the next one wait 1 s, 2 s, 4 s... up to a
maximum: a stranger can slow a user down, never lock them out for long. A refused attempt
does not count against the username (hammering does not prolong the wait), but it does count
against the address it came from: one address cannot keep a username blocked for long.
Unknown usernames are counted like real ones, so the answers reveal nothing.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import math
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from litestar.connection import ASGIConnection

from inventory import db
from inventory.accounts.tables import LoginThrottle
from inventory.errors import N_, TooManyAttempts
from inventory.settings import LoginThrottleSettings, Settings, get_settings

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class Kind(StrEnum):
    USERNAME = "username"
    ADDRESS = "address"
    # Public pages that look something up by a code (a wipe certificate's verification): each
    # lookup counts against the address, so codes cannot be tried in bulk.
    PUBLIC_LOOKUP = "public_lookup"


# A person checks a few certificates; a donor's officer a batch of them. Past these, each
# lookup from the address waits 1 s, 2 s, 4 s... up to a minute.
PUBLIC_LOOKUP_FREE = 60
PUBLIC_LOOKUP_MAX_DELAY_SECONDS = 60
PUBLIC_LOOKUP_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class Attempt:
    """An attempt that may be checked; `finish` reports how the check went."""

    username_digest: str
    address_digest: str
    mark: str


def _digest(kind: Kind, value: str) -> str:
    # The migration that carried old failures over computes the username digest the same way.
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def username_digest(username: str) -> str:
    return _digest(Kind.USERNAME, unicodedata.normalize("NFKC", username).strip().lower())


def _address_key(address: str) -> str:
    """An IPv4 address as is; an IPv6 address by its /64 network, which one client holds whole."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def address_digest(address: str) -> str:
    return _digest(Kind.ADDRESS, _address_key(address))


def _trusted(address: str, proxies: tuple[IPNetwork, ...]) -> bool:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in proxies)


def client_address(connection: ASGIConnection, settings: Settings | None = None) -> str:
    """The address a request comes from: the socket's peer, unless that peer is a trusted proxy
    (RELAIS_TRUSTED_PROXIES), whose X-Forwarded-For is then read from the right, skipping
    the trusted proxies that relayed it."""
    proxies = (settings or get_settings()).trusted_proxies
    client = connection.scope.get("client")
    peer = client[0] if client else "unknown"
    if not proxies or not _trusted(peer, proxies):
        return peer
    forwarded = [
        part.strip()
        for name, value in connection.scope["headers"]
        if name == b"x-forwarded-for"
        for part in value.decode("latin-1").split(",")
    ]
    address = peer
    for hop in reversed(forwarded):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break  # a forged or garbled entry: the last good hop is the client
        address = hop
        if not _trusted(hop, proxies):
            break
    return address


def _delay_seconds(failures: int, free: int, max_delay: int) -> int:
    """How long the attempt after `failures` counted ones must wait."""
    if failures < free:
        return 0
    return min(max_delay, 2 ** min(failures - free, 30))


@functools.lru_cache(maxsize=8)
def _upsert_sql(free: int, max_delay: int) -> tuple[str, int]:
    """The counting upsert for one rule, and how many wait-until moments it takes.

    The wait after the n-th failure cannot be computed by SQL portably (no power function in
    every SQLite), so the statement picks it from moments computed in Python:
    moment k is now + the wait after `free + k - 1` failures, the last one the maximum.
    """
    steps = math.ceil(math.log2(max_delay)) + 1 if max_delay > 1 else 1
    counted = "login_throttle.attempts + 1"
    branches = [f"WHEN {counted} < {free} THEN {{}}"]
    branches += [f"WHEN {counted} = {free + k} THEN {{}}" for k in range(steps)]
    # One flat CASE: PostgreSQL types it by its column branch (a nested CASE of parameters
    # alone would be text).
    wait = " ".join(branches) + " ELSE {}"
    blocked = "(login_throttle.expires_at > {} AND login_throttle.blocked_until > {})"
    expired = "login_throttle.expires_at <= {}"
    # Built from numbers of the settings only; every value is a bound parameter.
    sql = f"""
        INSERT INTO login_throttle (kind, key_digest, attempts, blocked_until, expires_at, last_attempt)
        VALUES ({{}}, {{}}, 1, {{}}, {{}}, {{}})
        ON CONFLICT (kind, key_digest) DO UPDATE SET
            attempts = CASE WHEN {expired} THEN 1 WHEN {blocked} THEN login_throttle.attempts
                            ELSE {counted} END,
            blocked_until = CASE WHEN {expired} THEN {{}} WHEN {blocked} THEN login_throttle.blocked_until
                                 {wait} END,
            expires_at = CASE WHEN {blocked} THEN login_throttle.expires_at ELSE {{}} END,
            last_attempt = CASE WHEN {blocked} THEN login_throttle.last_attempt ELSE {{}} END
        RETURNING attempts, blocked_until, last_attempt
    """  # noqa: S608
    return sql, steps


def clock() -> datetime:
    """The throttle's clock: what `attempt` and `public_lookup` count from when not given a moment."""
    return datetime.now(UTC)


# What a counter that makes no one wait holds as its wait's end: long past. Not "now": two
# attempts of a burst read the clock in one order and reach the database in the other, and the
# later one's "now" would make the earlier one wait (a spurious 429 for simultaneous log-ins).
NO_WAIT = datetime(2000, 1, 1, tzinfo=UTC)


def _until(now: datetime, seconds: int) -> datetime:
    return now + timedelta(seconds=seconds) if seconds else NO_WAIT


def _moment(value: object) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def _count(
    kind: Kind,
    digest: str,
    mark: str,
    now: datetime,
    free: int,
    max_delay: int,
    window: timedelta,
    message: str = N_("too many failed log-in attempts; try again later"),
) -> None:
    """Count one attempt on this counter, or raise TooManyAttempts (counting nothing) if it must wait."""
    sql, steps = _upsert_sql(free, max_delay)
    first_wait = _until(now, _delay_seconds(1, free, max_delay))
    waits = [NO_WAIT] + [_until(now, _delay_seconds(free + k, free, max_delay)) for k in range(steps)]
    waits.append(now + timedelta(seconds=max_delay))
    expires = now + window
    values = [
        kind.value,
        digest,
        first_wait,
        expires,
        mark,  # the new row
        now,
        now,
        now,  # attempts
        now,
        first_wait,
        now,
        now,
        *waits,  # blocked_until
        now,
        now,
        expires,  # expires_at
        now,
        now,
        mark,  # last_attempt
    ]
    # In a write transaction: on SQLite it queues on the process's writer rather than
    # contending from a reader connection.
    async with db.transaction():
        rows = await db.fetch(sql, *values)
    row = rows[0]
    if row["last_attempt"] != mark:
        seconds = max(1, math.ceil((_moment(row["blocked_until"]) - now).total_seconds()))
        raise TooManyAttempts(message, retry_after_seconds=seconds)


async def attempt(username: str, address: str, *, now: datetime | None = None) -> Attempt:
    """Record a log-in attempt for this username from this address before its password is
    checked; TooManyAttempts (429, with how long to wait) when either must wait first."""
    rules: LoginThrottleSettings = get_settings().login
    now = now or clock()
    window = timedelta(minutes=rules.window_minutes)
    mark = secrets.token_hex(16)
    by_address = address_digest(address)
    by_username = username_digest(username)
    await _count(
        Kind.ADDRESS, by_address, mark, now, rules.address_free, rules.address_max_delay_seconds, window
    )
    await _count(
        Kind.USERNAME, by_username, mark, now, rules.username_free, rules.username_max_delay_seconds, window
    )
    return Attempt(username_digest=by_username, address_digest=by_address, mark=mark)


async def public_lookup(address: str, *, now: datetime | None = None) -> None:
    """Count one lookup of a public page from this address; TooManyAttempts (429, with how long
    to wait) once the address has looked up more than a person would."""
    await _count(
        Kind.PUBLIC_LOOKUP,
        _digest(Kind.PUBLIC_LOOKUP, _address_key(address)),
        secrets.token_hex(16),
        now or clock(),
        PUBLIC_LOOKUP_FREE,
        PUBLIC_LOOKUP_MAX_DELAY_SECONDS,
        PUBLIC_LOOKUP_WINDOW,
        N_("too many look-ups from your address; try again later"),
    )


async def succeeded(attempt: Attempt) -> None:
    """The password was right: the username starts afresh, unless failures were counted after
    this attempt (a burst running beside it); the address gets its attempt back."""
    await LoginThrottle.delete().where(
        (LoginThrottle.kind == Kind.USERNAME.value)
        & (LoginThrottle.key_digest == attempt.username_digest)
        & (LoginThrottle.last_attempt == attempt.mark)
    )
    await LoginThrottle.update({LoginThrottle.attempts: LoginThrottle.attempts - 1}).where(
        (LoginThrottle.kind == Kind.ADDRESS.value)
        & (LoginThrottle.key_digest == attempt.address_digest)
        & (LoginThrottle.attempts > 0)
    )


async def purge_expired(now: datetime | None = None) -> int:
    """Forget counters whose window has passed; how many were removed."""
    removed = (
        await LoginThrottle.delete()
        .where(LoginThrottle.expires_at <= (now or datetime.now(UTC)))
        .returning(LoginThrottle.id)
    )
    return len(removed)
