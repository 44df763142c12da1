"""How the inspection reaches pages: in-process for the installation's own pages,
over HTTP for the reachability sample and for links to other hosts.

- :class:`InProcess` renders a path through Django's full request handler
  (middleware, URL resolver, view, template) without a network round trip.
- :func:`http_get` fetches a URL for real, with the indicator's timeout.
- :class:`ExternalChecker` checks links to other hosts: each URL once, each host
  no faster than its :class:`TokenBucket` allows, one request at a time per host
  (hosts in parallel threads), HEAD first and GET only when HEAD is refused.
"""

from __future__ import annotations

import http.client
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.test import Client

USER_AGENT = "Gongkai-self-inspection/1 (government website self-check; rate-limited per host)"


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int | None  # None: no answer (refused, timed out)
    seconds: float
    error: str = ""
    content: bytes = b""

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400


class InProcess:
    """Renders the installation's pages in this process, as the site's host would serve them."""

    def __init__(self, host: str) -> None:
        self.client = Client(
            HTTP_HOST=host, HTTP_USER_AGENT=USER_AGENT, raise_request_exception=False
        )

    def get(self, path: str) -> Fetched:
        started = time.monotonic()
        response = self.client.get(path, follow=False)
        content = b"" if response.streaming else response.content
        return Fetched(path, response.status_code, time.monotonic() - started, "", content)


def http_get(url: str, *, timeout: float, method: str = "GET") -> Fetched:
    """One real request; a status ≥ 400, a refusal or a timeout is a failure."""
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(512 * 1024) if method == "GET" else b""
            return Fetched(url, response.status, time.monotonic() - started, "", body)
    except urllib.error.HTTPError as error:
        return Fetched(url, error.code, time.monotonic() - started, str(error.reason))
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as error:
        reason = getattr(error, "reason", error)
        return Fetched(url, None, time.monotonic() - started, str(reason)[:200])


class TokenBucket:
    """At most ``rate`` requests a second on average, bursts of at most ``burst``."""

    def __init__(self, rate: float, burst: int = 1, clock: Callable[[], float] = time.monotonic):
        self.rate, self.burst, self.clock = rate, burst, clock
        self.tokens = float(burst)
        self.stamp = clock()
        self.lock = threading.Lock()

    def wait(self, sleep: Callable[[float], None] = time.sleep) -> None:
        while True:
            with self.lock:
                now = self.clock()
                self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
                self.stamp = now
                if self.tokens >= 1:
                    self.tokens -= 1
                    return
                missing = (1 - self.tokens) / self.rate
            sleep(missing)


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


class ExternalChecker:
    """Checks each external URL once, never faster than ``rate`` per host."""

    def __init__(self, *, rate: float, timeout: float, threads: int = 8) -> None:
        self.rate, self.timeout, self.threads = rate, timeout, threads
        self.requests: dict[str, int] = defaultdict(int)  # host -> requests made

    def check(
        self, urls: Iterable[str], *, done: Callable[[Fetched], None], stop: Callable[[], bool]
    ) -> None:
        by_host: dict[str, list[str]] = defaultdict(list)
        for url in dict.fromkeys(urls):  # each URL once, first-seen order
            by_host[host_of(url)].append(url)
        with ThreadPoolExecutor(max_workers=max(1, self.threads)) as pool:
            futures = [
                pool.submit(self._host, host, host_urls, done, stop)
                for host, host_urls in by_host.items()
            ]
            for future in futures:
                future.result()  # a failure in a thread is not swallowed

    def _host(self, host: str, urls: list[str], done, stop) -> None:
        bucket = TokenBucket(self.rate)
        for url in urls:
            if stop():
                return
            done(self._one(host, url, bucket))

    def _one(self, host: str, url: str, bucket: TokenBucket) -> Fetched:
        bucket.wait()
        self.requests[host] += 1
        result = http_get(url, timeout=self.timeout, method="HEAD")
        if result.status in (405, 501):  # HEAD refused: ask once more with GET
            bucket.wait()
            self.requests[host] += 1
            result = http_get(url, timeout=self.timeout)
        return result
