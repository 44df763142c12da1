"""Benchmark (issue 7): exporting 100,000 OCDS releases as one package keeps peak
memory under 200 MB.

    .venv/bin/python bench/ocds_export.py [--releases 100000] [--database-url postgres://…]

It makes a scratch installation (SQLite in a temporary data directory, or a
scratch PostgreSQL database), loads the demo agencies, then bulk-creates
trading projects of one section with four published notices each (交易公告,
开标记录, 成交结果公告, 合同公告) and their catalogue pages, so the export reads
exactly what the product reads. It then runs, each in its own process, as a
user runs them:

- the baseline: an idle Django process with the OCDS modules imported and a
  database connection open;
- ``gongkai ocds export -o FILE`` (the streaming path of the API and the bulk
  files), for the release package and for the record package;

and reports each one's peak resident memory (``wait4``'s ``ru_maxrss``), wall
time and output size. Target: the release package's peak < 200 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

SCRATCH = "gongkai_bench_ocds"
KINDS = ("announcement", "opening", "result", "contract")
BATCH = 5000
IDLE = (
    "import django; django.setup(); "
    "from gongkai.ocds import export; from django.db import connection; "
    "connection.ensure_connection()"
)


def machine() -> str:
    lines = Path("/proc/cpuinfo").read_text().splitlines()
    model = next(
        (line.split(":", 1)[1].strip() for line in lines if "model name" in line),
        platform.processor(),
    )
    memory = next(
        line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )  # fmt: skip
    gib = int(memory) / 1024 / 1024
    return f"{os.cpu_count()} cores, {model}, {gib:.0f} GiB; Python {platform.python_version()}"


def scratch(database_url: str | None, data_dir: Path) -> dict[str, str]:
    """The environment of the scratch installation (and its database, made empty)."""
    env = {**os.environ, "GONGKAI_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE":
           "gongkai.settings", "GONGKAI_PUBLIC_URL": "https://ggzy.example.gov.cn"}  # fmt: skip
    env.pop("DATABASE_URL", None)
    if database_url:
        import psycopg

        with psycopg.connect(database_url, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")
            connection.execute(f"CREATE DATABASE {SCRATCH}")
        env["DATABASE_URL"] = database_url.rsplit("/", 1)[0] + f"/{SCRATCH}"
    return env


def drop(database_url: str) -> None:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")


def fields(kind: str, day: dt.date, amount: Decimal) -> dict:
    at = f"{day.isoformat()}T09:00:00"
    return {
        "announcement": {"NOTICE_SEND_TIME": at, "DOC_GET_START_TIME": at,
                         "DOC_GET_END_TIME": at, "BID_DOC_REFER_END_TIME": at,
                         "BID_OPEN_TIME": at, "CONTACT_PERSON": "交易服务科",
                         "CONTACT_PHONE": "0412-2222222"},
        "opening": {"BID_OPEN_TIME": at, "BID_OPENING_ADDRESS": "开标室", "BIDDER_COUNT": 5},
        "result": {"NOTICE_SEND_TIME": at, "WINNER_NAME": "鞍山市宏达建设有限公司",
                   "WINNER_CODE": "", "DEAL_PRICE": str(amount), "WINNER_DECIDED_TIME": at},
        "contract": {"NOTICE_SEND_TIME": at, "CONTRACT_CODE": "HT-1",
                     "CONTRACT_PRICE": str(amount), "CONTRACT_SIGN_TIME": at},
    }[kind]  # fmt: skip


def fill(releases: int) -> None:
    """Projects of one section with four published notices each, bulk-created."""
    from django.core.management import call_command

    from gongkai.agencies.models import Agency, User
    from gongkai.demo import demo_load
    from gongkai.demo.loader import demo_uscc

    call_command("migrate", verbosity=0)
    demo_load(applications=False)
    agency = Agency.objects.get(slug="anshan-ggzy")
    staff = User.objects.get(username="ggzy_reviewer")
    winner = demo_uscc("91", 101)
    projects = releases // len(KINDS)
    for start in range(0, projects, BATCH):
        _batch(agency, staff, winner, range(start, min(start + BATCH, projects)))
        done = min(start + BATCH, projects) * len(KINDS)
        print(f"\r{done:,} releases", end="", file=sys.stderr)
    print(file=sys.stderr)
    from django.db import connection

    if connection.vendor == "postgresql":  # what autovacuum does soon after a bulk load
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _batch(agency, staff, winner: str, numbers: range) -> None:
    from gongkai.catalogue.models import Column, Document
    from gongkai.trading.models import Notice, Section, TradingProject

    column = Column.objects.get(agency=agency, trading_sector="construction")
    made = TradingProject.objects.bulk_create(
        TradingProject(agency=agency, sector="construction", code=f"B-{n:07}",
                       name=f"基准测试工程{n}", owner_name="鞍山市城市建设发展有限公司",
                       method="公开招标", region_code="210300")
        for n in numbers
    )  # fmt: skip
    sections = Section.objects.bulk_create(
        Section(project=p, code="01", name="第一包", deal_code=f"B{p.code}",
                value_yuan=Decimal(1_000_000))
        for p in made
    )  # fmt: skip
    rows = []
    for project, section in zip(made, sections, strict=True):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=int(project.code[2:]) % 365)
        rows += [(project, section, kind, day) for kind in KINDS]
    published = [dt.datetime.combine(day, dt.time(2), tzinfo=dt.UTC) for *_, day in rows]
    documents = Document.objects.bulk_create(
        Document(agency=agency, column=column, title=f"{p.name}{kind}", written_on=day,
                 index_number=f"{p.code}/{kind}", state="published", published_at=when,
                 created_by=staff)
        for (p, _s, kind, day), when in zip(rows, published, strict=True)
    )  # fmt: skip
    notices = Notice.objects.bulk_create(
        Notice(project=p, kind=kind, title=f"{p.name}{kind}", state="published",
               fields={**fields(kind, day, Decimal(950_000)), "WINNER_CODE": winner},
               document=document, published_at=when)
        for (p, _s, kind, day), document, when in zip(rows, documents, published, strict=True)
    )  # fmt: skip
    Notice.sections.through.objects.bulk_create(
        Notice.sections.through(notice=notice, section=s)
        for notice, (_p, s, _k, _d) in zip(notices, rows, strict=True)
    )


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(peak resident memory in MB, wall seconds, output) of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    _pid, status, usage = os.wait4(child.pid, 0)  # this child's own peak, nobody else's
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed")
    output = child.stdout.read()
    child.stdout.close()
    return usage.ru_maxrss / 1024, time.perf_counter() - started, output  # Linux: kilobytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=100_000)
    parser.add_argument("--database-url", help="a PostgreSQL server (default: SQLite)")
    parser.add_argument("--fill-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fill_only:  # in a child: this process grows while it fills
        import django

        django.setup()
        fill(args.releases)
        return
    # The measuring process stays small and imports no Django: a child's peak
    # (ru_maxrss) counts the pages it shares with its parent until it execs.
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-ocds-") as folder:
        data_dir = Path(folder)
        env = scratch(args.database_url, data_dir)
        started = time.perf_counter()
        command = [sys.executable, __file__, "--fill-only", "--releases", str(args.releases)]
        subprocess.run(command, env=env, check=True)
        print(f"filled in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        try:
            report(env, data_dir, args)
        finally:
            if args.database_url:
                drop(args.database_url)


def report(env: dict[str, str], data_dir: Path, args) -> None:
    gongkai = [sys.executable, "-m", "gongkai", "--lang", "en", "ocds", "export"]
    idle, _seconds, _output = measure([sys.executable, "-c", IDLE], env)
    print(f"{dt.date.today()} {machine()}")
    print(f"database: {'PostgreSQL' if args.database_url else 'SQLite'}")
    print(f"idle Django process: peak {idle:.0f} MB")
    for name, extra in (("releases", []), ("records", ["--records"])):
        target = data_dir / f"{name}.json"
        peak, seconds, output = measure([*gongkai, *extra, "-o", str(target)], env)
        size = target.stat().st_size / 1024 / 1024
        print(f"{name}: {output.strip()} One package of {size:.0f} MB in {seconds:.1f} s, "
              f"peak {peak:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
