"""信息报送 rates: how much of what an agency submits upward is adopted, and how far
it meets the monthly tasks (保障任务) its supervisor sets.

No national rule defines these figures; city 政务公开 assessment rules
(考核细则) do, and they differ. The seed report (鞍山市公共资源交易中心 2019)
writes "上传信息994条，采用976条，信息保障率达到100%": the 保障率 is therefore
not adopted ÷ submitted (which would be 98.2%) but the share of the assigned
task met. The reading used here (UNVERIFIED, one common form of such rules):

- 采用率 = adopted ÷ submitted;
- 信息保障率 = Σ over months and task columns of min(adopted that month, task)
  ÷ Σ of the tasks, so surplus in one month does not cover a shortfall in another.

Rates are Decimal percentages rounded half-up to one decimal place; None when
there is nothing to divide by.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

ONE_DECIMAL = Decimal("0.1")


def percentage(part: int, whole: int) -> Decimal | None:
    if whole <= 0:
        return None
    if part < 0 or part > whole:
        raise ValueError(f"{part} of {whole}")
    return (Decimal(100) * part / whole).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def adoption_rate(submitted: int, adopted: int) -> Decimal | None:
    """采用率 in percent."""
    return percentage(adopted, submitted)


def assurance_rate(months: Iterable[tuple[int, int]]) -> Decimal | None:
    """信息保障率 in percent from (adopted, task) per month and column."""
    met = total = 0
    for adopted, task in months:
        if adopted < 0 or task < 0:
            raise ValueError((adopted, task))
        met += min(adopted, task)
        total += task
    return percentage(met, total)
