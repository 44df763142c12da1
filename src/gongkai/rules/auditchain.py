"""The audit log's hash chain: canonical form, digest, and the verifier's reasoning.

GB/T 22239-2019 8.1.4.3 c) asks that audit records be protected against
unexpected deletion, modification or overwriting, and 8.1.4.7 b) that the
integrity of important audit data in storage be ensured by checking or
cryptographic techniques (spec security.md SEC-22, SEC-42). Each record holds a
sequence number, the hash of its predecessor and its own hash over a canonical
serialisation of its fields plus that predecessor hash. SM3 (GB/T 32905-2016)
is used where the installed OpenSSL offers it, SHA-256 otherwise; the algorithm
is stored with each record so a change of setting keeps old records verifiable.

No Django here: the verifier reads plain :class:`Link` values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

GENESIS = ""
ALGORITHMS = ("sm3", "sha256")


def sm3_available() -> bool:
    try:
        from cryptography.hazmat.primitives import hashes

        hashes.Hash(hashes.SM3())
    except Exception:
        return False
    return True


def digest(algorithm: str, data: bytes) -> str:
    """Hex digest of ``data`` with ``sm3`` or ``sha256``."""
    if algorithm == "sha256":
        return hashlib.sha256(data).hexdigest()
    if algorithm == "sm3":
        from cryptography.hazmat.primitives import hashes

        h = hashes.Hash(hashes.SM3())
        h.update(data)
        return h.finalize().hex()
    raise ValueError(f"unknown audit hash algorithm {algorithm!r}")


def canonical(fields: Mapping[str, Any]) -> bytes:
    """Sorted-key compact JSON, UTF-8; datetimes as UTC ISO 8601 with microseconds."""

    def encode(value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
        raise TypeError(f"cannot serialise {type(value).__name__}")

    return json.dumps(
        dict(fields), sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=encode
    ).encode("utf-8")


def link_hash(algorithm: str, fields: Mapping[str, Any], prev_hash: str) -> str:
    """The record's own hash: over its canonical fields, its algorithm and its predecessor."""
    body = canonical({**fields, "alg": algorithm, "prev": prev_hash})
    return digest(algorithm, body)


class Kind(StrEnum):
    EDITED = "edited"
    DELETED = "deleted"
    INSERTED = "inserted"


@dataclass(frozen=True)
class Link:
    """One stored record as the verifier sees it."""

    id: int
    seq: int | None
    prev_hash: str
    hash: str
    algorithm: str
    fields: Mapping[str, Any]

    def valid(self) -> bool:
        if self.algorithm not in ALGORITHMS:
            return False
        return link_hash(self.algorithm, self.fields, self.prev_hash) == self.hash


@dataclass(frozen=True)
class Problem:
    kind: Kind
    record_id: int | None  # the record edited or inserted; for deleted, the one after the gap
    detail: str


@dataclass(frozen=True)
class Anchor:
    """Where the kept chain starts (after pruning) and where it ends (the head row)."""

    base_seq: int = 0
    base_hash: str = GENESIS
    head_seq: int | None = None
    head_hash: str | None = None


def verify(links: Iterable[Link], anchor: Anchor) -> list[Problem]:
    """Walk the records in (seq, id) order and name each break in the chain."""
    groups: dict[int, list[Link]] = {}
    problems: list[Problem] = []
    for link in links:
        if link.seq is None or link.seq <= anchor.base_seq:
            problems.append(Problem(Kind.INSERTED, link.id, "no place in the chain"))
        else:
            groups.setdefault(link.seq, []).append(link)
    prev_seq, prev_hash, prev_id = anchor.base_seq, anchor.base_hash, None
    for seq in sorted(groups):
        if anchor.head_seq is not None and seq > anchor.head_seq:
            tail = f"seq {seq} is after the head (seq {anchor.head_seq})"
            problems += [Problem(Kind.INSERTED, x.id, tail) for x in groups[seq]]
            continue
        link, extra = _pick(groups[seq], prev_hash)
        problems += [Problem(Kind.INSERTED, x.id, f"second record with seq {seq}") for x in extra]
        if seq > prev_seq + 1:
            gap = f"seq {prev_seq + 1}..{seq - 1} missing (after record {prev_id})"
            problems.append(Problem(Kind.DELETED, link.id, gap))
        elif not link.valid():
            problems.append(Problem(Kind.EDITED, link.id, "content does not match its hash"))
        elif link.prev_hash != prev_hash and prev_id is not None:
            problems.append(Problem(Kind.EDITED, prev_id, "successor names another hash"))
        elif link.prev_hash != prev_hash:
            problems.append(Problem(Kind.EDITED, link.id, "does not follow the anchor"))
        prev_seq, prev_hash, prev_id = seq, link.hash, link.id
    problems += _check_head(anchor, prev_seq, prev_hash, prev_id)
    return problems


def _pick(candidates: list[Link], prev_hash: str) -> tuple[Link, list[Link]]:
    """Of records claiming one seq, the genuine one links to its predecessor and is valid."""
    ranked = sorted(candidates, key=lambda x: (not x.valid(), x.prev_hash != prev_hash, x.id))
    return ranked[0], ranked[1:]


def _check_head(anchor: Anchor, seq: int, last_hash: str, last_id: int | None) -> list[Problem]:
    if anchor.head_seq is None:
        return []
    if seq < anchor.head_seq:
        return [Problem(Kind.DELETED, None, f"seq {seq + 1}..{anchor.head_seq} missing at end")]
    if anchor.head_hash != last_hash:
        return [Problem(Kind.EDITED, last_id, "last record does not match the head")]
    return []
