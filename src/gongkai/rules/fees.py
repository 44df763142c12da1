"""信息处理费: the fee for applications beyond a reasonable volume.

条例 Art. 42: information is provided free of charge, except that an agency
可以收取信息处理费 when 申请公开政府信息的数量、频次明显超过合理范围.
《政府信息公开信息处理费管理办法》(国办函〔2020〕109号, 2020-11-17):

- Art. 3: charge 按件计收 or 按量计收, both 超额累进; one method per application,
  never both.
- Art. 4 (按件): count the same applicant's applications in one 自然月:
  1–10 free; 11–30 at 100 元/件; from the 31st, "以10件为一档，每增加一档，
  收费标准提高100元/件" — read as 31–40 at 200, 41–50 at 300, … (spec §2.10;
  the band arithmetic is the common reading, UNVERIFIED).
- Art. 5 (按量): pages of one application: 1–30 free; 31–100 at 10 元/页;
  101–200 at 20 元/页; from 201 at 40 元/页.

Amounts are whole 元 (int).
"""

from __future__ import annotations

from enum import StrEnum


class FeeMethod(StrEnum):
    PER_ITEM = "per_item"  # 按件计收
    PER_PAGE = "per_page"  # 按量计收


FREE_ITEMS_PER_MONTH = 10  # Art. 4
FIRST_ITEM_BAND_END = 30  # Art. 4: 11–30 at 100 元
ITEM_BAND_WIDTH = 10  # Art. 4: 以10件为一档
ITEM_STEP_YUAN = 100

# Payment period after the 收费通知: 20 working days, after which the application
# is 视为放弃 (spec §2.10: the 办法's later articles, UNVERIFIED; a setting-worthy default).
PAYMENT_WORKDAYS = 20

PAGE_TIERS = ((30, 0), (100, 10), (200, 20), (None, 40))  # Art. 5: (up to page, 元/页)


def item_rate(position_in_month: int) -> int:
    """The 元 charged for the applicant's Nth application in a natural month (Art. 4)."""
    if position_in_month < 1:
        raise ValueError("position_in_month starts at 1")
    if position_in_month <= FREE_ITEMS_PER_MONTH:
        return 0
    if position_in_month <= FIRST_ITEM_BAND_END:
        return ITEM_STEP_YUAN
    band = (position_in_month - FIRST_ITEM_BAND_END - 1) // ITEM_BAND_WIDTH
    return ITEM_STEP_YUAN * (band + 2)


def per_item_fee(earlier_in_month: int, items: int = 1) -> int:
    """Fee for ``items`` applications (件) when ``earlier_in_month`` came before them."""
    if earlier_in_month < 0 or items < 1:
        raise ValueError("counts must be positive")
    return sum(item_rate(earlier_in_month + n) for n in range(1, items + 1))


def per_page_fee(pages: int) -> int:
    """Fee for one application's ``pages`` (Art. 5), marginal tiers."""
    if pages < 0:
        raise ValueError("pages must not be negative")
    fee, floor = 0, 0
    for ceiling, rate in PAGE_TIERS:
        top = pages if ceiling is None else min(pages, ceiling)
        if top > floor:
            fee += (top - floor) * rate
        if ceiling is None or pages <= ceiling:
            break
        floor = ceiling
    return fee
