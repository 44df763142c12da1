"""Writing quality of a draft before review (发布前的文字检查).

The seed report names its own third problem: 「信息员文字水平不高，信息质量参差不齐」,
and its text shows it (一是 … 二是 … 二是 … 三是; 辽公管办[2019]6号). 国办秘函〔2019〕19号
makes 「出现严重表述错误」 a 单项否决 item for a government website, and the 2015/2017
普查 gave 「严重错别字（例如将党和国家领导人姓名写错）」 as its example (spec
disclosure.md §4.1). Issue 6 item 4: a draft check lists, with positions,

- enumerations out of sequence: 一是/二是…, 一、二、…, （一）（二）…, 1. 2. …, （1）（2）…,
  第一，第二，…;
- half-width punctuation ``, ; : ? ! ( ) " .`` written inside Chinese text;
- brackets and quotation marks left open or closed without opening, per line;
- 文号 against GB/T 9704-2012 §7.2.3: 「年份、发文顺序号用阿拉伯数字标注；年份应标全称，
  用六角括号“〔〕”括入；发文顺序号不加“第”字，不编虚位（即1不编为01），在阿拉伯数字后加“号”字」;
- dates that do not exist (2019年2月30日, 2019-13-01, 4月31日, 二〇一九年二月三十日);
- words on the supervisor's list of 严重错误 (wrong names of leaders, institutions, places),
  which the caller supplies.

Each finding is fixed or dismissed with a reason by the editor; ``Finding.key``
stays the same across re-checks of an edited draft so a dismissal can be kept.

Enumerations: a list may start at any number (a quoted single item such as （五）
is not an error) and may restart at one; a heading style resets the styles below
it in the GB/T 9704 order 一、 > （一） > 1. > （1）, and any heading resets the
inline 一是 and 第一， lists. A repeated number or a gap is reported once, and the
count then goes on from the number written.
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from gongkai.rules.text import Text


class Code(StrEnum):
    ENUMERATION = "enumeration_sequence"
    HALF_WIDTH = "half_width_punctuation"
    UNCLOSED = "unclosed_bracket"
    UNOPENED = "unopened_bracket"
    DOC_NUMBER_BRACKETS = "doc_number_brackets"
    DOC_NUMBER_YEAR = "doc_number_year"
    DOC_NUMBER_SERIAL = "doc_number_serial"
    IMPOSSIBLE_DATE = "impossible_date"
    SEVERE_WORD = "severe_word"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: ``text == draft[start:end]``; ``line`` and ``column`` count from 1."""

    code: Code
    start: int
    end: int
    text: str
    message: Text
    suggestion: str | None = None
    line: int = 0
    column: int = 0
    key: str = ""


@dataclass(frozen=True, slots=True)
class SevereWord:
    """One entry of the supervisor's list of 严重错误: the wrong form and the right one if known."""

    wrong: str
    right: str | None = None


def check(
    text: str, *, severe_words: Iterable[SevereWord | tuple[str, str] | str] = ()
) -> list[Finding]:
    """Every finding of every check, in order of position, with line, column and key."""
    doc_numbers = doc_number_findings(text)
    inside = {at for f in doc_numbers for at in range(f.start, f.end)}  # reported as 文号
    punctuation = [f for f in half_width_findings(text) if f.start not in inside]
    found = [
        *enumeration_findings(text),
        *punctuation,
        *bracket_findings(text),
        *doc_numbers,
        *date_findings(text),
        *severe_word_findings(text, severe_words),
    ]
    found.sort(key=lambda f: (f.start, f.code))
    return _placed(text, found)


def _placed(text: str, found: list[Finding]) -> list[Finding]:
    breaks = [match.start() for match in re.finditer("\n", text)]
    seen: dict[tuple[str, str], int] = {}
    placed = []
    for finding in found:
        line = bisect.bisect_left(breaks, finding.start)
        line_start = breaks[line - 1] + 1 if line else 0
        count = seen.get((finding.code, finding.text), 0)
        seen[(finding.code, finding.text)] = count + 1
        key = f"{finding.code}|{finding.text}|{count}"
        placed.append(
            replace(finding, line=line + 1, column=finding.start - line_start + 1, key=key)
        )
    return placed


