"""Benchmark: the personal-data scan over one megabyte of dense Chinese text.

One hit in about 40 bytes (mobile and 居民身份证 numbers beside names, plus
look-alike numbers that must not be reported). The anchor, run in the same
process, is one pass of a bare regular expression for 11-digit numbers over
the same text: the scan's cost is shown as a multiple of it.

    .venv/bin/python bench/pii_scan.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import re
import statistics
import time

from gongkai.rules import pii

BLOCK = "一是加强组织领导。联系人：李四 13912345678，身份证 11010519491231002X。" * 10
BLOCK += "项目编号 ASGC-2019-0001，统一社会信用代码 91350100M000100Y43，金额 3.04 亿元。\n"
TEXT = BLOCK * (1_000_000 // len(BLOCK.encode()))
BARE = re.compile(r"(?<!\d)1\d{10}(?!\d)")


def timed(function, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    hits = len(pii.scan(TEXT))
    scan = timed(lambda: pii.scan(TEXT), args.repeat)
    bare = timed(lambda: BARE.findall(TEXT), args.repeat)
    machine = platform.processor() or platform.machine()
    print(f"{dt.date.today()} {machine} python {platform.python_version()}")
    print(f"text {len(TEXT.encode()) / 1e6:.2f} MB, {hits} hits")
    print(f"pii.scan median {scan * 1000:.0f} ms; bare 11-digit regex {bare * 1000:.1f} ms")
    print(f"ratio {scan / bare:.1f}x")


if __name__ == "__main__":
    main()
