"""Benchmark: a published document page, cached and uncached, each beside its anchor.

    .venv/bin/python bench/page_rate.py [--repeat 5] [--workers 2] [--duration 10]

It builds a demo installation in PostgreSQL (database ``bench_pages``) with a
published ~30 KB 政府采购 成交结果公告 in the trading centre's site, then, with wrk
(``-t2 -c64``), in one run, taking the systems in turn ``--repeat`` times:

a. cached: the document URL through nginx with deploy/nginx/gongkai.conf (HTTPS,
   gunicorn behind it; the page served from the page cache after one warm-up
   request), against the anchor: the same bytes as a static file, served by a
   minimal server block of the same nginx (HTTPS, same certificate). Then both
   again over plain HTTP (the same server blocks without TLS). Target ≥ 1/3.
b. uncached: the same page straight from ``gongkai serve`` (gunicorn, page cache
   off, ``--workers``), against the anchor: a Wagtail 7.1 site (``wagtail start``,
   production settings) under gunicorn with as many workers, in its own
   PostgreSQL database ``bench_wagtail``, serving a page model with a
   RichTextField body and the same metadata, title and body. Target ≥ 3×. The
   same Wagtail site is measured a second time with Gongkai's database settings
   (persistent connections, health checks, prepared statements) for reference,
   and for each system the CPU time its gunicorn processes spent per request
   (PostgreSQL's own time not counted): a figure less at the mercy of other
   work on the machine than requests per second.

Wagtail is installed into a throw-away venv under ``--work`` (default
var/bench), never into Gongkai's. Needs nginx, wrk, python3.11 and PostgreSQL.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import importlib.util
import json
import os
import platform
import re
import secrets
import shutil
import socket
import ssl
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
GONGKAI_DB, WAGTAIL_DB = "bench_pages", "bench_wagtail"
WRK_TIMEOUT = "5s"
spec = importlib.util.spec_from_file_location("nginx_local", ROOT / "deploy/nginx/local.py")
nginx = sys.modules[spec.name] = importlib.util.module_from_spec(spec)
spec.loader.exec_module(nginx)


# The document: a 政府采购 成交结果公告 with its item table, about 30 KB as a page -------------

GOODS = ["LED路灯灯头", "高压钠灯", "镇流器", "铝芯电缆", "铜芯电缆", "灯杆", "配电箱",
         "熔断器", "接线端子", "防水胶带", "绝缘手套", "户外接线盒"]  # fmt: skip
BRANDS = ["鞍光", "辽照", "华辉", "明达", "北方电气"]


def _item_row(n: int) -> str:
    count, price = 10 + n * 3 % 90, 150 + n * 37 % 900
    model = f"AS-{100 + n * 7}型 {30 + n % 5 * 10}W"
    cells = [n, GOODS[n % len(GOODS)], BRANDS[n % len(BRANDS)], model, count, "套",
             f"{price}.00", f"{count * price}.00"]  # fmt: skip
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def notice() -> dict:
    """Title, body and metadata of the benchmark document (deterministic)."""
    rows = "".join(_item_row(n) for n in range(1, 151))
    paragraphs = "".join(
        f"<p>{n}. 供应商应当按照采购文件和响应文件的约定履行合同义务，"
        "所供货物须为全新、未使用过的合格产品，符合国家有关标准和规范的要求；"
        "质保期内出现质量问题的，供应商应在接到通知后二十四小时内到达现场处理。</p>"
        for n in range(1, 27)
    )
    body = (
        "<h2>一、项目编号：ASGGZY-2026-0815</h2>"
        "<h2>二、项目名称：鞍山市2026年度城区道路照明设施维修配套材料采购项目</h2>"
        "<h2>三、成交信息</h2><p>供应商名称：鞍山市明达照明工程有限公司；"
        "供应商地址：鞍山市铁东区南胜利路；成交金额：人民币壹佰贰拾叁万肆仟伍佰元整。</p>"
        "<h2>四、主要标的信息</h2><table><thead><tr><th>序号</th><th>货物名称</th><th>品牌</th>"
        "<th>规格型号</th><th>数量</th><th>单位</th><th>单价（元）</th><th>总价（元）</th></tr>"
        f"</thead><tbody>{rows}</tbody></table>"
        f"<h2>五、合同履行要求</h2>{paragraphs}"
        "<h2>六、公告期限</h2><p>自本公告发布之日起1个工作日。</p>"
    )
    return {
        "title": "鞍山市公共资源交易中心关于鞍山市2026年度城区道路照明设施维修配套材料"
        "采购项目成交结果的公告",
        "body_html": body,
        "doc_number": "鞍公资交〔2026〕15号",
        "topic": "政府采购",
        "written_on": "2026-11-02",
    }


# Gongkai ------------------------------------------------------------------------------


def scratch_database(dsn: str, name: str) -> str:
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")
    return dsn.rsplit("/", 1)[0] + f"/{name}"


def gongkai_env(url: str, work: Path) -> dict[str, str]:
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    return {
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "GONGKAI_FIELD_KEYS": f"b1:{key}",
        "GONGKAI_DATA_DIR": str(work / "gongkai-data"),
        "GONGKAI_PAGE_CACHE_DIR": str(work / "pagecache"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "GONGKAI_HOME_AGENCY": "anshan-ggzy",
        "LOG_LEVEL": "WARNING",
    }


def publish_notice(document: dict) -> str:
    """Load the demo data and publish the notice through the write functions; its URL."""
    from django.core.management import call_command
    from django.utils import timezone

    from gongkai.agencies.models import User
    from gongkai.catalogue import services
    from gongkai.catalogue.models import Column
    from gongkai.demo import demo_load

    call_command("migrate", verbosity=0)
    demo_load(applications=False)
    editor, reviewer = (User.objects.get(username=n) for n in ("ggzy_editor", "ggzy_reviewer"))
    column = Column.objects.get(agency__slug="anshan-ggzy", slug="trading-government-procurement")
    fields = document | {"written_on": dt.date.fromisoformat(document["written_on"])}
    draft = services.document_create(actor=editor, agency=column.agency, column=column, **fields)
    for finding in services.document_submit(
        actor=editor, document=draft, today=timezone.localdate()
    ):
        resolution = "justified" if finding.kind == "pii" else "dismissed"
        services.finding_resolve(actor=reviewer, finding=finding, resolution=resolution,
                                 reason="成交公告依法公开", today=timezone.localdate())  # fmt: skip
    services.document_publish(actor=reviewer, document=draft, now=timezone.now())
    return f"/site/anshan-ggzy/documents/{draft.pk}/"


def prepare_gongkai(dsn: str, work: Path, document: dict) -> tuple[dict, str]:
    env = gongkai_env(scratch_database(dsn, GONGKAI_DB), work)
    os.environ.update(env, DJANGO_SETTINGS_MODULE="gongkai.settings")
    import django

    django.setup()
    path = publish_notice(document)
    from django.db import connections

    connections.close_all()
    return env, path


# Servers ------------------------------------------------------------------------------


def wait_for(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server on port {port} stopped: {process.args}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answers on port {port}")


def start(command: list[str], env: dict, port: int, cwd: Path | None = None):
    process = subprocess.Popen(
        command,
        env={**os.environ, **env},
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(port, process)
    return process


def gongkai_serve(env: dict, port: int, workers: int, *, page_cache: bool):
    extra = {"GONGKAI_PAGE_CACHE": "true" if page_cache else "false"}
    command = [sys.executable, "-m", "gongkai", "serve", "--bind", f"127.0.0.1:{port}"]
    return start([*command, "--workers", str(workers)], env | extra, port)


ANCHOR = """server {{
    listen 127.0.0.1:{port}{tls};
    ssl_certificate {certificate};
    ssl_certificate_key {key};
    ssl_protocols TLSv1.2 TLSv1.3;
    root {root};
}}
"""


def start_nginx(work: Path, upstream: str, tls: bool) -> tuple:
    """nginx with the shipped site and the anchor server block; (process, site, anchor)."""
    folder = work / ("nginx-tls" if tls else "nginx-plain")
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "anchor").mkdir(parents=True)
    certificate, key = nginx.self_signed(folder, "127.0.0.1")
    ports = [nginx.free_port() for _ in range(3)]
    values = nginx.Values("127.0.0.1", ports[0], ports[1], ROOT / "src/gongkai/static",
                          work / "pagecache", upstream, certificate, key, tls)  # fmt: skip
    anchor = ANCHOR.format(port=ports[2], tls=" ssl" if tls else "", certificate=certificate,
                           key=key, root=folder / "anchor")  # fmt: skip
    sites = {"gongkai.conf": nginx.site_conf(values), "anchor.conf": anchor}
    conf = nginx.write_conf(folder, sites, workers="auto")
    process = nginx.start(conf, ports[0])
    scheme = "https" if tls else "http"
    return process, f"{scheme}://127.0.0.1:{ports[0]}", f"{scheme}://127.0.0.1:{ports[2]}"


def fetch(url: str) -> tuple[bytes, dict]:
    context = ssl._create_unverified_context()  # the benchmark's own certificate
    with urllib.request.urlopen(url, context=context, timeout=30) as response:
        return response.read(), dict(response.headers)


# Wagtail ------------------------------------------------------------------------------

WAGTAIL_MODEL = """from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class NoticePage(Page):
    index_number = models.CharField(max_length=64)
    publisher = models.CharField(max_length=200)
    written_on = models.DateField()
    published_on = models.DateField()
    doc_number = models.CharField(max_length=100, blank=True)
    topic = models.CharField(max_length=100, blank=True)
    validity = models.CharField(max_length=20, default="有效")
    body = RichTextField()

    content_panels = Page.content_panels + [
        FieldPanel(name) for name in ("index_number", "publisher", "written_on",
                                      "published_on", "doc_number", "topic", "validity", "body")
    ]
