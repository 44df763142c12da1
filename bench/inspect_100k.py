"""Benchmark (issue 8): the website self-inspection of an agency site of 100,000 pages.

    .venv/bin/python bench/inspect_100k.py [--documents 100000] [--dsn postgres://…]

A scratch installation (its own data folder; SQLite, or the PostgreSQL database
named by ``--dsn``, emptied first) gets one agency with 40 columns, ``--documents``
published documents spread over them (each body links to two other documents and
one column, one in 50 also to a page of another host), 1 in 100 with an
attachment, then ``gongkai inspect``'s run (:func:`run_execute`) goes over it.

The site is served for real by a WSGI server in this process (the HTTP
reachability sample), and three other hosts (local HTTP servers on their own
ports) answer the external links and record when each request came, so the
per-host rate is checked against the configured one, not assumed.

Target: under 10 minutes on this machine. Prints pages/s, peak memory, and the
requests per host (most in any one second, smallest gap between two).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import platform
import resource
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COLUMNS = 40
EXTERNAL_HOSTS = 3
RATE = 2.0  # requests per second per other host, for this run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--dsn", help="PostgreSQL database to use (emptied first)")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="gk-bench-inspect-"))
    _environment(data_dir, args.dsn)
    hosts = [_Host() for _ in range(EXTERNAL_HOSTS)]
    site = _serve_site()
    os.environ["GONGKAI_PUBLIC_URL"] = site
    import django

    django.setup()
    _migrate(args.dsn)
    started = time.monotonic()
    agency = _generate(args.documents, [h.url for h in hosts])
    print(f"generated {args.documents} documents in {time.monotonic() - started:.0f} s")
    return _inspect(agency, hosts, args)


def _environment(data_dir: Path, dsn: str | None) -> None:
    os.environ.update(
        GONGKAI_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="gongkai.settings",
        GONGKAI_INSPECT_EXTERNAL_RATE=str(RATE),
        GONGKAI_PAGE_CACHE="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    if dsn:
        os.environ["DATABASE_URL"] = dsn
    else:
        os.environ.pop("DATABASE_URL", None)


class _Host:
    """Another site: answers 200 (one URL in 10: 404) and notes each request's time."""

    def __init__(self) -> None:
        times: list[float] = []

        class Handler(BaseHTTPRequestHandler):
            def do_HEAD(self) -> None:
                times.append(time.monotonic())
                self.send_response(404 if self.path.endswith("0.html") else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_HEAD

            def log_message(self, *args) -> None:
                pass

        self.times = times
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def report(self) -> tuple[int, int, int, float]:
        """(requests, most in any 1 s, most in any 10 s, smallest gap in seconds), as the
        server saw them arrive."""
        times = sorted(self.times)

        def most(width: float) -> int:
            return max((sum(1 for u in times if t <= u < t + width) for t in times), default=0)

        gaps = [b - a for a, b in itertools.pairwise(times)]
        return len(times), most(1.0), most(10.0), min(gaps, default=0.0)


def _serve_site() -> str:
    """The installation itself, served over real HTTP (wsgiref, threads) for the sample."""
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args) -> None:
            pass

    class Threading(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    def app(environ, start_response):
        from django.core.wsgi import get_wsgi_application

        return get_wsgi_application()(environ, start_response)

    server = make_server("127.0.0.1", 0, app, server_class=Threading, handler_class=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def _migrate(dsn: str | None) -> None:
    from django.core.management import call_command
    from django.db import connection

    if dsn:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)


def _generate(count: int, others: list[str]):
    from gongkai.agencies.models import AgencyKind, AgencyLevel
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.agencies.services import account_create, agency_create
    from gongkai.catalogue.services import column_create
    from gongkai.demo.loader import demo_uscc

    agency = agency_create(
        actor=SYSTEM, name="基准测试局", slug="bench", uscc=demo_uscc("11", 901),
        kind=AgencyKind.DEPARTMENT, level=AgencyLevel.CITY,
    )  # fmt: skip
    user = account_create(actor=SYSTEM, username="bench", password="Bench-password-9")
    columns = [
        column_create(
            actor=SYSTEM,
            agency=agency,
            name=f"栏目{n}",
            slug=f"c{n}",
            category="news" if n % 2 else "notice",
        )
        for n in range(COLUMNS)
    ]
    _documents(agency, user, columns, count, others)
    return agency


def _documents(agency, user, columns, count: int, others: list[str]) -> None:
    from django.utils import timezone

    from gongkai.catalogue.models import Attachment, Document

    now = timezone.now()
    batch: list[Document] = []
    for n in range(count):
        batch.append(_document(agency, user, columns[n % COLUMNS], n, count, now, others))
        if len(batch) == 5000:
            Document.objects.bulk_create(batch)
            batch = []
    Document.objects.bulk_create(batch)
    ids = list(Document.objects.filter(agency=agency).order_by("id").values_list("id", flat=True))
    Attachment.objects.bulk_create(
        [
            Attachment(
                document_id=pk,
                file=f"bench/{pk}.docx",
                name=f"附件{pk}.docx",
                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                size=1000,
                sha256="0" * 64,
                text=f"附件正文{pk}：会议纪要，联系电话 0412-5551234。",
            )
            for pk in ids[::100]
        ],
        batch_size=2000,
    )


def _document(agency, user, column, n: int, count: int, now, others):
    from gongkai.catalogue.models import Document

    published = now - dt.timedelta(minutes=n % 10000)
    first = n - n % 1000 + 1  # links within the same thousand, to ids that exist
    links = (
        f'<a href="/site/bench/documents/{first + (n * 7) % 999}/">相关信息</a>'
        f'<a href="/site/bench/documents/{first + (n * 13) % 999}/">上一篇</a>'
        f'<a href="/site/bench/c{(n * 3) % COLUMNS}/">栏目</a>'
    )
    if n % 50 == 0:
        links += f'<a href="{others[n % len(others)]}/p{n // 50 % 200}.html">外部网站</a>'
    body = f"第{n}号信息。本单位召开工作会议，部署有关工作。"
    return Document(
        agency=agency, column=column, title=f"工作信息（{n}）", body_html=f"<p>{body}{links}</p>",
        body_text=body, index_number=f"BENCH/{n:06d}", written_on=published.date(),
        state="published", published_at=published, publish_due_on=published.date(),
        created_by=user,
    )  # fmt: skip


def _inspect(agency, hosts: list[_Host], args) -> int:
    from django.db import connection
    from django.utils import timezone

    from gongkai.agencies.permissions import SYSTEM
    from gongkai.inspection.services import run_execute, run_request

    run = run_request(actor=SYSTEM, agency=agency, today=timezone.localdate())
    started = time.monotonic()
    run = run_execute(run=run, echo=_echo())
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stats = run.stats
    pages = stats["rendered"] + stats["documents"] + stats["attachments"]
    print()
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}"
    )
    print(f"database: {connection.vendor}; date {dt.date.today().isoformat()}")
    print(f"run {run.state}: {seconds:.1f} s, score {run.score}, findings {stats['findings']}")
    print(
        f"pages: {pages} ({stats['rendered']} rendered in process, {stats['documents']} documents"
        f" and {stats['attachments']} attachments from the database), {pages / seconds:.0f} pages/s"
    )
    print(f"HTTP sample: {stats.get('http_probes')} pages, {stats.get('http_failures')} failed")
    print(f"peak memory (max RSS): {peak:.0f} MB")
    within = True
    for host in hosts:
        made, one, ten, gap = host.report()
        counted = stats["external_requests"].get(host.url.split("//")[1], 0)
        # A token bucket of burst 1 allows at most 1 + rate × W requests in any W seconds.
        within &= one <= 1 + RATE and ten <= 1 + 10 * RATE and made == counted
        print(
            f"{host.url}: {made} requests seen (run counted {counted}); most in any 1 s: {one}"
            f" (bound {1 + RATE:.0f}), in any 10 s: {ten} (bound {1 + 10 * RATE:.0f});"
            f" smallest gap between arrivals {gap:.3f} s (rate {RATE}/s)"
        )
    ok = run.state == "done" and seconds < 600 and within
    print("target (< 10 min, per-host rate kept):", "met" if ok else "NOT met")
    return 0 if ok else 1


def _echo():
    last = [0.0]

    def echo(phase: str, done: int, total: int) -> None:
        if time.monotonic() - last[0] >= 5:
            last[0] = time.monotonic()
            print(f"  {phase}: {done}/{total}", flush=True)

    return echo


if __name__ == "__main__":
    sys.exit(main())
