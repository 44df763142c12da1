"""索引号: the index number of each item in the 政府信息公开目录.

条例 Art. 12 ¶2: 「政府信息公开目录包括政府信息的索引、名称、内容概述、生成日期等内容。」
No national format was found (spec disclosure.md §4.2); agencies use, for example,
``000014349/2018-00222`` (组织机构代码/year-serial, gov.cn),
``11441700007280420Y/2021-00050`` (统一社会信用代码/year-serial) and
``11341702486344515H/202110-00013`` (统一社会信用代码/year and month-serial).
So the format is a per-agency template; the default is the spec's
``{统一社会信用代码}/{YYYY}-{NNNNN}``, written here ``{uscc}/{yyyy}-{serial:05}``.

A template is literal text and placeholders:

======================  ==================================================
``{uscc}``              统一社会信用代码 (18 characters)
``{org_code}``          组织机构代码 (9 characters; by default characters 9-17
                        of the 统一社会信用代码, GB 32100-2015 §4)
``{agency_code}``       a code the agency or its platform assigns (部门代码)
``{column}``            the code of the catalogue column (栏目/信息类别)
``{yyyy}`` ``{yyyymm}`` the 生成日期's year, year and month, or full date;
``{yyyymmdd}``          ``{mm}`` and ``{dd}`` its month and day alone
``{serial:05}``         the serial, zero-padded to 5 digits (``{serial}``:
                        unpadded); ``{serial:05:year}`` names when it
                        restarts: ``year``, ``month``, ``day`` or ``never``
======================  ==================================================

The Chinese spellings of the spec are accepted too: ``{统一社会信用代码}``,
``{组织机构代码}``, ``{部门代码}``, ``{栏目代码}``, ``{YYYY}``, ``{YYYYMM}``,
``{YYYYMMDD}``, ``{MM}``, ``{DD}`` and ``{NNNNN}`` (as many N as digits).

The serial restarts at the finest date the number shows (year for ``{yyyy}``,
month for ``{yyyymm}``), or never when it shows none. A template whose serial
restarts more often than its date part changes is refused: it would repeat
numbers. The database keeps one counter per (agency, :meth:`Template.scope`),
enforces uniqueness, and never renumbers a published item; this module only
computes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from gongkai.rules.text import Text

DEFAULT_TEMPLATE = "{uscc}/{yyyy}-{serial:05}"


class Reset(StrEnum):
    """When the serial starts again from 1."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    NEVER = "never"


class IndexNumberError(ValueError):
    """A template that cannot be used, or a number that cannot be made; ``message`` is bilingual."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.zh)
        self.message = message


# Date placeholders: the strftime format each renders with, the regex that reads
# it back, and the parts of the date it shows (y, m, d).
DATE_FIELDS = {
    "yyyy": ("%Y", r"[0-9]{4}", "y"),
    "yyyymm": ("%Y%m", r"[0-9]{6}", "ym"),
    "yyyymmdd": ("%Y%m%d", r"[0-9]{8}", "ymd"),
    "mm": ("%m", r"[0-9]{2}", "m"),
    "dd": ("%d", r"[0-9]{2}", "d"),
}
CODE_FIELDS = {
    "uscc": r"[0-9A-Z]{18}",
    "org_code": r"[0-9A-Z]{8}-?[0-9A-Z]",
    "agency_code": r"[^/]+?",
    "column": r"[^/]+?",
}
ALIASES = {
    "统一社会信用代码": "uscc",
    "组织机构代码": "org_code",
    "部门代码": "agency_code",
    "机构代码": "agency_code",
    "栏目代码": "column",
    "栏目": "column",
    "信息类别": "column",
}
RESET_NEEDS = {Reset.YEAR: "y", Reset.MONTH: "ym", Reset.DAY: "ymd", Reset.NEVER: ""}
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
SERIAL = re.compile(r"serial(?::(0[1-9][0-9]?))?(?::(year|month|day|never))?\Z")


@dataclass(frozen=True, slots=True)
class Field:
    """One placeholder: ``name`` is a key of DATE_FIELDS or CODE_FIELDS, or ``serial``."""

    name: str
    width: int = 0  # serial only: zero-padded width, 0 for none


Part = str | Field


@dataclass(frozen=True, slots=True)
class Assigned:
    """A number made by :meth:`Template.next_number`; store ``serial`` as the scope's counter."""

    number: str
    scope: str
    serial: int


@dataclass(frozen=True, slots=True)
class Template:
    source: str
    parts: tuple[Part, ...]
    reset: Reset

    @property
    def serial_width(self) -> int:
        return next(p.width for p in self.parts if isinstance(p, Field) and p.name == "serial")

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(p.name for p in self.parts if isinstance(p, Field))

    def scope(self, day: dt.date) -> str:
        """The counter's key for an item of ``day``: 2019, 2019-03, 2019-03-15 or * (never)."""
        return {
            Reset.YEAR: f"{day:%Y}",
            Reset.MONTH: f"{day:%Y-%m}",
            Reset.DAY: f"{day:%Y-%m-%d}",
            Reset.NEVER: "*",
        }[self.reset]

    def render(self, *, day: dt.date, serial: int, **codes: str) -> str:
        """The number for ``serial`` on ``day``; ``codes``: uscc, org_code, agency_code, column."""
        values = _code_values(self, codes)
        out = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
            elif part.name == "serial":
                out.append(_serial_text(serial, part.width))
            elif part.name in DATE_FIELDS:
                out.append(day.strftime(DATE_FIELDS[part.name][0]))
            else:
                out.append(values[part.name])
        return "".join(out)

    def next_number(self, *, day: dt.date, last_serial: int | None, **codes: str) -> Assigned:
        """The next number in ``day``'s scope after ``last_serial`` (None: nothing yet)."""
        serial = (last_serial or 0) + 1
        return Assigned(self.render(day=day, serial=serial, **codes), self.scope(day), serial)

    def read(self, number: str) -> dict[str, str] | None:
        """The placeholders' values in an existing number (for importing counters), or None."""
        match = _pattern(self).fullmatch(number)
        return match.groupdict() if match else None


