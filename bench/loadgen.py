"""A small keep-alive HTTP/1.1 load generator for loopback benchmarks.

It runs in its own process so that the server under test keeps its event loop; it uses raw
asyncio streams because a full HTTP client would cost more CPU than the servers it measures.
Every loop is bounded in count and time.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class LoadResult:
    requests: int
    seconds: float
    latencies_ms: list[float]
    statuses: dict[int, int]

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]

    def summary(self) -> str:
        return (
            f"{self.requests} requests in {self.seconds:.2f} s = {self.throughput:,.0f} req/s; "
            f"p50 {self.percentile(50):.2f} ms, p99 {self.percentile(99):.2f} ms, "
            f"mean {statistics.fmean(self.latencies_ms):.2f} ms; statuses {self.statuses}"
        )


def _request(method: str, path: str, host: str, headers: dict[str, str], body: bytes) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Connection: keep-alive"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    if length:
        await reader.readexactly(length)
    return status


async def run_load(
    port: int,
    make_request: Callable[[int, int], tuple[str, str, bytes]],
    *,
    clients: int = 16,
    requests_per_client: int = 500,
    headers: dict[str, str] | None = None,
    time_limit: float = 120.0,
) -> LoadResult:
    """`make_request(client, i)` gives (method, path, body) for the i-th request of a client."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    deadline = time.monotonic() + time_limit

    async def client(number: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for index in range(requests_per_client):
                if time.monotonic() > deadline:
                    break
                method, path, body = make_request(number, index)
                started = time.perf_counter()
                writer.write(_request(method, path, f"127.0.0.1:{port}", headers or {}, body))
                await writer.drain()
                status = await _read_response(reader)
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(clients)))
    return LoadResult(len(latencies), time.perf_counter() - started, latencies, statuses)
