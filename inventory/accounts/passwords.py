"""Password hashing with Argon2id (memory-hard), always in worker threads.

One Argon2 hash takes tens of milliseconds of CPU and 64 MiB: on the event loop, a burst of
log-ins would stall every other request. The async functions here run it as offload's
PASSWORD work (worker threads, two at once, below the loop's priority); the synchronous ones
are what those threads run (and what tests and migrations may call directly).
"""

from __future__ import annotations

import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from inventory import offload

_hasher = PasswordHasher()


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
    return await offload.run(offload.Work.PASSWORD, hash_password, password)


async def verify_password_async(password_hash: str | None, password: str) -> bool:
    """Whether the password matches; a missing hash costs a full verification and is False."""
    return await offload.run(offload.Work.PASSWORD, verify_password, password_hash, password)
