"""When the database is unreachable (PostgreSQL restarting, SQLite locked past its
busy timeout), every request answers HTTP 503 with ``Retry-After`` and a
bilingual page (JSON under /api/v1/) instead of a 500 with a server error.

Django turns an exception from any layer (view or middleware) into a call of
``handler500``; :func:`server_error` is that handler and sends a database error
to :func:`unavailable`. The API's exceptions pass through django-ninja first:
:func:`api_unavailable` is registered there (``gongkai.api``). Neither touches
the database, so they work while it is down. Django closes the broken
connection at the end of the request, and ``CONN_HEALTH_CHECKS`` makes the next
request open a fresh one once the database is back.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import get_template
from django.views.defaults import server_error as django_server_error

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
MESSAGE = (
    "数据库暂时不可用，请稍后重试。The database is unavailable for a moment; please try again."
)

logger = logging.getLogger("gongkai.outage")


def unavailable() -> HttpResponse:
    """The bilingual 503 page (rendered without request context: no database)."""
    response = HttpResponse(get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: 503 for a database outage, the plain 500 page otherwise."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        return unavailable()
    return django_server_error(request)


def api_unavailable(request: HttpRequest, error: Exception) -> HttpResponse:
    """django-ninja's handler for database errors: JSON 503 with ``Retry-After``."""
    logger.warning("database unavailable: %s %s", type(error).__name__, error)
    response = JsonResponse(
        {"message": MESSAGE}, status=503, json_dumps_params={"ensure_ascii": False}
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
