"""A burst of log-ins takes one core, not the server (issue 13, finding 1): one Argon2 hash at a
time per process, each on its worker thread below the loop's priority, and beyond a bounded
queue a 503 with Retry-After before anything is counted (inventory/offload.py)."""

from __future__ import annotations

import asyncio
import os
import threading
from collections import Counter
from collections.abc import Callable
from typing import TypeVar

import anyio
import pytest
from argon2 import PasswordHasher, extract_parameters

from inventory import offload
from inventory.accounts import passwords
from inventory.accounts.tables import LoginThrottle
from inventory.offload import Placement, Work
from tests.conftest import PASSWORD

T = TypeVar("T")


async def log_in(client, username: str, password: str = PASSWORD):
    return await client.post("/api/v1/auth/token", json={"username": username, "password": password})


class HashWatch:
    """Counts the hashes computing at the same moment, around the real Argon2 hasher (which still
    runs), and the nice value of the threads that computed them."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, release: threading.Event | None = None) -> None:
        self.real = passwords._hasher
        self.lock = threading.Lock()
        self.running = self.most = self.hashes = 0
        self.niceness: set[int] = set()
        self.release = release
        monkeypatch.setattr(passwords, "_hasher", self)

    def _watched(self, compute: Callable[[], T]) -> T:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
            self.niceness.add(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        try:
            if self.release is not None:
                self.release.wait(60)
            return compute()
        finally:
            with self.lock:
                self.running -= 1
                self.hashes += 1

    def hash(self, password: str) -> str:
        return self._watched(lambda: self.real.hash(password))

    def verify(self, password_hash: str, password: str) -> bool:
        return self._watched(lambda: self.real.verify(password_hash, password))

    def check_needs_rehash(self, password_hash: str) -> bool:
        return self.real.check_needs_rehash(password_hash)


@pytest.fixture
def small_queue(monkeypatch: pytest.MonkeyPatch) -> Placement:
    """One hash at a time and two waiting, so that a burst of ten overflows."""
    placement = Placement(in_process=False, at_once=1, waiting=2)
    monkeypatch.setitem(offload.PLACEMENTS, Work.PASSWORD, placement)
    return placement


async def test_a_burst_of_log_ins_hashes_one_password_at_a_time_below_the_loop(
    client, auth, monkeypatch
) -> None:
    watch = HashWatch(monkeypatch)
    attempts = [log_in(client, f"nobody{n}", "a wrong guess") for n in range(10)]
    attempts.append(log_in(client, "tech"))
    answers = await asyncio.gather(*attempts)
    assert Counter(answer.status_code for answer in answers) == {401: 10, 200: 1}
    assert watch.hashes >= 11
    assert watch.most == 1 == offload.PLACEMENTS[Work.PASSWORD].at_once
    loop_niceness = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert watch.niceness == {max(loop_niceness, offload.BACKGROUND_NICENESS)}


async def test_an_overflowing_burst_is_answered_503_with_retry_after_and_counts_nothing(
    client, auth, monkeypatch, small_queue
) -> None:
    release = threading.Event()
    HashWatch(monkeypatch, release)
    tasks = [asyncio.create_task(log_in(client, f"nobody{n}", "a wrong guess")) for n in range(10)]
    held = small_queue.at_once + small_queue.waiting
    try:
        # While the first hash is held, three log-ins hold the places; the others are answered.
        with anyio.fail_after(60):  # a bound against a hang, not a measurement
            while sum(task.done() for task in tasks) < len(tasks) - held:
                await asyncio.sleep(0.01)
    finally:
        release.set()
    answers = [await task for task in tasks]
    assert Counter(answer.status_code for answer in answers) == {503: 7, 401: 3}
    for answer in answers:
        if answer.status_code == 503:
            assert int(answer.headers["retry-after"]) >= 1
            assert answer.json()["status_code"] == 503
            assert answer.json()["detail"] == "too many log-ins at once; try again in a moment"
    # Refused for load, not for a wrong password: only the three checked attempts were counted.
    counters = await LoginThrottle.select(LoginThrottle.kind, LoginThrottle.attempts)
    assert Counter(row["kind"] for row in counters) == {"username": 3, "address": 1}
    assert sum(row["attempts"] for row in counters if row["kind"] == "address") == 3
    # The queue has drained: the next log-in is checked.
    assert (await log_in(client, "tech")).status_code == 200


async def test_a_password_change_beyond_the_queue_is_answered_503(
    client, auth, monkeypatch, small_queue
) -> None:
    release = threading.Event()
    HashWatch(monkeypatch, release)
    tasks = [asyncio.create_task(log_in(client, f"nobody{n}", "a wrong guess")) for n in range(3)]
    try:
        with anyio.fail_after(60):
            while offload.limiter(Work.PASSWORD).statistics().tasks_waiting < small_queue.waiting:
                await asyncio.sleep(0.01)
        change = await client.post(
            "/api/v1/auth/password",
            json={"current_password": PASSWORD, "new_password": "a brand new passphrase for the desk"},
            headers=auth.technician,
        )
    finally:
        release.set()
    await asyncio.gather(*tasks)
    assert change.status_code == 503
    assert int(change.headers["retry-after"]) >= 1


async def test_the_api_declares_the_503_and_its_retry_after(client) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    for path in (
        "/api/v1/auth/token",
        "/api/v1/auth/password",
        "/api/v1/users",
        "/api/v1/users/{user_id}/password-reset",
    ):
        declared = document["paths"][path]["post"]["responses"]["503"]
        assert declared["headers"]["Retry-After"]["schema"] == {"type": "integer", "minimum": 1}
        assert declared["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_a_hash_takes_one_lane_and_four_lane_hashes_still_verify_until_rehashed() -> None:
    """One lane, so one core per hash; RFC 9106's memory and passes; any Argon2 verifier reads
    it; a hash stored with argon2-cffi's former 4 lanes still verifies and asks to be re-hashed."""
    ours = passwords.hash_password("correct horse battery staple")
    parameters = extract_parameters(ours)
    assert (parameters.time_cost, parameters.memory_cost, parameters.parallelism) == (3, 65536, 1)
    assert PasswordHasher().verify(ours, "correct horse battery staple")
    assert not passwords.needs_rehash(ours)
    older = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4).hash("an older passphrase")
    assert passwords.verify_password(older, "an older passphrase")
    assert not passwords.verify_password(older, "an older passphrase!")
    assert passwords.needs_rehash(older)
    assert not passwords.verify_password(None, "an older passphrase")
    assert not passwords.verify_password("$argon2id$v=19$m=65536,t=3,p=4$!!$!!", "x")
    assert not passwords.verify_password("not a hash at all", "x")
    assert passwords.verify_password(passwords.hash_password(""), "")


async def test_a_four_lane_hash_is_stored_again_with_one_lane_at_the_next_log_in(client, auth) -> None:
    """An account from before one-lane hashes logs in as before, and leaves with a one-lane hash."""
    from inventory.accounts.tables import User

    four_lanes = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4).hash(PASSWORD)
    await User.update({User.password_hash: four_lanes}).where(User.username == "tech")
    assert (await log_in(client, "tech")).status_code == 200
    stored = (await User.select(User.password_hash).where(User.username == "tech").first())["password_hash"]
    assert extract_parameters(stored).parallelism == 1
    assert (await log_in(client, "tech")).status_code == 200
