"""The page cache: public pages kept as files that nginx serves without Django.

A view marked :func:`cacheable` (home, agency and column pages, documents,
annual reports, RSS, the sitemap) has its response written by
:class:`PageCacheMiddleware` to

    <GONGKAI_PAGE_CACHE_DIR>/<host>/<language>/<path>index.html  (paths ending in /)
    <GONGKAI_PAGE_CACHE_DIR>/<host>/<language>/<path>             (sitemap.xml, rss.xml)

which is where deploy/nginx/gongkai.conf looks before it asks gunicorn. A page
is written only when nginx would send those very bytes to the next visitor who
asks for it: a GET without query string from a visitor without a session or
pending messages, answered 200 without setting a cookie (a page holding a CSRF
token sets the CSRF cookie, so it is never written), in the language nginx looks
under: the ``django_language`` cookie's, else the default language.

Write functions that change what the public sees call :func:`pages_invalidate`
(one agency's pages and the site-wide ones) or :func:`pages_invalidate_all`;
the files go after the commit. Every invalidation changes ``.generation``, and a
page rendered before an invalidation is not kept.
"""

from __future__ import annotations

import functools
import logging
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.http.request import split_domain_port
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

logger = logging.getLogger(__name__)

GENERATION = ".generation"
TRASH_PREFIX = ".trash-"
SITE_WIDE = ("index.html", "sitemap.xml")  # "/" and "/sitemap.xml", in each language
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage


def cacheable(view):
    """Mark a public view: its pages get public cache headers and may be written."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        generation = _generation() if _may_store(request) else None
        response = view(request, *args, **kwargs)
        response.gongkai_cacheable = True
        response.gongkai_generation = generation  # None: not to be written
        return response

    return wrapper


class PageCacheMiddleware:
    """Cache headers on cacheable pages, and the page file when nginx may serve it.

    First in MIDDLEWARE, so it sees the response with every cookie set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(response, "gongkai_cacheable", False):
            return response
        if not _public(request, response):
            patch_cache_control(response, private=True, no_cache=True)
            return response
        patch_cache_control(response, public=True, max_age=settings.GONGKAI_PAGE_MAX_AGE)
        patch_vary_headers(response, ["Cookie"])  # the language and session cookies
        set_response_etag(response)
        if response.gongkai_generation is not None:
            _store(request, response)
        return get_conditional_response(request, etag=response["ETag"], response=response)


def _personal(request) -> bool:
    """Whether the visitor has a session or messages waiting (nginx asks Django then)."""
    cookies = request.COOKIES
    return bool(cookies.get(settings.SESSION_COOKIE_NAME) or cookies.get(MESSAGES_COOKIE))


def _may_store(request) -> bool:
    return (
        settings.GONGKAI_PAGE_CACHE
        and request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and not _personal(request)
    )


def _public(request, response) -> bool:
    """Whether anyone may be sent this response and keep it for a while."""
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not _personal(request)
    )


def _lookup_language(request) -> str:
    """The language directory nginx looks in for this visitor (if it looks at all)."""
    return request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or settings.LANGUAGE_CODE


def page_file(host: str, language: str, path: str) -> Path | None:
    """The file nginx serves for ``path`` (None: a URL it never looks up)."""
    domain, _port = split_domain_port(host)
    *folders, name = path.split("/")[1:]
    name = name or "index.html"  # a path ending in "/"
    if path.endswith("/") or name.endswith(".xml"):
        parts = [domain, language, *folders, name]
        if all(part and part[0] != "." and not {"/", "\0"} & set(part) for part in parts):
            return Path(settings.GONGKAI_PAGE_CACHE_DIR, *parts)
    return None


def _store(request, response) -> None:
    language = _lookup_language(request)
    if response.get("Content-Language") != language:
        return  # e.g. English by Accept-Language: nginx would look under zh-hans
    target = page_file(request.get_host(), language, request.path)
    if target is None or target.exists():
        return
    try:
        _write(target, response.content)
    except OSError as error:
        logger.warning("page cache: cannot write %s: %s", target, error)
        return
    if _generation() != response.gongkai_generation:
        target.unlink(missing_ok=True)  # invalidated while rendering: the page may be stale


def _makedirs(folder: Path) -> None:
    """Create ``folder`` and its parents readable by nginx's user, whatever the umask."""
    if folder.is_dir():
        return
    _makedirs(folder.parent)
    try:
        folder.mkdir()
    except FileExistsError:
        return  # made meanwhile by another request
    folder.chmod(0o755)


def _write(target: Path, content: bytes) -> None:
    """Write atomically: readers see the old file or the whole new one, never a part."""
    _makedirs(target.parent)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _root() -> Path:
    return Path(settings.GONGKAI_PAGE_CACHE_DIR)


def _generation() -> str:
    try:
        return (_root() / GENERATION).read_text(encoding="ascii")
    except OSError:
        return ""


# Invalidation ------------------------------------------------------------------------


def pages_invalidate(agency) -> None:
    """After the commit, drop the agency's cached pages and the site-wide ones (home,
    sitemap), in every language. Coarse, but nothing shown on them can stay stale."""
    relatives = [f"site/{agency.slug}", *SITE_WIDE]
    transaction.on_commit(lambda: pages_remove(relatives), robust=True)


def pages_invalidate_all() -> None:
    """After the commit, drop every cached page (an agency's name is on all its pages,
    and the home page lists the agencies)."""
    transaction.on_commit(pages_clear, robust=True)


def _language_dirs(root: Path) -> Iterator[Path]:
    for host in root.iterdir():
        if host.is_dir() and not host.name.startswith("."):
            yield from (folder for folder in host.iterdir() if folder.is_dir())


def _active(root: Path) -> bool:
    """Whether there may be pages to drop, or a page being written now."""
    return settings.GONGKAI_PAGE_CACHE or root.is_dir()


def pages_remove(relatives: list[str]) -> None:
    """Drop these paths (relative to each <host>/<language> directory) now."""
    root = _root()
    if not _active(root):
        return
    _write(root / GENERATION, secrets.token_hex(16).encode())
    for folder in _language_dirs(root):
        for relative in relatives:
            _discard(root, folder / relative)


def pages_clear() -> None:
    """Drop every cached page now (also run by ``gongkai serve`` as it starts, since
    new code may render pages differently)."""
    root = _root()
    if not _active(root):
        return
    _write(root / GENERATION, secrets.token_hex(16).encode())
    for entry in root.iterdir():
        if entry.is_dir():
            _discard(root, entry)


def _discard(root: Path, path: Path) -> None:
    """Remove a file, or a tree: renamed away first, so nothing is served from a
    half-removed tree and a page written into it meanwhile goes with it."""
    try:
        if not path.is_dir():
            path.unlink()
            return
        trash = root / f"{TRASH_PREFIX}{secrets.token_hex(8)}"
        path.rename(trash)
    except FileNotFoundError:
        return
    shutil.rmtree(trash, ignore_errors=True)
