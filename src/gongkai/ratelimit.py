"""Rate limits for public forms and look-ups, shared by every server process.

A fixed-window counter per (scope, client) in the database, so several
gunicorn workers or servers see the same counts. Client addresses are kept
only as a keyed hash (they are personal data).
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.shortcuts import render

from gongkai.portal.models import RateCounter


def client_address(request) -> str:
    """The client's address; behind the TLS proxy, the one it reports."""
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _key(scope: str, address: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()
    return f"{scope}:{digest[:40]}"


class Limited(Exception):
    """Raised by the JSON API when a client is over its limit (answered 429 with
    Retry-After by the handler in gongkai.api)."""

    def __init__(self, seconds: int) -> None:
        super().__init__(seconds)
        self.seconds = seconds


def retry_after(period: int, now: float | None = None) -> int:
    """Seconds until the current window ends (when a refused client may try again)."""
    moment = now if now is not None else time.time()
    return max(1, int(period - moment % period))


def refusal(request, period: int, *, offline: bool = False):
    """The 429 page (Chinese or English) with Retry-After; ``offline`` adds that an
    application can also be made in person or by post."""
    seconds = retry_after(period)
    context = {"minutes": max(1, -(-seconds // 60)), "offline": offline}
    response = render(request, "too_many.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def hit(request, scope: str, *, limit: int, period: int, now: float | None = None) -> bool:
    """Count one request; False when the client is over ``limit`` in this ``period``."""
    window = int((now if now is not None else time.time()) // period)
    key = _key(scope, client_address(request))
    with transaction.atomic():
        updated = RateCounter.objects.filter(key=key, window=window).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, window=window, count=1)
            except IntegrityError:
                RateCounter.objects.filter(key=key, window=window).update(count=F("count") + 1)
        count = RateCounter.objects.get(key=key, window=window).count
    if window % 100 == 0:
        RateCounter.objects.filter(window__lt=window - 1).delete()
    return count <= limit
