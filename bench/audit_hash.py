"""Benchmark: the cost of one audit-chain link, SM3 and SHA-256, and pure-Python SM3.

One typical record (about 400 bytes of canonical JSON) hashed through
``gongkai.rules.auditchain.link_hash``. If the ``gmssl`` package (pure-Python
SM3) is importable it is timed too, for comparison only: it is not a
dependency. The anchor is bare ``hashlib.sha256`` over the same bytes.

    .venv/bin/python bench/audit_hash.py [--repeat 20000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import platform
import time

from gongkai.rules import auditchain

FIELDS = {
    "seq": 123456,
    "at": dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC),
    "actor": 12,
    "actor_label": "zhang.san",
    "agency": 3,
    "action": "application.reply",
    "object_type": "applications.application",
    "object_id": "123456",
    "summary": {"before": {"state": "handling"}, "after": {"state": "replied"}},
}


def per_call_us(function, repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        function()
    return (time.perf_counter() - start) / repeat * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20000)
    repeat = parser.parse_args().repeat
    body = auditchain.canonical({**FIELDS, "alg": "sm3", "prev": "0" * 64})
    print(f"{dt.date.today()} {platform.machine()} Python {platform.python_version()}")
    print(f"record: {len(body)} bytes")
    for alg in ("sm3", "sha256"):
        cost = per_call_us(lambda a=alg: auditchain.link_hash(a, FIELDS, "0" * 64), repeat)
        print(f"link_hash {alg}: {cost:.1f} µs")
    bare = per_call_us(lambda: hashlib.sha256(body).digest(), repeat)
    print(f"bare hashlib.sha256: {bare:.1f} µs")
    try:
        from gmssl import func, sm3
    except ImportError:
        print("gmssl not installed: pure-Python SM3 not timed")
        return
    cost = per_call_us(lambda: sm3.sm3_hash(func.bytes_to_list(body)), max(1, repeat // 50))
    print(f"gmssl sm3 (pure Python): {cost:.1f} µs")


if __name__ == "__main__":
    main()
