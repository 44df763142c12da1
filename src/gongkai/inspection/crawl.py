"""One inspection of an agency's public site, phase by phase.

1. ``pages``: a breadth-first walk from the agency's home page, rendered in
   process (:class:`gongkai.inspection.fetch.InProcess`), bounded by ``max_pages``
   and ``max_depth`` (a column's further pages, ``?page=N``, do not add depth).
   Every link is sorted: the installation's own (:class:`links.Hosts`) or another
   host's. A link to one of the agency's documents or attachments is checked
   against the database (the same test the view makes); other own links are
   rendered once each.
2. ``documents``: every published document's stored text and links, and every
   attachment's extracted text, read from the database in chunks: personal
   data, 严重错误 words, links in the body. A document page is the stored body in
   a template whose links all point at rows that exist, so this is the page's
   content without rendering it; a sample of document pages is rendered too.
3. ``external``: links to other hosts, each URL once, each host at the
   configured rate (:class:`fetch.ExternalChecker`).
4. ``http``: a sample of the pages fetched over real HTTP from the public
   address, to prove the site answers (站点无法访问, 15 s).
5. ``checks``: columns, home page, annual report, consultations, from the database.

Each phase reports progress and stops when the run is cancelled; what was found
so far is kept.
"""

from __future__ import annotations

import datetime as dt
import queue
import random
import re
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import Resolver404, resolve, reverse

from gongkai.agencies.models import Agency
from gongkai.catalogue.models import Attachment, Document, DocumentState, ReviewFinding
from gongkai.catalogue.selectors import severe_words_for
from gongkai.inspection import checks
from gongkai.inspection.checks import Found
from gongkai.inspection.fetch import ExternalChecker, Fetched, InProcess, http_get
from gongkai.inspection.links import Hosts, links_in
from gongkai.rules import inspection as rules
from gongkai.rules.text import Text

CHUNK = 2000


class Progress(Protocol):
    def phase(self, name: str, total: int) -> None: ...
    def advance(self, n: int = 1) -> None: ...
    def cancelled(self) -> bool: ...


@dataclass(frozen=True)
class Limits:
    max_pages: int = 20000  # pages rendered in process
    max_depth: int = 8
    render_sample: int = 50  # document pages rendered besides the database check
    list_pages: int = 3  # pages of a column's list rendered (?page=1..3); the rest from the DB
    http_sample: int = 5  # pages fetched over real HTTP
    external_rate: float = 1.0  # requests per second per other host
    external_threads: int = 8


