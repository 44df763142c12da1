"""Release and record packages of this installation's trading information.

The API, the command line and the bulk files all write packages here: rows
from :mod:`gongkai.ocds.selectors`, releases from :mod:`gongkai.ocds.mapping`,
text from :mod:`gongkai.ocds.packages`. Nothing is held but the chunk of rows
being read and, for records, one batch of sections.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from django.conf import settings

from gongkai.agencies.models import Agency
from gongkai.ocds import extension, packages, selectors


def _head(agency: Agency | None, base_url: str, uri: str) -> dict:
    return packages.head(
        uri=uri,
        publisher=selectors.publisher(agency, base_url),
        extensions=extension.extensions(base_url),
        license=settings.GONGKAI_OCDS_LICENSE,
    )


def release_package(
    rows: Iterable,
    *,
    agency: Agency | None,
    base_url: str,
    uri: str,
    links: Callable[[], dict | None] = lambda: None,
) -> tuple[Iterator[str], packages.Dated]:
    """The package's text, and a counter of its releases (complete once it is read)."""
    dated = packages.Dated(selectors.releases(rows, base_url), packages.release_key)
    text = packages.stream(
        _head(agency, base_url, uri),
        "releases",
        dated,
        lambda: {"publishedDate": dated.latest, "links": links()},
    )
    return text, dated


def record_package(
    records: Iterable[dict],
    *,
    agency: Agency | None,
    base_url: str,
    uri: str,
    links: Callable[[], dict | None] = lambda: None,
) -> tuple[Iterator[str], packages.Dated]:
    dated = packages.Dated(records, packages.record_key)
    text = packages.stream(
        _head(agency, base_url, uri),
        "records",
        dated,
        lambda: {"publishedDate": dated.latest, "links": links()},
    )
    return text, dated


class Page:
    """The first ``size`` of ``items``: whether more follow, and the last one given."""

    def __init__(self, items: Iterable, size: int) -> None:
        self.items = items
        self.size = size
        self.more = False
        self.last = None

    def __iter__(self):
        for number, item in enumerate(self.items):
            if number == self.size:
                self.more = True
                return
            self.last = item
            yield item
