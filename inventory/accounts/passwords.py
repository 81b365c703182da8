"""Password hashing with Argon2id (memory-hard), always in worker threads.

One Argon2 hash takes tens of milliseconds of CPU and 64 MiB: on the event loop, a burst of
log-ins would stall every other request. The async functions here run it in worker threads,
at most `ARGON2_THREADS` at once (the rest wait without blocking anything); the synchronous
ones are what those threads run (and what tests and migrations may call directly).
"""

from __future__ import annotations

import asyncio
import functools
import weakref

import anyio
import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# Two at once: the machine's two cores, leaving the event loop its share.
ARGON2_THREADS = 2

_hasher = PasswordHasher()
_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = (
    weakref.WeakKeyDictionary()
)


def _limiter() -> anyio.CapacityLimiter:
    """The limiter of the running event loop (a limiter belongs to the loop that made it)."""
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = anyio.CapacityLimiter(ARGON2_THREADS)
    return limiter


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so that answer costs one hash too."""
    return _hasher.hash("relais-timing-equaliser")


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


async def hash_password_async(password: str) -> str:
    return await anyio.to_thread.run_sync(hash_password, password, limiter=_limiter())


async def verify_password_async(password_hash: str | None, password: str) -> bool:
    """Whether the password matches; a missing hash costs a full verification and is False."""
    return await anyio.to_thread.run_sync(verify_password, password_hash, password, limiter=_limiter())