@dataclass
class Crawl:
    agency: Agency
    hosts: Hosts
    limits: Limits
    thresholds: rules.Thresholds
    as_of: dt.date
    now: dt.datetime
    progress: Progress
    base_url: str = ""  # where the HTTP sample goes; "" skips it
    consultations: Callable[[Agency, dt.date, rules.Thresholds], list[Found] | None] | None = None
    found: list[Found] = field(default_factory=list)
    stats: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.client = InProcess(self._host())
        self.scope = reverse("portal:agency", args=[self.agency.slug])
        self.status: dict[str, int | None] = {}  # own path -> status
        self.rendered: list[str] = []
        self.external: dict[str, str] = {}  # URL -> first page linking it
        self.frontier: deque[tuple[str, int, str]] = deque()
        self.stats.update(rendered=0, documents=0, attachments=0, links=0, unchecked=0)
        self.stats["list_pages_from_db"] = 0
        head, tail = reverse("catalogue:public", args=[self.agency.slug, 0]).rsplit("0", 1)
        self.doc_url = (head + "{}" + tail).format
        self.doc_path = re.compile(re.escape(head) + r"(\d+)" + re.escape(tail) + r"\Z")

    def _host(self) -> str:
        if self.base_url:
            return self.base_url.split("://", 1)[-1].split("/", 1)[0]
        return next(iter(sorted(self.hosts.names)), "localhost")

    def run(self) -> bool:
        """True when every phase ran, False when cancelled on the way."""
        for step in (self.pages, self.documents, self.external_links, self.http_sample, self.db):
            if self.progress.cancelled():
                return False
            step()
        return not self.progress.cancelled()

    # 1. pages --------------------------------------------------------------------

    def pages(self) -> None:
        self.progress.phase("pages", self._page_estimate())
        self.frontier.append((self.scope, 0, ""))
        self.status[self.scope] = 0  # queued
        while self.frontier and not self.progress.cancelled():
            path, depth, referrer = self.frontier.popleft()
            self._visit(path, depth, referrer)
            self.progress.advance()

    def _page_estimate(self) -> int:
        from gongkai.catalogue.models import Column

        columns = Column.objects.filter(agency=self.agency).count()
        return min(self.limits.max_pages, 1 + columns * self.limits.list_pages)

    def _visit(self, path: str, depth: int, referrer: str) -> None:
        result = self._render(path)
        self.status[path] = result.status
        if not result.ok:
            self._dead(path, referrer, result)
            return
        if result.status != 200 or not result.content:
            return
        html = result.content.decode("utf-8", "replace")
        for url in links_in(html, self.hosts.origin + path if self.hosts.origin else path):
            self._link(url, page=path, depth=depth)

    def _render(self, path: str) -> Fetched:
        self.stats["rendered"] += 1
        result = self.client.get(path)
        self.rendered.append(path)
        if result.seconds >= self.thresholds.timeout_seconds:
            what = _SLOW.format(u=path, s=f"{result.seconds:.1f}")
            self.found.append(Found("slow_page", path, what, _SLOW_FIX, self.as_of))
        return result

    def _link(self, url: str, *, page: str, depth: int = 0) -> None:
        self.stats["links"] += 1
        path = self.hosts.internal_path(url)
        if path is None:
            if url.startswith(("http://", "https://")):
                self.external.setdefault(url, page)
            return
        if path not in self.status:  # a dead one is reported once, at the first page linking it
            self._own(path, page, depth)

    def _own(self, path: str, page: str, depth: int) -> None:
        known = self._known(path)
        if known is not None:
            self.status[path] = known
            if known >= 400:
                self._dead(path, page, Fetched(path, known, 0.0))
            return
        bare = path.split("?", 1)[0]
        further = _next_page(path, page)
        if further and _page_number(path) > self.limits.list_pages:
            self.status[path] = 200  # its rows are the documents checked from the database
            self.stats["list_pages_from_db"] += 1
            return
        deeper = depth if further else depth + 1
        if len(self.rendered) + len(self.frontier) >= self.limits.max_pages:
            self.stats["unchecked"] += 1
            return
        if bare.startswith(self.scope) and deeper <= self.limits.max_depth:
            self.status[path] = 0
            self.frontier.append((path, deeper, page))
            return
        result = self._render(path)  # own, outside the walk: checked, not followed
        self.status[path] = result.status
        if not result.ok:
            self._dead(path, page, result)

    def _known(self, path: str) -> int | None:
        """The status of an own path decided without rendering, or None."""
        bare = path.split("?", 1)[0]
        document = self.doc_path.match(bare)
        if document:  # the same test as catalogue.views.public_document, without resolve()
            return 200 if int(document[1]) in self._public_ids() else 404
        static = settings.STATIC_URL or "/static/"
        if bare.startswith(static):
            return 200 if finders.find(bare[len(static) :]) else 404
        try:
            match = resolve(bare)
        except Resolver404:
            return 404
        slug = match.kwargs.get("slug")
        if slug != self.agency.slug:
            return None
        if match.view_name == "catalogue:public":
            return 200 if match.kwargs["pk"] in self._public_ids() else 404
        if match.view_name == "catalogue:file":
            key = (match.kwargs["pk"], match.kwargs["attachment_id"])
            return 200 if key in self._public_files() else 404
        return None

    def _public_ids(self) -> set[int]:
        if not hasattr(self, "_ids"):
            self._ids = set(self._documents().values_list("id", flat=True))
        return self._ids

    def _public_files(self) -> set[tuple[int, int]]:
        if not hasattr(self, "_files"):
            rows = Attachment.objects.filter(document__in=self._documents())
            self._files = set(rows.values_list("document_id", "id"))
        return self._files

    def _dead(self, path: str, referrer: str, result: Fetched) -> None:
        status = result.status if result.status is not None else result.error or "—"
        what = _DEAD.format(u=path, p=referrer or path, s=status)
        self.found.append(Found("dead_link", referrer or path, what, _DEAD_FIX, self.as_of))

    # 2. documents ----------------------------------------------------------------

    def _documents(self):
        return Document.objects.filter(
            agency=self.agency, state=DocumentState.PUBLISHED, published_at__lte=self.now
        )

    def documents(self) -> None:
        documents = self._documents()
        attachments = Attachment.objects.filter(document__in=documents)
        self.progress.phase("documents", documents.count() + attachments.count())
        words = severe_words_for(self.agency)
        justified = self._justified()
        rows = documents.order_by("id").values_list(
            "id", "title", "body_html", "body_text", "published_at"
        )
        sample = self._render_sample(documents)
        for n, (pk, title, html, text, published) in enumerate(rows.iterator(chunk_size=CHUNK)):
            url = self.doc_url(pk)
            since = published.date()
            self.found.extend(checks.severe_found(f"{title}\n{text}", words, url=url, since=since))
            self.found.extend(self._pii(text, url, since, justified.get(pk, frozenset())))
            for link in links_in(html, self.hosts.origin + url if self.hosts.origin else url):
                self._link(link, page=url, depth=self.limits.max_depth)
            if pk in sample:
                self._visit(url, self.limits.max_depth, "")
            self.stats["documents"] += 1
            if n % 200 == 199:
                self.progress.advance(200)
                if self.progress.cancelled():
                    return
        self._attachments(attachments, justified)

    def _render_sample(self, documents) -> set[int]:
        ids = list(documents.order_by("id").values_list("id", flat=True))
        return set(
            random.Random(self.agency.pk).sample(ids, min(len(ids), self.limits.render_sample))
        )

    def _justified(self) -> dict[int, frozenset[str]]:
        rows = ReviewFinding.objects.filter(
            document__agency=self.agency,
            kind=ReviewFinding.Kind.PII,
            state=ReviewFinding.State.JUSTIFIED,
        ).values_list("document_id", "digest")
        found: dict[int, set[str]] = {}
        for document, value in rows:
            found.setdefault(document, set()).add(value)
        return {k: frozenset(v) for k, v in found.items()}

    def _pii(self, text: str, url: str, since: dt.date, justified: frozenset[str]):
        from gongkai.catalogue.services import PII_DIGEST_PURPOSE
        from gongkai.crypto import digest

        return checks.pii_found(
            text, url=url, since=since, as_of=self.as_of, justified=justified,
            digest=lambda value: digest(value, purpose=PII_DIGEST_PURPOSE),
        )  # fmt: skip

    def _attachments(self, attachments, justified) -> None:
        rows = attachments.select_related("document").order_by("id")
        for n, item in enumerate(rows.iterator(chunk_size=CHUNK)):
            url = reverse("catalogue:file", args=[self.agency.slug, item.document_id, item.pk])
            text = item.text or _extract(item)
            since = item.document.published_at.date()
            self.found.extend(
                self._pii(text, url, since, justified.get(item.document_id, frozenset()))
            )
            self.stats["attachments"] += 1
            if n % 200 == 199:
                self.progress.advance(200)
                if self.progress.cancelled():
                    return

    # 3. external links -----------------------------------------------------------

    def external_links(self) -> None:
        urls = list(self.external)
        self.progress.phase("external", len(urls))
        if self.progress.cancelled():
            return
        checker = ExternalChecker(
            rate=self.limits.external_rate,
            timeout=self.thresholds.timeout_seconds,
            threads=self.limits.external_threads,
        )
        results: queue.Queue[Fetched] = queue.Queue()
        stop = threading.Event()
        worker = threading.Thread(
            target=checker.check, args=(urls,), kwargs={"done": results.put, "stop": stop.is_set}
        )
        worker.start()
        while worker.is_alive() or not results.empty():
            if self.progress.cancelled():
                stop.set()
            try:
                self._external_result(results.get(timeout=0.5))
            except queue.Empty:
                continue
        worker.join()
        self.stats["external_requests"] = dict(checker.requests)

    def _external_result(self, result: Fetched) -> None:
        self.progress.advance()
        if result.ok:
            return
        page = self.external[result.url]
        status = result.status if result.status is not None else result.error or "—"
        what = _DEAD.format(u=result.url, p=page, s=status)
        self.found.append(Found("dead_external_link", page, what, _DEAD_EXT_FIX, self.as_of))

    # 4. the HTTP sample ----------------------------------------------------------

    def http_sample(self) -> None:
        if not self.base_url or self.limits.http_sample <= 0:
            self.stats["http_probes"] = 0
            return
        paths = self._sample_paths()
        self.progress.phase("http", len(paths))
        failures = []
        for path in paths:
            result = http_get(self.base_url + path, timeout=self.thresholds.timeout_seconds)
            if not result.ok or result.seconds >= self.thresholds.timeout_seconds:
                failures.append(result)
            self.progress.advance()
        self.stats["http_probes"] = len(paths)
        self.stats["http_failures"] = len(failures)
        for result in failures:
            status = result.status if result.status is not None else result.error or "—"
            what = _UNREACHABLE.format(
                u=result.url, s=status, t=int(self.thresholds.timeout_seconds)
            )
            self.found.append(Found("unreachable", result.url, what, _UNREACHABLE_FIX, self.as_of))

    def _sample_paths(self) -> list[str]:
        good = [p for p in dict.fromkeys(self.rendered) if self.status.get(p) == 200]
        rest = [p for p in good if p != self.scope]
        picked = random.Random(self.agency.pk).sample(
            rest, min(len(rest), self.limits.http_sample - 1)
        )
        return [self.scope, *picked]

    # 5. database checks ----------------------------------------------------------

    def db(self) -> None:
        self.progress.phase("checks", 4)
        t, as_of, now = self.thresholds, self.as_of, self.now
        self.found.extend(checks.check_columns(self.agency, as_of, now, t))
        self.found.extend(checks.check_home(self.agency, as_of, now, t))
        self.found.extend(checks.check_annual_report(self.agency, as_of, t))
        consulted = self.consultations(self.agency, as_of, t) if self.consultations else None
        self.stats["consultations"] = "checked" if consulted is not None else "unavailable"
        self.found.extend(consulted or [])
        self.progress.advance(4)


