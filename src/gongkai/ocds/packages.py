"""Release and record packages written as a stream of text, so memory stays flat.

A package is its metadata, then its releases (or records) one at a time, then
what is known only once they are all written: ``publishedDate`` (the latest
release's date: an on-demand package reflects the last change to its
contents) and, for a page of the API, ``links.next``. JSON objects are
unordered, so readers see the same package as if it were written at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from gongkai.ocds.mapping import compact

VERSION = "1.1"
BUFFER = 64 * 1024  # characters handed on at a time


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def head(*, uri: str, publisher: dict, extensions: list[str], license: str = "") -> dict:
    return compact(
        {
            "uri": uri,
            "version": VERSION,
            "publisher": publisher,
            "license": license,
            "extensions": extensions,
        }
    )


class Dated:
    """Items passed through, remembering the latest date among them."""

    def __init__(self, items: Iterable[dict], date: Callable[[dict], str]) -> None:
        self.items = items
        self.date = date
        self.latest = ""
        self.count = 0

    def __iter__(self) -> Iterator[dict]:
        for item in self.items:
            self.latest = max(self.latest, self.date(item))
            self.count += 1
            yield item


def stream(meta: dict, key: str, items: Iterable[dict], tail: Callable[[], dict]) -> Iterator[str]:
    """The package ``meta`` + ``{key: [items…]}`` + ``tail()``, in pieces of about BUFFER."""
    return _buffered(_pieces(meta, key, items, tail))


def _pieces(meta: dict, key: str, items: Iterable[dict], tail: Callable[[], dict]) -> Iterator[str]:
    yield dumps(meta)[:-1] + f',"{key}":['
    separator = ""
    for item in items:
        yield separator + dumps(item)
        separator = ","
    rest = dumps(compact(tail()))
    yield "]" + ("," + rest[1:] if rest != "{}" else "}")


def _buffered(pieces: Iterable[str]) -> Iterator[str]:
    held: list[str] = []
    size = 0
    for piece in pieces:
        held.append(piece)
        size += len(piece)
        if size >= BUFFER:
            yield "".join(held)
            held, size = [], 0
    if held:
        yield "".join(held)


def release_key(release: dict) -> str:
    return release["date"]


def record_key(record: dict) -> str:
    return record["compiledRelease"]["date"]
