"""The calendar's openings and deadlines as iCalendar (RFC 5545), for calendar apps.

Plain data in, text out: each event is an instant (DTSTART in UTC, no end),
text values are escaped (RFC 5545 §3.3.11) and lines folded at 75 octets
without splitting a character (§3.1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    uid: str
    at: dt.datetime  # aware
    summary: str
    description: str
    url: str


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """A content line folded so that no physical line exceeds 75 octets."""
    parts, current, limit = [], "", 75
    for char in line:
        if len((current + char).encode()) > limit:
            parts.append(current)
            current, limit = char, 74  # a continuation line starts with one space
        else:
            current += char
    parts.append(current)
    return "\r\n ".join(parts)


def calendar_text(entries: Iterable[Entry], *, name: str, stamp: dt.datetime) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Gongkai//Trading calendar//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for entry in entries:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{entry.uid}",
            f"DTSTAMP:{_utc(stamp)}",
            f"DTSTART:{_utc(entry.at)}",
            f"SUMMARY:{_escape(entry.summary)}",
            f"DESCRIPTION:{_escape(entry.description)}",
            f"URL:{entry.url}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
