from decimal import Decimal

import pytest

from gongkai.rules.submissions import adoption_rate, assurance_rate, percentage


@pytest.mark.parametrize(
    ("submitted", "adopted", "expected"),
    [
        (994, 976, Decimal("98.2")),  # the seed's 2019 figures
        (3, 2, Decimal("66.7")),  # half-up
        (8, 1, Decimal("12.5")),
        (1, 1, Decimal("100.0")),
        (5, 0, Decimal("0.0")),
        (0, 0, None),  # nothing submitted: no rate, not 0% or 100%
    ],
)
def test_adoption_rate(submitted, adopted, expected):
    assert adoption_rate(submitted, adopted) == expected


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        ([(81, 60)] * 12, Decimal("100.0")),  # every month above its task
        ([(60, 60), (59, 60)], Decimal("99.2")),
        ([(120, 60), (0, 60)], Decimal("50.0")),  # a surplus does not cover a gap
        ([(5, 10), (10, 10), (3, 0)], Decimal("75.0")),  # untasked adoptions count nothing
        ([(4, 0)], None),
        ([], None),
    ],
)
def test_assurance_rate(months, expected):
    assert assurance_rate(months) == expected


@pytest.mark.parametrize(("part", "whole"), [(-1, 5), (6, 5)])
def test_impossible_shares_are_refused(part, whole):
    with pytest.raises(ValueError, match=f"{part} of {whole}"):
        percentage(part, whole)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError, match="-1"):
        assurance_rate([(1, -1)])
