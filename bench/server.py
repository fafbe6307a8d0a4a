"""Service benchmark: warm latency and a bounded load test of `tonecheck serve`, on loopback only.

    pip install -e '.[server,test]' && python bench/server.py [--rate 200] [--duration 60] [--workers 1 2]

1. Warm latency: 1,000 sequential POST /v1/check of a typical 80-word message (p50, p95).
2. Load: requests sent at a fixed rate for a fixed time (open loop, on raw asyncio keep-alive
   connections so the client takes little of the shared CPU; it stops by itself), counting
   errors and the latency under load (p50, p95) from each request's due time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter

import httpx

MESSAGE = ("Здравствуйте, Анна Сергеевна! Спасибо за отчёт по закупкам за октябрь, посмотрел его сегодня утром. "
           "Вы опять не приложили счёт от поставщика, без него бухгалтерия не сможет провести оплату. Как я уже "
           "писал, документы нужны до пятницы, иначе платёж уйдёт только в следующем месяце. Пришлите, "
           "пожалуйста, счёт и акт сверки, а если их пока нет, напишите, когда поставщик обещал их прислать. "
           "Если нужна помощь с запросом, могу связаться с ним сам. С уважением, Иван")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    exe = os.path.join(os.path.dirname(sys.executable), "tonecheck")
    proc = subprocess.Popen([exe, "serve", "--isolated", "--port", str(port), "--workers", str(workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the service did not start")


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[int(p) - 1] if len(values) > 1 else values[0]


def sequential(url: str, n: int) -> list[float]:
    times = []
    with httpx.Client(base_url=url) as client:
        for _ in range(20):
            client.post("/v1/check", json={"text": MESSAGE})
        for _ in range(n):
            t = time.perf_counter()
            client.post("/v1/check", json={"text": MESSAGE}).raise_for_status()
            times.append((time.perf_counter() - t) * 1000)
    return times


class Connection:
    """One keep-alive HTTP/1.1 connection speaking just enough HTTP for this benchmark.

    The load generator shares the two cores with the service; httpx spent about a millisecond
    of CPU per request, a raw asyncio stream spends a few tens of microseconds.
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, host: str, port: int) -> Connection:
        return cls(*await asyncio.open_connection(host, port))

    async def post(self, request: bytes) -> int:
        """Send a prepared request; the response's status code (its body is read and dropped)."""
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        self.writer.close()


def prepared(url: str, body: bytes) -> tuple[str, int, bytes]:
    host, port = url.removeprefix("http://").split(":")
    head = (f"POST /v1/check HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    return host, int(port), head + body


async def load(url: str, rate: float, duration: float, timeout: float = 10.0) -> tuple[list[float], int, Counter]:
    """Open loop: request i is due at start + i/rate whatever happened before (so queueing in
    the service shows up as latency, not as a slower send rate). Latency counts from the due
    time. Returns (latencies ms, sent, errors by kind: non-200, timeouts, connection failures)."""
    host, port, request = prepared(url, json.dumps({"text": MESSAGE}).encode())
    idle: list[Connection] = []
    latencies: list[float] = []
    errors: Counter = Counter()

    async def send() -> int:
        """On a kept-alive connection, or a new one. A kept connection the service has closed
        meanwhile (uvicorn drops idle ones after 5 s) is retried once on a new connection, as
        HTTP clients do; every other failure counts as an error."""
        while idle:
            conn = idle.pop()
            try:
                status = await asyncio.wait_for(conn.post(request), timeout)
                idle.append(conn)
                return status
            except (ConnectionResetError, BrokenPipeError, asyncio.IncompleteReadError) as exc:
                conn.close()
                if getattr(exc, "partial", b""):
                    raise
        conn = await Connection.open(host, port)
        status = await asyncio.wait_for(conn.post(request), timeout)
        idle.append(conn)
        return status

    async def one(due: float):
        try:
            status = await send()
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            errors[type(exc).__name__] += 1
            return
        if status != 200:
            errors[f"HTTP {status}"] += 1
        else:
            latencies.append((time.perf_counter() - due) * 1000)

    tasks, start_at, n = [], time.perf_counter(), int(rate * duration)
    for i in range(n):
        due = start_at + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(due)))
    await asyncio.gather(*tasks)
    for conn in idle:
        conn.close()
    return latencies, n, errors


def measure(workers: int, requests: int, rate: float, duration: float) -> dict:
    """Start a service with this many workers; its sequential and under-load latencies."""
    proc, url = start(workers)
    try:
        seq = sequential(url, requests)
        lat, sent, errors = asyncio.run(load(url, rate, duration))
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return {"workers": workers,
            "sequential_p50_ms": round(pct(seq, 50), 1), "sequential_p95_ms": round(pct(seq, 95), 1),
            "rate": rate, "seconds": duration, "sent": sent,
            "errors": sum(errors.values()), "error_kinds": dict(errors),
            "load_p50_ms": round(pct(lat, 50), 1) if lat else None,
            "load_p95_ms": round(pct(lat, 95), 1) if lat else None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    print(f"message: {len(MESSAGE.split())} words")
    print("| workers | sequential p50 ms | sequential p95 ms | load rate/s | seconds | sent | errors "
          "| load p50 ms | load p95 ms |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for workers in args.workers:
        r = measure(workers, args.requests, args.rate, args.duration)
        kinds = ", ".join(f"{k}: {v}" for k, v in r["error_kinds"].items())
        print(f"| {workers} | {r['sequential_p50_ms']} | {r['sequential_p95_ms']} | {r['rate']:.0f} "
              f"| {r['seconds']:.0f} | "
              f"{r['sent']} | {r['errors']}{f' ({kinds})' if kinds else ''} | {r['load_p50_ms'] or '—'} | "
              f"{r['load_p95_ms'] or '—'} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
