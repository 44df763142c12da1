"""Benchmark (issue 7): pushing the seed year's 16,549 records to the local receiver
over HTTP, beside plain HTTP clients sending the same records to the same receiver,
in the same run.

    .venv/bin/python bench/exchange_push.py [--dsn postgres://…/postgres] [--batch 500]

Without ``--dsn`` the database is SQLite in a temporary data directory (the default
installation); with it, a scratch PostgreSQL database (created and dropped). The
receiver is `gongkai exchange receiver` in its own process, without faults. It times:

- ours: `exchange_push` until nothing is pending (claim, send, settle with receipts
  and one audit record a batch, in the database);
- bare, batched: the same records in the same batches, POSTed from a plain loop
  (JSON prepared beforehand, no database): the floor for HTTP and the receiver;
- bare, one by one: the same number of POSTs, one record each, from a plain loop.

Target: ours under 30 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

SCRATCH = "gongkai_bench_exchange"


def machine() -> str:
    lines = Path("/proc/cpuinfo").read_text().splitlines()
    model = next(
        (line.split(":", 1)[1].strip() for line in lines if "model name" in line),
        platform.processor(),
    )
    memory = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )  # fmt: skip
    return f"{os.cpu_count()} cores, {model}, {memory / 1024 / 1024:.0f} GiB"


def database(dsn: str | None, folder: str) -> str:
    if dsn is None:
        return f"sqlite:///{folder}/bench.sqlite3"
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")
        connection.execute(f"CREATE DATABASE {SCRATCH}")
    return dsn.rsplit("/", 1)[0] + f"/{SCRATCH}"


def drop(dsn: str | None) -> None:
    if dsn is None:
        return
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")


def start_receiver() -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "gongkai", "exchange", "receiver", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    return process, process.stdout.readline().strip()


def setup(url: str, folder: str):
    os.environ.update(DATABASE_URL=url, GONGKAI_DATA_DIR=folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.agencies.services import agency_create
    from gongkai.demo.exchange import seed_year_records
    from gongkai.demo.loader import demo_uscc

    agency = agency_create(
        actor=SYSTEM, name="鞍山市公共资源交易中心", slug="ggzy", uscc=demo_uscc("12", 2),
        kind="institution", level="city",
    )  # fmt: skip
    started = time.perf_counter()
    queued = seed_year_records(agency)
    print(f"queued {queued:,} records in {time.perf_counter() - started:.1f} s", flush=True)
    return queued


def ours(address: str, batch: int) -> float:
    from django.utils import timezone

    from gongkai.exchange.adapters import HttpJsonAdapter
    from gongkai.exchange.models import ExchangeRecord
    from gongkai.exchange.services import exchange_push

    adapter = HttpJsonAdapter(address, timeout=30)
    started = time.perf_counter()
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        profile = cProfile.Profile()
        summary = profile.runcall(
            exchange_push, now=timezone.now(), adapter=adapter, batch_size=batch
        )
        profile.dump_stats(os.environ["BENCH_PROFILE"])
    else:
        summary = exchange_push(now=timezone.now(), adapter=adapter, batch_size=batch)
    elapsed = time.perf_counter() - started
    adapter.close()
    left = ExchangeRecord.objects.exclude(state="acknowledged").count()
    assert left == 0 and not summary.errors, (left, summary.errors)
    return elapsed


def bodies(batch: int, prefix: str) -> list[bytes]:
    """The same records as JSON request bodies, under new keys (new writes at the receiver)."""
    from gongkai.exchange.adapters import Outgoing, request_body
    from gongkai.exchange.models import ExchangeRecord

    records = [
        Outgoing(f"{prefix}{r.data_key}", r.revision, r.dataset, r.operation, r.payload)
        for r in ExchangeRecord.objects.order_by("id")
    ]
    return [request_body(records[i : i + batch]) for i in range(0, len(records), batch)]


def bare(address: str, payloads: list[bytes]) -> float:
    parts = urlsplit(address)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {"Content-Type": "application/json; charset=utf-8"}
    started = time.perf_counter()
    for body in payloads:
        connection.request("POST", parts.path, body=body, headers=headers)
        answer = connection.getresponse()
        assert answer.status == 200 and json.loads(answer.read())["STATUS"] == "1"
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dsn", help="a PostgreSQL server (default: SQLite)")
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="gongkai-bench-exchange-")
    receiver, address = start_receiver()
    try:
        queued = setup(database(args.dsn, folder), folder)
        mine = ours(address, args.batch)
        batched = bare(address, bodies(args.batch, "b-"))
        single = bare(address, bodies(1, "s-"))
    finally:
        receiver.terminate()
        receiver.wait(timeout=10)
        drop(args.dsn)
    engine = "PostgreSQL" if args.dsn else "SQLite"
    print(
        f"{dt.date.today()} | {machine()} | {engine} | {queued:,} records, batches of "
        f"{args.batch} | ours {mine:.1f} s ({queued / mine:,.0f}/s) | bare batched "
        f"{batched:.1f} s | bare one by one {single:.1f} s | ours/batched {mine / batched:.1f}"
    )
    return 0 if mine < 30 else 1


if __name__ == "__main__":
    sys.exit(main())
