"""Personal data in a document about to be published (发布前的个人信息扫描).

个人信息保护法 Art. 25: 「个人信息处理者不得公开其处理的个人信息，取得个人单独同意的除外」.
条例 Art. 15 protects third parties' 个人隐私 and Art. 17 requires a 保密审查 before
publication. Issue 6 item 3: before review, the body and the attachments' text
are scanned; each hit is redacted or justified by the 审核人 before publication.

What is found (``Kind``):

- ``id_card``: 18-character 居民身份证号码 (GB 11643-1999) whose province code,
  birth date and ISO 7064 MOD 11-2 check character are all right, so a random
  18-digit number is caught only about once in a thousand. Written whole or as
  6-8-4 groups. 15-digit first-generation numbers (no check digit, cards void
  since 2013) are found only right after a label such as 身份证号, with LOW
  confidence: unlabelled, one random 15-digit number in three has a real date.
- ``mobile``: mainland 手机号码 1[3-9]X-XXXX-XXXX with optional +86/0086/86,
  whole or in 3-4-4 groups (spaces or hyphens, the same both times).
- ``bank_card``: 16 to 19 digits (whole or in groups of four) that pass the Luhn
  check and start like a card (62 银联, 4 Visa, 51-55/2221-2720 Mastercard, 35 JCB,
  60/65, 95 old domestic debit cards).
- ``email``: an ordinary ASCII address; ``icon@2x.png`` is not one.
- ``name``: a person's name next to one of the above, after a label
  (联系人：李四) or right before it (张三，身份证号…), with LOW confidence.

What is deliberately not found: 统一社会信用代码 and 统一交易标识码 (letters or
longer runs around the digits), digits joined to other characters by ``-`` or
``_`` (project and certificate numbers such as ``ASGC-2019-13912345678``),
landlines (0412-5551234: no mainland mobile starts with 0), 18-digit strings
whose check character fails, and numbers right after a label of a
non-personal identifier (项目编号, 证书编号, 信用代码…).

Full-width digits and letters (１３９…) are read as their ASCII twins; offsets
always refer to the text as given.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from gongkai.rules.ids import is_valid_resident_id
from gongkai.rules.masking import mask_email, mask_name


class Kind(StrEnum):
    ID_CARD = "id_card"  # 居民身份证号码
    MOBILE = "mobile"  # 手机号码
    BANK_CARD = "bank_card"  # 银行卡号
    EMAIL = "email"  # 电子邮箱
    NAME = "name"  # 姓名, found only next to one of the others


class Confidence(StrEnum):
    HIGH = "high"
    LOW = "low"


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of personal data: ``text == source[start:end]``; ``line`` counts from 1."""

    kind: Kind
    text: str
    start: int
    end: int
    line: int
    confidence: Confidence = Confidence.HIGH

    @property
    def masked(self) -> str:
        return mask(self.kind, self.text)


# Full-width digits, letters and ＋－．＠ (U+FF01-FF5E less 0xFEE0 gives ASCII), and the
# ideographic space: one character for one, so offsets hold.
_WIDE = re.compile("[０-９Ａ-Ｚａ-ｚ＋－．＠\u3000]")


def _half_width(text: str) -> str:
    return _WIDE.sub(lambda m: " " if m[0] == "\u3000" else chr(ord(m[0]) - 0xFEE0), text)


_SEPARATORS = str.maketrans("", "", " -+")


def _words(text: str) -> tuple[str, ...]:
    """A word list written as one string, which reads better for Chinese terms."""
    return tuple(text.split())


# GB/T 2260 province-level codes: the first two digits of every 身份证号码
# (71 台湾, 81 香港, 82 澳门, 83 港澳台居民居住证).
PROVINCES = frozenset(
    _words(
        "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
        "50 51 52 53 54 61 62 63 64 65 71 81 82 83"
    )
)
# Issuer identification numbers a payment card starts with.
CARD_PREFIXES = ("62", "4", "51", "52", "53", "54", "55", "35", "60", "65", "95")
MASTERCARD_2_SERIES = range(2221, 2721)