def _next_page(path: str, page: str) -> bool:
    """Whether ``path`` is another page of the same list (only ``?page=N`` differs):
    a column's pages do not add depth; other query strings (a calendar's months) do."""
    from urllib.parse import parse_qsl

    bare, _, query = path.partition("?")
    here, _, here_query = page.partition("?")
    rest = [(k, v) for k, v in parse_qsl(query) if k != "page"]
    return bare == here and rest == [(k, v) for k, v in parse_qsl(here_query) if k != "page"]


def _page_number(path: str) -> int:
    from urllib.parse import parse_qs

    try:
        return int(parse_qs(path.partition("?")[2]).get("page", ["1"])[0])
    except ValueError:
        return 1


def _extract(item: Attachment) -> str:
    from gongkai.textextract import ExtractError, extract_bytes

    try:
        with item.file.open("rb") as handle:
            return extract_bytes(handle.read(), item.name)
    except (ExtractError, OSError, ValueError):
        return ""


_DEAD = Text("页面 {p} 上的链接 {u} 无法打开（{s}）。", "The link {u} on {p} does not open ({s}).")
_DEAD_FIX = Text(
    "更正或删除该链接；如信息已撤回，同时删除指向它的链接。",
    "Correct or remove the link; when the item was withdrawn, remove the links to it too.",
)
_DEAD_EXT_FIX = Text(
    "核实外部网站地址，更正或删除该链接。",
    "Check the other site's address; correct or remove the link.",
)
_SLOW = Text("页面 {u} 用时 {s} 秒才打开。", "Page {u} took {s} s to open.")
_SLOW_FIX = Text("检查服务器负载和页面查询。", "Check the server's load and the page's queries.")
_UNREACHABLE = Text(
    "通过网络访问 {u} 失败（{s}，超时 {t} 秒）。",
    "Fetching {u} over the network failed ({s}, {t} s timeout).",
)
_UNREACHABLE_FIX = Text(
    "检查服务器、域名解析和防火墙，保证网站可访问（单项否决项）。",
    "Check the server, DNS and firewall so the site can be reached (a single-veto item).",
)