def parse_template(source: str = DEFAULT_TEMPLATE) -> Template:
    """Check ``source`` and read it into a :class:`Template`; raise IndexNumberError if unusable."""
    if not source or any(ch.isspace() for ch in source):
        raise IndexNumberError(
            Text("索引号模板不能为空或含空白字符", "an index template has no spaces")
        )
    parts: list[Part] = []
    position = 0
    reset: Reset | None = None
    for match in PLACEHOLDER.finditer(source):
        parts += _literal(source[position : match.start()])
        field, field_reset = _field(match[1])
        parts.append(field)
        reset = field_reset or reset
        position = match.end()
    parts += _literal(source[position:])
    shows = "".join(
        DATE_FIELDS[p.name][2] for p in parts if isinstance(p, Field) and p.name in DATE_FIELDS
    )
    return Template(source, tuple(parts), _checked_reset(parts, reset, shows))


def _literal(text: str) -> list[Part]:
    if "{" in text or "}" in text:
        raise IndexNumberError(
            Text(
                f"索引号模板中的花括号不成对：“{text}”", f"unpaired brace in the template: {text!r}"
            )
        )
    return [text] if text else []


def _field(spec: str) -> tuple[Field, Reset | None]:
    name = ALIASES.get(spec, spec.lower())
    if re.fullmatch("N+", spec):
        return Field("serial", len(spec)), None
    if name in DATE_FIELDS or name in CODE_FIELDS:
        return Field(name), None
    serial = SERIAL.match(spec)
    if serial is None:
        raise IndexNumberError(
            Text(f"索引号模板中有未知的占位符“{{{spec}}}”", f"unknown placeholder {{{spec}}}")
        )
    width = int(serial[1]) if serial[1] else 0
    return Field("serial", width), Reset(serial[2]) if serial[2] else None


def _checked_reset(parts: list[Part], reset: Reset | None, shows: str) -> Reset:
    names = [p.name for p in parts if isinstance(p, Field)]
    if len(set(names)) != len(names):
        raise IndexNumberError(
            Text("索引号模板中的占位符不能重复", "a placeholder appears twice in the template")
        )
    if names.count("serial") != 1:
        raise IndexNumberError(
            Text("索引号模板必须恰好含一个流水号 {serial}", "a template needs exactly one {serial}")
        )
    if reset is None:
        reset = next(
            (r for r in (Reset.DAY, Reset.MONTH, Reset.YEAR) if _shows(shows, r)), Reset.NEVER
        )
    if not _shows(shows, reset):
        raise IndexNumberError(
            Text(
                f"流水号按{RESET_NAMES[reset]}重新编号，但索引号中没有相应的日期，号码会重复",
                f"the serial restarts every {reset.value} but the number does not show the "
                f"{reset.value}, so numbers would repeat",
            )
        )
    return reset


RESET_NAMES = {Reset.YEAR: "年", Reset.MONTH: "月", Reset.DAY: "日", Reset.NEVER: "不"}


def _shows(shows: str, reset: Reset) -> bool:
    return all(part in shows for part in RESET_NEEDS[reset])


def _code_values(template: Template, codes: dict[str, str]) -> dict[str, str]:
    unknown = set(codes) - set(CODE_FIELDS)
    if unknown:
        raise TypeError(f"unknown index number codes: {sorted(unknown)}")
    values = {name: (value or "").strip().upper() for name, value in codes.items()}
    if not values.get("org_code") and len(values.get("uscc", "")) == 18:
        values["org_code"] = values["uscc"][8:17]  # GB 32100-2015: the 组织机构代码 inside
    for name in template.fields & set(CODE_FIELDS):
        if not values.get(name):
            raise IndexNumberError(
                Text(f"生成索引号需要“{name}”，但没有提供", f"the index template needs {name!r}")
            )
    return values


def _serial_text(serial: int, width: int) -> str:
    if serial < 1:
        raise IndexNumberError(Text("流水号从1开始", "serials start at 1"))
    text = f"{serial:0{width}d}"
    if width and len(text) > width:
        raise IndexNumberError(
            Text(
                f"流水号{serial}超过模板规定的{width}位，请加宽模板中的流水号",
                f"serial {serial} does not fit in {width} digits; widen the template",
            )
        )
    return text


def _pattern(template: Template) -> re.Pattern[str]:
    out = []
    for part in template.parts:
        if isinstance(part, str):
            out.append(re.escape(part))
        elif part.name == "serial":
            digits = f"[0-9]{{{part.width}}}" if part.width else "[1-9][0-9]*"
            out.append(f"(?P<serial>{digits})")
        else:
            regex = (
                DATE_FIELDS[part.name][1] if part.name in DATE_FIELDS else CODE_FIELDS[part.name]
            )
            out.append(f"(?P<{part.name}>{regex})")
    return re.compile("".join(out))