_EDGE_L = r"(?<![0-9A-Za-z])"
_EDGE_R = r"(?![0-9A-Za-z])"
ID18 = re.compile(_EDGE_L + r"([0-9]{6})( ?)([0-9]{8})\2([0-9]{3}[0-9Xx])" + _EDGE_R)
ID15 = re.compile(_EDGE_L + r"[0-9]{15}" + _EDGE_R)
MOBILE = re.compile(
    r"(?<![0-9A-Za-z+])(?:(?:\+|00)?86[ -]?)?1[3-9][0-9]([ -]?)[0-9]{4}\1[0-9]{4}" + _EDGE_R
)
CARD = re.compile(
    _EDGE_L
    + r"(?:[0-9]{16,19}|[0-9]{4}([ -])[0-9]{4}\1[0-9]{4}\1[0-9]{4}(?:\1[0-9]{1,3})?)"
    + _EDGE_R
)
EMAIL_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
EMAIL_DOMAIN = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+([A-Za-z]{2,24})")
NOT_TLDS = frozenset({"png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "tif", "tiff"})

# Labels seen just before a number. The last one before the number decides:
# a personal label keeps it, a non-personal identifier's label drops it.
PERSONAL_LABELS = _words(
    "身份证编号 身份证号码 身份证号 身份证 公民身份号码 证件号码 证件号 手机号码 手机号 手机 "
    "联系电话 移动电话 电话 银行卡号 银行账号 卡号 账号 账户 邮箱"
)
OTHER_LABELS = _words(
    "统一社会信用代码 信用代码 组织机构代码 统一交易标识码 标识码 交易编码 项目编号 项目代码 "
    "招标编号 标段编号 采购编号 合同编号 证书编号 许可证号 注册号 备案号 批准文号 登记号 "
    "纳税人识别号 税号 订单号 流水号 公告编号 档案号 编号 编码 代码"
)
_LABELS = re.compile(
    "|".join(sorted(map(re.escape, PERSONAL_LABELS + OTHER_LABELS), key=len, reverse=True))
)
ID_LABEL = re.compile(r"(?:身份证|公民身份|证件)[号码编]*[：:\s]*\Z")
LABEL_WINDOW = 20  # characters looked at before a number for its label


def scan(
    text: str,
    *,
    today: dt.date | None = None,
    names: bool = True,
    allow: Collection[str] = (),
) -> list[Finding]:
    """All personal data in ``text``, in order of position.

    ``today`` rejects 身份证号码 born in the future; ``names`` adds the names next
    to the hits; ``allow`` lists values that are published on purpose (the
    agency's own 联系电话 or e-mail), compared without spaces, hyphens or case.
    """
    plain = _half_width(text)
    spans = _resolve(_candidates(plain, today))
    if allow:
        allowed = {_compact(value) for value in allow}
        spans = [span for span in spans if _compact(plain[span[0] : span[1]]) not in allowed]
    lines = _Lines(text)
    found = [
        Finding(kind, text[start:end], start, end, lines.number(start), confidence)
        for start, end, kind, confidence in spans
    ]
    if names:
        found = sorted(found + list(_names(plain, text, found, lines)), key=lambda f: f.start)
    return found


def redact(text: str, findings: Iterable[Finding]) -> str:
    """``text`` with every finding replaced by its masked form (110105********002X)."""
    parts: list[str] = []
    position = 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < position:
            continue  # overlaps one already masked
        parts += [text[position : finding.start], finding.masked]
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)


def mask(kind: Kind | str, value: str) -> str:
    """The masked form of one value; spaces and hyphens inside numbers stay in place."""
    if kind == Kind.EMAIL:
        return mask_email(value)
    if kind == Kind.NAME:
        return mask_name(value)
    count = sum(ch.isalnum() for ch in value)
    keep = {Kind.ID_CARD: (6, 4), Kind.BANK_CARD: (4, 4)}.get(Kind(kind))
    if keep is None:  # mobile: the first 3 and last 4 of the 11 national digits
        keep = (count - 8, 4)
    return _mask_alnum(value, *keep)


def luhn_ok(digits: str) -> bool:
    """The Luhn (ISO/IEC 7812-1 Annex B) check over a string of digits."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def card_prefix_ok(digits: str) -> bool:
    """True when ``digits`` start like a payment card (see ``CARD_PREFIXES``)."""
    return digits.startswith(CARD_PREFIXES) or int(digits[:4]) in MASTERCARD_2_SERIES


def _mask_alnum(value: str, keep_start: int, keep_end: int) -> str:
    count = sum(ch.isalnum() for ch in value)
    out, seen = [], 0
    for ch in value:
        if ch.isalnum():
            seen += 1
            hidden = keep_start < seen <= count - keep_end
            out.append("*" if hidden else ch)
        else:
            out.append(ch)
    return "".join(out)


def _compact(value: str) -> str:
    return "".join(ch for ch in _half_width(value).lower() if ch.isalnum() or ch in "@.")


Span = tuple[int, int, Kind, Confidence]


def _candidates(plain: str, today: dt.date | None) -> Iterator[Span]:
    """Every detector's hits, in order of precedence when two overlap."""
    yield from _emails(plain)
    yield from _id_cards(plain, today)
    for start, end in _numbers(plain, CARD, _is_card):
        yield start, end, Kind.BANK_CARD, Confidence.HIGH
    for start, end in _numbers(plain, MOBILE, lambda _: True):
        yield start, end, Kind.MOBILE, Confidence.HIGH


def _resolve(candidates: Iterable[Span]) -> list[Span]:
    """Keep each candidate unless it overlaps one kept before it."""
    starts: list[int] = []
    kept: list[Span] = []
    for span in candidates:
        at = bisect.bisect_left(starts, span[0])
        before_ok = at == 0 or kept[at - 1][1] <= span[0]
        after_ok = at == len(kept) or kept[at][0] >= span[1]
        if before_ok and after_ok:
            starts.insert(at, span[0])
            kept.insert(at, span)
    return kept


def _id_cards(plain: str, today: dt.date | None) -> Iterator[Span]:
    for match in ID18.finditer(plain):
        number = (match[1] + match[3] + match[4]).upper()
        valid = number[:2] in PROVINCES and is_valid_resident_id(number, today=today)
        if valid and not _other_identifier(plain, match.start()):
            yield match.start(), match.end(), Kind.ID_CARD, Confidence.HIGH
    for match in ID15.finditer(plain):
        labelled = ID_LABEL.search(_before(plain, match.start()))
        if labelled and _is_old_id(match[0]):
            yield match.start(), match.end(), Kind.ID_CARD, Confidence.LOW


def _is_old_id(number: str) -> bool:
    """15-digit numbers (GB 11643-1989): region, YYMMDD born in the 1900s, sequence."""
    try:
        dt.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    except ValueError:
        return False
    return number[:2] in PROVINCES


def _is_card(digits: str) -> bool:
    if len(digits) == 18 and _id_shaped(digits):
        return False  # shaped like a 身份证号码 whose check failed: neither
    return card_prefix_ok(digits) and luhn_ok(digits)


def _id_shaped(digits: str) -> bool:
    try:
        dt.date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
    except ValueError:
        return False
    return digits[:2] in PROVINCES and int(digits[6:10]) >= 1900


def _numbers(plain: str, pattern: re.Pattern[str], accept) -> Iterator[tuple[int, int]]:
    for match in pattern.finditer(plain):
        start, end = match.span()
        digits = match[0].translate(_SEPARATORS)
        if _joined(plain, start, end) or not accept(digits):
            continue
        if not _other_identifier(plain, start):
            yield start, end


def _joined(plain: str, start: int, end: int) -> bool:
    """True when ``-`` or ``_`` ties the number to more letters or digits (ABC-139…-01)."""

    def tied(joint: str, neighbour: str) -> bool:
        return joint in "-_" and neighbour.isascii() and neighbour.isalnum()

    left = start >= 2 and tied(plain[start - 1], plain[start - 2])
    right = end + 1 < len(plain) and tied(plain[end], plain[end + 1])
    return left or right


def _before(plain: str, start: int, width: int = LABEL_WINDOW) -> str:
    """Up to ``width`` characters before ``start`` on the same line."""
    window_start = max(0, start - width)
    return plain[plain.rfind("\n", window_start, start) + 1 or window_start : start]


def _other_identifier(plain: str, start: int) -> bool:
    """True when the last label before ``start`` names a non-personal identifier."""
    labels = _LABELS.findall(_before(plain, start))
    return bool(labels) and labels[-1] in OTHER_LABELS


def _emails(plain: str) -> Iterator[Span]:
    at = plain.find("@")
    while at != -1:
        start = _local_part_start(plain, at)
        domain = EMAIL_DOMAIN.match(plain, at + 1)
        if start is not None and domain and domain[1].lower() not in NOT_TLDS:
            yield start, domain.end(), Kind.EMAIL, Confidence.HIGH
        at = plain.find("@", at + 1)


def _local_part_start(plain: str, at: int) -> int | None:
    """Where the address before ``@`` starts: at most 64 characters, from a letter or digit."""
    start = at
    while start > 0 and at - start < 64 and plain[start - 1] in EMAIL_LOCAL_CHARS:
        start -= 1
    while start < at and plain[start] in "._%+-":
        start += 1
    if start == at or (start > 0 and plain[start - 1] in EMAIL_LOCAL_CHARS):
        return None  # empty, or longer than 64 characters
    return start


class _Lines:
    """Line numbers (from 1) of offsets, by bisection over the newlines."""

    def __init__(self, text: str) -> None:
        self._breaks = [match.start() for match in re.finditer("\n", text)]

    def number(self, offset: int) -> int:
        return bisect.bisect_left(self._breaks, offset) + 1


# Names ------------------------------------------------------------------------------

SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严覃武戴莫孔汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关"
    "兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华"
    "喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗"
    "瞿桂佟臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝于"
)
COMPOUND_SURNAMES = frozenset(
    _words("欧阳 司马 诸葛 上官 东方 慕容 夏侯 皇甫 尉迟 公孙 令狐 长孙 宇文 司徒 轩辕 端木 西门")
)
# Characters that begin a three-character run far more often as a word than as a surname.
NOT_NAME_START = frozenset("于和向与及由为以经是的给将对把被从在等人者")
TITLES = frozenset(_words("主任 老师 教师 律师 医师 技师 讲师"))
NAME_LABEL = re.compile(
    r"(?:姓名|联系人|申请人|委托人|代理人|法定代表人|负责人|经办人|收件人|收货人|开户名|户名|"
    r"持卡人|当事人|举报人|投诉人)\s*[：:]?\s*([\u4e00-\u9fff]{2,4})"
)
NAME_STOP = re.compile(r"身份|证件|手机|电话|联系|邮箱|先生|女士|同志|号码|卡号|账号|住址|地址")
TRAILING_LABELS = re.compile(
    r"(?:[\s：:，,、（(]|身份证[号码编]*|公民身份号码|证件号码|证件号|手机号码|手机号|手机|"
    r"联系电话|移动电话|电话|电子邮箱|邮箱|银行卡号|卡号|账号|[Ee]-?mail)+\Z"
)
# Runs ending like an organisation (交易中心, 办公室, 财政局) are no names.
ORGANISATION_END = re.compile(
    r"(?:中心|公司|政府|部门|单位|机关|[局委院所处科室站部厅馆校组会社行队])\Z"
)
HAN_RUN_END = re.compile(r"[\u4e00-\u9fff]{2,}\Z")
NAME_WINDOW = 24