"""
WAGTAIL_TEMPLATE = """{% extends "base.html" %}{% load wagtailcore_tags %}
{% block content %}
<nav class="breadcrumb">{% for ancestor in page.get_ancestors|slice:"1:" %}<a href="{% pageurl ancestor %}">{{ ancestor.title }}</a> › {% endfor %}<span>{{ page.title }}</span></nav>
<article class="document">
<table class="metadata"><caption>About this document</caption><tbody>
<tr><th scope="row">Index number (索引号)</th><td>{{ page.index_number }}</td></tr>
<tr><th scope="row">Issuing agency (发布机构)</th><td>{{ page.publisher }}</td></tr>
<tr><th scope="row">Date written (成文日期)</th><td>{{ page.written_on|date:"Y-m-d" }}</td></tr>
<tr><th scope="row">Date published (发布日期)</th><td>{{ page.published_on|date:"Y-m-d" }}</td></tr>
{% if page.doc_number %}<tr><th scope="row">Document number (文号)</th><td>{{ page.doc_number }}</td></tr>{% endif %}
{% if page.topic %}<tr><th scope="row">Subject category (主题分类)</th><td>{{ page.topic }}</td></tr>{% endif %}
<tr><th scope="row">Validity (有效性)</th><td>{{ page.validity }}</td></tr>
</tbody></table>
<h1>{{ page.title }}</h1>
<div class="body">{{ page.body|richtext }}</div>
<h2>Version history</h2>
<table class="versions"><thead><tr><th scope="col">Version</th><th scope="col">Published</th><th scope="col">Note</th></tr></thead>
<tbody><tr><th scope="row">1</th><td>{{ page.last_published_at|date:"Y-m-d H:i" }}</td><td>First publication</td></tr></tbody></table>
</article>
{% endblock %}
"""  # noqa: E501 - template lines
WAGTAIL_LOCAL = """import os
from .base import INSTALLED_APPS
INSTALLED_APPS = ["notices", *INSTALLED_APPS]
DATABASES = {{"default": {database!r}}}
if os.environ.get("BENCH_WAGTAIL_DATABASE") == "gongkai":  # Gongkai's database settings
    DATABASES["default"].update(CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True,
        OPTIONS={{"server_side_binding": True, "prepare_threshold": 5}})
