"""Benchmark: ``gongkai report check`` on 1,000 varied annual reports in one call.

Generates reports into a temporary directory — both formats, random figures
(about one in five with a defect), in four shapes a supervisor meets: our
text rendering, one cell per line (like the seed), PDF text (space-separated
cells) and HTML pages — then times one ``gongkai report check --json`` call
over all of them. Prints the machine, the date and the figures; results go to
docs/benchmarks.md.

    .venv/bin/python bench/report_check.py [--count 1000] [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from gongkai.rules.annual_report import Report, get_format, render_html, render_text
from gongkai.rules.annual_report.formats import TABLE3_COLUMNS, TABLE4_BLOCKS, TABLE4_COLUMNS

SHAPES = ("text", "cells", "pdf", "html")
NARRATIVE = "本年度共受理政府信息公开申请{n}件，均在法定期限内答复。"


def table3(report: Report, rng: random.Random) -> None:
    fmt = get_format(report.format)
    rows = [r for r in fmt.table3_rows() if r.numeric]
    results = [r for r in rows if r.role == "result"]
    for column in TABLE3_COLUMNS[:-1]:
        counts = {r.key: rng.choice((0, 0, 0, 1, 2, rng.randint(0, 40))) for r in results}
        total = sum(counts.values())
        carried_over, carried_forward = rng.randint(0, 3), rng.randint(0, 3)
        counts.update({"三(七)": total, "二": carried_over, "四": carried_forward})
        counts["一"] = total + carried_forward - carried_over
        if counts["一"] < 0:
            counts["二"], counts["一"] = carried_over + counts["一"], 0
        for key, value in counts.items():
            report.cells[f"三|{key}|{column}"] = value
    for row in rows:
        parts = [report.cells[f"三|{row.key}|{c}"] for c in TABLE3_COLUMNS[:-1]]
        report.cells[f"三|{row.key}|总计"] = sum(parts)


def table2_and_4(report: Report, rng: random.Random) -> None:
    fmt = get_format(report.format)
    for block in fmt.table2:
        for row in block.rows:
            for column in block.columns:
                value = rng.randint(0, 500) if row != "规章" else 0
                if column.kind == "amount":
                    value = Decimal(rng.randint(0, 10**7)) / 100
                report.cells[block.address(row, column)] = value
    for block in TABLE4_BLOCKS:
        parts = [rng.choice((0, 0, 1, 2)) for _ in TABLE4_COLUMNS[:-1]]
        for column, value in zip(TABLE4_COLUMNS, [*parts, sum(parts)], strict=True):
            report.cells[f"四|{block.key}|{column}"] = value


def defect(report: Report, rng: random.Random) -> None:
    """One of the spec §5.2 defects, in about one report in five."""
    kind = rng.choice(("blank", "row", "balance", "table4", "narrative"))
    if kind == "blank":
        report.cells["三|三(七)|总计"] = None
    elif kind == "row":
        report.cells["三|三(三)4|总计"] += 1
    elif kind == "balance":
        report.cells["三|四|自然人"] += 1
    elif kind == "table4":
        report.cells["四|行政复议|总计"] += 1
    else:
        report.sections["一"] = NARRATIVE.format(n=report.cells["三|一|总计"] + 1)


def make_report(index: int, rng: random.Random) -> Report:
    year = rng.choice((2019, 2020, 2021, 2022, 2023, 2024))
    report = Report(
        agency=f"测试市第{index}局", year=year, format="2019" if year < 2021 else "2021"
    )
    table3(report, rng)
    table2_and_4(report, rng)
    report.sections = {
        "一": NARRATIVE.format(n=report.cells["三|一|总计"]),
        "五": "工作仍有不足，下一步将加强培训。",
        "六": "本年度未收取信息处理费。",
    }
    if rng.random() < 0.2:
        defect(report, rng)
    return report


def write(report: Report, shape: str, path: Path) -> Path:
    if shape == "html":
        target = path.with_suffix(".html")
        target.write_text(render_html(report), encoding="utf-8")
        return target
    text = render_text(report)
    if shape == "cells":  # flattening 1: one cell per line
        text = "\n".join(
            f"{cell.strip()} |" for line in text.splitlines() for cell in line.split(" | ")
        )
    elif shape == "pdf":  # flattening 3: space-separated cells
        text = text.replace(" | ", " ")
    target = path.with_suffix(".txt")
    target.write_text(text, encoding="utf-8")
    return target


def machine() -> str:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        model = names[0] if names else model
    return f"{os.cpu_count()} cores (nproc), {model}; Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as directory:
        paths = [
            write(make_report(i, rng), SHAPES[i % len(SHAPES)], Path(directory) / f"report-{i:04d}")
            for i in range(args.count)
        ]
        command = [sys.executable, "-m", "gongkai", "report", "check", "--json", *map(str, paths)]
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - start
    print(f"date: {dt.date.today().isoformat()}")
    print(f"machine: {machine()}")
    print(f"reports: {len(paths)} ({', '.join(SHAPES)}, in turn)")
    print(f"exit status: {result.returncode} (1: some reports carry defects)")
    per_report = elapsed / len(paths) * 1000
    print(
        f"one `gongkai report check --json` call: {elapsed:.2f} s ({per_report:.1f} ms per report)"
    )
    if result.returncode not in (0, 1):
        print(result.stderr, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
