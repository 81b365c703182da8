"""Password hashing with Argon2id (memory-hard), one hash at a time, each on one thread.

One Argon2 hash takes 0.1-0.2 s of CPU and 64 MiB: on the event loop, a burst of log-ins would
stall every other request. The async functions here run it as offload's PASSWORD work: worker
threads below the loop's priority, one hash at a time per process, at most
`offload.PLACEMENTS[PASSWORD].waiting` waiting; beyond that, `Busy` (503 with Retry-After)
at once. The synchronous ones are what those threads run (and what the command line, tests and
migrations may call directly).

Each hash runs on the thread that asked for it. argon2-cffi's `PasswordHasher` computes the 4
lanes of its parameters on 4 threads of its own, so one log-in took both cores of a 2-core
server from the loop; the same lanes computed one after the other give the very same hash (the
lanes are the hash's parameter, the threads are not) for the same CPU time, and take one core.
Hashes are encoded as argon2-cffi encodes them and verified by either.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hmac
import os
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

from argon2 import PasswordHasher, Type, extract_parameters
from argon2.exceptions import InvalidHashError
from argon2.low_level import ARGON2_VERSION, core, error_to_str, ffi, lib

from inventory import offload
from inventory.errors import N_, Busy

# argon2-cffi's parameters (RFC 9106's low-memory profile: t=3, 64 MiB, 4 lanes); needs_rehash
# compares stored hashes with them.
_hasher = PasswordHasher()
T = TypeVar("T")
_VARIANTS = {"argon2id": Type.ID, "argon2i": Type.I, "argon2d": Type.D}


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii").rstrip("=")


def _unb64(value: str) -> bytes:
    return base64.b64decode(value + "=" * (-len(value) % 4), validate=True)


def _argon2(
    password: bytes,
    salt: bytes,
    *,
    variant: Type,
    version: int,
    time_cost: int,
    memory_kib: int,
    lanes: int,
    length: int,
) -> bytes:
    """The raw Argon2 hash, every lane computed on this thread (`threads=1`)."""
    out = ffi.new("uint8_t[]", length)
    pwd = ffi.new("uint8_t[]", password or b"\0")  # a zero-length array is not allowed; the length says 0
    salt_buffer = ffi.new("uint8_t[]", salt)
    context = ffi.new(
        "argon2_context *",
        {
            "out": out,
            "outlen": length,
            "pwd": pwd,
            "pwdlen": len(password),
            "salt": salt_buffer,
            "saltlen": len(salt),
            "secret": ffi.NULL,
            "secretlen": 0,
            "ad": ffi.NULL,
            "adlen": 0,
            "t_cost": time_cost,
            "m_cost": memory_kib,
            "lanes": lanes,
            "threads": 1,
            "version": version,
            "allocate_cbk": ffi.NULL,
            "free_cbk": ffi.NULL,
            "flags": lib.ARGON2_DEFAULT_FLAGS,
        },
    )
    status = core(context, variant.value)
    if status != lib.ARGON2_OK:
        raise InvalidHashError(error_to_str(status))
    return bytes(ffi.buffer(out, length))


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so that answer costs one hash too."""
    return hash_password("relais-timing-equaliser")


def hash_password(password: str) -> str:
    salt = os.urandom(_hasher.salt_len)
    digest = _argon2(
        password.encode(),
        salt,
        variant=Type.ID,
        version=ARGON2_VERSION,
        time_cost=_hasher.time_cost,
        memory_kib=_hasher.memory_cost,
        lanes=_hasher.parallelism,
        length=_hasher.hash_len,
    )
    return (
        f"$argon2id$v={ARGON2_VERSION}$m={_hasher.memory_cost},t={_hasher.time_cost},"
        f"p={_hasher.parallelism}${_b64(salt)}${_b64(digest)}"
    )


def _matches(password_hash: str, password: str) -> bool:
    parameters = extract_parameters(password_hash)  # InvalidHashError when it is no Argon2 hash
    variant = _VARIANTS.get(password_hash.split("$")[1])
    if variant is None:
        raise InvalidHashError(password_hash)
    *_, salt, digest = password_hash.split("$")
    expected = _unb64(digest)
    computed = _argon2(
        password.encode(),
        _unb64(salt),
        variant=variant,
        version=parameters.version,
        time_cost=parameters.time_cost,
        memory_kib=parameters.memory_cost,
        lanes=parameters.parallelism,
        length=len(expected),
    )
    return hmac.compare_digest(computed, expected)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _matches(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (InvalidHashError, ValueError):
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
