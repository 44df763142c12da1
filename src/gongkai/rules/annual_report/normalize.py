"""Normalising labels and reading the numbers written in report tables.

Spec disclosure.md §1.8: NFKC first (scraped pages show ``(一)`` for ``（一）``
and ``,`` for ``，``); spaces and line breaks inside labels are dropped;
``&nbsp;`` and U+00A0 are blank. Numbers come as plain integers, signed
deltas (``+N``, ``-N``, ``减N``, malformed ``--N``), a lone ``-`` meaning n/a,
and amounts with or without a unit (``3.04亿元``, ``7730.28``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from gongkai.rules.annual_report.model import Value

_WHITESPACE = re.compile(r"\s+")
# Punctuation ignored when two labels are compared (quotes, commas, stops).
_PUNCTUATION = re.compile(r"[\s,，、。.:：;；“”\"'‘’「」()（）·•]")

# A cell that holds a value: a number (with sign, thousands commas, unit
# suffix), 增N/减N, or a blank marker (dash, slash).
VALUE_TOKEN = re.compile(
    r"""^(?:
        [-—–/]{1,2}
      | [+\-]{0,2}\d[\d,]*(?:\.\d+)?(?:亿元|万元|元|件|项|条|个)?
      | [增减]\d+(?:件|项|个)?
    )$""",
    re.VERBOSE,
)
_BLANK = re.compile(r"^[-—–/]{1,2}$")
_NUMBER = re.compile(r"^(?P<sign>[+\-增减]{0,2})(?P<digits>\d[\d,]*(?:\.\d+)?)(?P<unit>\D*)$")

# Multipliers from a unit to 元.
UNIT_IN_YUAN = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}


def nfkc(text: str) -> str:
    """NFKC, with ``&nbsp;`` read as a space (NFKC turns U+00A0 into one)."""
    return unicodedata.normalize("NFKC", text.replace("&nbsp;", " "))


def compact(text: str) -> str:
    """NFKC without any whitespace: the form labels are compared in."""
    return _WHITESPACE.sub("", nfkc(text))


def label_key(text: str) -> str:
    """A label without whitespace or punctuation, for tolerant comparison."""
    return _PUNCTUATION.sub("", nfkc(text))


def is_blank(token: str) -> bool:
    """An empty cell or a blank marker (``-``, ``—``, ``/``)."""
    return not token or bool(_BLANK.match(token))


def is_value_token(token: str) -> bool:
    return bool(VALUE_TOKEN.match(token))


@dataclass(frozen=True)
class ReadValue:
    """A value read from a cell: ``value`` is None when blank or unreadable;
    ``problem`` says why a non-blank cell could not be read."""

    value: Value
    problem: str | None = None


def read_value(
    token: str, kind: str, unit: str | None = None, bare_unit: str | None = None
) -> ReadValue:
    """Read one cell of a column of ``kind`` (count, delta or amount).

    Amounts are returned in ``unit``. A unit written in the cell wins; a bare
    number is read in ``bare_unit`` (the unit printed on the form or written
    in the report's header); without either the cell stays blank with a
    problem: the parser does not guess a unit.
    """
    token = compact(token)
    if not token or _BLANK.match(token):
        return ReadValue(None)
    match = _NUMBER.match(token)
    if not match:
        return ReadValue(None, f"not a number: {token}")
    if kind == "amount":
        return _read_amount(match, unit, bare_unit)
    if kind == "delta":
        return _read_delta(match)
    return _read_count(match)


def _read_count(match: re.Match[str]) -> ReadValue:
    sign, digits, unit = match["sign"], match["digits"].replace(",", ""), match["unit"]
    if sign or "." in digits or unit.endswith("元"):
        return ReadValue(None, f"not a count: {match.string}")
    return ReadValue(int(digits))


def _read_delta(match: re.Match[str]) -> ReadValue:
    sign, digits = match["sign"], match["digits"].replace(",", "")
    if len(sign) > 1 or "." in digits or match["unit"].endswith("元"):
        return ReadValue(None, f"malformed signed number: {match.string}")
    negative = sign in ("-", "减")
    return ReadValue(-int(digits) if negative else int(digits))


def _read_amount(match: re.Match[str], unit: str | None, bare_unit: str | None) -> ReadValue:
    if match["sign"]:
        return ReadValue(None, f"signed amount: {match.string}")
    try:
        number = Decimal(match["digits"].replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        return ReadValue(None, f"not an amount: {match.string}")
    written_unit = match["unit"] or None
    if written_unit is not None and written_unit not in UNIT_IN_YUAN:
        return ReadValue(None, f"not an amount: {match.string}")
    source_unit = written_unit or bare_unit
    if source_unit is None or unit is None:
        return ReadValue(None, f"amount without a unit: {match.string}")
    return ReadValue(convert_amount(number, source_unit, unit))


def convert_amount(number: Decimal, from_unit: str, to_unit: str) -> Decimal:
    value = number * UNIT_IN_YUAN[from_unit] / UNIT_IN_YUAN[to_unit]
    return plain_decimal(value)


def plain_decimal(value: Decimal) -> Decimal:
    """``Decimal('3.0400E+8')`` → ``Decimal('304000000')``: no exponent, no
    trailing zeros after the point."""
    normal = value.normalize()
    if normal == normal.to_integral_value():
        return normal.quantize(Decimal(1))
    return normal


def format_amount(value: Decimal, unit: str, *, largest_unit: bool = False) -> str:
    """An amount with an explicit unit. With ``largest_unit`` an amount in 元
    is shown in 亿元 or 万元 when that is exact to four decimals
    (304000000 → ``3.04亿元``)."""
    if largest_unit and unit == "元":
        for name in ("亿元", "万元"):
            scaled = value / UNIT_IN_YUAN[name]
            if abs(value) >= UNIT_IN_YUAN[name] and scaled == round(scaled, 4):
                return f"{plain_decimal(scaled)}{name}"
    return f"{plain_decimal(value)}{unit}"
