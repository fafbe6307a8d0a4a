"""Service benchmark: warm latency and a bounded load test of `tonecheck serve`, on loopback only.

    pip install -e '.[server,test]' && python bench/server.py [--rate 200] [--duration 60] [--workers 1 2]

1. Warm latency: 1,000 sequential POST /v1/check of a typical 80-word message (p50, p95).
2. Load: requests sent at a fixed rate for a fixed time by an async httpx client (it stops by
   itself), counting errors and the latency under load (p50, p95).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time

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


async def load(url: str, rate: float, duration: float) -> tuple[list[float], int, int]:
    """Send ``rate`` requests a second for ``duration`` seconds; (latencies ms, sent, errors)."""
    latencies, errors = [], 0
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=10) as client:
        async def one():
            nonlocal errors
            t = time.perf_counter()
            try:
                r = await client.post("/v1/check", json={"text": MESSAGE})
                if r.status_code != 200:
                    errors += 1
                else:
                    latencies.append((time.perf_counter() - t) * 1000)
            except httpx.HTTPError:
                errors += 1

        tasks, start_at, n = [], time.perf_counter(), int(rate * duration)
        for i in range(n):
            delay = start_at + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one()))
        await asyncio.gather(*tasks)
    return latencies, n, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    print(f"message: {len(MESSAGE.split())} words")
    print("| workers | sequential p50 ms | sequential p95 ms | load rate/s | sent | errors | load p50 ms | load p95 ms |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for workers in args.workers:
        proc, url = start(workers)
        try:
            seq = sequential(url, args.requests)
            lat, sent, errors = asyncio.run(load(url, args.rate, args.duration))
        finally:
            proc.terminate()
            proc.wait(timeout=20)
        lp50 = f"{pct(lat, 50):.1f}" if lat else "—"
        lp95 = f"{pct(lat, 95):.1f}" if lat else "—"
        print(f"| {workers} | {pct(seq, 50):.1f} | {pct(seq, 95):.1f} | {args.rate:.0f} | {sent} | {errors} | "
              f"{lp50} | {lp95} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