SECRET_KEY = {secret!r}
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
"""
WAGTAIL_PAGE = """
import datetime as dt, json, os
from home.models import HomePage
from notices.models import NoticePage
d = json.load(open(os.environ["BENCH_NOTICE"], encoding="utf-8"))
page = NoticePage(title=d["title"], slug="notice", body=d["body_html"], index_number=d["index"],
    publisher="鞍山市公共资源交易中心", written_on=dt.date.fromisoformat(d["written_on"]),
    published_on=dt.date.today(), doc_number=d["doc_number"], topic=d["topic"])
HomePage.objects.get().add_child(instance=page)
page.save_revision().publish()
"""


def database_settings(url: str) -> dict:
    """Django's DATABASES entry for ``url`` (Django's defaults otherwise)."""
    parts = urllib.parse.urlsplit(url)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parts.path.lstrip("/"),
        "USER": parts.username or "",
        "PASSWORD": parts.password or "",
        "HOST": parts.hostname or "",
        "PORT": parts.port or 5432,
    }


def wagtail_venv(work: Path) -> Path:
    venv = work / "wagtail-venv"
    if not (venv / "bin" / "wagtail").exists():
        subprocess.run(["python3.11", "-m", "venv", str(venv)], check=True)
        packages = ["wagtail>=7.1,<7.2", "gunicorn", "psycopg[binary]"]
        subprocess.run([venv / "bin/python", "-m", "pip", "install", "-q", *packages], check=True)
    return venv


def prepare_wagtail(dsn: str, work: Path, document: dict) -> tuple[Path, Path]:
    """A fresh `wagtail start` project with the notice page; (venv, project)."""
    venv, project = wagtail_venv(work), work / "wagtail-site"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir()
    subprocess.run([venv / "bin/wagtail", "start", "benchsite", project], check=True)
    templates = project / "notices" / "templates" / "notices"
    templates.mkdir(parents=True)
    (project / "notices" / "__init__.py").write_text("")
    (project / "notices" / "models.py").write_text(WAGTAIL_MODEL)
    (templates / "notice_page.html").write_text(WAGTAIL_TEMPLATE)
    local = WAGTAIL_LOCAL.format(
        database=database_settings(scratch_database(dsn, WAGTAIL_DB)),
        secret=secrets.token_urlsafe(50),
    )
    (project / "benchsite" / "settings" / "local.py").write_text(local)
    (work / "notice.json").write_text(json.dumps(document, ensure_ascii=False))
    for step in (["makemigrations", "notices"], ["migrate"], ["collectstatic", "--noinput"],
                 ["shell", "-c", WAGTAIL_PAGE]):  # fmt: skip
        env = os.environ | WAGTAIL_SETTINGS | {"BENCH_NOTICE": str(work / "notice.json")}
        subprocess.run([venv / "bin/python", "manage.py", *step], cwd=project, check=True,
                       env=env, stdout=subprocess.DEVNULL)  # fmt: skip
    return venv, project


WAGTAIL_SETTINGS = {"DJANGO_SETTINGS_MODULE": "benchsite.settings.production"}
ACCESS_LOG = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'  # as gongkai.cli.wsgi_server logs


def wagtail_serve(venv: Path, project: Path, port: int, workers: int, database: str):
    """gunicorn serving the Wagtail site; ``database``: "django" (Django's defaults: a
    connection per request, as `wagtail start` leaves it) or "gongkai" (Gongkai's:
    persistent connections, health checks, prepared statements)."""
    command = [str(venv / "bin/gunicorn"), "benchsite.wsgi:application",
               "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
               "--access-logfile", "-", "--access-logformat", ACCESS_LOG]  # fmt: skip
    env = WAGTAIL_SETTINGS | {"BENCH_WAGTAIL_DATABASE": database}
    return start(command, env, port, cwd=project)


# Measuring ----------------------------------------------------------------------------


def wrk(url: str, args) -> tuple[float, int]:
    """(requests per second, requests) of one wrk run."""
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s",
               "--timeout", WRK_TIMEOUT, url]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output or "Socket errors" in output:
        raise RuntimeError(f"wrk saw errors:\n{output}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return rate, int(re.search(r"(\d+) requests in", output).group(1))


def cpu_seconds(server: subprocess.Popen | None) -> float:
    """CPU time used so far by a gunicorn arbiter and its workers (0 without a server)."""
    if server is None:
        return 0.0
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    total = 0
    for pid in [server.pid, *map(int, children)]:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def in_turn(urls: dict[str, str], args, servers: dict | None = None) -> dict[str, float]:
    """Median requests/s of each URL, the URLs measured in turn ``args.repeat`` times;
    with ``servers``, also the median CPU milliseconds their workers spent a request."""
    servers = servers or {}
    rates: dict[str, list[float]] = {name: [] for name in urls}
    cpu: dict[str, list[float]] = {name: [] for name in urls}
    for _ in range(args.repeat):
        for name, url in urls.items():
            before = cpu_seconds(servers.get(name))
            rate, requests = wrk(url, args)
            rates[name].append(rate)
            cpu[name].append((cpu_seconds(servers.get(name)) - before) * 1000 / requests)
    for name in urls:
        cpu_text = f"; CPU {statistics.median(cpu[name]):.2f} ms/request" if servers else ""
        print(f"  {name}: {', '.join(f'{v:,.0f}' for v in rates[name])} req/s{cpu_text}")
    medians = {name: statistics.median(values) for name, values in rates.items()}
    return medians | {f"{name} cpu": statistics.median(cpu[name]) for name in servers}


def machine() -> str:
    lines = Path("/proc/cpuinfo").read_text().splitlines()
    model = next((ln.split(":", 1)[1].strip() for ln in lines if "model name" in ln), "?")
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024**2
    return f"{os.cpu_count()} cores, {model}, {memory} GiB; Python {platform.python_version()}"


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=30)


def cached_round(work: Path, upstream: str, path: str, args, tls: bool) -> dict:
    process, site, anchor = start_nginx(work, upstream, tls)
    try:
        fetch(site + path)  # Gongkai renders it and writes it to the page cache
        html, headers = fetch(site + path)
        if headers.get("Accept-Ranges") != "bytes":
            raise RuntimeError("the second request was not served from the page cache")
        (work / ("nginx-tls" if tls else "nginx-plain") / "anchor" / "page.html").write_bytes(html)
        print(f"cached page ({'HTTPS' if tls else 'HTTP'}), {len(html):,} bytes", flush=True)
        rates = in_turn({"page cache": site + path, "static file": anchor + "/page.html"}, args)
    finally:
        nginx.stop(process)
    return rates | {"bytes": len(html), "tls": tls}


def cached_part(env: dict, path: str, args, work: Path) -> list[dict]:
    port = nginx.free_port()
    app = gongkai_serve(env, port, args.workers, page_cache=True)
    try:
        return [cached_round(work, f"127.0.0.1:{port}", path, args, tls) for tls in (True, False)]
    finally:
        stop(app)


TUNED = "wagtail, Gongkai's database settings"


def uncached_part(env: dict, path: str, args, wagtail: tuple[Path, Path]) -> dict:
    ports = [nginx.free_port() for _ in range(3)]
    servers = [
        gongkai_serve(env, ports[0], args.workers, page_cache=False),
        wagtail_serve(*wagtail, ports[1], args.workers, "django"),
        wagtail_serve(*wagtail, ports[2], args.workers, "gongkai"),
    ]
    try:
        urls = {"gongkai": f"http://127.0.0.1:{ports[0]}{path}",
                "wagtail": f"http://127.0.0.1:{ports[1]}/notice/",
                TUNED: f"http://127.0.0.1:{ports[2]}/notice/"}  # fmt: skip
        sizes = {name: len(fetch(url)[0]) for name, url in urls.items()}
        for _ in range(20):  # warm every worker's templates and connections
            for url in urls.values():
                fetch(url)
        print(f"uncached pages: {sizes}", flush=True)
        return in_turn(urls, args, dict(zip(urls, servers, strict=True))) | {"bytes": sizes}
    finally:
        for server in servers:
            stop(server)


def report(cached: list[dict], uncached: dict, args) -> bool:
    today = dt.datetime.now(dt.UTC).date()
    print(f"\n{today} | {machine()} | wrk -t{args.threads} -c{args.connections}"
          f" -d{args.duration}s, medians of {args.repeat}")  # fmt: skip
    ok = True
    for row in cached:
        ratio = row["page cache"] / row["static file"]
        ok &= ratio >= 1 / 3
        print(f"cached ({'HTTPS' if row['tls'] else 'HTTP'}, {row['bytes']:,} B):"
              f" page cache {row['page cache']:,.0f} req/s | static file {row['static file']:,.0f}"
              f" req/s | ratio {ratio:.2f} (target ≥ 0.33)")  # fmt: skip
    ratio = uncached["gongkai"] / uncached["wagtail"]
    ok &= ratio >= 3
    print(f"uncached ({args.workers} workers, {uncached['bytes']}):")
    for name in ("gongkai", "wagtail", TUNED):
        print(f"  {name}: {uncached[name]:,.0f} req/s (Gongkai/this"
              f" {uncached['gongkai'] / uncached[name]:.2f}), workers' CPU"
              f" {uncached[name + ' cpu']:.2f} ms/request (this/Gongkai"
              f" {uncached[name + ' cpu'] / uncached['gongkai cpu']:.2f})")  # fmt: skip
    print(f"  target: Gongkai ≥ 3 × Wagtail 7.1: {ratio:.2f}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dsn", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--work", type=Path, default=ROOT / "var/bench")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(args.work / "pagecache", ignore_errors=True)
    document = notice()
    env, path = prepare_gongkai(args.dsn, args.work, document)
    from gongkai.catalogue.models import Document

    index = Document.objects.get(pk=int(path.rstrip("/").rsplit("/", 1)[1])).index_number
    wagtail = prepare_wagtail(args.dsn, args.work, document | {"index": index})
    cached = cached_part(env, path, args, args.work)
    uncached = uncached_part(env, path, args, wagtail)
    return 0 if report(cached, uncached, args) else 1


if __name__ == "__main__":
    sys.exit(main())
