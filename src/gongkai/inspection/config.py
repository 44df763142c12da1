"""The inspection's settings, read when a run starts (never at import time)."""

from __future__ import annotations

from django.conf import settings

from gongkai.inspection.crawl import Limits
from gongkai.rules import inspection as rules


def thresholds() -> rules.Thresholds:
    month, day = (int(part) for part in settings.GONGKAI_INSPECT_REPORT_DEADLINE.split("-"))
    return rules.Thresholds(
        timeout_seconds=settings.GONGKAI_INSPECT_TIMEOUT,
        long_stale_days=settings.GONGKAI_INSPECT_LONG_STALE_DAYS,
        report_deadline=(month, day),
    )


def limits() -> Limits:
    return Limits(
        max_pages=settings.GONGKAI_INSPECT_MAX_PAGES,
        max_depth=settings.GONGKAI_INSPECT_MAX_DEPTH,
        render_sample=settings.GONGKAI_INSPECT_RENDER_SAMPLE,
        list_pages=settings.GONGKAI_INSPECT_LIST_PAGES,
        http_sample=settings.GONGKAI_INSPECT_HTTP_SAMPLE,
        external_rate=settings.GONGKAI_INSPECT_EXTERNAL_RATE,
    )