# Enumerations --------------------------------------------------------------------

CN_DIGITS = "一二三四五六七八九"
_CN = "[一二三四五六七八九十]{1,3}"
_SPACE = "[ \\t\u3000]*"
_AFTER_PAUSE = "(?:^|(?<=[。；;：:]))"
_AFTER_BREAK = "(?:^|(?<=[\\s。；;，,：:！!？?”]))"


@dataclass(frozen=True, slots=True)
class Style:
    """A way of numbering items; ``level`` is None for the inline ones (一是, 第一，)."""

    name: str
    pattern: re.Pattern[str]
    level: int | None
    chinese: bool


def _style(name: str, pattern: str, level: int | None, chinese: bool) -> Style:
    return Style(name, re.compile(pattern, re.MULTILINE), level, chinese)


STYLES = (
    _style("一、", f"^{_SPACE}({_CN})、", 1, True),
    _style("（一）", f"{_AFTER_PAUSE}{_SPACE}[（(]({_CN})[）)]", 2, True),
    _style("1.", f"^{_SPACE}([0-9]{{1,2}})[.．](?![0-9])", 3, False),
    _style("1、", f"^{_SPACE}([0-9]{{1,2}})、", 3, False),
    _style("（1）", f"{_AFTER_PAUSE}{_SPACE}[（(]([0-9]{{1,2}})[）)]", 4, False),
    _style("一是", f"{_AFTER_BREAK}({_CN})是", None, True),
    _style("第一，", f"{_AFTER_BREAK}第({_CN})[，,、：:]", None, True),
)


def chinese_number(numeral: str) -> int | None:
    """一 … 九十九 as an int; None for anything else."""
    tens, ten, ones = numeral.partition("十")
    if not ten:
        tens, ones = "", numeral
    if len(tens) > 1 or len(ones) > 1 or (not ten and not ones):
        return None
    if any(ch not in CN_DIGITS for ch in tens + ones):
        return None
    value = CN_DIGITS.index(ones) + 1 if ones else 0
    if ten:
        value += 10 * (CN_DIGITS.index(tens) + 1 if tens else 1)
    return value


def chinese_numeral(value: int) -> str:
    """1 … 99 in Chinese numerals: 3 → 三, 10 → 十, 21 → 二十一."""
    tens, ones = divmod(value, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens - 1] + "十")
    return head + (CN_DIGITS[ones - 1] if ones else "")


def enumeration_findings(text: str) -> list[Finding]:
    """Items numbered out of order (the seed: 一是 … 二是 … 二是 … 三是)."""
    markers = sorted(
        (match.start(1), style, match) for style in STYLES for match in style.pattern.finditer(text)
    )
    stacks: dict[str, list[int]] = {}
    found = []
    for _, style, match in markers:
        value = chinese_number(match[1]) if style.chinese else int(match[1])
        if value is None:
            continue
        _reset_below(stacks, style)
        expected = _advance(
            stacks.setdefault(style.name, []), value, nested=style.level is not None
        )
        if expected is not None:
            found.append(_enumeration_finding(match, style, value, expected))
    return found


def _reset_below(stacks: dict[str, list[int]], style: Style) -> None:
    if style.level is None:
        return
    for other in STYLES:
        lower = other.level is None or other.level >= style.level
        if lower and other.name != style.name:
            stacks.pop(other.name, None)


def _advance(stack: list[int], value: int, *, nested: bool) -> int | None:
    """Count ``value`` into ``stack``; return the expected number when it is out of order."""
    if not stack or value == stack[-1] + 1:
        stack[-1:] = [value]
        return None
    if value == 1:
        if nested:
            stack.append(1)  # a list inside an item of the same style
        else:
            stack[:] = [1]
        return None
    for depth in range(len(stack) - 2, -1, -1):
        if stack[depth] + 1 == value:  # the outer list goes on
            stack[depth:] = [value]
            return None
    expected = stack[-1] + 1
    stack[-1] = value
    return expected