def _names(plain: str, text: str, found: list[Finding], lines: _Lines) -> Iterator[Finding]:
    starts = [f.start for f in found]
    kept: set[int] = set()
    for finding in found:
        for start, end in _name_spans(plain, finding):
            at = bisect.bisect_left(starts, end)  # hits starting before the name ends
            overlaps = at > 0 and found[at - 1].end > start
            if start in kept or overlaps:
                continue
            kept.add(start)
            yield Finding(
                Kind.NAME, text[start:end], start, end, lines.number(start), Confidence.LOW
            )


def _name_spans(plain: str, hit: Finding) -> Iterator[tuple[int, int]]:
    window_start = hit.start - len(_before(plain, hit.start, NAME_WINDOW))
    labelled = list(NAME_LABEL.finditer(plain, window_start, hit.start))
    if labelled:
        yield from _labelled_name(labelled[-1])
    else:
        yield from _adjacent_name(plain, window_start, hit.start)
    window_end = min(len(plain), hit.end + NAME_WINDOW)
    line_end = plain.find("\n", hit.end, window_end)
    after = NAME_LABEL.search(plain, hit.end, window_end if line_end == -1 else line_end)
    if after:
        yield from _labelled_name(after)


def _labelled_name(match: re.Match[str]) -> Iterator[tuple[int, int]]:
    run = match[1]
    stop = NAME_STOP.search(run)
    run = run[: stop.start()] if stop else run
    length = 4 if run[:2] in COMPOUND_SURNAMES else 3
    run = run[:length]
    if len(run) >= 2 and (run[0] in SURNAMES or run[:2] in COMPOUND_SURNAMES):
        yield match.start(1), match.start(1) + len(run)


def _adjacent_name(plain: str, window_start: int, end: int) -> Iterator[tuple[int, int]]:
    """A name written right before the hit or its label: 张三，身份证号：…"""
    window = plain[window_start:end]
    labels = TRAILING_LABELS.search(window)
    window = window[: labels.start()] if labels else window
    run_match = HAN_RUN_END.search(window)
    if not run_match:
        return
    run = run_match[0]
    if ORGANISATION_END.search(run):
        return
    name = _name_at_end(run)
    if name:
        stop = window_start + len(window)
        yield stop - len(name), stop


def _name_at_end(run: str) -> str | None:
    for length in (4, 3):
        head = run[-length:]
        if len(head) == length and head[:2] in COMPOUND_SURNAMES:
            return head
    if run[-4:-2] in TITLES:
        return run[-2:]  # 主任刘洋: 刘洋, not 任刘洋
    three = run[-3:]
    if len(three) == 3 and three[0] in SURNAMES and three[0] not in NOT_NAME_START:
        return three
    return run[-2:] if run[-2] in SURNAMES else None
