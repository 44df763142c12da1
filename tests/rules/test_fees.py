"""信息处理费 tiers (国办函〔2020〕109号 Arts. 4–5), worked by hand."""

import pytest

from gongkai.rules.fees import item_rate, per_item_fee, per_page_fee


@pytest.mark.parametrize(
    ("position", "rate"),
    [
        (1, 0),
        (10, 0),  # Art. 4: 10件以下（含10件）不收费
        (11, 100),  # 11–30件（含30件）: 100元/件
        (30, 100),
        (31, 200),  # 31件以上: 以10件为一档，每增加一档提高100元/件
        (40, 200),
        (41, 300),
        (50, 300),
        (51, 400),
    ],
)
def test_item_rate(position, rate):
    assert item_rate(position) == rate


@pytest.mark.parametrize(
    ("earlier", "items", "fee"),
    [
        (0, 10, 0),
        (0, 11, 100),
        (9, 2, 100),  # the 10th is free, the 11th costs 100
        (0, 35, 3000),  # spec §2.10 worked example: 10×0 + 20×100 + 5×200
        (30, 1, 200),
    ],
)
def test_per_item_fee(earlier, items, fee):
    assert per_item_fee(earlier, items) == fee


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (0, 0),
        (30, 0),  # Art. 5: 30页以下（含30页）不收费
        (31, 10),  # 31–100页: 10元/页
        (100, 700),  # 70 × 10
        (101, 720),  # 700 + 1 × 20
        (200, 2700),  # 700 + 100 × 20
        (201, 2740),  # 2700 + 1 × 40
        (250, 4700),  # 2700 + 50 × 40
    ],
)
def test_per_page_fee(pages, fee):
    assert per_page_fee(pages) == fee


def test_bad_counts_are_refused():
    with pytest.raises(ValueError, match="starts at 1"):
        item_rate(0)
    with pytest.raises(ValueError, match="negative"):
        per_page_fee(-1)