def _enumeration_finding(match: re.Match[str], style: Style, value: int, expected: int) -> Finding:
    start, end = match.span()
    while match.string[start] in " \t\u3000":
        start += 1
    written = match.string[start:end]
    number = chinese_numeral(expected) if style.chinese else str(expected)
    a, b = match.start(1) - start, match.end(1) - start
    right = written[:a] + number + written[b:]
    message = Text(
        f"编号顺序有误：此处为“{written}”，按顺序应为“{right}”",
        f"enumeration out of sequence: {written} where {right} was expected",
    )
    return Finding(Code.ENUMERATION, start, end, written, message, right)


# Punctuation ---------------------------------------------------------------------

FULL_WIDTH = {
    ",": "，",
    ";": "；",
    ":": "：",
    "?": "？",
    "!": "！",
    "(": "（",
    ")": "）",
    ".": "。",
}
HALF_WIDTH_MARKS = re.compile(r"[,;:?!().\"]")


def is_chinese(char: str) -> bool:
    """A Han character or a CJK punctuation mark (。，《》“”…)."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x3000 <= code <= 0x303F
        or 0xFF01 <= code <= 0xFF0F
        or 0xFF1A <= code <= 0xFF20
        or code in (0x201C, 0x201D, 0x2018, 0x2019, 0x2026, 0x2014)
    )


def half_width_findings(text: str) -> list[Finding]:
    """Half-width marks beside Chinese text, where GB/T 15834 wants the full-width ones."""
    found = []
    for match in HALF_WIDTH_MARKS.finditer(text):
        at = match.start()
        before = text[at - 1] if at else ""
        after = text[at + 1] if at + 1 < len(text) else ""
        if _in_chinese(match[0], before, after):
            right = _full_width(text, at)
            message = Text(
                f"中文语境中使用了半角标点“{match[0]}”，应为全角“{right}”",
                f"half-width '{match[0]}' in Chinese text; use '{right}'",
            )
            found.append(Finding(Code.HALF_WIDTH, at, at + 1, match[0], message, right))
    return found


def _in_chinese(mark: str, before: str, after: str) -> bool:
    chinese_before = bool(before) and is_chinese(before)
    chinese_after = bool(after) and is_chinese(after)
    if mark == ".":  # 3.04 and a.gov.cn stay; 如下. does not
        return chinese_before and (not after or after.isspace() or chinese_after)
    return chinese_before or chinese_after


def _full_width(text: str, at: int) -> str:
    mark = text[at]
    if mark != '"':
        return FULL_WIDTH[mark]
    return "“" if text.count('"', text.rfind("\n", 0, at) + 1, at) % 2 == 0 else "”"


# Brackets and quotation marks ----------------------------------------------------

OPENERS = {"（": "（", "(": "（", "【": "【", "“": "“", "‘": "‘", "《": "《", "〈": "〈"}
OPENERS |= {"〔": "〔", "［": "［", "[": "［", "「": "「", "『": "『"}
CLOSERS = {"）": "（", ")": "（", "】": "【", "”": "“", "’": "‘", "》": "《", "〉": "〈"}
CLOSERS |= {"〕": "〔", "］": "［", "]": "［", "」": "「", "』": "『"}
MARKS = re.compile("[\n" + re.escape("".join(OPENERS) + "".join(CLOSERS)) + "]")
ITEM_MARK = re.compile(r"[ \t\u3000]*[0-9A-Za-z一二三四五六七八九十]{1,3}\Z")
SPAN_LINES = 2  # a pair may close up to two lines below: PDF text wraps inside titles


@dataclass
class _Open:
    family: str
    at: int
    line: int


def bracket_findings(text: str) -> list[Finding]:
    """Brackets and quotation marks never closed, or closed without being opened.

    A pair must close on its own line or within ``SPAN_LINES`` below it (text taken
    from a PDF wraps inside titles and quotations); anything longer is reported.
    """
    stack: list[_Open] = []
    found: list[Finding] = []
    line, line_start = 0, 0
    for match in MARKS.finditer(text):
        at, char = match.start(), match[0]
        if char == "\n":
            line, line_start = line + 1, at + 1
            found += [
                _bracket(Code.UNCLOSED, text, o.at) for o in stack if o.line < line - SPAN_LINES
            ]
            stack = [o for o in stack if o.line >= line - SPAN_LINES]
        elif _apostrophe(text, at):
            continue
        elif char in OPENERS:
            stack.append(_Open(OPENERS[char], at, line))
        else:
            found += _close(text, stack, at, text[line_start:at])
    found += [_bracket(Code.UNCLOSED, text, o.at) for o in stack]
    return sorted(found, key=lambda f: f.start)


def _close(text: str, stack: list[_Open], at: int, line_before: str) -> list[Finding]:
    """Close the innermost open mark of the same family; report what that leaves open."""
    family = CLOSERS[text[at]]
    depth = next((i for i in range(len(stack) - 1, -1, -1) if stack[i].family == family), None)
    if depth is None:
        if ITEM_MARK.match(line_before):  # 1) and 一） number a list item
            return []
        return [_bracket(Code.UNOPENED, text, at)]
    left_open = [_bracket(Code.UNCLOSED, text, o.at) for o in stack[depth + 1 :]]
    del stack[depth:]
    return left_open


def _apostrophe(text: str, at: int) -> bool:
    """’ between two Latin letters is an apostrophe (don’t), not a quotation mark."""
    if text[at] not in "‘’":
        return False
    return 0 < at < len(text) - 1 and text[at - 1].isascii() and text[at + 1].isascii()


def _bracket(code: Code, text: str, at: int) -> Finding:
    mark = text[at]
    if code == Code.UNCLOSED:
        message = Text(f"“{mark}”没有对应的后半个标号", f"'{mark}' is never closed")
    else:
        message = Text(f"“{mark}”没有对应的前半个标号", f"'{mark}' closes nothing")
    return Finding(code, at, at + 1, mark, message)


# 文号 (GB/T 9704-2012 §7.2.3) ----------------------------------------------------

DOC_NUMBER = re.compile(
    r"(?<=[\u4e00-\u9fff])([\[［【(（〔﹝])([0-9]{2}|[0-9]{4})([\]］】)）〕﹞])(第?)([0-9]{1,5})号"
)


def doc_number_findings(text: str) -> list[Finding]:
    """文号 with the wrong brackets, a short year, 第 or a leading zero: 辽公管办[2019]6号.

    A finding covers the part from the bracket to 号 ([2019]6号): where the 机关代字
    begins cannot be told in running text (转发鞍政发…).
    """
    found = []
    for match in DOC_NUMBER.finditer(text):
        opening, year, closing, di, serial = match.groups()
        right = f"〔{_full_year(year)}〕{int(serial)}号"
        problems = [
            (opening + closing != "〔〕", Code.DOC_NUMBER_BRACKETS, DOC_BRACKETS),
            (len(year) == 2, Code.DOC_NUMBER_YEAR, DOC_YEAR),
            (bool(di) or serial.startswith("0"), Code.DOC_NUMBER_SERIAL, DOC_SERIAL),
        ]
        for wrong, code, message in problems:
            if wrong:
                message = message.format(right=right)
                found.append(Finding(code, *match.span(), match[0], message, right))
    return found


def _full_year(year: str) -> str:
    # A two-digit year in a 文号 is taken as 20xx: agencies' own 文号 start after 2000.
    return year if len(year) == 4 else "20" + year


DOC_BRACKETS = Text(
    "文号的年份应当用六角括号〔〕括入（GB/T 9704-2012 第7.2.3条），应为“{right}”",
    "the year of a 文号 goes in 〔〕 (GB/T 9704-2012 §7.2.3): {right}",
)
DOC_YEAR = Text(
    "文号的年份应标全称（GB/T 9704-2012 第7.2.3条），应为“{right}”",
    "the year of a 文号 is written in full (GB/T 9704-2012 §7.2.3): {right}",
)
DOC_SERIAL = Text(
    "文号的发文顺序号不加“第”字、不编虚位（GB/T 9704-2012 第7.2.3条），应为“{right}”",
    "a 文号's serial takes no 第 and no leading zero (GB/T 9704-2012 §7.2.3): {right}",
)


# Dates ---------------------------------------------------------------------------

_SEP_DATE = re.compile(
    r"(?<![0-9.])((?:19|20)[0-9]{2})([-/.])([0-9]{1,2})\2([0-9]{1,2})(?![0-9]|\.[0-9])"
)
_CN_DATE = re.compile(r"(?<![0-9])([0-9]{4})年([0-9]{1,2})月(?:([0-9]{1,2})日)?")
_MONTH_DAY = re.compile(r"(?<![0-9年])([0-9]{1,2})月([0-9]{1,2})日")
_CN_NUMERAL_DATE = re.compile(
    r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日"
)
YEAR_DIGITS = {"〇": "0", "○": "0", "零": "0"} | {ch: str(i + 1) for i, ch in enumerate(CN_DIGITS)}


def date_findings(text: str) -> list[Finding]:
    """Dates that do not exist: 2019年2月30日, 2019-13-01, 4月31日, 二〇一九年二月三十日."""
    found = []
    for match in _SEP_DATE.finditer(text):
        found += _date_finding(match, int(match[1]), int(match[3]), int(match[4]))
    for match in _CN_DATE.finditer(text):
        day = int(match[3]) if match[3] else None
        found += _date_finding(match, int(match[1]), int(match[2]), day)
    for match in _MONTH_DAY.finditer(text):
        found += _date_finding(match, None, int(match[1]), int(match[2]))
    for match in _CN_NUMERAL_DATE.finditer(text):
        year = int("".join(YEAR_DIGITS[ch] for ch in match[1]))
        month, day = chinese_number(match[2]), chinese_number(match[3])
        if month is not None and day is not None:
            found += _date_finding(match, year, month, day)
    return found


def _date_finding(
    match: re.Match[str], year: int | None, month: int, day: int | None
) -> list[Finding]:
    reason = _date_problem(year, month, day)
    if reason is None:
        return []
    message = Text(
        f"日期“{match[0]}”不存在：{reason.zh}", f"'{match[0]}' is not a real date: {reason.en}"
    )
    return [Finding(Code.IMPOSSIBLE_DATE, *match.span(), match[0], message)]


def _date_problem(year: int | None, month: int, day: int | None) -> Text | None:
    if not 1 <= month <= 12:
        return Text("月份应为1至12", "the month must be 1 to 12")
    if day is None:
        return None
    # Without a year, 2月29日 may exist; 2月30日 never does.
    last = calendar.monthrange(year if year is not None else 2000, month)[1]
    if 1 <= day <= last:
        return None
    where = f"{year}年{month}月" if year is not None else f"{month}月"
    where_en = f"{year}-{month:02d}" if year is not None else f"month {month}"
    return Text(f"{where}只有{last}天", f"{where_en} has {last} days")


# 严重错误 words ------------------------------------------------------------------


def severe_word_findings(
    text: str, words: Iterable[SevereWord | tuple[str, str] | str]
) -> list[Finding]:
    """Each occurrence of a listed wrong form, unless it is part of the right form."""
    entries = [_severe_word(word) for word in words]
    rights: dict[str, list[str]] = {}
    for entry in entries:
        if entry.wrong:
            rights.setdefault(entry.wrong, []).append(entry.right or "")
    if not rights:
        return []
    pattern = re.compile("|".join(map(re.escape, sorted(rights, key=len, reverse=True))))
    found = []
    for match in pattern.finditer(text):
        right = next((r for r in rights[match[0]] if r), None)
        if not any(_inside(text, match, r) for r in rights[match[0]] if r):
            found.append(_severe_finding(match, right))
    return found


def _severe_word(word: SevereWord | tuple[str, str] | str) -> SevereWord:
    if isinstance(word, SevereWord):
        return word
    if isinstance(word, str):
        return SevereWord(word)
    return SevereWord(*word)


def _inside(text: str, match: re.Match[str], right: str) -> bool:
    """True when this occurrence of the wrong form is part of the right form (李克 in 李克强)."""
    at = right.find(match[0])
    while at != -1:
        start = match.start() - at
        if start >= 0 and text.startswith(right, start):
            return True
        at = right.find(match[0], at + 1)
    return False


def _severe_finding(match: re.Match[str], right: str | None) -> Finding:
    if right:
        message = Text(
            f"严重表述错误：“{match[0]}”应为“{right}”",
            f"serious error: '{match[0]}' should read '{right}'",
        )
    else:
        message = Text(
            f"严重表述错误：“{match[0]}”在严重错误词表中",
            f"serious error: '{match[0]}' is on the list",
        )
    return Finding(Code.SEVERE_WORD, *match.span(), match[0], message, right)
