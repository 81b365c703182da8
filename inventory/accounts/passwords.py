"""Password hashing with Argon2id (memory-hard), one hash at a time, each on one core.

One Argon2 hash takes 0.1-0.2 s of CPU and 64 MiB: on the event loop, a burst of log-ins would
stall every other request. The async functions here run it as offload's PASSWORD work: worker
threads below the loop's priority, one hash at a time per process, at most
`offload.PLACEMENTS[PASSWORD].waiting` waiting; beyond that, `Busy` (503 with Retry-After)
at once. The synchronous ones are what those threads run (and what the command line, tests and
migrations may call directly).

Hashes have one lane (parallelism 1). argon2-cffi computes each lane on a thread of its own, so
its default of 4 lanes made one log-in take both cores of a 2-core server from the event loop.
One lane costs the same CPU time and the same 64 MiB, which is what makes a guess expensive
(OWASP's recommended Argon2id settings all use one lane). Hashes stored with 4 lanes still
verify and are re-hashed with one lane at the user's next log-in (`needs_rehash`).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from inventory import offload
from inventory.errors import N_, Busy

# RFC 9106's memory and passes (64 MiB, t=3), on one lane (above); `needs_rehash` compares
# stored hashes with these.
_hasher = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=1)
T = TypeVar("T")


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so that answer costs one hash too."""
    return hash_password("relais-timing-equaliser")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@contextlib.asynccontextmanager
async def admitted() -> AsyncIterator[None]:
    """Hold a place in the queue of password checks for the block (a log-in: its attempt is
    counted, then its password checked); Busy (503) at once when as many already wait as a
    process lets wait, before anything is counted."""
    try:
        async with offload.admitted(offload.Work.PASSWORD):
            yield
    except offload.Full as full:
        raise _busy(full) from None


def _busy(full: offload.Full) -> Busy:
    return Busy(
        N_("too many log-ins at once; try again in a moment"), retry_after_seconds=full.retry_after_seconds
    )


async def run(function: Callable[..., T], *args: Any) -> T:
    """`function(*args)` as PASSWORD work (a hash, the policy's list); Busy when the queue is full."""
    try:
        return await offload.run(offload.Work.PASSWORD, function, *args)
    except offload.Full as full:
        raise _busy(full) from None


async def hash_password_async(password: str) -> str:
    return await run(hash_password, password)


async def verify_password_async(password_hash: str | None, password: str) -> bool:
    """Whether the password matches; a missing hash costs a full verification and is False."""
    return await run(verify_password, password_hash, password)
