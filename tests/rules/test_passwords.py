"""Password composition rules (GB/T 22239-2019 8.1.4.1 a; spec security.md SEC-03/04)."""

import datetime as dt

import pytest

from gongkai.rules.passwords import character_classes, contains_account_name, password_expired


@pytest.mark.parametrize(
    ("password", "classes"),
    [
        ("abcdefghijkl", {"lower"}),
        ("ABCdef", {"upper", "lower"}),
        ("abc123", {"lower", "digit"}),
        ("Abc-123", {"upper", "lower", "digit", "symbol"}),
        ("密码Abc1", {"upper", "lower", "digit", "symbol"}),  # CJK counts as a symbol
        ("１２３abc", {"digit", "lower"}),  # full-width digits are digits
    ],
)
def test_character_classes(password, classes):
    assert character_classes(password) == classes


@pytest.mark.parametrize(
    ("password", "names", "found"),
    [
        ("zhangwei-2024!", ["zhangwei"], True),
        ("Xx-iewgnahz-9", ["zhangwei"], True),  # reversed
        ("ZHANGWEI#2024a", ["zhangwei"], True),  # case does not hide it
        ("ｚｈａｎｇｗｅｉ-1A", ["zhangwei"], True),  # nor full width
        ("Correct-horse-9", ["zhangwei"], False),
        ("li-Correct-horse-9", ["li"], False),  # too short to count
        ("Correct-horse-9", ["", None], False),
    ],
)
def test_contains_account_name(password, names, found):
    assert contains_account_name(password, names) is found


NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("changed", "max_age", "expired"),
    [
        (NOW - dt.timedelta(days=89), 90, False),
        (NOW - dt.timedelta(days=90), 90, False),
        (NOW - dt.timedelta(days=91), 90, True),
        (NOW - dt.timedelta(days=400), 0, False),  # 0 switches expiry off
        (None, 90, False),
    ],
)
def test_password_expired(changed, max_age, expired):
    assert password_expired(changed, NOW, max_age) is expired
