"""Fuzzing the annual-report reader (issue 9 point 6): whatever bytes or text
arrive — random, a report garbled line by line, a DOCX with bytes flipped or
cut off, a name that lies about the type — reading raises only the declared
errors (NotAReport, textextract.ExtractError) and a report that was read can
always be checked (gongkai.rules.annual_report.check) without crashing."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai import textextract
from gongkai.cli.report import load_report
from gongkai.rules.annual_report import NotAReport, check, parse_html, parse_text, render_report
from tests.fault.fuzz import ANY_CHAR, FUZZ

DECLARED = (NotAReport, textextract.ExtractError)
CORPUS = Path(__file__).parents[1] / "rules" / "annual_report" / "corpus"
CLEAN = (CORPUS / "clean-2021.txt").read_text(encoding="utf-8")
LINES = CLEAN.splitlines()
NAMES = st.sampled_from(["report.docx", "report.pdf", "report.html", "report.txt", "report",
                         "报告.DOCX", "a.json", "x.htm", "..", "年报.pdf.exe"])  # fmt: skip
MAGIC = st.sampled_from([b"", b"PK\x03\x04", b"%PDF-1.7\n", b"<html><table><tr><td>",
                         b"\xef\xbb\xbf", b"\xff\xfe", b"\x89PNG\r\n\x1a\n"])  # fmt: skip


def _read(data: bytes, name: str):
    try:
        report = load_report(data, name)
    except DECLARED:
        return None
    check(report)
    return report


@FUZZ
@given(magic=MAGIC, body=st.binary(max_size=4000), name=NAMES)
def test_random_bytes_raise_only_declared_errors(magic, body, name):
    _read(magic + body, name)


@FUZZ
@given(text=st.text(ANY_CHAR, max_size=3000))
def test_random_text_raises_only_not_a_report(text):
    for parse in (parse_text, parse_html):
        try:
            report = parse(text)
        except NotAReport:
            continue
        check(report)


@st.composite
def garbled_lines(draw) -> str:
    """The clean report with lines dropped, repeated, swapped, cut or overwritten."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 25))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "repeat", "swap", "cut", "overwrite", "digits"]))
        if action == "drop" and len(lines) > 1:
            del lines[i]
        elif action == "repeat":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        elif action == "overwrite":
            lines[i] = draw(st.text(ANY_CHAR, max_size=60))
        else:
            lines[i] = "".join(
                draw(st.sampled_from(["-1", "９", "1e9", "99999999999999999999", "—", "", "0.5"]))
                if c.isdigit()
                else c
                for c in lines[i]
            )
    return "\n".join(lines[: draw(st.integers(0, len(lines)))])


@FUZZ
@given(text=garbled_lines(), as_html=st.booleans())
def test_a_garbled_report_parses_or_is_refused(text, as_html):
    if as_html:
        text = "<table>" + "".join(f"<tr><td>{line}</td></tr>" for line in text.splitlines())
    _read(text.encode("utf-8"), "garbled.html" if as_html else "garbled.txt")


@functools.cache
def clean_docx() -> bytes:  # not a fixture: hypothesis would print its 100 kB
    return render_report(parse_text(CLEAN), "docx")


@FUZZ
@given(
    flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=30),
    keep=st.floats(0, 1),
    name=NAMES,
)
def test_a_damaged_docx_is_refused_cleanly(flips, keep, name):
    damaged = bytearray(clean_docx())
    for where, value in flips:
        damaged[where % len(damaged)] = value
    _read(bytes(damaged[: int(len(damaged) * keep)]), name)


@pytest.mark.parametrize("html", ["", "   ", "\n\t"])
def test_an_empty_html_page_is_not_a_report(html):  # found by the fuzzing: lxml's ParserError
    with pytest.raises(NotAReport):
        parse_html(html)
