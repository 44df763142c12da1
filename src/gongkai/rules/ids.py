"""Identity numbers that the 条例 makes agencies record.

Art. 29 ¶2(一) 条例: an application states 申请人的姓名或者名称、身份证明、联系方式.
For a person the usual 身份证明 is the 居民身份证 number (GB 11643-1999, with a
check character computed by ISO 7064 MOD 11-2); for an organisation it is the
统一社会信用代码 (GB 32100-2015: 18 characters whose last is a MOD 31 check,
embedding a 9-character 组织机构代码 with its own GB 11714 check). Agencies
themselves are identified by their 统一社会信用代码, which also heads their
default 索引号 (spec disclosure.md §4.2).
"""

from __future__ import annotations

import datetime as dt

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015 Table 1: no I, O, S, V, Z
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714-1997
RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CHECK = "10X98765432"


def uscc_check_char(first17: str) -> str:
    """The 18th character of a 统一社会信用代码 (GB 32100-2015 §5)."""
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    """The 9th character of a 组织机构代码 (GB 11714-1997)."""
    # GB 11714 values: digits as themselves, letters A–Z as 10–35 (base 36).
    total = sum(int(c, 36) * w for c, w in zip(first8, ORG_CODE_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def is_valid_uscc(code: str) -> bool:
    """True when ``code`` is a well-formed 统一社会信用代码 with both check characters right."""
    code = code.strip().upper()
    if len(code) != 18 or any(c not in USCC_CHARSET for c in code):
        return False
    if not code[2:8].isdigit():  # 登记管理机关行政区划码
        return False
    if uscc_check_char(code[:17]) != code[17]:
        return False
    org_code = code[8:17]
    return org_code[:8].isalnum() and org_code_check_char(org_code[:8]) == org_code[8]


def resident_id_check_char(first17: str) -> str:
    """The 18th character of a 居民身份证号码 (GB 11643-1999, ISO 7064 MOD 11-2)."""
    total = sum(int(c) * w for c, w in zip(first17, RESIDENT_ID_WEIGHTS, strict=True))
    return RESIDENT_ID_CHECK[total % 11]


def is_valid_resident_id(number: str, *, today: dt.date | None = None) -> bool:
    """True for an 18-character 居民身份证号码 with a real birth date and the right check."""
    number = number.strip().upper()
    if len(number) != 18 or not number[:17].isdigit():
        return False
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if born.year < 1900 or (today is not None and born > today):
        return False
    return resident_id_check_char(number[:17]) == number[17]


# 统一交易标识码 -------------------------------------------------------------------
#
# Spec trading.md §2.6: 33 characters — the 统一社会信用代码 of the operator of
# the trading system (18), the date (8, YYYYMMDD), a serial (6) and a check
# character (ISO 7064 MOD 37-2 over 0-9, A-Z and *), as one provincial
# implementation computes it; the national algorithm is UNVERIFIED.

DEAL_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*"


def deal_code_check_char(first32: str) -> str:
    """ISO 7064 MOD 37-2 (pure system, radix 2) check character."""
    total = 0
    for char in first32:
        total = (total + DEAL_ALPHABET.index(char)) * 2 % 37
    return DEAL_ALPHABET[(38 - total) % 37]


def deal_code(uscc: str, day: dt.date, serial: int) -> str:
    if not is_valid_uscc(uscc) or not 0 < serial < 1_000_000:
        raise ValueError((uscc, serial))
    first32 = f"{uscc}{day:%Y%m%d}{serial:06d}"
    return first32 + deal_code_check_char(first32)


def is_valid_deal_code(code: str) -> bool:
    if len(code) != 33 or any(char not in DEAL_ALPHABET for char in code):
        return False
    return is_valid_uscc(code[:18]) and deal_code_check_char(code[:32]) == code[32]
